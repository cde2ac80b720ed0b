"""Value types shared by every stage.

Glossary (the same words are used in the code, the JSON result and the README):

- *document*: one extracted text (a submission, a source or a template), identified by ``id``.
- *source*: a reference document (web page, earlier essay) that submissions are compared with.
- *span*: a half-open ``[start, end)`` range of character offsets (code points) into the
  original decoded text of a document. Every span that leaves the library is of this kind.
- *passage*: a pair of spans, one in each document, that the aligner verified as shared text.
- *pair*: two documents with the passages they share (``left``/``right`` sides).
- *flag*: an evasion finding (homoglyphs, invisible characters, hidden text), or a share of
  quoted text (or of reference-list text) above the cap, reported apart from the similarity score.
- *quotation*: a span of a submission between visible quotation marks (:mod:`reuse.text.quotes`); a
  passage side that lies in one is *quoted* (honest use of a source, unless the teacher thinks not).
- *reference list*: a span of a submission that is its bibliography (:mod:`reuse.text.references`); a
  passage in one is a *reference* passage, not counted unless the teacher asks (a shared reading list
  is not reuse).
- *file error*: a per-file problem (unreadable, empty, binary...) collected, never raised, so
  that one bad file does not stop a class (:class:`FileError`, defined in :mod:`reuse.errors`).
- *finding*: a pair the finding rule accepts under the run's settings (:func:`finding_reasons`, written
  here and only here; :mod:`reuse.report.gate` adds rule ids, fingerprints and the baseline).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from reuse.errors import FileError as FileError  # defined with the exceptions that carry it
from reuse.settings import Settings

DocumentKind = Literal["submission", "source", "template"]
FlagKind = Literal[
    "homoglyphs", "invisible_characters", "unusual_spaces", "hidden_text", "quoted_share", "reference_share",
    "other", "control_characters",
]
PassageKind = Literal["exact", "approximate"]
FindingReason = Literal["coverage", "long_passage"]
"""Why a pair is a finding (:func:`finding_reasons`)."""


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` into a document's original text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            msg = f"invalid span [{self.start}, {self.end}): need 0 <= start <= end"
            raise ValueError(msg)

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        """Whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Passage:
    """A verified shared passage: ``left`` and ``right`` are spans into the two originals.

    ``score`` is a similarity in ``[0, 1]`` between the two normalised passages
    (1.0 means identical once case, punctuation and whitespace are folded).
    ``left_words`` / ``right_words`` count the words inside each span.
    ``left_quoted`` / ``right_quoted``: that side lies (almost) entirely inside quotation marks
    the student typed (set by the pipeline after alignment; a source's side is quoted when the
    submission's side is). With ``Settings.exclude_quotes`` a quoted side is not counted.
    ``left_reference`` / ``right_reference``: that side lies (almost) entirely inside a reference list
    of its document (:mod:`reuse.text.references`; set by the pipeline, only submissions have lists). Unless
    ``Settings.include_references``, a passage with either (:attr:`reference`) counts on neither side.
    """

    left: Span
    right: Span
    score: float
    kind: PassageKind
    left_words: int
    right_words: int
    left_quoted: bool = False
    right_quoted: bool = False
    left_reference: bool = False
    right_reference: bool = False

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            msg = f"passage score {self.score} is outside [0, 1]"
            raise ValueError(msg)

    def swapped(self) -> Passage:
        """The same passage seen from the other side."""
        return Passage(
            left=self.right,
            right=self.left,
            score=self.score,
            kind=self.kind,
            left_words=self.right_words,
            right_words=self.left_words,
            left_quoted=self.right_quoted,
            right_quoted=self.left_quoted,
            left_reference=self.right_reference,
            right_reference=self.left_reference,
        )

    @property
    def quoted(self) -> bool:
        """Whether a side of the passage is quoted (the label a report shows)."""
        return self.left_quoted or self.right_quoted

    @property
    def reference(self) -> bool:
        """Whether a side of the passage lies in its document's reference list: the passage is then
        citations of the same works (a shared reading list), on both sides."""
        return self.left_reference or self.right_reference


