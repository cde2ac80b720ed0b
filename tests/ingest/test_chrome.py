"""Scraped-page chrome is left out of matching; offsets still point into the original."""

from __future__ import annotations

from reuse.ingest.chrome import chrome_spans, content_spans


def _chrome(text: str) -> list[str]:
    return [text[s.start : s.end] for s in chrome_spans(text)]


def test_page_chrome_lines_and_markers_are_found(fixture_text):
    chrome = _chrome(fixture_text("scraped_page_with_chrome.txt"))
    for expected in ("top of page", "Home | Essays | Contact", "1240 Words5 Pages", "…show more content…",
                     "Recent Posts", "Tags", "Follow us", "bottom of page"):
        assert expected in chrome
    assert any(line.startswith("© 2023") for line in chrome)


def test_title_and_body_paragraphs_are_kept(fixture_text):
    text = fixture_text("scraped_page_with_chrome.txt")
    kept = "".join(text[s.start : s.end] for s in content_spans(text))
    assert "How Did the Printing Press Change Europe" in kept
    assert "Cheaper books spread literacy beyond the clergy" in kept
    assert "show more content" not in kept
    assert "Follow us" not in kept


def test_inline_cut_mark_is_removed_from_the_middle_of_a_line():
    text = ("This is a long body paragraph with plenty of words in it to count as body text. "
            "…show more content… "
            "And the paragraph goes on after the cut mark with more words.")
    kept = [text[s.start : s.end] for s in content_spans(text)]
    assert len(kept) == 2
    assert kept[0].endswith("body text. ")


def test_student_essay_keeps_its_short_title_line(fixture_text):
    text = fixture_text("essay_independent_same_topic.txt")
    kept = "".join(text[s.start : s.end] for s in content_spans(text, scraped=False))
    assert kept == text


def test_markers_are_stripped_from_student_files_too():
    text = "My essay starts here and goes on …show more content… and ends here."
    kept = "".join(text[s.start : s.end] for s in content_spans(text, scraped=False))
    assert "show more" not in kept


def test_stripping_can_be_switched_off(fixture_text):
    text = fixture_text("scraped_page_with_chrome.txt")
    spans = content_spans(text, strip_chrome=False)
    assert len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(text)
