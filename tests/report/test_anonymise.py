"""reuse.report.anonymise and reuse.report.keyfile: pseudonyms from a keyed hash, the same for one student
in every run, unique in a cohort, and only for students (sources and templates keep their names)."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from reuse.errors import ConfigError
from reuse.model import (
    CheckResult,
    Document,
    DocumentScore,
    FileError,
    InputFile,
    PairResult,
    Passage,
    SkippedFile,
    SourceShare,
    Span,
)
from reuse.report.anonymise import anonymise, anonymise_gate, digest, shortest_unique
from reuse.report.gate import evaluate
from reuse.report.keyfile import load_key
from reuse.settings import Settings

KEY = bytes(range(32))


def _doc(path, kind="submission", *, author="", team="", original="", text="some words of an essay"):
    return Document(id=path, path=path, kind=kind, text=text, content=(Span(0, len(text)),),
                    sha256=hashlib.sha256(path.encode()).hexdigest(), author=author, team=team,
                    original=original)


def _result(docs, pairs=(), errors=(), skipped=()):
    subs = [d for d in docs if d.kind == "submission"]
    return CheckResult(
        settings=Settings(), documents=tuple(docs), pairs=tuple(pairs), errors=tuple(errors),
        scores=tuple(DocumentScore(d.id, 4, 1.0 if pairs else 0.0,
                                   tuple(SourceShare(o.id, 1.0) for o in docs if pairs and o is not d))
                     for d in subs),
        words={d.id: 4 for d in docs}, skipped=tuple(skipped),
        inputs=tuple(InputFile(d.path, d.kind, d.sha256, "text") for d in docs),
    )


def _pair(left, right, coverage=0.9, words=50):
    passage = Passage(Span(0, 10), Span(0, 10), 1.0, "exact", words, words)
    return PairResult(left.id, right.id, (passage,), coverage, coverage, words)


def test_two_submissions_of_one_author_share_a_pseudonym_and_get_numbered_ids():
    docs = [_doc("class/Jane Doe_1_assignsubmission_file_/a.txt", author="Jane Doe", original="a.txt"),
            _doc("class/Jane Doe_1_assignsubmission_file_/b.txt", author="Jane Doe", original="b.txt"),
            _doc("class/Bob Li_2_assignsubmission_file_/essay.txt", author="Bob Li")]
    out = anonymise(_result(docs), KEY, roots=["class"])
    jane = "student-" + digest(KEY, "author\x1fJane Doe")[:6]
    assert [d.id for d in out.documents] == [jane, f"{jane}#2", out.documents[2].author]
    assert [d.author for d in out.documents][:2] == [jane, jane] and out.documents[2].author != jane
    assert all(d.path == d.id and d.original == "" for d in out.documents)
    assert out.anonymised and not _result(docs).anonymised


def test_the_same_key_gives_the_same_pseudonyms_in_every_run_and_another_key_other_ones():
    first = anonymise(_result([_doc("class/alice.txt"), _doc("class/bob.txt")]), KEY, roots=["class"])
    # another run: another class folder path, another order, one more student
    again = anonymise(_result([_doc("/home/t/2026/class/bob.txt"), _doc("/home/t/2026/class/carol.txt"),
                               _doc("/home/t/2026/class/alice.txt")]), KEY, roots=["/home/t/2026/class"])
    other = anonymise(_result([_doc("class/alice.txt"), _doc("class/bob.txt")]), b"another key" * 3,
                      roots=["class"])
    ids = {d.id for d in first.documents}
    assert ids < {d.id for d in again.documents}
    assert not ids & {d.id for d in other.documents}


def test_a_saved_result_takes_the_folder_its_submissions_share_as_the_folder_named():
    docs = [_doc("class/alice.txt"), _doc("class/sub/bob.txt")]
    assert [d.id for d in anonymise(_result(docs), KEY).documents] == [
        d.id for d in anonymise(_result(docs), KEY, roots=["class"]).documents]


def test_pseudonyms_that_share_their_first_digits_grow_until_each_is_unique():
    assert shortest_unique(["abcd12ff", "abcd13ff", "ef001234"], digits=4) == {
        "abcd12ff": "abcd12", "abcd13ff": "abcd13", "ef001234": "ef00"}
    cohort = [_doc(f"class/student{k:04d}.txt") for k in range(1000)]
    out = anonymise(_result(cohort), KEY, roots=["class"], digits=4)
    ids = [d.id for d in out.documents]
    assert len(set(ids)) == 1000 and all(i.startswith("student-") and "#" not in i for i in ids)
    lengths = [len(i) - len("student-") for i in ids]
    assert min(lengths) == 4 and max(lengths) > 4  # 1,000 of 65,536: several share four digits


def test_a_cohort_of_a_thousand_gets_distinct_six_digit_pseudonyms_by_default():
    out = anonymise(_result([_doc(f"c/{k}.txt") for k in range(1000)]), KEY, roots=["c"])
    assert len({d.id for d in out.documents}) == 1000


def test_sources_templates_and_their_unreadable_files_keep_their_names_students_do_not():
    alice, web = _doc("class/alice.txt"), _doc("web/page.html", "source")
    prompt = _doc("prompt.txt", "template")
    unreadable = FileError("class/Alice Smith essay.pdf", "cannot read class/Alice Smith essay.pdf",
                           "re-export Alice Smith essay.pdf")
    junk = SkippedFile("class/Alice Smith_1_x/.DS_Store", "operating-system or hidden file")
    result = _result([prompt, alice, web], pairs=[_pair(alice, web)],
                     errors=[FileError("web/broken.pdf", "corrupt"), unreadable], skipped=[junk])
    out = anonymise(result, KEY, roots=["class"], source_roots=["web", "prompt.txt"])
    assert [d.id for d in out.documents][0::2] == ["prompt.txt", "web/page.html"]
    pseudonym = out.documents[1].id
    assert (out.pairs[0].left, out.pairs[0].right) == (pseudonym, "web/page.html")
    assert out.scores[0].id == pseudonym
    assert [b.document for b in out.scores[0].breakdown] == ["prompt.txt", "web/page.html"]
    assert out.words == {"prompt.txt": 4, pseudonym: 4, "web/page.html": 4}
    assert [i.path for i in out.inputs] == ["prompt.txt", pseudonym, "web/page.html"]
    assert out.errors[0] == FileError("web/broken.pdf", "corrupt")
    assert out.errors[1].path.startswith("student-") and out.skipped[0].path.startswith("student-")
    assert "Alice" not in repr(out.errors[1:]) + repr(out.skipped)
    assert out.errors[1].message == "cannot read [name removed]"


def test_a_team_gets_one_pseudonym_of_its_own():
    docs = [_doc("s.zip/Kestrel-Ann Lee_1_x/a.txt", author="Ann Lee", team="Kestrel"),
            _doc("s.zip/Kestrel-Chen Wei_2_x/a.txt", author="Chen Wei", team="Kestrel"),
            _doc("s.zip/Osprey-Bo Ma_3_x/a.txt", author="Bo Ma", team="Osprey")]
    teams = [d.team for d in anonymise(_result(docs), KEY, roots=["s.zip"]).documents]
    assert teams[0] == teams[1] != teams[2] and all(t.startswith("team-") for t in teams)


def test_the_anonymous_gate_keeps_the_findings_and_what_the_baseline_suppressed():
    a, b, c = _doc("class/a.txt"), _doc("class/b.txt"), _doc("class/c.txt")
    result = _result([a, b, c], pairs=[_pair(a, b), _pair(a, c), _pair(b, c, 0.01, 5)])
    plain = evaluate(result)
    gate = evaluate(result, {plain.findings[1].fingerprint, "a-fingerprint-of-work-since-fixed"})
    out = anonymise(result, KEY, roots=["class"])
    anonymous = anonymise_gate(result, gate, out)
    assert [f.suppressed for f in anonymous.findings] == [False, True] and len(anonymous.unmatched) == 1
    assert [f.pair for f in anonymous.findings] == list(out.pairs[:2]) and anonymous.failed == gate.failed
    with pytest.raises(ValueError, match="already anonymised"):
        anonymise(out, KEY)


def test_a_key_file_is_created_owner_only_and_read_back_the_same(tmp_path):
    path = tmp_path / "course.key"
    key, created = load_key(path, create=True)
    assert created and len(key) == 32 and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_key(path, create=True) == (key, False) and load_key(path) == (key, False)


@pytest.mark.parametrize(("content", "mode", "message"), [
    ("ab" * 32, 0o640, "chmod 600"),
    ("ab" * 32, 0o602, "chmod 600"),
    ("abcdef", 0o600, "too short"),
    ("not hex at all, a passphrase", 0o600, "not a key file"),
])
def test_a_key_file_others_may_read_or_that_holds_no_strong_key_is_refused(tmp_path, content, mode, message):
    path = tmp_path / "course.key"
    path.write_text(content, encoding="ascii")
    path.chmod(mode)
    with pytest.raises(ConfigError, match=message):
        load_key(path, create=True)


def test_a_missing_key_file_is_an_error_when_it_may_not_be_created(tmp_path):
    with pytest.raises(ConfigError, match="no such key file"):
        load_key(tmp_path / "lost.key")
    with pytest.raises(ConfigError, match="cannot create"):
        load_key(tmp_path / "no such folder" / "course.key", create=True)


def test_a_name_an_error_message_quotes_is_removed_and_a_quoted_file_type_stays():
    alice = _doc("class/alice.txt")
    errors = [FileError("class/section.zip", "corrupt or unreadable zip archive (Bad CRC-32 for file "
                                             "'Jane Doe_1_assignsubmission_file_/essay.docx')"),
              FileError("class/notes.xyz", "unsupported file type '.xyz'", "save it as .docx")]
    out = anonymise(_result([alice], errors=errors), KEY, roots=["class"])
    assert out.errors[0].message == "corrupt or unreadable zip archive (Bad CRC-32 for file [name removed])"
    assert (out.errors[1].message, out.errors[1].hint) == ("unsupported file type '.xyz'", "save it as .docx")


def test_one_file_name_under_two_folders_named_is_two_students_not_one():
    docs = [_doc("section-a/essay.txt"), _doc("section-b/essay.txt"), _doc("section-b/own.txt")]
    out = anonymise(_result(docs), KEY, roots=["section-a", "section-b"])
    assert len({d.id for d in out.documents}) == 3 and not any("#" in d.id for d in out.documents)
    alone = anonymise(_result(docs[2:]), KEY, roots=["section-b"])
    assert alone.documents[0].id == out.documents[2].id  # a name no other file has keeps its pseudonym
