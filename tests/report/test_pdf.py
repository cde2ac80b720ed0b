"""The PDF case file (``reuse report RESULT.json --pdf case.pdf [--pair N ...]``): read back through the PDF's
text layer (pypdf); hostile names and text stay inert and nothing is fetched; pairs chosen by number; a huge
text is cut around its passages and stays quick; without WeasyPrint the command says what to install."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reuse._version import __version__
from reuse.model import CheckResult, Document, DocumentScore, PairResult, Passage, Span
from reuse.pipeline import check
from reuse.report import write_json
from reuse.report.casefile import render_casefile
from reuse.report.casefile.views import pair_case, select_pairs
from reuse.report.gate import evaluate
from reuse.report.html.views import pair_view
from reuse.settings import Settings

from ..conftest import FIXTURES, ROOT
from ..test_cli import run

COPY = FIXTURES / "essay_with_copied_paragraph.txt"
LIGHT = FIXTURES / "essay_light_paraphrase.txt"
WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"
SAMPLES_JSON = ROOT / "reports" / "samples.json"
URLS = ('<img src="http://127.0.0.1:9/text.png"> <img src="file:///etc/passwd"> '
        '<link rel="stylesheet" href="file:///etc/passwd"> '
        '<style>@import url(http://127.0.0.1:9/a.css);</style> ')


def _weasyprint():
    """WeasyPrint, or a skip naming why (not installed, or its system libraries (Pango) are missing)."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        pytest.skip(f'needs WeasyPrint and Pango (pip install "reuse-detector[pdf]"): {error}')
    return weasyprint


def _text(pdf: Path | bytes) -> str:
    """The PDF's text layer, whitespace folded to single spaces."""
    pypdf = pytest.importorskip("pypdf")
    import io

    reader = pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _saved(tmp_path: Path, *paths: Path, sources=(WEB,), **settings) -> Path:
    out = tmp_path / "result.json"
    write_json(check(list(paths), sources=list(sources), settings=Settings(**settings)), out,
               when="2026-12-03T08:00:00Z")
    return out


def test_case_file_holds_both_hashes_the_passage_words_and_the_run(monkeypatch, capsys, tmp_path):
    _weasyprint()
    saved = _saved(tmp_path, COPY)
    data = json.loads(saved.read_text(encoding="utf-8"))
    code, out, err = run(["report", str(saved), "--pdf", str(tmp_path / "case.pdf")], monkeypatch, capsys)
    assert code == 0, err
    assert "PDF case file:" in out and "(pair 1)" in out
    text = _text(tmp_path / "case.pdf")
    squeezed = text.replace(" ", "")
    for doc in data["documents"]:
        assert doc["sha256"] in squeezed  # a hash may wrap onto two lines of its cell
    passage = data["pairs"][0]["passages"][0]
    left = next(d for d in data["documents"] if d["id"] == data["pairs"][0]["left"])["text"]
    words = " ".join(left[passage["left_start"]:passage["left_end"]].split())
    assert text.count(words) >= 2  # side by side, and in the full text
    assert "2026-12-03T08:00:00Z" in text and f"Tool reuse {__version__}" in text
    assert "Inputs read 2 (1 submission, 1 source" in text
    assert "Page 1 of" in text


def test_a_hostile_pair_renders_inert_and_nothing_is_fetched(tmp_path):
    _weasyprint()
    from reuse.report.casefile.pdf import pdf_bytes

    body = WEB.read_text(encoding="utf-8").replace("Photosynthesis is", URLS + "Photosynthesis is")
    first = tmp_path / '"><img src=x onerror="alert(1)">{{7*7}}.txt'
    second = tmp_path / "<link rel=stylesheet href=file:x>.txt"
    for path in (first, second):
        path.write_text(body, encoding="utf-8")
    result = check([first, second], sources=[WEB])
    result = dataclasses.replace(result, documents=tuple(
        dataclasses.replace(d, author='<img src="http://127.0.0.1:9/author.png">',
                            team='<link rel="stylesheet" href="file:///etc/passwd">')
        if d.kind == "submission" else d for d in result.documents))
    assert result.pairs
    refused: list[str] = []
    html = render_casefile(result, generated_at="now", pairs=range(1, len(result.pairs) + 1))
    text = _text(pdf_bytes(html, refused=refused))
    assert refused == []  # nothing was even asked for
    assert "<img" not in html.replace("&lt;img", "")  # escaped, never markup
    assert '<img src="file:///etc/passwd">' in text and "@import url(http://127.0.0.1:9/a.css)" in text
    assert "{{7*7}}" in text and "root:" not in text


