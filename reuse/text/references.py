"""Reference lists: the spans of a submission's original text that are its bibliography.

Students of one course cite the same reading list, so their reference lists match word for word
without any copying. This stage finds reference lists so that the pipeline can label passages
inside them *reference list* and, unless the teacher asks otherwise (``include_references``),
leave them out of the scores.

Rules (:func:`find_reference_lists`):

- The text is cut into *blocks*: a blank line ends a block, and so does a line that starts a new
  entry (a number ``[1]``, ``1.``, ``1)``, a bullet, or an author lead such as ``Figes, O.``), so an
  entry wrapped over several lines is one block.
- A *heading* is a line holding only a reference-list title (:data:`HEADINGS`: References,
  Bibliography, Works Cited, Sources, Literaturverzeichnis, Referencias, Bibliographie...), compared
  case- and accent-insensitively, with optional markdown ``#``, ``**``, section number and colon.
  ``References to the war appear in...`` is no heading: the title must be alone on its line.
- A block is *citation-shaped* (:func:`is_citation`) when it has at most :data:`MAX_ENTRY_WORDS`
  words and :data:`MAX_ENTRY_CHARS` characters, no run of more than :data:`MAX_LOWER_RUN` lower-case
  words (a sentence has them; a citation's names, initials, years and pages break them), a year
  (or ``n.d.``), an author lead (``Surname, First``/``Surname, I.`` as in APA, Harvard, MLA and
  Chicago bibliographies; ``First Surname,`` or ``I. Surname,`` after a number, as
  in IEEE and Chicago notes; ``Name (2019)``) or a number with two citation features, and at least
  one citation feature: a year in brackets, a year after a comma or a stop, pages, volume or issue,
  a DOI, URL or ISBN, an editor, ``City: Publisher``, a publisher word (Press, Verlag, Editorial...),
  a title in quotation marks, ``Retrieved``/``Accessed``, ``et al.``
- A reference list is a heading followed by one or more citation-shaped blocks (the list runs from
  the heading to the last of them; a block that is not citation-shaped ends it, so a heading
  followed by prose is no list), or, without a heading, at least
  :data:`MIN_ENTRIES_WITHOUT_HEADING` citation-shaped blocks that end the text.

Decisions: one entry is enough after a heading (a short essay often cites one book), two are needed
without one (a lone citation-like last line proves little). The bound on an entry's words and the
need for a year, an author lead and a citation feature in every entry keep prose out: copied
sentences dressed up as citations would have to be cut into short entries that a reader sees at once
(and the passage is still listed, labelled). Limits: a list whose entries have no year (some web
sources) or whose heading is missing and which does not end the text is not recognised; nor are
footnotes at the foot of each page.

After alignment, :func:`split_at_lists` cuts a passage that runs from body text into a list (a body
copied with its references) where the list starts, so that the body part still counts, and
:func:`in_reference_list` tells which pieces lie in a list.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from reuse.model import Passage, Span
from reuse.text.normalize import NormalizedText

MAX_ENTRY_WORDS = 80
"""Longest citation-shaped entry (words): an APA entry with twenty authors fits; a paragraph does not."""
MAX_ENTRY_CHARS = 1200
"""Longest citation-shaped entry (characters), which also bounds the work of the feature patterns."""
MAX_LOWER_RUN = 12
"""More consecutive lower-case words than this make a block prose: a sentence has long runs of them,
while a citation's names, initials, capitalised titles, years and pages keep breaking them."""
MIN_ENTRIES_WITHOUT_HEADING = 2
"""Citation-shaped blocks needed at the end of a text without a heading for them to be a list."""
MIN_PIECE_WORDS = 3
"""A passage crossing into a reference list is split there only if both pieces keep this many words."""
REFERENCE_MIN_SHARE = 0.9
"""A passage side is in a reference list when at least this share of its characters is."""

