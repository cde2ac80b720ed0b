"""The case file's view models: which pairs go in, each passage's two sides with the matching words marked,
and each full text (cut around its passages when it is too long to print), all as the HTML report's
:class:`~reuse.report.html.views.Segment` runs, rendered by the report's own ``text`` macro."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from reuse.errors import UnknownPairError
from reuse.model import CheckResult, Document, Passage, Span
from reuse.report.gate import Gate
from reuse.report.html.views import DocumentText, Mark, PairView, PassageRow, Segment, segments
from reuse.text.normalize import normalize

FULL_TEXT_CHARACTERS = 60_000
"""A document's full text is printed whole up to this many characters (about 10,000 words, some 25
pages); a longer one is printed as the stretches around its passages (:data:`CONTEXT_CHARACTERS` either
side), with a note saying how much is left out between them."""

CONTEXT_CHARACTERS = 1_500
"""Characters of context printed on either side of each passage of a long text."""

PASSAGE_CHARACTERS = 6_000
"""A passage side longer than this is printed as its first :data:`PASSAGE_CHARACTERS` characters, with a note;
the whole passage is in the full text (or its stretch) below."""

MATCH_WORDS = 3_000
"""Word-by-word matching (which words of an approximate passage the other side shares) runs on passage sides
up to this many words; a longer side is marked whole."""


def select_pairs(result: CheckResult, gate: Gate, numbers: Sequence[int] = ()) -> tuple[int, ...]:
    """The pair numbers (1-based, in the order of the JSON result's ``pairs`` and of the HTML report's pairs
    table) the case file shows: ``numbers`` in the order given, without repeats, or, when none is given,
    every finding (suppressed ones included: a panel decides on them too).

    Raises:
        UnknownPairError: a number is not the number of a pair of ``result``.
    """
    unknown = [n for n in numbers if not 1 <= n <= len(result.pairs)]
    if unknown:
        have = f"pairs 1 to {len(result.pairs)}" if result.pairs else "no pair"
        raise UnknownPairError(
            f"no pair {', '.join(map(str, unknown))}: the result has {have} (numbered as in the JSON "
            "result's pairs and the HTML report's pairs table)"
        )
    if numbers:
        return tuple(dict.fromkeys(numbers))
    return tuple(rank for rank, pair in enumerate(result.pairs, start=1) if gate.of(pair) is not None)


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One side of a passage as printed: its text with the words the other side shares marked;
    ``more_words`` counts the words of the side left out past :data:`PASSAGE_CHARACTERS`."""

    segments: tuple[Segment, ...]
    more_words: int = 0


@dataclass(frozen=True, slots=True)
class PassageCase:
    """One passage of a pair: its row of the report's passage table and its two printed sides; ``whole``: an
    approximate passage too long to match word by word (over :data:`MATCH_WORDS` words), marked whole."""

    row: PassageRow
    left: Excerpt
    right: Excerpt
    whole: bool = False


@dataclass(frozen=True, slots=True)
class Stretch:
    """A piece of a full text as printed, and the words left out before it (0: none)."""

    segments: tuple[Segment, ...]
    skipped_words: int = 0


@dataclass(frozen=True, slots=True)
class FullText:
    """A document's text as printed: whole (one stretch), or the stretches around its passages;
    ``trailing_words`` left out after the last stretch."""

    document: Document
    stretches: tuple[Stretch, ...]
    cut: bool
    words: int
    trailing_words: int = 0


@dataclass(frozen=True, slots=True)
class PairCase:
    """One pair of the case file: the report's :class:`~reuse.report.html.views.PairView`, its passages
    side by side, and both full texts."""

    view: PairView
    passages: tuple[PassageCase, ...]
    left_text: FullText
    right_text: FullText


def _words(text: str) -> int:
    return len(text.split())


def _within_content(doc: Document, span: Span) -> list[Span]:
    return [Span(max(c.start, span.start), min(c.end, span.end)) for c in doc.content
            if c.start < span.end and span.start < c.end]


