"""The HTML report: numbered passages, offline and escaped, accessible colours, deterministic, split mode.

What a person sees in a browser (clicks, keys, network, scripts) is in test_browser.py.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest

from reuse.model import (
    CheckResult,
    Document,
    DocumentScore,
    FileError,
    Flag,
    PairResult,
    Passage,
    SourceShare,
    Span,
)
from reuse.pipeline import check
from reuse.report import render_html, result_to_dict, write_html
from reuse.report.gate import Gate, evaluate
from reuse.report.html import write_split
from reuse.report.html.charts import COLOURS, INK, contrast
from reuse.report.html.views import Mark, segments
from reuse.settings import Settings

from ..conftest import FIXTURES
from ..test_cli import run

COPY = FIXTURES / "essay_with_copied_paragraph.txt"
WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"
CSS = Path(__file__).parents[2] / "reuse" / "templates" / "report.css"
PAYLOAD_TEXT = (
    '<script>window.__pwned=5</script> <a href="javascript:window.__pwned=6">click</a> '
    '"><img src=x onerror="window.__pwned=7"> {{ 7*7 }} {% raw %} &amp; '
)


@pytest.fixture
def result():
    return check([COPY], sources=[WEB], templates=[FIXTURES / "assignment_template.txt"])


def hostile_result(root: Path) -> CheckResult:
    """Two submissions with hostile file names and text that copy a source; a hostile flag and error.

    One name puts ``</script>`` into the document id (through a folder named ``a<``), which would
    end the JSON data block early if it were not escaped.
    """
    body = WEB.read_text(encoding="utf-8").replace("Photosynthesis is", PAYLOAD_TEXT + "Photosynthesis is")
    first = root / '"><img src=x onerror="window.__pwned=1">{{7*7}}<script>window.__pwned=2.txt'
    folder = root / "a<"
    folder.mkdir(parents=True, exist_ok=True)
    second = folder / "script><img src=x onerror=window.__pwned=3>.txt"
    for path in (first, second):
        path.write_text(body, encoding="utf-8")
    result = check([first, second], sources=[WEB])
    docs = tuple(
        dataclasses.replace(
            d,
            flags=(
                Flag(
                    "homoglyphs",
                    '<img src=x onerror="window.__pwned=8"> look-alike letters',
                    (Span(0, 5),),
                    2,
                ),
            ),
            author="<b>author</b>",
            team='<img src=x onerror="window.__pwned=10">',
            original="<script>window.__pwned=11</script>.txt",
            late=True,
        )
        if d.kind == "submission"
        else d
        for d in result.documents
    )
    errors = (
        FileError("<script>window.__pwned=9</script>.pdf", "cannot read <b>this</b>", "javascript:alert(1)"),
    )
    return dataclasses.replace(result, documents=docs, errors=errors)


def _doc(doc_id: str, text: str, kind: str = "submission") -> Document:
    return Document(doc_id, doc_id, kind, text, (Span(0, len(text)),), "0" * 64)  # type: ignore[arg-type]


def _pair(left: str, right: str, coverage: float) -> PairResult:
    passage = Passage(Span(0, 10), Span(0, 10), 1.0, "exact", 2, 2)
    return PairResult(left, right, (passage,), coverage, coverage, 2)


def _small_class() -> CheckResult:
    """a-b and b-c at or above the threshold (one cluster of three); d-e below it; a with a source."""
    ids = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    docs = [_doc(i, "word " * 20) for i in ids] + [_doc("web.html", "word " * 20, "source")]
    pairs = [
        _pair("a.txt", "b.txt", 0.6),
        _pair("b.txt", "c.txt", 0.3),
        _pair("a.txt", "web.html", 0.5),
        _pair("d.txt", "e.txt", 0.05),
    ]
    scores = [
        DocumentScore(i, 20, 0.5, (SourceShare("web.html", 0.5), SourceShare("b.txt", 0.3)))
        if i == "a.txt"
        else DocumentScore(i, 20, 0.3, ())
        for i in ids
    ]
    return CheckResult(Settings(fail_above=0.2), tuple(docs), tuple(scores), tuple(pairs), ())


def test_each_passage_has_the_same_number_on_both_sides_and_links_both_ways(result):
    html = render_html(result, generated_at="x")
    assert 'id="pair-1-L1" href="#pair-1-R1"' in html
    assert 'id="pair-1-R1" href="#pair-1-L1"' in html


def test_exact_and_approximate_passages_differ_by_class_not_only_colour(result):
    html = render_html(result, generated_at="x")
    assert re.search(r'<a class="badge c1 (exact|approximate)"', html)
    css = CSS.read_text(encoding="utf-8")
    assert "mark.exact { text-decoration-style: solid; }" in css
    assert "mark.approximate { text-decoration-style: dashed; }" in css
    assert "a.badge.approximate { border-style: dashed;" in css


def test_report_loads_nothing_from_the_network(result):
    html = render_html(result, generated_at="x")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    for directive in (
        "default-src 'none'",
        "connect-src 'none'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ):
        assert directive in csp
    assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


def test_the_only_executable_script_is_allowed_by_its_hash(result):
    html = render_html(result, generated_at="x")
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    executable = [body for attrs, body in scripts if "application/json" not in attrs]
    assert len(executable) == 1
    digest = base64.b64encode(hashlib.sha256(executable[0].encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html
    assert "'unsafe-inline'" not in re.search(r"script-src [^;]+", html).group(0)
    assert not re.search(
        r"\son[a-z]+=", html
    )  # no inline event handlers (the hash would not allow them anyway)


def test_hostile_file_names_and_text_are_escaped(tmp_path):
    html = render_html(hostile_result(tmp_path), generated_at="x")
    assert "<script>window" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "<b>this</b>" not in html
    assert "&lt;script&gt;window.__pwned=2.txt" in html
    assert "&lt;script&gt;window.__pwned=5&lt;/script&gt;" in html
    assert "<b>author</b>" not in html
    shown = ("(&lt;b&gt;author&lt;/b&gt;, team &lt;img src=x onerror=&#34;window.__pwned=10&#34;&gt;, "
             "submitted as &lt;script&gt;window.__pwned=11&lt;/script&gt;.txt)")
    assert shown in html  # the team and the file name the student gave are shown, escaped
    assert "{{ 7*7 }} {% raw %} &amp;amp;" in html  # shown literally, never evaluated


def test_script_data_block_cannot_be_closed_by_a_file_name(tmp_path):
    result = hostile_result(tmp_path)
    html = render_html(result, generated_at="x")
    block = re.search(
        r'<script type="application/json" id="report-data">(.*?)</script>', html, flags=re.S
    ).group(1)
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    ids = {doc for pair in data["pairs"] for doc in pair[:2]}
    assert any("a</script><img src=x onerror=window.__pwned=3>.txt" in doc for doc in ids)


def test_same_inputs_give_a_byte_identical_file(result, tmp_path):
    write_html(result, tmp_path / "one.html", generated_at="2026-01-01T00:00:00Z")
    again = check([COPY], sources=[WEB], templates=[FIXTURES / "assignment_template.txt"])
    write_html(again, tmp_path / "two.html", generated_at="2026-01-01T00:00:00Z")
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()


def test_report_shows_provenance_settings_and_hashes(result):
    html = render_html(result, generated_at="2026-01-01T00:00:00Z")
    assert "2026-01-01T00:00:00Z" in html
    for doc in result.documents:
        assert doc.sha256 in html
    for key in (
        "fingerprint.shingle_words",
        "fingerprint.num_perm",
        "fingerprint.seed",
        "align.min_words",
        "align.min_score",
        "fail_above",
        "strip_chrome",
        "exclude_quotes",
    ):
        assert f">{key}</th>" in html
    assert ">jobs</th>" not in html and ">cluster</th>" not in html  # where it ran never changes a report


def test_highlight_colours_keep_text_readable():
    for solid, highlight, badge in COLOURS:
        assert contrast(INK, highlight) >= 4.5, (solid, highlight)
        assert contrast(badge, solid) >= 4.5, (solid, badge)


def test_report_text_colours_reach_4_5_to_1():
    css = CSS.read_text(encoding="utf-8")
    colour = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))
    pairs = [
        ("ink", "bg"),
        ("ink", "soft"),
        ("ink", "panel"),
        ("ink", "finding-row"),
        ("ink", "warn-row"),
        ("muted", "bg"),
        ("muted", "soft"),
        ("muted", "panel"),
        ("muted", "finding-row"),
        ("link", "bg"),
        ("link", "soft"),
        ("link", "panel"),
        ("link", "finding-row"),
        ("finding-ink", "finding"),
        ("reviewed", "bg"),
        ("ink", "reviewed-row"),
        ("muted", "reviewed-row"),
        ("link", "reviewed-row"),
        ("chrome", "panel"),
        ("template", "panel"),
        ("flag", "bg"),
    ]
    for fg, bg in pairs:
        assert contrast(colour[fg], colour[bg]) >= 4.5, (fg, bg, contrast(colour[fg], colour[bg]))
    for graphic in ("bar", "bar-above"):  # non-text contrast (WCAG 1.4.11)
        assert contrast(colour[graphic], colour["bg"]) >= 3


def test_overlapping_passages_take_the_first_listed_and_template_text_is_marked():
    doc = dataclasses.replace(
        _doc("d", "0123456789abcdefghij"), content=(Span(0, 15),), template=(Span(15, 20),)
    )
    marks = [
        Mark(Span(2, 8), 1, "exact", "x1", "#y1", ""),
        Mark(Span(5, 12), 2, "approximate", "x2", "#y2", ""),
    ]
    segs = segments(doc, marks)
    assert "".join(s.text for s in segs) == doc.text
    assert [(s.text, s.number, s.first) for s in segs if s.number] == [
        ("234", 1, True),
        ("567", 1, False),
        ("89ab", 2, True),
    ]
    assert [s.text for s in segs if s.state == "template"] == ["fghij"]


def test_clusters_are_connected_components_of_submissions_above_the_threshold():
    html = render_html(_small_class(), generated_at="x")
    assert "Cluster 1 (3 submissions, strongest pair 60.0%)" in html
    assert "Cluster 2" not in html  # d-e is below the threshold; the source is left out
    assert '<span class="big">1</span> cluster of submissions' in html


def test_histogram_counts_pairs_per_five_percent():
    html = render_html(_small_class(), generated_at="x")
    desc = re.search(r'<desc id="hist-desc">(.*?)</desc>', html).group(1)
    assert desc == "5 to 10%: 1 pair. 30 to 35%: 1 pair. 50 to 55%: 1 pair. 60 to 65%: 1 pair. "


def test_submission_view_lists_sources_highest_share_first_and_labelled():
    html = render_html(_small_class(), generated_at="x")
    view = html[html.index('<article class="doc is-finding" id="doc-1"') :]
    view = view[: view.index("</ol>")]
    assert re.findall(r'<span class="share">([^<]+)</span> <span class="rel rel-(\w+)">', view) == [
        ("50.0%", "source"),
        ("30.0%", "peer"),
    ]


def test_split_report_writes_an_index_and_one_page_per_pair_and_submission(tmp_path):
    written = write_split(_small_class(), tmp_path / "out", generated_at="x")
    names = sorted(p.name for p in written)
    assert written[0].name == "index.html"
    assert names.count("index.html") == 1
    assert sum(n.startswith("pair-") for n in names) == 4
    assert sum(n.startswith("submission-") for n in names) == 5
    for page in written:
        html = page.read_text(encoding="utf-8")
        assert "default-src 'none'" in html
        for target in re.findall(r'href="([a-z0-9-]+\.html)#', html):
            assert (tmp_path / "out" / target).exists(), (page.name, target)
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="pair-0001.html#pair-1"' in index and '<article class="pair' not in index
    pair = (tmp_path / "out" / "pair-0001.html").read_text(encoding="utf-8")
    assert 'id="pair-1-L1" href="#pair-1-R1"' in pair and 'id="pairs-table"' not in pair


FINDING = '<span class="tag finding">finding</span>'
REVIEWED = '<span class="tag reviewed">reviewed (baseline)</span>'


def _finding_rows(html: str) -> set[int]:
    """Ranks of the pairs-table rows that carry the "finding" mark."""
    table = html[html.index('id="pairs-table"') :]
    table = table[: table.index("</table>")]
    pattern = r'<tr data-coverage="[^"]*"[^>]*>\s*<td class="num" data-v="(\d+)">(.*?)</tr>'
    rows = re.findall(pattern, table, re.S)
    return {int(rank) for rank, row in rows if FINDING in row}


def _finding_views(html: str) -> set[int]:
    """Ranks of the side-by-side pair views marked as findings."""
    return {int(rank) for rank in re.findall(r'<article class="pair is-finding[^"]*" id="pair-(\d+)"', html)}


def _json_findings(result: CheckResult) -> set[int]:
    return {k for k, pair in enumerate(result_to_dict(result, when="x")["pairs"], start=1) if pair["finding"]}


def _by_index(result: CheckResult, fail_above: float) -> CheckResult:
    settings = dataclasses.replace(result.settings, fail_on="index", fail_above=fail_above,
                                   fail_passage_words=0)
    return dataclasses.replace(result, settings=settings)


def _essay_and_web_page() -> CheckResult:
    return check([COPY], sources=[WEB], templates=[FIXTURES / "assignment_template.txt"])


@pytest.mark.parametrize(
    ("made", "findings"),
    [
        # The essay's similarity index (25%) is under 30%; the web page's side of the pair (39%) is over it.
        (lambda: _by_index(_essay_and_web_page(), 0.3), set()),
        # d.txt and e.txt have indexes of 30% from elsewhere: their 5% pair is a finding at 25%.
        (lambda: _by_index(_small_class(), 0.25), {1, 2, 3, 4}),
    ],
    ids=["essay-and-web-page-at-30", "small-class-at-25"],
)
def test_under_fail_on_index_the_report_marks_the_pairs_the_json_result_calls_findings(made, findings):
    result = made()
    html = render_html(result, generated_at="x")
    assert _json_findings(result) == findings
    assert _finding_rows(html) == _finding_views(html) == findings
    threshold = result.settings.fail_above
    assert f"when a submission on either side has a similarity index of at least {threshold:.1%}" in html


def test_under_fail_on_index_clusters_link_the_submissions_of_findings():
    html = render_html(_by_index(_small_class(), 0.25), generated_at="x")
    assert "Cluster 1 (3 submissions" in html
    assert "Cluster 2 (2 submissions" in html  # d-e: a finding because d and e reach the index threshold


def _reviewed(result: CheckResult, *ranks: int) -> Gate:
    """The gate of ``result`` with a baseline holding the findings of the pairs ranked ``ranks``."""
    chosen = {(result.pairs[k - 1].left, result.pairs[k - 1].right) for k in ranks}
    baseline = {f.fingerprint for f in evaluate(result).findings if (f.pair.left, f.pair.right) in chosen}
    return evaluate(result, baseline)


def test_a_finding_in_the_baseline_is_marked_reviewed_beside_its_finding_mark(result):
    html = render_html(result, generated_at="x", gate=_reviewed(result, 1))
    row = html[html.index('<tr data-coverage="') :]
    assert f"{FINDING} {REVIEWED}" in row[: row.index("</tr>")]
    header = html[html.index('<h3 id="pair-1-h">') :]
    assert f"{FINDING} {REVIEWED}" in header[: header.index("</h3>")]
    assert _finding_rows(html) == _finding_views(html) == {1}  # still a finding, only marked as reviewed
    assert "reviewed (baseline)" not in render_html(result, generated_at="x")


def test_overview_counts_reviewed_findings_apart_from_new_ones():
    small = _small_class()  # findings: pairs 1, 2 and 3; pair 2 is in the baseline
    html = render_html(small, generated_at="x", gate=_reviewed(small, 2))
    assert "2 new, 1 reviewed (baseline)" in html
    assert "1 of these findings is in the baseline: reviewed before, it does not fail the run." in html
    plain = render_html(small, generated_at="x")
    assert "new," not in plain and "in the baseline" not in plain


def test_split_report_marks_reviewed_findings_on_the_index_and_the_pair_page(result, tmp_path):
    write_split(result, tmp_path / "out", generated_at="x", gate=_reviewed(result, 1))
    for page in ("index.html", "pair-0001.html"):
        assert REVIEWED in (tmp_path / "out" / page).read_text(encoding="utf-8")


def test_gate_of_another_result_is_refused(result):
    other = check([FIXTURES / "essay_independent_same_topic.txt"], sources=[WEB])
    with pytest.raises(ValueError, match="not this result's"):
        render_html(result, generated_at="x", gate=evaluate(other))


def test_check_and_report_give_the_same_html_with_its_reviewed_findings(monkeypatch, capsys, tmp_path):
    """`reuse check --html` and `reuse report RESULT.json --html` agree, suppressed findings included."""
    baseline, newcomer = tmp_path / "baseline.json", tmp_path / "newcomer.txt"
    newcomer.write_text(WEB.read_text(encoding="utf-8"), encoding="utf-8")  # new, unreviewed findings
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    run(["check", str(COPY), "--sources", str(WEB), "--write-baseline", str(baseline)], monkeypatch, capsys)
    first, saved, again, split = (tmp_path / n for n in ("check.html", "result.json", "report.html", "split"))
    code, _, _ = run(["check", str(COPY), str(newcomer), "--sources", str(WEB), "--baseline", str(baseline),
                      "--html", str(first), "--json", str(saved), "--split", str(split)], monkeypatch, capsys)
    assert code == 1  # the newcomer fails the run; the reviewed finding does not
    assert run(["report", str(saved), "--html", str(again)], monkeypatch, capsys)[0] == 0
    html = first.read_text(encoding="utf-8")
    assert html.count(REVIEWED) == 2  # its row in the pairs table and its pair view
    assert "2 new, 1 reviewed (baseline)" in html  # the newcomer shares the page with the essay too
    assert again.read_text(encoding="utf-8") == html
    assert REVIEWED in (split / "index.html").read_text(encoding="utf-8")


def _lms_class(root: Path) -> CheckResult:
    """A Canvas export (one late re-upload) and an older Moodle team export, checked against a web page."""
    root.mkdir(parents=True, exist_ok=True)
    canvas, moodle = root / "canvas.zip", root / "moodle.zip"
    with zipfile.ZipFile(canvas, "w") as archive:
        archive.writestr("leeann_LATE_340935_208490285_essay-1.txt", COPY.read_bytes())
        archive.writestr("smithbob_340934_208490284_essay.txt", COPY.read_bytes())
    with zipfile.ZipFile(moodle, "w") as archive:
        archive.writestr("Team A-Jane Doe_101_assignsubmission_file_/report.txt", COPY.read_bytes())
        archive.writestr("Team A-Bob Li_102_assignsubmission_file_/report.txt", COPY.read_bytes())
    return check([canvas, moodle], sources=[WEB], jobs=1)


def _who(html: str, start: str, end: str, doc_id: str) -> str:
    """What follows ``doc_id`` in the element that opens with ``start``, up to ``end``."""
    found = []
    for part in html.split(start)[1:]:
        part = part[: part.index(end)]
        if f"{doc_id}</" in part:
            found.append(part.split(f"{doc_id}</", 1)[1])
    assert found, doc_id
    return "".join(found)


def test_report_shows_team_original_name_and_late_mark_beside_each_path(tmp_path):
    result = _lms_class(tmp_path)
    html = render_html(result, generated_at="x")
    ids = {d.author: d.id for d in result.documents if d.author}
    shown = {
        "leeann": '(leeann, submitted as essay.txt)</span> <span class="tag late">late</span>',
        "smithbob": "(smithbob, submitted as essay.txt)</span>",
        "Jane Doe": "(Jane Doe, team Team A, submitted as report.txt)</span>",
        "Bob Li": "(Bob Li, team Team A, submitted as report.txt)</span>",
    }
    for author, label in shown.items():
        for start, end in (('<th scope="row" class="path"', "</th>"), ('<h3 id="doc-', "</h3>"),
                           ('<p class="side-h">', "</p>")):
            who = _who(html, start, end, ids[author])
            assert label in who, (author, start, who)
            assert ("late" in who) == (author == "leeann")
    web = _who(html, '<p class="side-h">', "</p>", WEB.as_posix())
    assert "(" not in web.split('<span class="muted">', 1)[0]  # nothing known of the web page


def _marked_submissions(html: str) -> tuple[dict[str, str], dict[str, str]]:
    """Submission id -> "finding" or "reviewed", in the submissions table and in the submission views."""
    table = html[html.index('id="submissions-table"') :]
    table = table[table.index("<tbody>") : table.index("</table>")]
    rows, views = {}, {}
    for row in table.split("<tr")[1:]:
        doc_id = re.search(r'<th scope="row" class="path" data-v="([^"]*)"', row).group(1)
        finding = row.startswith(' class="finding') and FINDING in row
        rows[doc_id] = ("reviewed" if REVIEWED in row else "finding") if finding else ""
    view = (r'<article class="doc([^"]*)" id="doc-\d+".*?<span class="path">([^<]*)</span>'
            r'.*?(<p class="figures">.*?</p>)')
    for css, doc_id, figures in re.findall(view, html, re.S):
        assert ("is-finding" in css) == (FINDING in figures), css
        views[doc_id] = ("reviewed" if REVIEWED in figures else "finding") if "is-finding" in css else ""
    return {k: v for k, v in rows.items() if v}, {k: v for k, v in views.items() if v}


def _fail_above(result: CheckResult, fail_above: float) -> CheckResult:
    return dataclasses.replace(result, settings=dataclasses.replace(result.settings, fail_above=fail_above))


@pytest.mark.parametrize(
    ("made", "reviewed", "marked"),
    [
        # fail-on pair: the essay's pair with the web page reaches 30% on the page's side (39%), so the essay
        # fails the gate although its own similarity index (25%) is under 30%.
        (lambda: _fail_above(_essay_and_web_page(), 0.3), (), {COPY.as_posix(): "finding"}),
        # fail-on pair: d and e have indexes of 30% (from elsewhere) but their only pair (5%) is no finding.
        (_small_class, (), {"a.txt": "finding", "b.txt": "finding", "c.txt": "finding"}),
        # fail-on index at 40%: only a reaches it; b and c share findings with it but stay under.
        (lambda: _by_index(_small_class(), 0.4), (), {"a.txt": "finding"}),
        # b-c in the baseline: c has no other finding, so it is reviewed; b still has a-b.
        (_small_class, (2,), {"a.txt": "finding", "b.txt": "finding", "c.txt": "reviewed"}),
    ],
    ids=["pair-mode-index-under-threshold", "pair-mode-index-over-threshold", "index-mode", "baseline"],
)
def test_a_submission_is_marked_a_finding_by_the_gates_decision_not_by_its_index_alone(made, reviewed,
                                                                                       marked):
    result = made()
    gate = _reviewed(result, *reviewed)
    html = render_html(result, generated_at="x", gate=gate)
    assert _marked_submissions(html) == (marked, marked)
    everyone = evaluate(result).failing  # the submissions the gate fails without a baseline
    assert set(marked) == set(everyone)
    assert {k for k, v in marked.items() if v == "finding"} == set(gate.failing)


def test_pairs_table_shows_each_pairs_score_beside_its_coverage():
    result = _small_class()
    scores = (0.61, 0.33, 0.47, 0.04)
    pairs = tuple(dataclasses.replace(p, score=s) for p, s in zip(result.pairs, scores, strict=True))
    scored = dataclasses.replace(result, pairs=pairs)
    html = render_html(scored, generated_at="x")
    table = html.split('id="pairs-table"', 1)[1].split("</table>", 1)[0]
    assert ">Pair score</button>" in table
    for score in ("61.0%", "33.0%", "47.0%", "4.0%"):
        assert f">{score}</td>" in table


def test_an_anonymised_result_says_so_on_every_page_and_a_named_one_does_not(tmp_path):
    named = _small_class()
    anonymised = dataclasses.replace(named, anonymised=True)
    assert 'id="anonymised"' in render_html(anonymised, generated_at="x")
    assert 'id="anonymised"' not in render_html(named, generated_at="x")
    write_split(anonymised, tmp_path / "split", generated_at="x")
    pages = sorted((tmp_path / "split").rglob("*.html"))
    assert len(pages) > 2
    assert all('id="anonymised"' in page.read_text(encoding="utf-8") for page in pages)