def test_the_pdf_fetcher_refuses_every_url_it_is_asked_for():
    _weasyprint()
    from reuse.report.casefile.pdf import pdf_bytes

    refused: list[str] = []
    pdf_bytes('<p>x</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/y.png">', refused=refused)
    assert sorted(refused) == ["file:///etc/passwd", "http://127.0.0.1:9/y.png"]


def test_pair_picks_the_pairs_by_their_number_in_the_result(monkeypatch, capsys, tmp_path):
    _weasyprint()
    data = json.loads(SAMPLES_JSON.read_text(encoding="utf-8"))
    assert len(data["pairs"]) >= 3
    out_pdf = tmp_path / "case.pdf"
    code, out, err = run(["report", str(SAMPLES_JSON), "--pdf", str(out_pdf), "--pair", "3"],
                         monkeypatch, capsys)
    assert code == 0, err
    assert "(pair 3)" in out
    text = _text(out_pdf)
    names = {k: [Path(data["pairs"][k][side]).stem for side in ("left", "right")] for k in (0, 2)}
    assert f"Pair 3: {names[2][0]}" in text and all(n in text for n in names[2])
    assert "Pair 1" not in text and not any(n in text for n in set(names[0]) - set(names[2]))


def test_an_unknown_pair_exits_two_and_writes_nothing(monkeypatch, capsys, tmp_path):
    out_pdf = tmp_path / "case.pdf"
    out_pdf.write_bytes(b"earlier case file")
    code, _, err = run(["report", str(SAMPLES_JSON), "--pdf", str(out_pdf), "--pair", "99"],
                       monkeypatch, capsys)
    assert code == 2 and "no pair 99" in err
    assert out_pdf.read_bytes() == b"earlier case file"


def test_pair_without_pdf_is_a_usage_error(monkeypatch, capsys, tmp_path):
    code, _, err = run(["report", str(SAMPLES_JSON), "--html", str(tmp_path / "r.html"), "--pair", "1"],
                       monkeypatch, capsys)
    assert code == 2 and "--pdf" in err and not (tmp_path / "r.html").exists()


def test_without_weasyprint_pdf_exits_two_and_says_what_to_install(tmp_path):
    out_pdf = tmp_path / "case.pdf"
    hide = ("import sys; sys.modules['weasyprint'] = None; from reuse.cli import main; "
            f"sys.argv = ['reuse', 'report', {str(SAMPLES_JSON)!r}, '--pdf', {str(out_pdf)!r}]; main()")
    done = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True,
                          env={**os.environ, "REUSE_CACHE_DIR": "off"})
    assert done.returncode == 2
    assert done.stderr.startswith("reuse: error: ") and 'pip install "reuse-detector[pdf]"' in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert not out_pdf.exists()


def test_no_finding_gives_a_cover_that_says_so(monkeypatch, capsys, tmp_path):
    _weasyprint()
    saved = _saved(tmp_path, COPY, fail_above=0.99, fail_passage_words=0)
    code, out, err = run(["report", str(saved), "--pdf", str(tmp_path / "case.pdf")], monkeypatch, capsys)
    assert code == 0, err
    assert "no pair (no finding" in out
    assert "No pair of this run is a finding" in _text(tmp_path / "case.pdf")


def test_default_is_every_finding_and_asked_numbers_keep_their_order():
    result = check([COPY, LIGHT], sources=[WEB], settings=Settings(fail_above=0.45, fail_passage_words=0))
    gate = evaluate(result)
    findings = tuple(k for k, p in enumerate(result.pairs, start=1) if gate.of(p) is not None)
    assert 0 < len(findings) < len(result.pairs)  # some pairs are findings, not all
    assert select_pairs(result, gate) == findings
    assert select_pairs(result, gate, [2, 1, 2]) == (2, 1)