def _matched_spans(left: Document, right: Document, passage: Passage) -> tuple[list[Span], list[Span], bool]:
    """The runs of words each side of ``passage`` shares with the other, in original offsets (words folded
    as the aligner folds them: case, accents, look-alike letters); the whole sides for an exact passage or
    a side longer than :data:`MATCH_WORDS` words (then the flag is true: not matched word by word)."""
    if passage.kind == "exact":
        return [passage.left], [passage.right], False
    a = normalize(left.text, _within_content(left, passage.left))
    b = normalize(right.text, _within_content(right, passage.right))
    if not a.word_count or not b.word_count or max(a.word_count, b.word_count) > MATCH_WORDS:
        return [passage.left], [passage.right], True
    matcher = difflib.SequenceMatcher(None, a.words, b.words, autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size]
    return ([a.word_span(m.a, m.a + m.size) for m in blocks],
            [b.word_span(m.b, m.b + m.size) for m in blocks], False)


def _plain(segs: Sequence[Segment]) -> tuple[Segment, ...]:
    """The segments without badges: an excerpt's number is in its heading, and its marks link nowhere."""
    return tuple(dataclasses.replace(s, first=False, anchor="", href="") for s in segs)


def _excerpt(doc: Document, side: Span, matched: list[Span], row: PassageRow) -> Excerpt:
    shown = Span(side.start, min(side.end, side.start + PASSAGE_CHARACTERS))
    marks = [Mark(span=Span(s.start, min(s.end, shown.end)), number=row.number, kind=row.kind, anchor="",
                  href="", title=f"passage {row.number}: shared with the other side")
             for s in matched if s.start < shown.end]
    more = _words(doc.text[shown.end:side.end]) if shown.end < side.end else 0
    return Excerpt(_plain(segments(doc, marks, within=shown)), more)


def _passages(view: PairView) -> tuple[PassageCase, ...]:
    out = []
    for row, passage in zip(view.rows, view.pair.passages, strict=True):
        left, right, whole = _matched_spans(view.left, view.right, passage)
        out.append(PassageCase(row, _excerpt(view.left, passage.left, left, row),
                               _excerpt(view.right, passage.right, right, row), whole))
    return tuple(out)


def _stretches(doc: Document, passages: Sequence[Span]) -> list[Span]:
    """The passages with :data:`CONTEXT_CHARACTERS` either side, merged where they touch; of a passage longer
    than :data:`PASSAGE_CHARACTERS`, its first :data:`PASSAGE_CHARACTERS` and its end (so a long text prints
    at most about ``PASSAGE_CHARACTERS + 4 * CONTEXT_CHARACTERS`` characters per passage)."""
    spans = []
    for p in passages:
        spans.append(Span(p.start, min(p.end, p.start + PASSAGE_CHARACTERS)))
        if p.end > p.start + PASSAGE_CHARACTERS:
            spans.append(Span(p.end, p.end))
    out: list[Span] = []
    for span in sorted(spans):
        start = max(0, span.start - CONTEXT_CHARACTERS)
        end = min(len(doc.text), span.end + CONTEXT_CHARACTERS)
        if out and start <= out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, end))
        else:
            out.append(Span(start, end))
    return out


def _slice(segs: Sequence[Segment], piece: Span) -> tuple[Segment, ...]:
    """The part of a whole text's segments inside ``piece`` (a segment is as long as the text it shows: the
    control pictures replace one character with one), cut where ``piece`` cuts them."""
    out, at = [], 0
    for seg in segs:
        start, end = max(at, piece.start), min(at + len(seg.text), piece.end)
        if start < end:
            whole = start == at and end == at + len(seg.text)
            out.append(seg if whole else dataclasses.replace(
                seg, text=DocumentText(seg.text[start - at:end - at]), first=seg.first and start == at,
                anchor=seg.anchor if start == at else ""))
        at += len(seg.text)
        if at >= piece.end:
            break
    return tuple(out)


def _full_text(doc: Document, segs: tuple[Segment, ...], spans: Sequence[Span]) -> FullText:
    words = _words(doc.text)
    if len(doc.text) <= FULL_TEXT_CHARACTERS:
        return FullText(doc, (Stretch(segs),), cut=False, words=words)
    stretches, last = [], 0
    for piece in _stretches(doc, spans):
        stretches.append(Stretch(_slice(segs, piece), _words(doc.text[last:piece.start])))
        last = piece.end
    return FullText(doc, tuple(stretches), cut=True, words=words, trailing_words=_words(doc.text[last:]))


def pair_case(view: PairView) -> PairCase:
    """A pair of the report as the case file prints it."""
    return PairCase(view, _passages(view),
                    _full_text(view.left, view.left_segments, [r.left for r in view.rows]),
                    _full_text(view.right, view.right_segments, [r.right for r in view.rows]))
