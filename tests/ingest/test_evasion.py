"""Evasion tricks: matching sees through them, and each is flagged with positions and a count."""

from __future__ import annotations

import pytest

from reuse.ingest.evasion import detect_flags
from reuse.pipeline import check
from reuse.text.normalize import normalize

from ..formats_helpers import INTRO, OUTRO, PASSAGE, SOURCE

CYRILLIC = str.maketrans({"o": "\u043e", "a": "\u0430"})


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("REUSE_CACHE_DIR", "off")


def _check_copy(tmp_path, disguised):
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    essay = tmp_path / "essay.txt"
    essay.write_text(f"{INTRO}\n\n{disguised}\n\n{OUTRO}\n", encoding="utf-8")
    result = check([essay], sources=[tmp_path / "source.txt"], jobs=1)
    return result, result.document(essay.as_posix())


def test_copy_with_cyrillic_o_and_a_is_found_and_flagged(tmp_path):
    disguised = PASSAGE.translate(CYRILLIC)
    result, doc = _check_copy(tmp_path, disguised)
    [pair] = result.pairs
    assert pair.passages and max(p.left_words for p in pair.passages) >= 50
    [flag] = [f for f in doc.flags if f.kind == "homoglyphs"]
    replaced = sum(PASSAGE.count(c) for c in "oa")
    assert flag.count == replaced
    assert all(set(doc.text[s.start : s.end]) <= {"\u043e", "\u0430"} for s in flag.spans)
    assert "Cyrillic" in flag.message


def test_copy_with_zero_width_spaces_between_letters_is_found_and_flagged(tmp_path):
    disguised = "\u200b".join(PASSAGE)
    result, doc = _check_copy(tmp_path, disguised)
    [pair] = result.pairs
    assert max(p.left_words for p in pair.passages) >= 50
    [flag] = [f for f in doc.flags if f.kind == "invisible_characters"]
    assert flag.count == len(PASSAGE) - 1
    assert all(set(doc.text[s.start : s.end]) == {"\u200b"} for s in flag.spans)
    assert "zero width space" in flag.message


def test_matching_text_sees_through_homoglyphs_but_display_keeps_them():
    disguised = (
        "The B\u043elshevik p\u0430rty, \U0001d41b\U0001d428\U0001d425\U0001d41d and \uff26\uff35\uff2c\uff2c"
    )
    assert normalize(disguised).text == "the bolshevik party bold and full"
    flags = {f.kind: f for f in detect_flags(disguised)}
    assert flags["homoglyphs"].count == 2 + 4 + 4


def test_greek_and_armenian_look_alikes_fold_too():
    assert normalize("\u03bfpen \u0585ver").text == "open over"


def test_unusual_spaces_are_flagged_with_positions():
    text = "one\u2003two\u2003three\u3000four\u2009five"
    [flag] = detect_flags(text)
    assert flag.kind == "unusual_spaces" and flag.count == 4
    assert [text[s.start] for s in flag.spans] == ["\u2003", "\u2003", "\u3000", "\u2009"]
    assert normalize(text).text == "one two three four five"


def test_ordinary_foreign_text_is_not_flagged():
    assert (
        detect_flags("Пушкин wrote poems; Ελλάδα is Greece; na\u00efve caf\u00e9 — \u201cquoted\u201d.") == ()
    )
    assert detect_flags("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 " * 3) == ()  # Persian ZWNJ


def test_a_stray_invisible_character_is_not_flagged_but_several_are():
    assert detect_flags("pasted\u200b once") == ()
    assert detect_flags("a\u200bb\u200bc\u200bd")[0].count == 3


def test_plain_ascii_has_no_flags():
    assert detect_flags("Nothing to see here.") == ()
