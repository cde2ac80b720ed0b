"""The composer: extract -> normalise -> index -> candidates -> align -> score.

:func:`check` is what ``reuse check`` runs. It never prints; progress goes to an optional
callback, and per-file problems are collected in :attr:`CheckResult.errors`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from reuse.align import align
from reuse.align.score import covered_words, document_score, pair_result
from reuse.errors import NoSubmissionError, SourceError, SourceIndexError
from reuse.index import (
    WRITE_WAIT_SECONDS,
    IndexParams,
    WindowIndex,
    add_documents,
    index_info,
    is_redis_url,
    open_index,
    publish_index,
    remove_staging,
    staging_file,
)
from reuse.index.join import cohort_candidates, memory_store
from reuse.ingest.chrome import subtract
from reuse.ingest.extract import Budget, load_documents
from reuse.model import (
    CheckResult,
    Document,
    DocumentKind,
    FileError,
    Flag,
    InputFile,
    PairResult,
    Passage,
    SkippedFile,
    Span,
)
from reuse.pairing import comparable
from reuse.settings import AlignOptions, Settings
from reuse.text.normalize import NormalizedText, normalize
from reuse.text.quotes import find_quotations, is_quoted
from reuse.text.references import find_reference_lists, in_reference_list, split_at_lists

Progress = Callable[[str, int, int], None]
TEMPLATE_MIN_WORDS = 6
TEMPLATE_ORDERED_OFF = 2.0
"""``ordered_fragment_share`` for template matching: above 1, so the word-order test is off (a
six-word quote with most of its words in order proves little, and template text is never
checked for reuse)."""
SQLITE_MAGIC = b"SQLite format 3\x00"
ALREADY_INDEXED = "already in the index"
"""The message of a source that :func:`build_index` skips because the index holds its id."""
INDEX_SUFFIXES = frozenset({".sqlite", ".sqlite3", ".db"})
"""A ``sources`` argument named like this is an index: it must open as one (never read as text)."""
QUOTED_SHARE_CAP = 0.3
"""A submission with more than this share of its words inside quotation marks gets a ``quoted_share``
flag (CONVENTIONS: quote marks round copied text are a known trick to hide it from quote exclusion)."""
REFERENCE_SHARE_CAP = 0.5
"""A submission with more than this share of its words in reference lists gets a ``reference_share`` flag
(text dressed up as citations would be left out of the scores; a short essay with a long reading list is
about 40 %)."""


def is_index_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a source index: a ``redis://`` URL, a file named ``*.sqlite``,
    ``*.sqlite3`` or ``*.db`` (which must then be an index: see :func:`index_location`), or a
    regular file that starts like a SQLite database."""
    if is_redis_url(path):
        return True
    where = Path(path)
    if where.suffix.lower() in INDEX_SUFFIXES and not where.is_dir():
        return True
    if not where.is_file():  # never open a FIFO or a device: it could block forever
        return False
    try:
        with open(where, "rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def index_location(path: str | os.PathLike[str]) -> str | Path:
    """A source index argument checked before it is opened: a Redis URL as it is, or a path to a
    file that starts like a SQLite database.

    Raises:
        SourceIndexError: the file is missing, not a regular file, unreadable, or not a SQLite
            database (empty, random bytes, a zip...).
    """
    if is_redis_url(path):
        return str(path)
    where = Path(path)
    build = "build one with `reuse index build INDEX_FILE SOURCES...`"
    if not where.exists():
        raise SourceIndexError(f"{where}: no such index file ({build})")
    if not where.is_file():
        raise SourceIndexError(f"{where}: not a regular file, so not an index ({build})")
    try:
        with open(where, "rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise SourceIndexError(f"{where}: cannot read the index ({error.strerror or error})") from error
    if head != SQLITE_MAGIC:
        what = ("an empty file (0 bytes)" if not head else "a zip archive" if head.startswith(b"PK")
                else "not a SQLite database")
        raise SourceIndexError(f"{where}: not a reuse index: {what} ({build})")
    return where


def _nothing_readable(arg: str | os.PathLike[str], kind: DocumentKind,
                      problems: Sequence[FileError]) -> SourceError:
    """The error for a ``sources``/``templates`` argument that gave no document."""
    name = Path(arg).as_posix()
    option = "--template" if kind == "template" else "--sources"
    if not os.path.lexists(arg):
        return SourceError(name, "no such file or folder", "check the path")
    if not problems:
        return SourceError(name, "holds no file of a supported type, so nothing to compare with",
                           "check the path")
    shown = "; ".join(f"{Path(e.path).name}: {e.message}" for e in problems[:3])
    more = f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
    return SourceError(name, f"no readable {kind} text ({len(problems)} file"
                             f"{'s' if len(problems) != 1 else ''} could not be read: {shown}{more})",
                       f"fix or remove the {option} argument")


def _load_each(paths: Iterable[str | os.PathLike[str]], kind: DocumentKind, settings: Settings,
               errors: list[FileError], *, jobs: int | None = None,
               skipped: list[SkippedFile] | None = None, budget: Budget | None = None,
               cache_dir: str | os.PathLike[str] | None = None) -> list[Document]:
    """Extract sources or templates one argument at a time: an argument that gives no document
    (missing, unreadable, nothing readable in it) raises :class:`SourceError`; the problems of an
    argument that gives some are added to ``errors`` (unchecked files)."""
    docs: list[Document] = []
    for arg in paths:
        problems: list[FileError] = []
        found = _load([arg], kind, settings, problems, jobs=jobs, skipped=skipped, budget=budget,
                      cache_dir=cache_dir)
        if not found:
            raise _nothing_readable(arg, kind, problems)
        docs.extend(found)
        errors.extend(problems)
    return docs


def _load(paths: Iterable[str | os.PathLike[str]], kind: DocumentKind, settings: Settings,
          errors: list[FileError], *, jobs: int | None = None, id_pattern: str | None = None,
          roster: str | os.PathLike[str] | None = None,
          skipped: list[SkippedFile] | None = None, budget: Budget | None = None,
          cache_dir: str | os.PathLike[str] | None = None) -> list[Document]:
    """Extract ``paths``; identity options (``id_pattern``, ``roster``) apply to submissions only."""
    if kind != "submission":
        id_pattern = roster = None
    docs, problems = load_documents(paths, kind=kind, strip_chrome=settings.strip_chrome, jobs=jobs,
                                    id_pattern=id_pattern, roster=roster, skipped=skipped,
                                    limits=settings.limits, budget=budget or Budget(settings.limits),
                                    cache_dir=cache_dir)
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


def _word_share(text: NormalizedText, spans: Sequence[Span]) -> float:
    """The share of ``text``'s words inside ``spans`` (0 for a text without words)."""
    mask = covered_words(text, spans)
    return float(mask.mean()) if mask.size else 0.0


def _with_quotations(doc: Document, text: NormalizedText) -> Document:
    """A submission with its quotations, and a ``quoted_share`` flag when they hold too many of its words."""
    quotations = find_quotations(doc.text)
    if not quotations:
        return doc
    share = _word_share(text, quotations)
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


def _with_references(doc: Document, text: NormalizedText) -> Document:
    """A submission with its reference lists (:func:`reuse.text.references.find_reference_lists`), and a
    ``reference_share`` flag when they hold too many of its words."""
    references = find_reference_lists(doc.text)
    if not references:
        return doc
    share = _word_share(text, references)
    flags = doc.flags
    if share > REFERENCE_SHARE_CAP:
        message = (f"{share:.0%} of the words are in a reference list (more than {REFERENCE_SHARE_CAP:.0%} "
                   "is unusual; passages there are not counted unless --include-references)")
        flags = (*flags, Flag("reference_share", message, references, len(references)))
    return dataclasses.replace(doc, references=references, flags=flags)


def _mark_references(passages: Iterable[Passage], left: Document, right: Document, left_text: NormalizedText,
                     right_text: NormalizedText, *, split: bool) -> list[Passage]:
    """``passages`` with each side marked when it lies in its document's reference list; with ``split``
    (references not counted), a passage running from body text into a list is first cut there, so
    the body part still counts (:func:`reuse.text.references.split_at_lists`)."""
    if not (left.references or right.references):
        return list(passages)
    pieces = [q for p in passages for q in (
        split_at_lists(p, left_text, right_text, left.references, right.references) if split else [p])]
    return [
        dataclasses.replace(q, left_reference=in_reference_list(q.left, left.references),
                            right_reference=in_reference_list(q.right, right.references))
        for q in pieces
    ]


def _twins(texts: Mapping[str, NormalizedText]) -> dict[str, list[str]]:
    """Normalised text -> the ids of the documents that have it, for texts held by two or more."""
    groups: dict[str, list[str]] = {}
    for doc_id, text in texts.items():
        groups.setdefault(text.text, []).append(doc_id)
    return {text: ids for text, ids in groups.items() if len(ids) > 1}


def check(submissions: Sequence[str | os.PathLike[str]], *, sources: Sequence[str | os.PathLike[str]] = (),
          templates: Sequence[str | os.PathLike[str]] = (), settings: Settings | None = None,
          progress: Progress | None = None, jobs: int | None = None, id_pattern: str | None = None,
          roster: str | os.PathLike[str] | None = None,
          cache_dir: str | os.PathLike[str] | None = None) -> CheckResult:
    """Compare every submission with every other one and with every source.

    Two documents of one author are never paired, nor two submissions of one team
    (:func:`reuse.pairing.comparable`).

    Args:
        submissions: files or folders of submissions.
        sources: files or folders of source texts, or SQLite index files built with
            ``reuse index build``.
        templates: files whose text is never counted as reuse (assignment prompt, starter text).
        settings: every parameter; defaults if ``None``.
        progress: called as ``progress(stage, done, total)``.
        jobs: text extraction worker processes; ``None``: ``settings.jobs`` (``1``: no pool).
        id_pattern: regex with a named group ``student`` that finds the author in a submission's
            path (overrides the LMS layout detection).
        roster: CSV file mapping student ids found in paths to names (``Document.author``).
        cache_dir: extraction cache folder (:mod:`reuse.ingest.cache`; ``"off"``: no cache); ``None``:
            ``$REUSE_CACHE_DIR``, no cache when unset.

    Returns:
        The documents, scored pairs (largest coverage first) and per-file errors.

    Raises:
        SourceIndexError: a source index is missing, is not an index, or cannot be opened.
        IndexMismatchError: a source index was built with other fingerprint parameters.
        SourceError: a source or template argument is missing or holds no readable text.
        NoSubmissionError: no submission could be read (nothing was checked).
        ConfigError: an invalid ``id_pattern`` or an unreadable ``roster``.
    """
    settings = settings or Settings()
    jobs = settings.jobs if jobs is None else jobs
    report: Progress = progress or (lambda stage, done, total: None)
    errors: list[FileError] = []
    params = IndexParams.from_options(settings.fingerprint)
    index_files = [index_location(s) for s in sources if is_index_file(s)]
    source_paths = [s for s in sources if not is_index_file(s)]
    for path in [*source_paths, *templates]:
        if not os.path.lexists(path):  # fail before any extraction work
            raise _nothing_readable(path, "template" if path in templates else "source", ())
    opened = [open_index(path, params=params) for path in index_files]

    skipped: list[SkippedFile] = []
    budget = Budget(settings.limits)  # the run caps span all three kinds
    loading: dict[str, Any] = {"jobs": jobs, "id_pattern": id_pattern, "roster": roster, "skipped": skipped,
                               "budget": budget, "cache_dir": cache_dir}
    template_docs = _load_each(templates, "template", settings, errors, jobs=jobs, skipped=skipped,
                               budget=budget, cache_dir=cache_dir)
    template_texts = [normalize(t.text, t.content) for t in template_docs]
    subs = [_without_templates(d, template_texts, settings.align)
            for d in _load(submissions, "submission", settings, errors, **loading)]
    if not subs:
        raise NoSubmissionError("no submission could be read; nothing was checked", tuple(errors))
    srcs = _load_each(source_paths, "source", settings, errors, jobs=jobs, skipped=skipped, budget=budget,
                      cache_dir=cache_dir)
    report("extract", 1, 1)

    docs, texts, local = _index_run(subs, srcs, params)
    report("index", 1, 1)
    wanted = _candidate_pairs(subs, srcs, [local, *opened], docs, texts, report)
    pairs = _aligned_pairs(wanted, docs, texts, settings, report)
    involved = [
        d for d in docs.values() if d.kind == "submission" or any(d.id in (p.left, p.right) for p in pairs)
    ]
    scores = tuple(
        document_score(d.id, texts[d.id], pairs, exclude_quotes=settings.exclude_quotes,
                       quotations=d.quotations, exclude_references=not settings.include_references)
        for d in involved
    )
    return CheckResult(
        settings=settings,
        documents=tuple([*template_docs, *involved]),
        scores=scores,
        pairs=tuple(pairs),
        errors=tuple(errors),
        index=index_info(opened[0]) if opened else None,
        index_documents=sum(index.store.counts()[0] for index in opened),
        words={d.id: texts[d.id].word_count for d in involved},
        inputs=tuple(
            InputFile(d.path, d.kind, d.sha256, d.extraction) for d in [*template_docs, *subs, *srcs]
        ),
        skipped=tuple(skipped),
    )


def _index_run(subs: Sequence[Document], srcs: Sequence[Document], params: IndexParams,
               ) -> tuple[dict[str, Document], dict[str, NormalizedText], WindowIndex]:
    """Normalise the run's documents (first of each id), find the quotations and reference lists of the
    submissions, and index them all in memory: the documents and texts by id, and the index."""
    texts: dict[str, NormalizedText] = {}
    docs: dict[str, Document] = {}
    local = WindowIndex(params)
    for doc in [*subs, *srcs]:
        if doc.id in docs:
            continue
        texts[doc.id] = normalize(doc.text, doc.content)
        if doc.kind == "submission":
            doc = _with_quotations(doc, texts[doc.id])
            doc = _with_references(doc, texts[doc.id])
        docs[doc.id] = doc
        local.add(doc, texts[doc.id])
    return docs, texts, local


def _candidate_pairs(subs: Sequence[Document], srcs: Sequence[Document], indexes: Sequence[WindowIndex],
                     docs: dict[str, Document], texts: dict[str, NormalizedText],
                     report: Progress) -> list[tuple[str, str]]:
    """The pairs to align, in the order found: each submission's candidates in every index (the run's
    own, ``indexes[0]``, first) that :func:`reuse.pairing.comparable` allows, each pair once. A
    document found in a source index is added to ``docs`` and ``texts``."""
    local = indexes[0]
    wanted: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    order = {doc.id: k for k, doc in enumerate([*subs, *srcs])}
    twins = _twins(texts)
    joined = cohort_candidates(local, [sub.id for sub in subs])  # what local.query gives each, at once
    stored = memory_store(local)  # each submission's fingerprint as indexed, for the other indexes
    for k, sub in enumerate(subs):
        for index in indexes:
            fingerprint = stored.fingerprint_of(sub.id)
            found = [cand.source_id for cand in (
                joined[sub.id] if index is local else index.query_fingerprint(sub.id, *fingerprint))]
            if index is local:  # identical texts are a pair even when LSH skips their (repetitive) windows
                found += [t for t in twins.get(texts[sub.id].text, ()) if t != sub.id and t not in found]
            for other in found:
                if other not in docs:
                    docs[other] = index.document(other)
                    texts[other] = normalize(docs[other].text, docs[other].content)
                    order[other] = len(order)
                if not comparable(sub, docs[other]):
                    continue
                key = (sub.id, other) if order[sub.id] <= order[other] else (other, sub.id)
                if key not in seen:
                    seen.add(key)
                    wanted.append(key)
        report("candidates", k + 1, len(subs))
    return wanted


def _aligned_pairs(wanted: Sequence[tuple[str, str]], docs: Mapping[str, Document],
                   texts: Mapping[str, NormalizedText], settings: Settings,
                   report: Progress) -> list[PairResult]:
    """Align and score every wanted pair: the pairs that share a passage, largest coverage first."""
    pairs = []
    for k, (left, right) in enumerate(wanted):
        passages = [_mark_quoted(p, docs[left], docs[right])
                    for p in align(texts[left], texts[right], settings.align)]
        passages = _mark_references(passages, docs[left], docs[right], texts[left], texts[right],
                                    split=not settings.include_references)
        if passages:
            pairs.append(pair_result(left, right, texts[left], texts[right], passages,
                                     exclude_quotes=settings.exclude_quotes,
                                     exclude_references=not settings.include_references))
        report("align", k + 1, len(wanted))
    pairs.sort(key=lambda p: (-p.coverage, -p.longest_words, p.left, p.right))
    return pairs


def build_index(path: Path | str, inputs: Sequence[str | os.PathLike[str]], *,
                settings: Settings | None = None, create: bool, wait: float = WRITE_WAIT_SECONDS,
                notify: Callable[[str], None] | None = None) -> tuple[WindowIndex, int, list[FileError]]:
    """Create (``create=True``) or extend a source index (a SQLite file, or a ``redis://`` URL) with texts.

    All documents are added in one transaction: if anything fails, the index keeps its last
    committed state. Documents already in the index (same id) are reported as errors; the
    number returned is how many were added (the CLI refuses 0). The inputs are read first, so an
    input that is missing or holds no readable text creates nothing. A new SQLite index is built
    in a temporary file next to ``path`` and given its name only when complete and only if no file
    has it yet; if no document was added, no file is left. Another writer of an existing SQLite
    index is waited for up to ``wait`` seconds (``notify`` gets a message when the wait starts).

    Raises:
        SourceError: an input is missing or holds no readable text (before anything is created).
        SourceIndexError: the index cannot be opened or created, ``create`` and ``path`` exists,
            or another writer kept the index too long.
    """
    settings = settings or Settings()
    params = IndexParams.from_options(settings.fingerprint)
    errors: list[FileError] = []
    docs = _load_each(inputs, "source", settings, errors, budget=Budget(settings.limits))
    staging = None
    if create and not is_redis_url(path):
        if os.path.lexists(path):
            raise SourceIndexError(f"{path} already exists; use `reuse index add` to extend it")
        staging = staging_file(Path(path))
    try:
        index = open_index(staging or path, params=params, create=create, write=True)
        added = add_documents(
            index, ((d, normalize(d.text, d.content)) for d in docs), wait=wait, notify=notify,
            existing=lambda doc: errors.append(FileError(doc.path, ALREADY_INDEXED, "nothing to do")),
        )
        if staging is not None:  # a SQLite index, built in the staging file
            index.store.close()
            index = WindowIndex(params)  # nothing added: no index is left behind
            if added:
                publish_index(staging, Path(path))
                index = open_index(path, params=params)
    finally:
        if staging is not None:
            remove_staging(staging)
    return index, added, errors


__all__ = [
    "Span", "build_index", "check", "index_location", "is_index_file",
]
