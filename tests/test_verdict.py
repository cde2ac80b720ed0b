"""Exit 0 means everything named was checked (issue #14 section 1).

Each reproduction of the issue runs the installed `reuse` command end to end: a source or index
argument that gives nothing to compare with is a configuration error (exit 2), an index build that
adds nothing exits 2 and leaves no file, a file that cannot be checked makes the run exit 2 unless
--allow-unchecked and shows in every output, and a stray NUL byte does not hide an essay.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
from junitparser import Error, JUnitXml

import reuse
from reuse.errors import NoSubmissionError, SourceError, SourceIndexError
from reuse.ingest.extract import extract

from .conftest import FIXTURES
from .formats_helpers import W_NS

REUSE = Path(sys.executable).with_name("reuse")
COPY = FIXTURES / "essay_with_copied_paragraph.txt"
INDEPENDENT = FIXTURES / "essay_independent_same_topic.txt"
WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
RESULT_SCHEMA = Path(reuse.__file__).parent / "schemas" / "result.schema.json"


def reuse_cli(*args: str | Path, cwd: Path,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(REUSE), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "REUSE_CACHE_DIR": "off", **(env or {})}, timeout=120)


@pytest.fixture(autouse=True)
def _no_outer_config(tmp_path: Path) -> None:
    """Configuration discovery stops at a git root: other tests' pyproject.toml above tmp_path stay out."""
    (tmp_path / ".git").mkdir()


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    """A class folder: one essay that copies the web source, one written independently."""
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "copy.txt").write_bytes(COPY.read_bytes())
    (folder / "independent.txt").write_bytes(INDEPENDENT.read_bytes())
    return folder


# --- sources and indexes that give nothing to compare with are configuration errors -------------

def test_a_missing_index_file_is_a_configuration_error(klass, tmp_path):
    done = reuse_cli("check", klass, "--sources", "nosuch.sqlite", cwd=tmp_path)
    assert done.returncode == 2
    assert "nosuch.sqlite: no such index file" in done.stderr
    assert done.stdout == ""


def test_a_misspelt_sources_folder_is_a_configuration_error(klass, tmp_path):
    done = reuse_cli("check", klass, "--sources", "typo/", cwd=tmp_path)
    assert done.returncode == 2
    assert "typo: no such file or folder" in done.stderr


@pytest.mark.parametrize(("content", "what"), [
    (b"", "an empty file (0 bytes)"),
    (bytes(range(256)) * 8, "not a SQLite database"),
    (None, "a zip archive"),
], ids=["empty", "random-bytes", "zip"])
def test_a_file_named_sqlite_that_is_not_an_index_is_a_configuration_error(klass, tmp_path, content, what):
    index = tmp_path / "web.sqlite"
    if content is None:
        with zipfile.ZipFile(index, "w") as archive:
            archive.writestr("web.txt", WEB.read_text(encoding="utf-8"))
    else:
        index.write_bytes(content)
    done = reuse_cli("check", klass, "--sources", index.name, cwd=tmp_path)
    assert done.returncode == 2
    assert f"web.sqlite: not a reuse index: {what}" in done.stderr


