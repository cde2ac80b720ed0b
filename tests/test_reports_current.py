"""The committed example reports in reports/ are what the current code makes from samples/.

Regenerate them (from the repository root) with:

    SOURCE_DATE_EPOCH=1767225600 reuse check samples/submissions --sources samples/sources \\
        --template samples/template/assignment_prompt.txt \\
        --html reports/samples.html --json reports/samples.json
"""

from __future__ import annotations

import pytest

from reuse.pipeline import check
from reuse.report import generated_at, write_html, write_json

from .conftest import ROOT

EPOCH = "1767225600"
COMMAND = (
    f"SOURCE_DATE_EPOCH={EPOCH} reuse check samples/submissions --sources samples/sources "
    "--template samples/template/assignment_prompt.txt "
    "--html reports/samples.html --json reports/samples.json"
)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)  # document ids are the paths as given on the command line
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = check(
            ["samples/submissions"],
            sources=["samples/sources"],
            templates=["samples/template/assignment_prompt.txt"],
        )
        when = generated_at()
    write_html(result, out / "samples.html", generated_at=when)
    write_json(result, out / "samples.json", when=when)
    return out


@pytest.mark.parametrize("name", ["samples.html", "samples.json"])
def test_committed_sample_report_is_current(regenerated, name):
    committed = ROOT / "reports" / name
    assert committed.exists(), f"reports/{name} is missing; regenerate with:\n  {COMMAND}"
    assert committed.read_bytes() == (regenerated / name).read_bytes(), (
        f"reports/{name} is out of date with the code; regenerate it from the repository root with:\n"
        f"  {COMMAND}"
    )
