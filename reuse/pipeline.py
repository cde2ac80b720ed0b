"""The composer: extract -> normalise -> index -> candidates -> align -> score.

:func:`check` is what ``reuse check`` runs. It never prints; progress goes to an optional
callback, and per-file problems are collected in :attr:`CheckResult.errors`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reuse.align import align
from reuse.chrome import subtract
from reuse.extract import Budget, load_documents
from reuse.index import IndexParams, WindowIndex, add_documents, index_info, open_index
from reuse.model import (
    Document,
    DocumentKind,
    DocumentScore,
    FileError,
    Flag,
    InputFile,
    PairResult,
    Passage,
    Span,
)
from reuse.normalize import NormalizedText, normalize
from reuse.quotes import find_quotations, is_quoted
from reuse.score import covered_words, document_score, pair_result
from reuse.settings import AlignOptions, Settings

Progress = Callable[[str, int, int], None]
TEMPLATE_MIN_WORDS = 6
TEMPLATE_ORDERED_OFF = 2.0
"""``ordered_fragment_share`` for template matching: above 1, so the word-order test is off (a
six-word quote with most of its words in order proves little, and template text is never
checked for reuse)."""
SQLITE_MAGIC = b"SQLite format 3\x00"
QUOTED_SHARE_CAP = 0.3
"""A submission with more than this share of its words inside quotation marks gets a ``quoted_share``
flag (CONVENTIONS: quote marks round copied text are a known trick to hide it from quote exclusion)."""


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

    def document(self, doc_id: str) -> Document:
        """The document with this id."""
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def submission_indexes(self) -> dict[str, float]:
        """Similarity index of every submission, by id."""
        kinds = {d.id: d.kind for d in self.documents}
        return {s.id: s.similarity_index for s in self.scores if kinds.get(s.id) == "submission"}

    def is_finding(self, pair: PairResult) -> bool:
        """Whether ``pair`` is a finding under ``settings.fail_on`` (see :func:`is_finding`)."""
        return is_finding(pair, self.settings, submission_index=self.submission_indexes())

    def findings(self) -> list[PairResult]:
        """Pairs that are findings under ``settings.fail_on`` (see :func:`is_finding`)."""
        indexes = self.submission_indexes()
        return [p for p in self.pairs if is_finding(p, self.settings, submission_index=indexes)]


def is_finding(pair: PairResult, settings: Settings, *,
               submission_index: Mapping[str, float] | None = None) -> bool:
    """Whether a pair is a finding.

    With ``settings.fail_on == "pair"`` (the default): its larger coverage reaches ``fail_above``.
    With ``"index"``: one of its sides is a submission whose similarity index (looked up in
    ``submission_index``, submission id -> index) reaches ``fail_above``. Without that mapping
    the pair rule is used, so callers that only know the pair stay correct in the default mode.
    """
    if not pair.passages:
        return False
    if settings.exclude_quotes and all(p.left_quoted and p.right_quoted for p in pair.passages):
        return False  # every passage is quoted: nothing of it counts
    if settings.fail_on == "index" and submission_index is not None:
        return any(submission_index.get(side, 0.0) >= settings.fail_above for side in (pair.left, pair.right))
    return pair.coverage >= settings.fail_above


def same_team(left: Document, right: Document) -> bool:
    """Whether two submissions belong to one team (an older Moodle team export gives each member a copy).

    Such pairs are never aligned, like two documents of one author. Only submissions count: a source
    (last year's export, say) whose group has the same name is compared as any other source. A team
    is its name within one export (:func:`team_export`): ``Group 1`` of two sections' exports given
    together are two teams, whose work is compared.
    """
    return (
        bool(left.team)
        and left.team == right.team
        and left.kind == right.kind == "submission"
        and team_export(left) == team_export(right)
    )


def team_export(doc: Document) -> str:
    """The export a team member's document came from: its path up to the member's own folder (or
    file, in a flat export), whose name starts with ``{team}-``; the document's folder if none does."""
    parts = doc.path.split("/")
    for k, part in enumerate(parts):
        if doc.team and part.startswith(f"{doc.team}-"):
            return "/".join(parts[:k])
    return "/".join(parts[:-1])


def is_index_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a source index: an existing SQLite file or a ``redis://`` URL."""
    if isinstance(path, str) and path.startswith(("redis://", "rediss://")):
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _load(paths: Iterable[str | os.PathLike[str]], kind: DocumentKind, settings: Settings,
          errors: list[FileError], *, jobs: int | None = None, id_pattern: str | None = None,
          roster: str | os.PathLike[str] | None = None, budget: Budget | None = None) -> list[Document]:
    """Extract ``paths``; identity options (``id_pattern``, ``roster``) apply to submissions only."""
    if kind != "submission":
        id_pattern = roster = None
    docs, problems = load_documents(paths, kind=kind, strip_chrome=settings.strip_chrome, jobs=jobs,
                                    id_pattern=id_pattern, roster=roster, limits=settings.limits,
                                    budget=budget or Budget(settings.limits))
    errors.extend(problems)
    return docs


def _without_templates(
    doc: Document, templates: Sequence[NormalizedText], align_options: AlignOptions
) -> Document:
    """The document with text matching a template moved from its content to ``template``."""
    if not templates:
        return doc
    text = normalize(doc.text, doc.content)
    # short template quotes: the word-order test says little over a few words, so it is off
    options = dataclasses.replace(
        align_options, min_words=TEMPLATE_MIN_WORDS, ordered_fragment_share=TEMPLATE_ORDERED_OFF
    )
    found = sorted(p.left for template in templates for p in align(text, template, options))
    if not found:
        return doc
    return dataclasses.replace(doc, content=tuple(subtract(list(doc.content), found)), template=tuple(found))


def _with_quotations(doc: Document, text: NormalizedText) -> Document:
    """A submission with its quotations, and a ``quoted_share`` flag when they hold too many of its words."""
    quotations = find_quotations(doc.text)
    if not quotations:
        return doc
    mask = covered_words(text, quotations)
    share = float(mask.mean()) if mask.size else 0.0
    flags = doc.flags
    if share > QUOTED_SHARE_CAP:
        inside = [q for q in quotations if covered_words(text, [q]).any()]
        message = (f"{share:.0%} of the words are inside quotation marks ({len(inside)} quotation"
                   f"{'s' if len(inside) != 1 else ''}; more than {QUOTED_SHARE_CAP:.0%} is unusual)")
        flags = (*flags, Flag("quoted_share", message, tuple(inside), len(inside)))
    return dataclasses.replace(doc, quotations=quotations, flags=flags)


def _mark_quoted(passage: Passage, left: Document, right: Document) -> Passage:
    """``passage`` with each submission side marked quoted when it lies inside that submission's
    quotations; the side in a source (or template) is quoted when the submission's side is."""
    left_quoted = left.kind == "submission" and is_quoted(passage.left, left.quotations)
    right_quoted = right.kind == "submission" and is_quoted(passage.right, right.quotations)
    if left.kind != "submission":
        left_quoted = right_quoted
    if right.kind != "submission":
        right_quoted = left_quoted
    if not (left_quoted or right_quoted):
        return passage
    return dataclasses.replace(passage, left_quoted=left_quoted, right_quoted=right_quoted)


def _twins(texts: Mapping[str, NormalizedText]) -> dict[str, list[str]]:
    """Normalised text -> the ids of the documents that have it, for texts held by two or more."""
    groups: dict[str, list[str]] = {}
    for doc_id, text in texts.items():
        groups.setdefault(text.text, []).append(doc_id)
    return {text: ids for text, ids in groups.items() if len(ids) > 1}


def check(submissions: Sequence[str | os.PathLike[str]], *, sources: Sequence[str | os.PathLike[str]] = (),
          templates: Sequence[str | os.PathLike[str]] = (), settings: Settings | None = None,
          progress: Progress | None = None, jobs: int | None = None, id_pattern: str | None = None,
          roster: str | os.PathLike[str] | None = None) -> CheckResult:
    """Compare every submission with every other one and with every source.

    Two documents of one author are never paired, nor two submissions of one team (:func:`same_team`).

    Args:
        submissions: files or folders of submissions.
        sources: files or folders of source texts, or SQLite index files built with
            ``reuse index build``.
        templates: files whose text is never counted as reuse (assignment prompt, starter text).
        settings: every parameter; defaults if ``None``.
        progress: called as ``progress(stage, done, total)``.
        jobs: extraction worker processes (``None``: one per CPU; ``1``: no pool).
        id_pattern: regex with a named group ``student`` that finds the author in a submission's
            path (overrides the LMS layout detection).
        roster: CSV file mapping student ids found in paths to names (``Document.author``).

    Returns:
        The documents, scored pairs (largest coverage first) and per-file errors.

    Raises:
        SourceIndexError: a source index cannot be opened.
        IndexMismatchError: a source index was built with other fingerprint parameters.
        ConfigError: an invalid ``id_pattern`` or an unreadable ``roster``.
    """
    settings = settings or Settings()
    report: Progress = progress or (lambda stage, done, total: None)
    errors: list[FileError] = []
    params = IndexParams.from_options(settings.fingerprint)
    index_files = [s if isinstance(s, str) and "://" in s else Path(s) for s in sources if is_index_file(s)]
    source_paths = [s for s in sources if not is_index_file(s)]
    opened = [open_index(path, params=params) for path in index_files]

    loading: dict[str, Any] = {"jobs": jobs, "id_pattern": id_pattern, "roster": roster,
                               "budget": Budget(settings.limits)}  # the run caps span all three kinds
    template_docs = _load(templates, "template", settings, errors, **loading)
    template_texts = [normalize(t.text, t.content) for t in template_docs]
    subs = [_without_templates(d, template_texts, settings.align)
            for d in _load(submissions, "submission", settings, errors, **loading)]
    srcs = _load(source_paths, "source", settings, errors, **loading)
    report("extract", 1, 1)

    texts: dict[str, NormalizedText] = {}
    docs: dict[str, Document] = {}
    local = WindowIndex(params)
    for doc in [*subs, *srcs]:
        if doc.id in docs:
            continue
        texts[doc.id] = normalize(doc.text, doc.content)
        if doc.kind == "submission":
            doc = _with_quotations(doc, texts[doc.id])
        docs[doc.id] = doc
        local.add(doc, texts[doc.id])
    report("index", 1, 1)

    wanted: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    order = {doc.id: k for k, doc in enumerate([*subs, *srcs])}
    twins = _twins(texts)
    for k, sub in enumerate(subs):
        for index in [local, *opened]:
            found = [cand.source_id for cand in index.query(sub.id, texts[sub.id])]
            if index is local:  # identical texts are a pair even when LSH skips their (repetitive) windows
                found += [t for t in twins.get(texts[sub.id].text, ()) if t != sub.id and t not in found]
            for other in found:
                if other not in docs:
                    docs[other] = index.store.document(other)
                    texts[other] = normalize(docs[other].text, docs[other].content)
                    order[other] = len(order)
                if sub.author and docs[other].author == sub.author and docs[other].kind == "submission":
                    continue  # one student's own files (drafts, several parts) are not reuse; their
                    # earlier work given as a source is compared: reusing it is for the teacher to judge
                if same_team(sub, docs[other]):
                    continue  # team-mates' copies of their team's submission are not reuse either
                key = (sub.id, other) if order[sub.id] <= order[other] else (other, sub.id)
                if key not in seen:
                    seen.add(key)
                    wanted.append(key)
        report("candidates", k + 1, len(subs))

    pairs = []
    for k, (left, right) in enumerate(wanted):
        passages = [_mark_quoted(p, docs[left], docs[right])
                    for p in align(texts[left], texts[right], settings.align)]
        if passages:
            pairs.append(pair_result(left, right, texts[left], texts[right], passages,
                                     exclude_quotes=settings.exclude_quotes))
        report("align", k + 1, len(wanted))
    pairs.sort(key=lambda p: (-p.coverage, -p.longest_words, p.left, p.right))

    involved = [
        d for d in docs.values() if d.kind == "submission" or any(d.id in (p.left, p.right) for p in pairs)
    ]
    scores = tuple(
        document_score(d.id, texts[d.id], pairs, exclude_quotes=settings.exclude_quotes,
                       quotations=d.quotations)
        for d in involved
    )
    return CheckResult(
        settings=settings,
        documents=tuple([*template_docs, *involved]),
        scores=scores,
        pairs=tuple(pairs),
        errors=tuple(errors),
        index=index_info(opened[0]) if opened else None,
        words={d.id: texts[d.id].word_count for d in involved},
        inputs=tuple(
            InputFile(d.path, d.kind, d.sha256, d.extraction) for d in [*template_docs, *subs, *srcs]
        ),
    )


def build_index(path: Path | str, inputs: Sequence[str | os.PathLike[str]], *,
                settings: Settings | None = None, create: bool) -> tuple[WindowIndex, int, list[FileError]]:
    """Create (``create=True``) or extend a source index (a SQLite file, or a ``redis://`` URL) with texts.

    All documents are added in one transaction: if anything fails, the index keeps its last
    committed state. Documents already in the index (same id) are reported as errors.
    """
    settings = settings or Settings()
    params = IndexParams.from_options(settings.fingerprint)
    index = open_index(path, params=params, create=create)
    errors: list[FileError] = []
    docs = _load(inputs, "source", settings, errors)
    fresh = []
    for doc in docs:
        if index.store.has_document(doc.id):
            errors.append(FileError(doc.path, "already in the index", "nothing to do"))
        else:
            fresh.append(doc)
    added = add_documents(index, ((d, normalize(d.text, d.content)) for d in fresh))
    return index, added, errors


__all__ = [
    "CheckResult", "Span", "build_index", "check", "is_finding", "is_index_file", "same_team", "team_export"
]