HEADINGS = frozenset({
    # English
    "references", "reference list", "list of references", "references cited", "bibliography",
    "select bibliography", "selected bibliography", "works cited", "works consulted", "sources",
    "sources cited", "sources consulted", "literature", "literature cited", "cited literature",
    "further reading", "reading list", "citations",
    # German
    "literaturverzeichnis", "literatur", "quellen", "quellenverzeichnis", "quellen und literatur",
    "quellen- und literaturverzeichnis", "literatur und quellen", "verwendete literatur",
    "bibliographie", "bibliografie",
    # French, Spanish, Italian, Portuguese
    "references bibliographiques", "ouvrages cites", "referencias", "referencias bibliograficas",
    "bibliografia", "fuentes", "obras citadas", "fonti", "riferimenti", "riferimenti bibliografici",
    "opere citate", "fontes",
    # Dutch, Scandinavian, Finnish
    "literatuurlijst", "literatuur", "bronnen", "bronvermelding", "bronnenlijst", "referenties",
    "litteratur", "litteraturliste", "litteraturlista", "kallor", "kilder", "referenser", "referanser",
    "bibliografi", "lahteet", "kirjallisuus",
    # Polish, Czech, Turkish, Russian
    "literatura", "pismiennictwo", "zrodła", "seznam literatury", "zdroje", "pouzita literatura",
    "kaynakca", "kaynaklar", "список литературы", "литература", "источники", "библиография",
})
"""Reference-list titles, folded (lower case, accents removed, single spaces)."""

_MARKER = re.compile(r"^(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)](?!\d)|[-*\u2022\u2013\u2014])\s*")
_HEADING_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[IVXivx]{1,5}|[A-Ha-h])[.)]?\s+")
_RULE = re.compile(r"^[=\-_~*\s]{3,}$")
_YEAR = re.compile(r"(?<![\d/.-])(?:1[5-9]\d\d|20\d\d)(?!\d)|\b(?:n\.\s?d|s\.\s?f|o\.\s?J|s\.\s?d)\.")
_BRACKET_YEAR = r"\((?:c\.\s*)?(?:1[5-9]\d\d|20\d\d)[a-z]?(?:[,/\u2013-][^()]{0,25})?\)"
_FEATURES = re.compile(
    "|".join((
        _BRACKET_YEAR,
        r"\((?:n\.\s?d|s\.\s?f|o\.\s?J|s\.\s?d)\.\)",
        r"[,.:]\s*(?:1[5-9]\d\d|20\d\d)[a-z]?[.,:;](?:\s|$)",  # ", 1998." "O. 1996." "(Hrsg.): 1992,"
        r"\b(?:pp?|S|S\.\s?S|p[aá]gs?|Bd|Bde|Jg|Heft|Nr|[Vv]ol|[Nn]o|[Nn]um|[Tt])\.\s*\d",
        r"\b\d{1,4}\s*\(\d{1,4}\)\s*[,:]\s*\d",  # APA volume(issue), pages
        r"\bdoi\b|https?://|\bwww\.|\bISBN\b|\[Online\]|\[Internet\]",
        r"\((?:[Ee]ds?|[Hh]rsg|[ÉéEe]ds?|[Cc]oords?|[Cc]omps?|[Dd]irs?|[Tt]rad|[Tt]rans)\.[^()]{0,40}\)",
        r"\b(?:[Ee]d(?:ited)? by|[Hh]rsg\.|In:|[Tt]rans\.|[Tt]rad\.|[Üü]bers\.|\d+(?:st|nd|rd|th) ed\.)",
        r"\b(?:Press|UP|University|Universit[äa]t|Verlag|Editorial|Editores|[ÉE]ditions|Publishers?"
        r"|Publishing|Books|Ediciones|Editore|Editori|Uitgeverij|Forlag|F[öo]rlag)\b",
        r"\b[A-Z][^\W\d_]+(?:[ -](?:am|an|der|upon|on|de|del|sur)?\s?[A-Z]?[^\W\d_]+){0,3}"
        r"\s?:\s?[A-Z][^\W\d_][^.;:()]{0,60}?,?\s(?:1[5-9]\d\d|20\d\d)\b",  # City: Publisher, 1996
        r"[\"\u201c\u201e\u00ab][^\"\u201c\u201d\u201e\u00ab\u00bb]{3,300}[\"\u201d\u201c\u00bb]",
        r"\b(?:Retrieved|Accessed|Available|Abgerufen|Zugriff|Consultado|Consult[ée]|Recuperado)\b",
        r"\bet al\.",
    ))
)
_PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "du", "da", "das", "di", "del", "della", "des", "la", "le", "y",
    "e", "ten", "ter", "zu", "bin", "ibn", "al", "el", "and", "und", "et", "&", "of", "for", "the",
    "für", "u.", "al.", "et al.",
})
_INITIAL = re.compile(r"^(?:[^\W\d_]{1,2}\.[-\u2010]?)+[,:;]?$")
_MAX_LEAD_TOKENS = 8
_MAX_HEADING_CHARS = 60
_MAX_HEADING_SPACES = 4  # as many as "## 2.1 Quellen- und Literaturverzeichnis:" has
_LEAD_YEAR = re.compile(_BRACKET_YEAR + r"|\((?:n\.\s?d|s\.\s?f|o\.\s?J|s\.\s?d)\.\)")
_OPENERS = frozenset({
    "however", "therefore", "moreover", "furthermore", "thus", "yet", "but", "and", "also", "still", "then",
    "when", "while", "after", "before", "although", "meanwhile", "nevertheless", "indeed", "in", "on",
    "at", "by", "for", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "there",
    "here", "as", "if", "so", "historians", "scholars",
})


