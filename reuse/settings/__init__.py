"""Settings: one frozen object with a nested option group per stage.

Every setting has one name, used alike by the library attribute, the CLI flag (with ``-``
for ``_``) and the JSON result's ``settings`` object (which keeps the aligner's settings flat, under
their names of before :class:`AlignOptions` had groups: :mod:`reuse.settings.flat`).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from reuse.errors import ConfigError
from reuse.settings.alignment import (
    AlignOptions,
    DocumentSummaryOptions,
    EndsOptions,
    ExactOptions,
    FuzzyOptions,
    RewordingOptions,
    SummaryOptions,
)
from reuse.settings.flat import to_flat

EXECUTION: tuple[str, ...] = ("jobs", "cluster")
"""Settings that say where a run computes, never what it finds: left out of the JSON result and the
report, so a run gives the same bytes wherever it ran."""
FailOn = Literal["pair", "index"]
FAIL_ON: tuple[str, ...] = ("pair", "index")


def default_jobs() -> int:
    """The default of ``jobs``: the cores this process may run on (its CPU affinity where the OS tells
    it, else the CPU count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ConfigError(message)


@dataclass(frozen=True, slots=True)
class FingerprintOptions:
    """Shingling, MinHash and LSH parameters. An index stamps these and refuses others.

    Attributes:
        shingle_words: words per shingle (word k-grams).
        window_words: words per indexed window; windows overlap by half.
        num_perm: MinHash permutations per window.
        threshold: Jaccard similarity of two windows at which LSH should pair them; datasketch
            derives the band layout (``bands`` x ``rows``) from it.
        seed: MinHash seed (fixed, so signatures are the same in every process).
        min_jaccard: verification floor: a window pair found by LSH counts only if its
            MinHash-estimated Jaccard similarity reaches this (query time, not stamped).
        max_candidates: most candidate sources returned per query document, best first
            (query time, not stamped).
        stop_postings: band keys carried by more than this many indexed windows are skipped at
            query time, like stopwords: they carry no information about which source a window
            came from, and they would make query time grow with the index (not stamped).
        content_candidates: most *content candidates* per submission: the texts of the run (``--sources``
            files too, not index files) whose content-word stems have the highest tf-idf cosine with it,
            among the short texts the rewording path aligns (``align.rewording.max_words``); 0 turns them off.
            They bring heavy rewrites, which share few word pairs, to the aligner (not stamped).
    """

    shingle_words: int = 2
    window_words: int = 40
    num_perm: int = 128
    threshold: float = 0.12
    seed: int = 1
    min_jaccard: float = 0.1
    max_candidates: int = 100
    stop_postings: int = 100
    content_candidates: int = 3

    def __post_init__(self) -> None:
        _check(1 <= self.shingle_words <= 10, f"shingle_words must be 1..10, got {self.shingle_words}")
        _check(
            self.window_words >= 2 * self.shingle_words,
            f"window_words ({self.window_words}) must be at least twice shingle_words ({self.shingle_words})",
        )
        _check(16 <= self.num_perm <= 1024, f"num_perm must be 16..1024, got {self.num_perm}")
        _check(0.0 < self.threshold < 1.0, f"threshold must be in (0, 1), got {self.threshold}")
        _check(0.0 <= self.min_jaccard <= 1.0, f"min_jaccard must be in [0, 1], got {self.min_jaccard}")
        _check(self.max_candidates >= 1, f"max_candidates must be >= 1, got {self.max_candidates}")
        _check(self.stop_postings >= 1, f"stop_postings must be >= 1, got {self.stop_postings}")
        _check(self.content_candidates >= 0,
               f"content_candidates must be >= 0, got {self.content_candidates}")


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps that bound a run's memory and time whatever the input (``[tool.reuse.limits]``).

    A file over a per-file cap, an archive over an archive cap, and every file once the run's
    total is reached, get a per-file error naming the cap; the other files are still checked.
    The defaults leave room for real coursework (a long thesis is about 100,000 words, 700,000
    characters) and keep a run under about 1 GB of memory (see "Caps and hostile inputs" in the
    README).

    Attributes:
        max_chars: characters of extracted text per file (2,000,000: three long theses).
        max_words: words of extracted text per file.
        max_run_chars: characters of extracted text in one run (submissions, sources and
            templates together; an index build: in each batch of files it reads).
        max_run_words: words of extracted text in one run.
        max_members: files in one zip archive (an LMS export).
        max_archive_bytes: bytes one zip archive unpacks to (its members together).
        max_part_bytes: bytes an XML part of an office file (``.docx``, ``.odt``) unpacks to; it
            is read with this cap, whatever its header says.
    """

    max_chars: int = 2_000_000
    max_words: int = 300_000
    max_run_chars: int = 20_000_000
    max_run_words: int = 3_000_000
    max_members: int = 10_000
    max_archive_bytes: int = 1024 * 1024 * 1024
    max_part_bytes: int = 32 * 1024 * 1024

    def __post_init__(self) -> None:
        for name in ("max_chars", "max_words", "max_run_chars", "max_run_words", "max_members",
                     "max_archive_bytes", "max_part_bytes"):
            value = getattr(self, name)
            _check(value >= 1, f"{name} must be >= 1, got {value}")


@dataclass(frozen=True, slots=True)
class Settings:
    """Every effective setting of a run. Echoed in the JSON result and the report.

    Attributes:
        fail_above: the ratio at which something is a finding (exit status 1); what is
            compared with it is chosen by ``fail_on``.
        fail_on: ``"pair"``: a pair whose coverage (the larger of its two coverages) reaches
            ``fail_above`` is a finding; ``"index"``: a submission whose similarity index reaches
            it is a finding (and so is every pair that submission shares passages in).
        strip_chrome: remove scraped-page chrome (menus, widget text, footers, cut marks)
            from sources before matching.
        jobs: worker processes for every stage of a run (extraction, normalisation and fingerprints,
            alignment of candidate pairs); 1 = in-process; default: every core this process may use.
            The one meaning of ``jobs``: ``reuse check --jobs`` and ``reuse index build|add --jobs`` set
            it, :func:`reuse.pipeline.check` and :func:`reuse.pipeline.build_index` use it. The result is
            the same whatever its value (it is not written into the result).
        exclude_quotes: leave passages a student quoted (inside visible quotation marks) out of
            coverage, similarity index and findings; they stay listed, labelled "quoted". Off by
            default: a quotation copied word for word is still shown as shared text, and marks are
            easy to add round copied text (the "quoted share" flag reports more than 30 %).
        include_references: count passages inside a submission's reference list (bibliography,
            works cited; :mod:`reuse.text.references`) in coverage, similarity index and findings. Off by
            default: students of one course cite the same reading list word for word, so such
            passages stay listed, labelled "reference list, not counted", and count nowhere.
        allow_unchecked: a file that could not be checked (unreadable, unsupported type, binary,
            too large...) does not make the run fail with exit status 2; it is still listed in
            every output and the status is 0 or 1 by findings. Off by default: an unchecked
            submission is never a pass.
        fail_passage_words: a second finding rule, whatever the coverage: a pair with an exact or
            near-exact passage (score 0.9 or more) of at least this many words (shorter side) is a
            finding (rule ``TR003``), so a long verbatim copy in a long essay fails the gate too.
            0 turns the rule off. Lower catches shorter copies, and flags more shared boilerplate.
        limits: caps on extracted text and archives (:class:`Limits`).
        cluster: the address of a Dask scheduler (``tcp://HOST:8786``): extraction, preparation and
            alignment run as tasks on its workers instead of ``jobs`` local processes (needs
            ``pip install "reuse-detector[dask]"``); ``None``: this machine. Results are the same.
    """

    fingerprint: FingerprintOptions = field(default_factory=FingerprintOptions)
    align: AlignOptions = field(default_factory=AlignOptions)
    fail_above: float = 0.15
    fail_on: FailOn = "pair"
    strip_chrome: bool = True
    jobs: int = field(default_factory=default_jobs)
    cluster: str | None = None
    exclude_quotes: bool = False
    include_references: bool = False
    allow_unchecked: bool = False
    fail_passage_words: int = 40
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        _check(self.fail_passage_words >= 0,
               f"fail_passage_words must be >= 0, got {self.fail_passage_words}")
        _check(0.0 <= self.fail_above <= 1.0, f"fail_above must be in [0, 1], got {self.fail_above}")
        _check(self.fail_on in FAIL_ON, f"fail_on must be one of {', '.join(FAIL_ON)}, got {self.fail_on!r}")
        _check(self.jobs >= 1, f"jobs must be >= 1, got {self.jobs}")

    def to_dict(self) -> dict[str, Any]:
        """Plain-data view, as written into the JSON result: every setting that decides the result, not
        those that only say where it was computed (:data:`EXECUTION`)."""
        values = {k: v for k, v in asdict(self).items() if k not in EXECUTION}
        values["align"] = to_flat(self.align)  # the flat names of before the groups (byte-identical results)
        return values


__all__ = ["EXECUTION", "FAIL_ON", "AlignOptions", "DocumentSummaryOptions", "EndsOptions", "ExactOptions",
           "FailOn", "FingerprintOptions", "FuzzyOptions", "Limits", "RewordingOptions", "Settings",
           "SummaryOptions", "default_jobs"]