def test_an_approximate_passage_marks_only_the_words_both_sides_share():
    left = "The committee met in the old town hall on a cold Tuesday morning to settle the budget at last."
    right = ("The committee gathered in the old town hall on a cold Tuesday morning to settle the budget "
             "at last.")
    docs = {d.id: d for d in (
        Document("a.txt", "a.txt", "submission", left, (Span(0, len(left)),), "a" * 64),
        Document("b.txt", "b.txt", "submission", right, (Span(0, len(right)),), "b" * 64),
    )}
    passage = Passage(Span(0, len(left)), Span(0, len(right)), 0.9, "approximate", 19, 19)
    pair = PairResult("a.txt", "b.txt", (passage,), 1.0, 1.0, 19)
    case = pair_case(pair_view(1, pair, docs, None))
    marked = {side: " ".join(s.text for s in x.segments if s.number) for side, x in
              (("L", case.passages[0].left), ("R", case.passages[0].right))}
    assert "met" not in marked["L"].split() and "gathered" not in marked["R"].split()
    assert "committee" in marked["L"] and "Tuesday morning" in marked["R"]
    assert "".join(s.text for s in case.passages[0].left.segments) == left  # every word shown, marked or not


def _huge_result(words: int) -> CheckResult:
    rng = random.Random(7)  # noqa: S311 (made-up words, not secrets)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
             for _ in range(3000)]

    def text(n: int) -> str:
        return " ".join(rng.choice(vocab) + (".\n\n" if k % 120 == 119 else "") for k in range(n))

    source = text(2000)
    copied = source[2000:6000]
    big = text(words // 2) + " " + copied + " " + text(words // 2)
    at = big.index(copied)

    def doc(doc_id: str, body: str, kind: str) -> Document:
        return Document(doc_id, doc_id, kind, body, (Span(0, len(body)),),  # type: ignore[arg-type]
                        hashlib.sha256(body.encode()).hexdigest())

    n = len(copied.split())
    passages = (Passage(Span(at, at + len(copied)), Span(2000, 6000), 1.0, "exact", n, n),
                Passage(Span(0, 300_000), Span(0, len(source)), 0.5, "approximate", 45_000, 2000))
    return CheckResult(Settings(), (doc("huge.txt", big, "submission"), doc("web.txt", source, "source")),
                       (DocumentScore("huge.txt", words, 0.02),),
                       (PairResult("huge.txt", "web.txt", passages, 0.02, 0.9, n),), ())


def test_a_300000_word_text_is_cut_around_its_passages_and_prints_in_seconds():
    _weasyprint()
    from reuse.report.casefile.pdf import pdf_bytes

    result = _huge_result(300_000)
    started = time.monotonic()
    html = render_casefile(result, generated_at="now", pairs=[1])
    text = _text(pdf_bytes(html))
    took = time.monotonic() - started
    assert len(html) < 150_000  # the 2 MB text is not in it
    assert "words left out" in text and "the passage goes on for" in text
    assert "Too long to match word by word" in text  # the 45,000-word approximate passage
    assert result.documents[0].sha256 in text.replace(" ", "")
    assert took < 90, f"{took:.1f} s"  # about 10 s on two busy cores; uncut, minutes


def test_an_anonymised_case_file_names_pseudonyms_and_says_so_on_the_cover(monkeypatch, capsys, tmp_path):
    _weasyprint()
    saved = _saved(tmp_path, COPY)
    key = tmp_path / "course.key"
    code, _, err = run(["report", str(saved), "--anonymise", str(key), "--pdf", str(tmp_path / "case.pdf")],
                         monkeypatch, capsys)
    assert code == 0, err
    text = _text(tmp_path / "case.pdf")
    assert "Student names replaced by pseudonyms" in text and "student-" in text
    assert COPY.stem not in text.replace(" ", "")
    plain = _text(_pdf_of(saved, tmp_path, monkeypatch, capsys))
    assert "Student names shown as the run found them" in plain


def _pdf_of(saved: Path, tmp_path: Path, monkeypatch, capsys) -> Path:
    out = tmp_path / "plain.pdf"
    code, _, err = run(["report", str(saved), "--pdf", str(out)], monkeypatch, capsys)
    assert code == 0, err
    return out