@dataclass(frozen=True, slots=True)
class _Block:
    start: int
    end: int
    text: str
    heading: bool
    after_blank: bool


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.casefold().split())


def is_heading(line: str) -> bool:
    """Whether ``line`` is only a reference-list title (markdown ``#``, ``**``, numbering, colon allowed).

    Example:
        >>> is_heading("## 7. Works Cited:"), is_heading("References to the war appear in 1917.")
        (True, False)
    """
    name = line.strip()
    if not name or len(name) > _MAX_HEADING_CHARS or name.count(" ") > _MAX_HEADING_SPACES:
        return False
    name = name.lstrip("#").strip().strip("*_").strip()
    name = _HEADING_NUMBER.sub("", name).rstrip(":").strip().strip("*_").strip()
    return _fold(name) in HEADINGS


def _token_is_name(token: str, first: bool) -> bool:
    bare = token.rstrip(",.:;")
    if not bare:
        return False
    if _INITIAL.match(token):
        return True
    if not first and token.casefold() in _PARTICLES:
        return True
    head = bare[0]
    return head.isupper() and all(c.isalpha() or c in "-'\u2019." for c in bare)


def author_lead(text: str) -> bool:
    """Whether ``text`` starts like a citation's author part: names up to a comma or colon followed
    by a capitalised name, an initial or a quoted title (``Figes, O.``, ``Figes, Orlando.``,
    ``O. Figes, A People's...``, ``Altrichter, Helmut:``), or names followed by a year in brackets
    (``World Health Organization (2020)``). Prose has lower-case words or a sentence opener in its lead.

    Example:
        >>> author_lead("Figes, O. (1996). A people's tragedy.")
        True
        >>> author_lead("Historians such as Figes (1996) and Pipes (1990) disagree.")
        False
    """
    tokens = text[:400].split()
    if not tokens or tokens[0].rstrip(",.:;").casefold() in _OPENERS:
        return False
    for k, token in enumerate(tokens[:_MAX_LEAD_TOKENS]):
        if k > 0 and _LEAD_YEAR.match(" ".join(tokens[k:k + 3])):
            return True
        if not _token_is_name(token, k == 0):
            return False
        if token.endswith((",", ":")):
            following = tokens[k + 1] if k + 1 < len(tokens) else ""
            return bool(following) and (following[0].isupper() or following[0] in "\"\u201c\u00ab"
                                        or bool(_LEAD_YEAR.match(following)))
    return False


def is_citation(text: str) -> bool:
    """Whether a block of text is shaped like one bibliography entry (see the module's rules).

    Example:
        >>> is_citation("Pipes, R. (1990). The Russian Revolution. Alfred A. Knopf.")
        True
        >>> is_citation("Pipes, a historian, wrote about the revolution in 1990.")
        False
    """
    if len(text) > MAX_ENTRY_CHARS:
        return False
    words = text.split()
    if not 3 <= len(words) <= MAX_ENTRY_WORDS:
        return False
    body = _MARKER.sub("", text.strip(), count=1)
    numbered = body != text.strip()
    if not _YEAR.search(body):
        return False
    lead = author_lead(body)
    if not (lead or numbered) or _lower_run(words) > MAX_LOWER_RUN:
        return False
    needed = 1 if lead else 2
    return any(k + 1 >= needed for k, _ in enumerate(_FEATURES.finditer(body)))