def test_a_sources_folder_with_no_readable_file_is_a_configuration_error(klass, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (sources / "empty.md").write_bytes(b"")
    done = reuse_cli("check", klass, "--sources", sources.name, cwd=tmp_path)
    assert done.returncode == 2
    assert "sources: no readable source text (2 files could not be read" in done.stderr
    assert "scan.txt: binary file" in done.stderr


def test_an_empty_sources_folder_is_a_configuration_error(klass, tmp_path):
    (tmp_path / "sources").mkdir()
    done = reuse_cli("check", klass, "--sources", "sources", cwd=tmp_path)
    assert done.returncode == 2
    assert "sources: holds no file of a supported type" in done.stderr


def test_a_missing_template_is_a_configuration_error(klass, tmp_path):
    done = reuse_cli("check", klass, "--sources", WEB, "--template", "prompt.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert "prompt.txt: no such file or folder" in done.stderr


def test_an_unreadable_template_is_a_configuration_error(klass, tmp_path):
    (tmp_path / "prompt.txt").write_bytes(b"")
    done = reuse_cli("check", klass, "--sources", WEB, "--template", "prompt.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert "prompt.txt: no readable template text" in done.stderr


def test_the_library_raises_for_a_source_or_index_that_gives_nothing(tmp_path):
    (tmp_path / "zero.sqlite").write_bytes(b"")
    with pytest.raises(SourceIndexError, match="not a reuse index"):
        reuse.check([COPY], sources=[tmp_path / "zero.sqlite"])
    with pytest.raises(SourceError, match="no such file or folder"):
        reuse.check([COPY], sources=[tmp_path / "typo"])


# --- index build|add that adds nothing ---------------------------------------------------------

def test_index_build_from_a_missing_folder_exits_2_and_creates_no_index(tmp_path):
    done = reuse_cli("index", "build", "e.sqlite", "nosuchdir", cwd=tmp_path)
    assert done.returncode == 2
    assert "nosuchdir: no such file or folder" in done.stderr
    assert not (tmp_path / "e.sqlite").exists()


def test_index_build_from_files_that_all_fail_exits_2_and_creates_no_index(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    done = reuse_cli("index", "build", "e.sqlite", "empty.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert not (tmp_path / "e.sqlite").exists()


def test_index_add_that_adds_nothing_exits_2(tmp_path):
    assert reuse_cli("index", "build", "e.sqlite", WEB, cwd=tmp_path).returncode == 0
    done = reuse_cli("index", "add", "e.sqlite", WEB, cwd=tmp_path)
    assert done.returncode == 2
    assert "already in the index" in done.stderr and "no document was added" in done.stderr



def _sources_with_a_photo(tmp_path: Path) -> Path:
    folder = tmp_path / "web"
    folder.mkdir()
    (folder / "page.txt").write_bytes(WEB.read_bytes())
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    return folder


@pytest.mark.parametrize("command", ["build", "add"])
def test_an_index_build_or_add_that_leaves_a_file_out_exits_2_and_names_it(tmp_path, command):
    folder = _sources_with_a_photo(tmp_path)
    if command == "add":
        assert reuse_cli("index", "build", "e.sqlite", COPY, cwd=tmp_path).returncode == 0
    done = reuse_cli("index", command, "e.sqlite", folder, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "photo.jpg" in done.stderr and "1 file could not be indexed" in done.stderr
    assert "added 1 document" in done.stdout  # the readable page is in the index all the same
    info = json.loads(reuse_cli("index", "info", "e.sqlite", cwd=tmp_path).stdout)
    assert info["documents"] == (1 if command == "build" else 2)


def test_an_index_build_that_leaves_a_file_out_exits_0_with_allow_unchecked(tmp_path):
    done = reuse_cli("index", "build", "e.sqlite", _sources_with_a_photo(tmp_path), "--allow-unchecked",
                     cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "photo.jpg" in done.stderr


# --- unchecked files: exit 2 unless --allow-unchecked, and listed in every output --------------

def _entity_bomb_docx() -> bytes:
    lol = "".join(f'<!ENTITY l{k} "{f"&l{k - 1};" * 10}">' for k in range(1, 10))
    document = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{lol}]>'
                f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body>'
                '</w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("word/document.xml", document)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)), "unsupported file type '.jpg'"),
    ("marks.xlsx", b"PK\x03\x04" + bytes(200), "unsupported file type '.xlsx'"),
    ("bomb.docx", None, "bomb.docx: "),
], ids=["jpg", "xlsx", "entity-bomb-docx"])
def test_a_submission_that_cannot_be_checked_makes_the_run_exit_2(klass, tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(_entity_bomb_docx() if content is None else content)
    done = reuse_cli("check", klass, name, "--sources", WEB, cwd=tmp_path)
    assert done.returncode == 2
    assert reason in done.stderr
    assert "could not be checked" in done.stderr and "--allow-unchecked" in done.stderr
    assert done.stdout.startswith("NOT CHECKED: 1 file could not be checked")


def test_a_photo_in_a_class_folder_is_not_silently_dropped(klass, tmp_path):
    (klass / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    done = reuse_cli("check", klass, "--sources", WEB, cwd=tmp_path)
    assert done.returncode == 2
    assert "photo.jpg" in done.stderr


def test_allow_unchecked_lists_the_file_and_exits_by_findings(klass, tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    done = reuse_cli("check", klass, "photo.jpg", "--sources", WEB, "--allow-unchecked", cwd=tmp_path)
    assert done.returncode == 1, (done.stdout, done.stderr)  # the copy is a finding
    assert done.stdout.startswith("NOT CHECKED: 1 file could not be checked")
    assert "photo.jpg: unsupported file type" in done.stdout
    clean = reuse_cli("check", INDEPENDENT, "photo.jpg", "--sources", WEB, "--allow-unchecked", cwd=tmp_path)
    assert clean.returncode == 0


def test_allow_unchecked_is_a_configuration_key(klass, tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / "reuse.toml").write_text("allow_unchecked = true\n", encoding="utf-8")
    done = reuse_cli("check", INDEPENDENT, "photo.jpg", "--sources", WEB, "--config", "reuse.toml",
                     cwd=tmp_path)
    assert done.returncode == 0


def test_exit_zero_does_not_hide_an_unchecked_file(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    done = reuse_cli("check", COPY, "photo.jpg", "--sources", WEB, "--exit-zero", cwd=tmp_path)
    assert done.returncode == 2


def test_every_output_lists_the_unchecked_file(klass, tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    summary = tmp_path / "step-summary.md"
    outputs = {fmt: tmp_path / f"out.{fmt}" for fmt in ("json", "sarif", "junit", "gitlab", "html")}
    done = reuse_cli("check", klass, "photo.jpg", "--sources", WEB, "--format", "github",
                     *(f"--output={fmt}:{path}" for fmt, path in outputs.items()),
                     cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert done.returncode == 2

    (annotation,) = [line for line in done.stdout.splitlines() if "photo.jpg" in line]
    assert annotation.startswith("::error file=photo.jpg,title=TR900 file-not-checked::Not checked: ")
    assert "### Not checked: 1 file" in summary.read_text(encoding="utf-8")
    assert "photo\\.jpg" in summary.read_text(encoding="utf-8")

    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(RESULT_SCHEMA.read_text(encoding="utf-8")),
                        cls=jsonschema.Draft202012Validator)
    assert data["summary"]["unchecked"] == 1 and data["errors"][0]["path"] == "photo.jpg"

    sarif = json.loads(outputs["sarif"].read_text(encoding="utf-8"))
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")),
                        cls=jsonschema.Draft4Validator)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "TR900"]
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "photo.jpg"

    cases = {case.name: case for suite in JUnitXml.fromfile(str(outputs["junit"])) for case in suite}
    assert isinstance(cases["photo.jpg"].result[0], Error)

    (issue,) = [i for i in json.loads(outputs["gitlab"].read_text(encoding="utf-8"))
                if i["location"]["path"] == "photo.jpg"]
    assert issue["check_name"].startswith("TR900") and issue["severity"] == "critical"

    html = outputs["html"].read_text(encoding="utf-8")
    block = html.index('<div class="unchecked" id="unchecked" role="alert">')
    table = html.index('id="pairs-table"')
    assert block < html.index("photo.jpg", block) < table


def test_unchecked_file_names_are_escaped_in_every_output(tmp_path):
    name = "x\n::error::pwned <b>.jpg"
    (tmp_path / name).write_bytes(b"\xff\xd8")
    summary = tmp_path / "step-summary.md"
    done = reuse_cli("check", COPY, name, "--sources", WEB, "--format", "github", "--html", "r.html",
                     cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert done.returncode == 2
    assert not any(line.startswith("::error::") for line in done.stdout.splitlines())
    assert "::error file=x%0A%3A%3Aerror%3A%3Apwned <b>.jpg,title=TR900" in done.stdout
    assert "<b>" not in (tmp_path / "r.html").read_text(encoding="utf-8")


# --- checked against --------------------------------------------------------------------------

def test_the_summary_says_what_the_class_was_checked_against(klass, tmp_path):
    alone = reuse_cli("check", klass, cwd=tmp_path)
    assert "Checked against: 0 source files and 0 index documents (the submissions were only compared " \
           "with each other)" in alone.stdout
    assert reuse_cli("index", "build", "web.sqlite", WEB, cwd=tmp_path).returncode == 0
    both = reuse_cli("check", klass, "--sources", WEB, "--sources", "web.sqlite", "--json", "r.json",
                     "--html", "r.html", cwd=tmp_path)
    assert "Checked against: 1 source file and 1 index document" in both.stdout
    summary = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]
    assert (summary["source_files"], summary["index_documents"]) == (1, 1)
    assert "Checked against 1 source file and 1 index document." in (tmp_path / "r.html").read_text(
        encoding="utf-8")


def test_a_re_rendered_report_still_says_what_was_checked_against(klass, tmp_path):
    assert reuse_cli("index", "build", "web.sqlite", WEB, cwd=tmp_path).returncode == 0
    reuse_cli("check", klass, "--sources", "web.sqlite", "--json", "r.json", cwd=tmp_path)
    assert reuse_cli("report", "r.json", "--html", "again.html", cwd=tmp_path).returncode == 0
    assert "Checked against 0 source files and 1 index document." in (tmp_path / "again.html").read_text(
        encoding="utf-8")


# --- the library -------------------------------------------------------------------------------

def test_check_with_no_readable_submission_raises(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(NoSubmissionError, match="no submission could be read") as raised:
        reuse.check([tmp_path / "empty.txt"], sources=[WEB])
    assert [e.path for e in raised.value.errors] == [(tmp_path / "empty.txt").as_posix()]


# --- stray control bytes are text --------------------------------------------------------------

def test_a_copied_essay_with_one_nul_byte_is_still_found(tmp_path):
    data = COPY.read_bytes()
    middle = data.index(b"chlorophyll") + 4  # inside a copied word
    (tmp_path / "essay.txt").write_bytes(data[:middle] + b"\x00" + data[middle:])
    done = reuse_cli("check", "essay.txt", "--sources", WEB, "--json", "r.json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    essay = next(d for d in result["documents"] if d["path"] == "essay.txt")
    assert essay["text"][middle] == "\x00"  # kept: offsets are those of the file
    (flag,) = essay["flags"]
    assert (flag["kind"], flag["count"], flag["spans"]) == ("control_characters", 1, [[middle, middle + 1]])
    assert result["pairs"][0]["right_coverage"] > 0.15 or result["pairs"][0]["left_coverage"] > 0.15


def test_a_nul_in_every_word_does_not_split_the_words():
    from reuse.text.normalize import normalize

    text = "Photo\x00synthesis con\x00verts light"
    normalized = normalize(text)
    assert normalized.text == "photosynthesis converts light"
    assert text[normalized.word_span(0, 1).start:normalized.word_span(0, 1).end] == "Photo\x00synthesis"


def test_a_legacy_encoded_essay_with_a_nul_is_still_text(tmp_path):
    text = COPY.read_text(encoding="utf-8").replace("the", "th\u00e9", 5)
    data = text.encode("cp1252")
    (tmp_path / "essay.txt").write_bytes(data[:100] + b"\x00" + data[100:])
    document = extract(tmp_path / "essay.txt", kind="submission")
    assert document.text[100] == "\x00" and "th\u00e9" in document.text
    assert [f.kind for f in document.flags] == ["control_characters"]


def test_really_binary_files_are_still_refused(tmp_path):
    (tmp_path / "tar.txt").write_bytes(b"essay.txt" + bytes(100) + b"0000644" + bytes(400))
    done = reuse_cli("check", "tar.txt", COPY, "--sources", WEB, cwd=tmp_path)
    assert done.returncode == 2
    assert "tar.txt: binary file, not text" in done.stderr


def test_a_github_annotation_never_carries_a_raw_control_character(tmp_path):
    data = COPY.read_bytes()
    middle = data.index(b"chlorophyll") + 4
    (tmp_path / "essay.txt").write_bytes(data[:middle] + b"\x00\x1b" + data[middle:])
    done = reuse_cli("check", "essay.txt", "--sources", WEB, "--format", "github", cwd=tmp_path)
    assert done.returncode == 1
    assert "::error file=essay.txt" in done.stdout
    assert "\x00" not in done.stdout and "\x1b" not in done.stdout


def test_the_html_report_shows_a_nul_as_a_visible_control_picture(tmp_path):
    data = COPY.read_bytes()
    middle = data.index(b"chlorophyll") + 4
    (tmp_path / "essay.txt").write_bytes(data[:middle] + b"\x00" + data[middle:])
    reuse_cli("check", "essay.txt", "--sources", WEB, "--html", "r.html", cwd=tmp_path)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "\x00" not in html
    assert '<span class="flagged body">\u2400</span>' in html or 'flagged" data-n="1">\u2400</mark>' in html
