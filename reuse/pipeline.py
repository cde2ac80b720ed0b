"""The composer: extract -> normalise -> index -> candidates -> align -> score.

:func:`check` is what ``reuse check`` runs. It never prints; progress goes to an optional
callback, and per-file problems are collected in :attr:`CheckResult.errors`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reuse.align import align
from reuse.chrome import _subtract
from reuse.extract import load_documents
from reuse.index import IndexParams, WindowIndex, index_info, open_index
from reuse.model import Document, DocumentKind, DocumentScore, FileError, PairResult, Span
from reuse.normalize import NormalizedText, normalize
from reuse.score import document_score, pair_result
from reuse.settings import AlignOptions, Settings

Progress = Callable[[str, int, int], None]
TEMPLATE_MIN_WORDS = 6
SQLITE_MAGIC = b"SQLite format 3\x00"


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

    def document(self, doc_id: str) -> Document:
        """The document with this id."""
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def findings(self) -> list[PairResult]:
        """Pairs whose coverage reaches ``settings.fail_above``."""
        return [p for p in self.pairs if is_finding(p, self.settings)]


def is_finding(pair: PairResult, settings: Settings) -> bool:
    """Whether a pair reaches the threshold (its larger coverage >= ``fail_above``)."""
    return bool(pair.passages) and pair.coverage >= settings.fail_above


def is_index_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is an existing SQLite file (a source index) rather than a text."""
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _load(paths: Iterable[str | os.PathLike[str]], kind: DocumentKind, settings: Settings,
          errors: list[FileError]) -> list[Document]:
    docs, problems = load_documents(paths, kind=kind, strip_chrome=settings.strip_chrome)
    errors.extend(problems)
    return docs


def _without_templates(doc: Document, templates: Sequence[NormalizedText], align_options: AlignOptions) -> Document:
    """The document with text matching a template moved from its content to ``template``."""
    if not templates:
        return doc
    text = normalize(doc.text, doc.content)
    options = dataclasses.replace(align_options, min_words=TEMPLATE_MIN_WORDS)
    found = sorted(p.left for template in templates for p in align(text, template, options))
    if not found:
        return doc
    return dataclasses.replace(doc, content=tuple(_subtract(list(doc.content), found)), template=tuple(found))


def check(submissions: Sequence[str | os.PathLike[str]], *, sources: Sequence[str | os.PathLike[str]] = (),
          templates: Sequence[str | os.PathLike[str]] = (), settings: Settings | None = None,
          progress: Progress | None = None) -> CheckResult:
    """Compare every submission with every other one and with every source.

    Args:
        submissions: files or folders of submissions.
        sources: files or folders of source texts, or SQLite index files built with
            ``reuse index build``.
        templates: files whose text is never counted as reuse (assignment prompt, starter text).
        settings: every parameter; defaults if ``None``.
        progress: called as ``progress(stage, done, total)``.

    Returns:
        The documents, scored pairs (largest coverage first) and per-file errors.

    Raises:
        SourceIndexError: a source index cannot be opened.
        IndexMismatchError: a source index was built with other fingerprint parameters.
    """
    settings = settings or Settings()
    report: Progress = progress or (lambda stage, done, total: None)
    errors: list[FileError] = []
    params = IndexParams.from_options(settings.fingerprint)
    index_files = [Path(s) for s in sources if is_index_file(s)]
    source_paths = [s for s in sources if not is_index_file(s)]
    opened = [open_index(path, params=params) for path in index_files]

    template_docs = _load(templates, "template", settings, errors)
    template_texts = [normalize(t.text, t.content) for t in template_docs]
    subs = [_without_templates(d, template_texts, settings.align)
            for d in _load(submissions, "submission", settings, errors)]
    srcs = _load(source_paths, "source", settings, errors)
    report("extract", 1, 1)

    texts: dict[str, NormalizedText] = {}
    docs: dict[str, Document] = {}
    local = WindowIndex(params)
    for doc in [*subs, *srcs]:
        if doc.id in docs:
            continue
        docs[doc.id] = doc
        texts[doc.id] = normalize(doc.text, doc.content)
        local.add(doc, texts[doc.id])
    report("index", 1, 1)

    wanted: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    order = {doc.id: k for k, doc in enumerate([*subs, *srcs])}
    for k, sub in enumerate(subs):
        for index in [local, *opened]:
            for cand in index.query(sub.id, texts[sub.id]):
                other = cand.source_id
                if other not in docs:
                    docs[other] = index.store.document(other)
                    texts[other] = normalize(docs[other].text, docs[other].content)
                    order[other] = len(order)
                key = (sub.id, other) if order[sub.id] <= order[other] else (other, sub.id)
                if key not in seen:
                    seen.add(key)
                    wanted.append(key)
        report("candidates", k + 1, len(subs))

    pairs = []
    for k, (left, right) in enumerate(wanted):
        passages = align(texts[left], texts[right], settings.align)
        if passages:
            pairs.append(pair_result(left, right, texts[left], texts[right], passages))
        report("align", k + 1, len(wanted))
    pairs.sort(key=lambda p: (-p.coverage, -p.longest_words, p.left, p.right))

    involved = [d for d in docs.values() if d.kind == "submission" or any(d.id in (p.left, p.right) for p in pairs)]
    scores = tuple(document_score(d.id, texts[d.id], pairs) for d in involved)
    return CheckResult(
        settings=settings,
        documents=tuple([*template_docs, *involved]),
        scores=scores,
        pairs=tuple(pairs),
        errors=tuple(errors),
        index=index_info(opened[0]) if opened else None,
        words={d.id: texts[d.id].word_count for d in involved},
    )


def build_index(path: Path, inputs: Sequence[str | os.PathLike[str]], *, settings: Settings | None = None,
                create: bool) -> tuple[WindowIndex, int, list[FileError]]:
    """Create (``create=True``) or extend a SQLite source index with texts.

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
    from reuse.index import add_documents

    added = add_documents(index, ((d, normalize(d.text, d.content)) for d in fresh))
    return index, added, errors


__all__ = ["CheckResult", "Span", "build_index", "check", "is_finding", "is_index_file"]