def _lower_run(words: Sequence[str]) -> int:
    """The longest run of consecutive lower-case words (tokens without letters are skipped)."""
    longest = run = 0
    for word in words:
        letter = next((c for c in word if c.isalpha()), "")
        if not letter:
            continue
        run = run + 1 if letter.islower() else 0
        longest = max(longest, run)
    return longest


def _starts_entry(line: str) -> bool:
    return bool(_MARKER.match(line)) or author_lead(line)


def _blocks(text: str) -> list[_Block]:
    """The text cut into headings and blocks (see the module's rules), in order."""
    blocks: list[_Block] = []
    current: list[tuple[int, int]] = []
    blank = True

    def close() -> None:
        if current:
            start, end = current[0][0], current[-1][1]
            joined = " ".join(text[a:b] for a, b in current)
            blocks.append(_Block(start, end, joined, False, blank_before))
            current.clear()

    blank_before = True
    offset = 0
    for line in text.splitlines(keepends=True):
        begin, stripped = offset, line.strip()
        offset += len(line)
        if not stripped:
            close()
            blank = True
            continue
        start = begin + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        if is_heading(stripped):
            close()
            blocks.append(_Block(start, end, stripped, True, blank))
        elif _RULE.match(stripped) and blocks and blocks[-1].heading and not current:
            pass  # a setext underline (=== or ---) below a heading
        else:
            if current and _starts_entry(stripped):
                close()
            if not current:
                blank_before = blank
            current.append((start, end))
        blank = False
    close()
    return blocks


def _run(blocks: Sequence[_Block], first: int, cited: Callable[[int], bool]) -> int:
    """Index past the last block of the citation-shaped run starting at ``first`` (a wrapped entry
    cut in two by a line that looked like an entry start is joined back when that makes a citation)."""
    k = first
    while k < len(blocks) and not blocks[k].heading:
        wrapped = k > first and not blocks[k].after_blank
        if not cited(k) and not (wrapped and is_citation(f"{blocks[k - 1].text} {blocks[k].text}")):
            break
        k += 1
    return k


def find_reference_lists(text: str) -> tuple[Span, ...]:
    """Spans of ``text`` that are reference lists (heading included), in order, disjoint.

    Example:
        >>> text = ("Lenin returned in April.\\n\\nReferences\\n"
        ...         "Service, R. (2000). Lenin: A biography. Macmillan.\\n")
        >>> [text[s.start:s.end] for s in find_reference_lists(text)]
        ['References\\nService, R. (2000). Lenin: A biography. Macmillan.']
    """
    blocks = _blocks(text)
    known: dict[int, bool] = {}

    def cited(k: int) -> bool:
        if k not in known:
            known[k] = is_citation(blocks[k].text)
        return known[k]

    found: list[Span] = []
    for k, block in enumerate(blocks):
        if block.heading:
            end = _run(blocks, k + 1, cited)
            if end > k + 1:
                found.append(Span(block.start, blocks[end - 1].end))
    first = len(blocks)
    while first > 0 and not blocks[first - 1].heading and cited(first - 1):
        first -= 1
    if len(blocks) - first >= MIN_ENTRIES_WITHOUT_HEADING:
        found.append(Span(blocks[first].start, blocks[-1].end))
    merged: list[Span] = []
    for span in sorted(found):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return tuple(merged)


def inside_share(span: Span, lists: Sequence[Span]) -> float:
    """Share of the characters of ``span`` inside ``lists`` (disjoint spans)."""
    if len(span) == 0:
        return 0.0
    return sum(max(0, min(span.end, s.end) - max(span.start, s.start)) for s in lists) / len(span)


def in_reference_list(span: Span, lists: Sequence[Span]) -> bool:
    """Whether ``span`` lies (almost, :data:`REFERENCE_MIN_SHARE`) entirely inside reference lists."""
    return len(span) > 0 and inside_share(span, lists) >= REFERENCE_MIN_SHARE