@dataclass(frozen=True, slots=True)
class Flag:
    """An evasion finding (homoglyphs, invisible characters, hidden text...), apart from the score.

    ``spans`` point into the document's original text (empty when the finding has no position
    in the extracted text, e.g. hidden DOCX runs that were left out of it).
    """

    kind: FlagKind
    message: str
    spans: tuple[Span, ...] = ()
    count: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """An extracted document.

    ``text`` is the original decoded text every span points into. ``content`` lists the spans
    of ``text`` that take part in matching (page chrome and template text are left out);
    ``template`` lists the spans found to be template text (assignment prompt, starter text).
    ``flags`` are evasion findings; ``author`` is the student identity recovered from an LMS
    export's naming scheme or a roster (empty when unknown). From the export's naming scheme too
    (see :mod:`reuse.ingest.lms`), for display: ``team`` is the student's group in an older Moodle team
    export (two submissions of one team are never paired); ``original`` the name the student gave
    the file (Canvas's ``-N`` re-upload suffix dropped); ``late`` whether Canvas marked the
    submission late. None of the three ever changes a score. ``quotations`` lists a submission's
    spans between visible quotation marks (:func:`reuse.text.quotes.find_quotations`; empty for others);
    ``references`` its reference lists (:func:`reuse.text.references.find_reference_lists`; empty for others).
    ``url`` is where a source came from (a WARC record's target URI, a saved page's canonical URL;
    empty when unknown) and ``retrieved`` when it was captured (ISO 8601, a WARC record's date; empty
    when unknown); the reports show them beside the source's name.
    """

    id: str
    path: str
    kind: DocumentKind
    text: str
    content: tuple[Span, ...]
    sha256: str
    extraction: str = "text"
    template: tuple[Span, ...] = ()
    flags: tuple[Flag, ...] = ()
    author: str = ""
    team: str = ""
    original: str = ""
    late: bool = False
    quotations: tuple[Span, ...] = ()
    references: tuple[Span, ...] = ()
    url: str = ""
    retrieved: str = ""

    @property
    def characters(self) -> int:
        """Length of the original text in code points."""
        return len(self.text)


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file that was read, for provenance (also the sources that matched nothing)."""

    path: str
    kind: DocumentKind
    sha256: str
    extraction: str


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file left out on purpose, not an error: operating-system junk (``.DS_Store``, ``Thumbs.db``,
    ``desktop.ini``, ``__MACOSX/``) and hidden files or folders (names starting with ``.``) inside a
    folder or zip. Listed in every result so that every file is accounted for; never makes a run fail."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class PairResult:
    """Two documents and the passages they share, with the scores a teacher reads."""

    left: str
    right: str
    passages: tuple[Passage, ...]
    left_coverage: float
    right_coverage: float
    longest_words: int
    score: float = 0.0
    """The pair score (:func:`reuse.align.score.pair_score`): the share of the shorter text explained
    by the other, each word weighted by its passage's similarity; pairs are ranked by it."""

    @property
    def coverage(self) -> float:
        """The larger of the two coverages: how much of either text is shared."""
        return max(self.left_coverage, self.right_coverage)


@dataclass(frozen=True, slots=True)
class SourceShare:
    """How much of a submission one counterpart (source or peer) accounts for."""

    document: str
    share: float


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """Per-document figures: word count, Turnitin-style similarity index, and ``quoted_share``, the
    share of the words inside quotation marks (a submission's; 0 for other documents)."""

    id: str
    words: int
    similarity_index: float
    breakdown: tuple[SourceShare, ...] = field(default_factory=tuple)
    quoted_share: float = 0.0


NEAR_EXACT_SCORE = 0.9
"""A passage scoring this much (normalised Indel similarity) is near-exact: a copy with a few words
changed. Such a passage of ``fail_passage_words`` words or more is a finding on its own."""

def is_finding(pair: PairResult, settings: Settings, *,
               submission_index: Mapping[str, float] | None = None) -> bool:
    """Whether a pair is a finding: :func:`finding_reasons` gives at least one reason."""
    return bool(finding_reasons(pair, settings, submission_index=submission_index))


def counted_passages(pair: PairResult, settings: Settings) -> tuple[Passage, ...]:
    """The passages of ``pair`` that can make it a finding: all of them, except, with
    ``settings.exclude_quotes``, those quoted on both sides (the student's side is quoted), and,
    unless ``settings.include_references``, those in a submission's reference list."""
    return tuple(
        p for p in pair.passages
        if not (settings.exclude_quotes and p.left_quoted and p.right_quoted)
        and (settings.include_references or not p.reference)
    )


def long_passage(pair: PairResult, settings: Settings) -> Passage | None:
    """The longest counted passage of ``pair`` that is exact or near-exact (``kind`` ``exact``, or
    a score of at least ``NEAR_EXACT_SCORE``) with ``settings.fail_passage_words`` words or more
    on its shorter side; ``None`` when there is none or the rule is off (0).

    A passage quoted on both sides (a student's quotation, :mod:`reuse.text.quotes`) never counts here,
    even with ``exclude_quotes`` off: a long quotation in marks is how honest essays cite. It still
    counts in the coverage, which catches quoting at excessive length.
    """
    if settings.fail_passage_words <= 0:
        return None
    long = [
        p for p in counted_passages(pair, settings)
        if min(p.left_words, p.right_words) >= settings.fail_passage_words
        and (p.kind == "exact" or p.score >= NEAR_EXACT_SCORE)
        and not (p.left_quoted and p.right_quoted)
    ]
    return max(long, key=lambda p: (min(p.left_words, p.right_words), -p.left.start), default=None)


