"""The composer: extract -> prepare (normalise, fingerprint) -> candidates -> align -> score.

:func:`check` is what ``reuse check`` runs. It never prints; progress goes to an optional
callback, and per-file problems are collected in :attr:`CheckResult.errors`. Extraction, preparation
and alignment run on one executor (:mod:`reuse.engine`): in-process, a local pool (``jobs``) or a Dask
cluster (``cluster``), with the same result byte for byte.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from reuse.align.score import document_score, pairs_by_document
from reuse.compare import Comparing, compare_pairs, comparing_part, with_prepared
from reuse.engine import Assembled, Executor, Kept, chunks, open_executor, resolved
from reuse.errors import NoSubmissionError, SourceIndexError
from reuse.index import (
    WRITE_WAIT_SECONDS,
    IndexParams,
    SqliteStore,
    WindowIndex,
    add_documents,
    index_info,
    is_redis_url,
    open_index,
    publish_index,
    remove_staging,
    staging_file,
)
from reuse.index.cohort import Cohort, cohort_found, cohort_task
from reuse.index.content import ContentProfile, content_scope
from reuse.index.join import join_plan, memory_store
from reuse.index.windows import Candidate
from reuse.ingest.extract import Budget
from reuse.ingest.stream import BATCH_FILES
from reuse.loading import index_location, is_index_file, load, load_batches, load_each, nothing_readable
from reuse.model import (
    CheckResult,
    Document,
    FileError,
    InputFile,
    PairResult,
    SkippedFile,
    Span,
)
from reuse.pairing import comparable
from reuse.prepare import Prepared, Preparing, prepare_document, prepare_documents
from reuse.settings import FingerprintOptions, Settings
from reuse.text.normalize import NormalizedText, normalize

Progress = Callable[[str, int, int], None]
ALREADY_INDEXED = "already in the index"
"""The message of a source that :func:`build_index` skips because the index holds its id."""
PARALLEL_MIN_ITEMS = 16
"""Fewer documents or pairs than this are prepared or aligned in this process (starting workers would
cost more than the work)."""
MOST_PAIRS_PER_TASK = 64
"""Pairs aligned by one task at most (a task's overhead is paid once per chunk)."""
MOST_DOCUMENTS_PER_TASK = 32
"""Documents prepared by one task at most (the same for preparation)."""
PREPARE_SECONDS_PER_CHAR = 0.5e-6
"""Estimated preparation work a character of text (5 ms for a 1,440-word PAN text, one core): with
:data:`ALIGN_SECONDS_PER_CHAR`, what decides whether a stage is worth a local pool
(:data:`reuse.engine.POOL_MIN_SECONDS`)."""
ALIGN_SECONDS_PER_CHAR = 0.5e-6
"""Estimated alignment work a character of a pair's two texts (9.7 ms a pair of PAN texts, one core)."""


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
        jobs: worker processes for extraction, preparation and alignment; ``None``: ``settings.jobs``
            (``1``: in-process). Ignored when ``settings.cluster`` names a Dask scheduler.
        id_pattern: regex with a named group ``student`` that finds the author in a submission's
            path (overrides the LMS layout detection).
        roster: CSV file mapping student ids found in paths to names (``Document.author``).
        cache_dir: extraction cache folder (:mod:`reuse.ingest.cache`; ``"off"``: no cache); ``None``:
            ``$REUSE_CACHE_DIR``, no cache when unset.

    Returns:
        The documents, scored pairs (highest pair score first) and per-file errors.

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
    params = IndexParams.from_options(settings.fingerprint)
    index_files = [index_location(s) for s in sources if is_index_file(s)]
    source_paths = [s for s in sources if not is_index_file(s)]
    for path in [*source_paths, *templates]:
        if not os.path.lexists(path):  # fail before any extraction work
            raise nothing_readable(path, "template" if path in templates else "source", ())
    opened = [open_index(path, params=params) for path in index_files]
    with open_executor(jobs=jobs, cluster=settings.cluster) as executor:
        return _run(executor, submissions, source_paths, templates, opened, settings, report,
                    {"id_pattern": id_pattern, "roster": roster, "cache_dir": cache_dir})


def _run(executor: Executor, submissions: Sequence[str | os.PathLike[str]],
         source_paths: Sequence[str | os.PathLike[str]], templates: Sequence[str | os.PathLike[str]],
         opened: Sequence[WindowIndex], settings: Settings, report: Progress,
         identity: dict[str, Any]) -> CheckResult:
    """:func:`check` once its arguments are checked and its indexes open, on ``executor``."""
    errors: list[FileError] = []
    params = IndexParams.from_options(settings.fingerprint)
    skipped: list[SkippedFile] = []
    budget = Budget(settings.limits)  # the run caps span all three kinds
    common: dict[str, Any] = {"executor": executor, "skipped": skipped, "budget": budget,
                              "cache_dir": identity["cache_dir"]}
    template_docs = load_each(templates, "template", settings, errors, **common)
    subs = load(submissions, "submission", settings, errors, id_pattern=identity["id_pattern"],
                roster=identity["roster"], **common)
    if not subs:
        raise NoSubmissionError("no submission could be read; nothing was checked", tuple(errors))
    srcs = load_each(source_paths, "source", settings, errors, **common)
    report("extract", 1, 1)

    templates_text = tuple(normalize(t.text, t.content) for t in template_docs)
    preparing = Preparing(params, templates_text, settings.align, word_features=True,
                          content_words=content_scope(settings.fingerprint, settings.align))
    docs, texts, local, profiles, prepared = _index_run(executor, subs, srcs, preparing, report)
    report("index", 1, 1)
    joined, rewrites = _cohort(executor, local, profiles, [sub.id for sub in subs], settings.fingerprint)
    wanted = _candidate_pairs(subs, srcs, [local, *opened], docs, texts, report, rewrites=rewrites,
                              joined=joined)
    pairs = _aligned_pairs(executor, wanted, docs, texts, settings, report, prepared)
    by_doc = pairs_by_document(pairs)
    involved = [d for d in docs.values() if d.kind == "submission" or d.id in by_doc]
    scores = tuple(
        document_score(d.id, texts[d.id], by_doc.get(d.id, ()), exclude_quotes=settings.exclude_quotes,
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
        compared_pairs=len(wanted),
        words={d.id: texts[d.id].word_count for d in involved},
        inputs=tuple(
            InputFile(d.path, d.kind, d.sha256, d.extraction) for d in [*template_docs, *subs, *srcs]
        ),
        skipped=tuple(skipped),
    )


def _index_run(executor: Executor, subs: Sequence[Document], srcs: Sequence[Document], preparing: Preparing,
               report: Progress) -> tuple[dict[str, Document], dict[str, NormalizedText], WindowIndex,
                                          dict[str, ContentProfile], Kept[list[Prepared]]]:
    """Prepare the run's documents (first of each id) on ``executor`` (:func:`reuse.prepare.prepare_document`)
    and index them all in memory: the documents and texts by id, the index, the content-word profiles
    of the texts that have one, and the prepared documents (in chunks, kept where they were prepared)."""
    unique: dict[str, Document] = {}
    for doc in [*subs, *srcs]:
        unique.setdefault(doc.id, doc)
    prepared = _prepared(executor, list(unique.values()), preparing, report, keep=True)
    texts: dict[str, NormalizedText] = {}
    docs: dict[str, Document] = {}
    local = WindowIndex(preparing.params)
    profiles: dict[str, ContentProfile] = {}
    for item in chain.from_iterable(prepared.values):
        docs[item.doc.id], texts[item.doc.id] = item.doc, item.text
        local.store.add_document(item.doc)
        local.store.add_windows(item.doc.id, item.signatures, item.band_keys)
        if item.content is not None:
            profiles[item.doc.id] = item.content
    return docs, texts, local, profiles, prepared


def _map(executor: Executor, stage: Callable[[Any, Any], Any], items: Sequence[Any], shared: Any, name: str,
         report: Progress, *, work: float | None = None) -> list[Any]:
    """``stage`` over ``items`` on ``executor`` (in this process below :data:`PARALLEL_MIN_ITEMS`), with
    progress counted as tasks complete."""
    done = [0]

    def tick(_: int) -> None:
        done[0] += 1
        report(name, done[0], len(items))

    if len(items) < PARALLEL_MIN_ITEMS:
        return [stage(shared, item) for item in items]
    return executor.map(stage, items, shared=shared, done=tick, work=work)


def _cohort(executor: Executor, local: WindowIndex, profiles: Mapping[str, ContentProfile],
            queries: list[str], fingerprint: FingerprintOptions,
            ) -> tuple[dict[str, list[Candidate]], dict[str, list[str]]]:
    """What ``local.query`` gives each of ``queries`` (the banding join) and their content candidates, the
    parts of both as tasks on ``executor`` (:mod:`reuse.index.cohort`)."""
    shared = Cohort(join_plan(local, queries), profiles, tuple(queries), fingerprint.content_candidates,
                    fingerprint.stop_postings)
    return cohort_found(shared, executor.map(cohort_task, shared.tasks, shared=shared, work=shared.work))


def _prepared(executor: Executor, docs: Sequence[Document], preparing: Preparing,
              report: Progress, *, keep: bool = False) -> Kept[list[Prepared]]:
    """Every document prepared on ``executor`` (:func:`reuse.prepare.prepare_documents`, in chunks of
    consecutive documents, kept where they were prepared with ``keep``; in this process below
    :data:`PARALLEL_MIN_ITEMS`), in order."""
    work = PREPARE_SECONDS_PER_CHAR * sum(len(doc.text) for doc in docs)
    if len(docs) < PARALLEL_MIN_ITEMS:
        return Kept([_map(executor, prepare_document, docs, preparing, "prepare", report, work=work)])
    return _map_chunks(executor, prepare_documents, docs, preparing, "prepare", report,
                       most=MOST_DOCUMENTS_PER_TASK, work=work, keep=keep)


def _map_chunks(executor: Executor, stage: Callable[[Any, Any], list[Any]], items: Sequence[Any], shared: Any,
                name: str, report: Progress, *, most: int, work: float,
                keep: bool = False) -> Kept[list[Any]]:
    """``stage``, which takes a list of consecutive items, over ``items`` in chunks of at most ``most`` on
    ``executor`` (:func:`reuse.engine.chunks`): the chunks' results in item order (kept where they were
    made with ``keep``: :meth:`reuse.engine.Executor.keep`), with progress counted per item as each chunk
    completes."""
    parts = chunks(items, workers=executor.workers, most=most)
    done = [0]

    def tick(k: int) -> None:
        done[0] += len(parts[k])
        report(name, done[0], len(items))

    if keep:
        return executor.keep(stage, parts, shared=shared, done=tick, work=work)
    return Kept(executor.map(stage, parts, shared=shared, done=tick, work=work))


def _candidate_pairs(subs: Sequence[Document], srcs: Sequence[Document], indexes: Sequence[WindowIndex],
                     docs: dict[str, Document], texts: dict[str, NormalizedText],
                     report: Progress, *, rewrites: Mapping[str, Sequence[str]],
                     joined: Mapping[str, Sequence[Candidate]]) -> list[tuple[str, str]]:
    """The pairs to align, in the order found: each submission's candidates in every index (the run's
    own, ``indexes[0]``, first: ``joined``, then its content candidates ``rewrites``) that
    :func:`reuse.pairing.comparable` allows, each pair once. A document found in a source index is added
    to ``docs`` and ``texts``."""
    local = indexes[0]
    wanted: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    order = {doc.id: k for k, doc in enumerate([*subs, *srcs])}
    twins = _twins(texts)
    stored = memory_store(local)  # each submission's fingerprint as indexed, for the other indexes
    for k, sub in enumerate(subs):
        fingerprint = stored.fingerprint_of(sub.id)  # as indexed: the other indexes are queried with it
        for index in indexes:
            found = [cand.source_id for cand in (
                joined[sub.id] if index is local else index.query_fingerprint(sub.id, *fingerprint))]
            if index is local:  # identical texts are a pair even when LSH skips their (repetitive) windows
                found += [t for t in twins.get(texts[sub.id].text, ()) if t != sub.id and t not in found]
                found += [t for t in rewrites.get(sub.id, ()) if t not in found]
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


def _aligned_pairs(executor: Executor, wanted: Sequence[tuple[str, str]], docs: Mapping[str, Document],
                   texts: Mapping[str, NormalizedText], settings: Settings,
                   report: Progress, prepared: Kept[list[Prepared]]) -> list[PairResult]:
    """Align and score every wanted pair on ``executor`` (:func:`reuse.compare.compare_pairs`, in chunks of
    consecutive pairs), with the ``prepared`` documents where they are and the others (found in a source
    index) from here: the pairs that share a passage, highest pair score first."""
    made = {item.doc.id for part in prepared.values for item in part}
    found = sorted({d for pair in wanted for d in pair} - made)
    shared = Assembled(with_prepared, Comparing({d: docs[d] for d in found}, {d: texts[d] for d in found},
                                                settings), prepared, comparing_part)
    if len(wanted) < PARALLEL_MIN_ITEMS:
        comparing = resolved(shared)
        results = [result for pair in wanted for result in compare_pairs(comparing, [pair])]
        for k in range(len(wanted)):
            report("align", k + 1, len(wanted))
    else:
        work = ALIGN_SECONDS_PER_CHAR * sum(len(docs[a].text) + len(docs[b].text) for a, b in wanted)
        aligned = _map_chunks(executor, compare_pairs, wanted, shared, "align", report,
                              most=MOST_PAIRS_PER_TASK, work=work)
        results = list(chain.from_iterable(aligned.values))
    pairs = [pair for pair in results if pair is not None]
    pairs.sort(key=lambda p: (-p.score, -p.coverage, -p.longest_words, p.left, p.right))
    return pairs


def build_index(path: Path | str, inputs: Sequence[str | os.PathLike[str]], *,
                settings: Settings | None = None, create: bool, wait: float = WRITE_WAIT_SECONDS,
                notify: Callable[[str], None] | None = None, jobs: int | None = None,
                skipped: list[SkippedFile] | None = None,
                batch: int = BATCH_FILES) -> tuple[WindowIndex, int, list[FileError]]:
    """Create (``create=True``) or extend a source index (a SQLite file, or a ``redis://`` URL) with texts.

    The inputs are read, extracted, prepared and written ``batch`` files at a time (and within the run
    caps of ``settings.limits`` a batch: :func:`reuse.loading.load_batches`), so memory does not grow
    with them. All documents are added in one transaction: if anything fails, the index keeps its last
    committed state. Documents already in the index (same id) are reported as errors; the
    number returned is how many were added (the CLI refuses 0). The inputs are listed first, so an
    input that is missing or holds no readable text creates nothing. A new SQLite index is built
    in a temporary file next to ``path`` and given its name only when complete and only if no file
    has it yet; if no document was added, no file is left. Another writer of an existing SQLite
    index is waited for up to ``wait`` seconds (``notify`` gets a message when the wait starts).
    Files left out on purpose (OS junk, a web archive's records that are not pages) are appended to
    ``skipped`` when given.
    Texts are extracted, normalised and fingerprinted by ``jobs`` processes (``None``: ``settings.jobs``)
    or the Dask cluster of ``settings.cluster``; this process writes the index.

    Raises:
        ClusterError: ``settings.cluster`` cannot be used (see :func:`reuse.engine.open_executor`).
        SourceError: an input is missing or holds no readable text (before anything is created).
        SourceIndexError: the index cannot be opened or created, ``create`` and ``path`` exists,
            or another writer kept the index too long.
    """
    settings = settings or Settings()
    with open_executor(jobs=settings.jobs if jobs is None else jobs, cluster=settings.cluster) as executor:
        return _build(executor, path, inputs, settings, create=create, wait=wait, notify=notify,
                      skipped=skipped, batch=batch)


def _build(executor: Executor, path: Path | str, inputs: Sequence[str | os.PathLike[str]], settings: Settings,
           *, create: bool, wait: float, notify: Callable[[str], None] | None,
           skipped: list[SkippedFile] | None, batch: int) -> tuple[WindowIndex, int, list[FileError]]:
    """:func:`build_index` on ``executor``."""
    params = IndexParams.from_options(settings.fingerprint)
    errors: list[FileError] = []
    batches = load_batches(inputs, "source", settings, errors, executor=executor, skipped=skipped,
                           batch=batch)
    first = next(batches, [])  # every input listed (a missing one raises here, before anything is created)
    preparing = Preparing(params, (), settings.align)
    staging = None
    if create and not is_redis_url(path):
        if os.path.lexists(path):
            raise SourceIndexError(f"{path} already exists; use `reuse index add` to extend it")
        staging = staging_file(Path(path))
    try:
        index = open_index(staging or path, params=params, create=create, write=True)
        if staging is not None:  # a query of the staging file is refused until the build is done
            mark_building(index, True)
        writer = _Fingerprinted(index)
        added = add_documents(
            writer, writer.feed(_prepared_in_batches(executor, chain([first], batches), preparing)),
            wait=wait, notify=notify,
            existing=lambda doc: errors.append(FileError(doc.path, ALREADY_INDEXED, "nothing to do")),
        )
        if staging is not None:  # a SQLite index, built in the staging file
            mark_building(index, False)
            index.store.close()
            index = WindowIndex(params)  # nothing added: no index is left behind
            if added:
                publish_index(staging, Path(path))
                index = open_index(path, params=params)
    finally:
        if staging is not None:
            remove_staging(staging)
    return index, added, errors


def mark_building(index: WindowIndex, building: bool) -> None:
    """Mark the SQLite index being built in a staging file as unfinished, or as finished."""
    store = index.store
    assert isinstance(store, SqliteStore)
    store.mark_building(building)


class _Fingerprinted(WindowIndex):
    """``index`` (same store, parameters and namespace) adding texts with the fingerprints the executor's
    workers computed (:meth:`feed`), so that this process only writes."""

    def __init__(self, index: WindowIndex) -> None:
        super().__init__(index.params, index.store, namespace=index.namespace)
        self._prints: dict[int, tuple[NormalizedText, np.ndarray, np.ndarray]] = {}

    def feed(self, prepared: Iterable[Prepared]) -> Iterator[tuple[Document, NormalizedText]]:
        """``(document, text)`` of each prepared document, its fingerprints kept for :meth:`fingerprint`."""
        for item in prepared:
            self._prints = {id(item.text): (item.text, item.signatures, item.band_keys)}
            yield item.doc, item.text

    def fingerprint(self, text: NormalizedText, *,
                    hashes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        found = self._prints.get(id(text))
        if found is not None and found[0] is text:
            return found[1], found[2]
        return super().fingerprint(text, hashes=hashes)


def _prepared_in_batches(executor: Executor, batches: Iterable[list[Document]],
                         preparing: Preparing) -> Iterator[Prepared]:
    """Every document prepared on ``executor``, a batch at a time, in order."""
    for batch in batches:
        yield from chain.from_iterable(_prepared(executor, batch, preparing, lambda *_: None).values)


__all__ = [
    "Span", "build_index", "check", "index_location", "is_index_file",
]