def _word_range(text: NormalizedText, span: Span) -> tuple[int, int]:
    starts = text.to_original[text.word_starts]
    return (int(np.searchsorted(starts, span.start, side="left")),
            int(np.searchsorted(starts, span.end, side="left")))


def _cuts(text: NormalizedText, span: Span, lists: Sequence[Span]) -> list[int]:
    """Word offsets (from the span's first word) where the span enters or leaves a reference list."""
    lo, hi = _word_range(text, span)
    starts = text.to_original[text.word_starts]
    cuts = set()
    for ref in lists:
        for edge in (ref.start, ref.end):
            if span.start < edge < span.end:
                k = int(np.searchsorted(starts, edge, side="left")) - lo
                if 0 < k < hi - lo:
                    cuts.add(k)
    return sorted(cuts)


def _kept(cuts: list[int], words: int) -> list[int]:
    kept: list[int] = []
    for k in cuts:
        if k - (kept[-1] if kept else 0) >= MIN_PIECE_WORDS and words - k >= MIN_PIECE_WORDS:
            kept.append(k)
    return kept


def split_at_lists(passage: Passage, left: NormalizedText, right: NormalizedText,
                   left_lists: Sequence[Span], right_lists: Sequence[Span]) -> list[Passage]:
    """``passage`` cut where a side enters or leaves a reference list, so that body text and list
    are separate passages (each piece keeps at least :data:`MIN_PIECE_WORDS` words on each side).

    The cuts come from the side whose lists the passage crosses; the other side is cut at the same
    word (exact passages) or the same share of its words (approximate ones). When both sides cross
    as many list edges, each is cut at its own. Each piece is scored again like the aligner does.
    """
    l0, l1 = _word_range(left, passage.left)
    r0, r1 = _word_range(right, passage.right)
    if l1 - l0 < 2 * MIN_PIECE_WORDS or r1 - r0 < 2 * MIN_PIECE_WORDS:
        return [passage]
    lcuts = _cuts(left, passage.left, left_lists)
    rcuts = _cuts(right, passage.right, right_lists)
    if not lcuts and not rcuts:
        return [passage]
    if len(lcuts) != len(rcuts):
        if lcuts:
            rcuts = [round(k * (r1 - r0) / (l1 - l0)) for k in lcuts]
        else:
            lcuts = [round(k * (l1 - l0) / (r1 - r0)) for k in rcuts]
    pairs = [(a, b) for a, b in zip(lcuts, rcuts, strict=True)]
    kept: list[tuple[int, int]] = []
    for a, b in pairs:
        last_a, last_b = kept[-1] if kept else (0, 0)
        if (_kept([a - last_a], l1 - l0 - last_a) and _kept([b - last_b], r1 - r0 - last_b)):
            kept.append((a, b))
    if not kept:
        return [passage]
    lwords, rwords = left.words, right.words
    bounds = [(0, 0), *kept, (l1 - l0, r1 - r0)]
    pieces = []
    for (a0, b0), (a1, b1) in itertools.pairwise(bounds):
        ltext, rtext = " ".join(lwords[l0 + a0:l0 + a1]), " ".join(rwords[r0 + b0:r0 + b1])
        pieces.append(Passage(
            left=Span(passage.left.start if a0 == 0 else left.word_span(l0 + a0, l0 + a1).start,
                      passage.left.end if a1 == l1 - l0 else left.word_span(l0 + a0, l0 + a1).end),
            right=Span(passage.right.start if b0 == 0 else right.word_span(r0 + b0, r0 + b1).start,
                       passage.right.end if b1 == r1 - r0 else right.word_span(r0 + b0, r0 + b1).end),
            score=round(float(Indel.normalized_similarity(ltext, rtext)), 4),
            kind="exact" if ltext == rtext else "approximate",
            left_words=a1 - a0,
            right_words=b1 - b0,
            left_quoted=passage.left_quoted,
            right_quoted=passage.right_quoted,
        ))
    return pieces


__all__ = [
    "HEADINGS",
    "MAX_ENTRY_WORDS",
    "MIN_ENTRIES_WITHOUT_HEADING",
    "MIN_PIECE_WORDS",
    "REFERENCE_MIN_SHARE",
    "author_lead",
    "find_reference_lists",
    "in_reference_list",
    "inside_share",
    "is_citation",
    "is_heading",
    "split_at_lists",
]