def finding_reasons(pair: PairResult, settings: Settings, *,
                    submission_index: Mapping[str, float] | None = None) -> tuple[FindingReason, ...]:
    """Why a pair is a finding, in this order (empty when it is not one); the one place the rule
    is written, which the gate, every report and the exit status use.

    - ``"coverage"``: with ``settings.fail_on == "pair"`` (the default) its larger coverage reaches
      ``fail_above``; with ``"index"``, one of its sides is a submission whose similarity index
      (looked up in ``submission_index``, submission id -> index) reaches ``fail_above``. Without
      that mapping the pair rule is used, so callers that only know the pair stay correct in the
      default mode.
    - ``"long_passage"``: it has an exact or near-exact passage of ``fail_passage_words`` words or
      more (:func:`long_passage`), whatever the coverage or index.

    A pair with no counted passage (:func:`counted_passages`) is never a finding.
    """
    if not counted_passages(pair, settings):
        return ()  # e.g. every passage is quoted: nothing of it counts
    reasons: list[FindingReason] = []
    if settings.fail_on == "index" and submission_index is not None:
        if any(submission_index.get(side, 0.0) >= settings.fail_above for side in (pair.left, pair.right)):
            reasons.append("coverage")
    elif pair.coverage >= settings.fail_above:
        reasons.append("coverage")
    if long_passage(pair, settings) is not None:
        reasons.append("long_passage")
    return tuple(reasons)


def fails_side(side: str, reasons: Sequence[FindingReason], settings: Settings, *,
               submission_index: Mapping[str, float]) -> bool:
    """Whether the submission ``side`` of a finding with ``reasons`` fails the gate: always under
    ``fail_on == "pair"`` or for a long passage; under ``"index"`` for coverage only when its own
    similarity index reaches ``fail_above``."""
    if settings.fail_on == "pair" or "long_passage" in reasons:
        return bool(reasons)
    return submission_index.get(side, 0.0) >= settings.fail_above


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Everything a run found: the JSON result and every report are views of this."""

    settings: Settings
    documents: tuple[Document, ...]
    scores: tuple[DocumentScore, ...]
    pairs: tuple[PairResult, ...]
    errors: tuple[FileError, ...]
    index: dict[str, Any] | None = None
    words: dict[str, int] = field(default_factory=dict)
    inputs: tuple[InputFile, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()  # OS junk and hidden files left out of named folders and zips

    index_documents: int = 0
    """Documents in the source indexes the submissions were checked against (all indexes)."""

    compared_pairs: int | None = None
    """Pairs of documents the run compared word by word (aligned): the candidate pairs (those that
    share fingerprinted text or, for short texts, content words) that :func:`reuse.pairing.comparable`
    allows. ``pairs`` are the ones of them with a passage. ``None``: from a result saved before 1.6."""

    anonymised: bool = False
    """Every student identity is a pseudonym (:func:`reuse.report.anonymise.anonymise`)."""

    by_id: dict[str, Document] = field(init=False, repr=False, compare=False)
    """:attr:`documents` by id, the first of any id listed twice (made once, for :meth:`document`)."""

    def __post_init__(self) -> None:
        found: dict[str, Document] = {}
        for doc in self.documents:
            found.setdefault(doc.id, doc)
        object.__setattr__(self, "by_id", found)

    @property
    def unchecked(self) -> tuple[FileError, ...]:
        """Files the user named (or that a named folder or zip holds) that were not checked."""
        return self.errors

    @property
    def source_files(self) -> int:
        """Source documents read from files and folders that the submissions were checked against."""
        return sum(1 for i in self.inputs if i.kind == "source")

    def document(self, doc_id: str) -> Document:
        """The document with this id (:class:`KeyError` when there is none)."""
        return self.by_id[doc_id]

    def submission_indexes(self) -> dict[str, float]:
        """Similarity index of every submission, by id."""
        kinds = {d.id: d.kind for d in self.documents}
        return {s.id: s.similarity_index for s in self.scores if kinds.get(s.id) == "submission"}

    def is_finding(self, pair: PairResult) -> bool:
        """Whether ``pair`` is a finding under ``settings.fail_on`` (see :func:`is_finding`)."""
        return is_finding(pair, self.settings, submission_index=self.submission_indexes())

    def finding_reasons(self, pair: PairResult) -> tuple[FindingReason, ...]:
        """Why ``pair`` is a finding (see :func:`finding_reasons`); empty when it is not one."""
        return finding_reasons(pair, self.settings, submission_index=self.submission_indexes())

    def findings(self) -> list[PairResult]:
        """Pairs that are findings under ``settings.fail_on`` (see :func:`is_finding`)."""
        indexes = self.submission_indexes()
        return [p for p in self.pairs if is_finding(p, self.settings, submission_index=indexes)]
