"""Settings: one frozen object with a nested option group per stage.

Every setting has one name, used alike by the library attribute, the CLI flag (with ``-``
for ``_``) and the JSON result's ``settings`` object.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from reuse.errors import ConfigError

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
    """

    shingle_words: int = 2
    window_words: int = 40
    num_perm: int = 128
    threshold: float = 0.12
    seed: int = 1
    min_jaccard: float = 0.1
    max_candidates: int = 100
    stop_postings: int = 100

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


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Passage alignment parameters (precision against recall: see the README).

    The aligner has an *exact* path (runs of identical words) and a *fuzzy* path (tf-idf
    similar windows of content words, for paraphrase), plus a *summary* mode for a short
    passage that condenses a much longer one. Raising a threshold trades recall for precision.

    Attributes:
        seed_words: words per exact seed (word n-gram) shared by both texts. Smaller finds
            shorter verbatim runs but more chance matches.
        max_gap_words: largest gap, in words on either side, bridged when chaining exact seeds
            into one passage. Larger keeps an edited copy in one piece (fewer, longer passages)
            but may join two nearby copies and the text between them.
        min_words: passages shorter than this (words, on the shorter side) are dropped. The main
            guard against chance matches between texts on the same topic; lower it to report
            short quotes (template matching uses 6).
        min_exact_words: an *exact* passage (the same words on both sides, after normalisation)
            is kept from this many words, below ``min_words``: a run of a dozen identical words is
            almost never chance, while a looser passage that short often is. It is found where no
            longer passage lies on either side; no effect when it is ``min_words`` or more. Lower
            reports shorter verbatim copies, and more shared stock phrases and titles.
        min_score: passages whose normalised similarity (the reported ``score``, rapidfuzz Indel)
            is below this are dropped. 0 keeps every verified passage: paraphrases and summaries
            score low although they are verified by the fuzzy path.
        min_run_words: exact seeds count only inside a run of at least this many identical
            consecutive words. Larger ignores common phrases that repeat in a text (precision
            of verbatim passage ends); smaller lets short verbatim pieces of an edited copy count.
        seed_min_score: a chain of exact seeds is kept only if its two regions have at least this
            Indel similarity (drops chains of scattered common phrases).
        exact_cover: when exact seeds cover at least this share of a passage on both sides,
            their extent is kept rather than the larger fuzzy extent (precise ends for verbatim
            copies; 1 always takes the fuzzy extent).
        fuzzy: run the fuzzy path (paraphrase detection). Off, only verbatim runs are found.
        unit_words: content words (stopwords left out, stemmed) per fuzzy unit; units overlap by
            half. Smaller units localise better and catch short paraphrases but are noisier.
        unit_min_cosine: tf-idf cosine two units need to seed a fuzzy passage. Lower finds
            heavier paraphrase (and more chance topic matches).
        unit_min_dice: Dice coefficient (shared distinct stems) two units need to seed.
        unit_best_ratio: a unit pair seeds only if its cosine is at least this share of the best
            cosine of either unit with any unit of the other text (0 disables). Higher gives
            tighter passage ends; lower keeps more seeds in heavily reordered text.
        unit_gap_words: largest gap, in content words on either side, bridged when chaining
            fuzzy seeds (halved and retried when the chained passage fails validation). Larger
            gives fewer split passages (granularity) at the risk of joining neighbours.
        min_fragment_cosine: tf-idf cosine a chained fuzzy passage needs over its whole extent.
            The main precision guard of the fuzzy path.
        short_fragment_cosine: the cosine a fuzzy passage needs instead when, once trimmed, it
            has fewer than two units of content words on its shorter side (short passages
            between texts on one topic are the commonest false matches).
        short_fragment_order: such a short passage is also kept when its two sides have at
            least this many content words in the same order (a reworded sentence keeps much of
            its word order; texts on one topic share words in any order). 0 disables. Lower
            finds shorter paraphrases and more chance matches.
        ordered_fragment_cosine: a chained fuzzy passage that fails the cosine tests above is
            still kept when its cosine reaches this and ``ordered_fragment_share`` holds.
        ordered_fragment_share: ... the share of the words of its shorter side, stopwords
            included, that the other side has in the same order (longest common subsequence
            of words). A scrambled or edited copy keeps many of its words, little ones too, in
            place; texts on one topic share content words in any order. Above 1, off. Lower
            finds more heavily edited copies and more chance matches.
        extend_gap_words: a paraphrased passage is extended at both ends, word by word
            (stopwords included), while the words beyond go on matching in order, in runs at most
            this many words apart (two words long, and one more for every 10 words of gap); the
            extension is kept if the passage then has ``min_words`` with
            ``ordered_fragment_share`` of its words in order (0 disables). Larger finds more of
            short, scrambled copies and takes in more text around them.
        trim_reach: when trimming a fuzzy passage, a shared content word counts only if other
            shared words lie within this many content words of it on both sides.
        trim_support: how many such neighbours it needs. Higher trims ends more tightly
            (precision) and may cut a paraphrased first or last sentence (recall).
        summary: look for summaries: a short passage whose content is spread over a much longer
            region of the other text.
        summary_min_cosine: unit cosine that seeds a summary (weaker than ``unit_min_cosine``).
        summary_min_dice: unit Dice coefficient that seeds a summary.
        summary_gap_words: largest gap, in content words, between summary seeds on the left
            (summarising) side; the right side has no gap limit.
        summary_min_cosine_whole: tf-idf cosine the short passage needs with the whole longer
            region. Lower finds more summaries and more false ones.
        summary_ratio: the longer side must have at least this many times the content words of
            the shorter side for a summary.
        summary_max_cover: a summary is dropped when ordinary passages already cover this share
            of its short side (it is then an ordinary copy with extra chance seeds).
        exact_repeats: drop exact chains that overlap a longer exact chain on one side only (a
            phrase repeated elsewhere in one text), so it does not stretch the passage.
        exact_cover_either: also keep the exact extent when exact seeds cover nearly all (95%)
            of one side although the fuzzy extent runs on in the other text (tighter verbatim
            ends; off, both sides must reach ``exact_cover``).
        snap_words: move a passage end that is not an exact boundary to the nearest sentence
            boundary within this many words (0 disables). Larger snaps more loose fuzzy ends
            onto whole sentences, at the risk of adding or losing a sentence fragment.
        grow_cosine: a passage whose end is not an exact boundary grows by the next sentence on
            both sides (up to two at each end) while the two added sentences have at least this
            tf-idf cosine (1 disables). Lower takes in more of a reworded copy's first and last
            sentences, and more of the text around it.
        summary_document: look for a short passage that summarises the *whole* other text
            (the other text several times longer than the passage); it then replaces weaker
            passages inside it. Off, only ``summary`` finds summaries.
        summary_document_cosine: tf-idf cosine the passage needs with the whole other text.
            Lower finds more summaries and more topic matches.
        summary_document_max_cover: no document summary when ordinary passages cover this share
            of the other text (that text is then copied, not summarised).
        summary_document_max_score: no document summary when an ordinary passage scores this
            much (Indel) or more (a copy, not a summary).
        summary_document_spread: the passage needs at least this cosine with every quarter of
            the other text (a summary draws on all of it).
        summary_document_contrast: the passage's cosine must stand this far above that of the
            median window of its text (a text merely on the same topic is similar everywhere).
        summary_document_residual: when an ordinary passage inside the summary scores at least
            ``summary_document_max_score`` (the summary copies a sentence or two), the summary is
            still kept if, with the ordinary passages taken out of both texts, the rest of the
            passage has at least this tf-idf cosine with the rest of the other text (1 never:
            such a passage is then taken for a copy). Lower finds more summaries that quote
            their source, and mistakes more copies for summaries.
        summary_document_residual_words: content words of the passage that must be left outside
            the ordinary passages for that test (a copy fills its window).
        summary_document_snap: a document summary's passage is moved to whole sentences: each
            end to a sentence boundary within this many content words, the pair of boundaries
            chosen that makes the passage most similar to the whole other text (0 keeps the
            fixed-size window found first). Larger lets the passage grow or shrink more to fit
            the summary, at the risk of adding neighbouring sentences on the same topic.
        summary_document_max_quote: no document summary when the texts share a verbatim run
            (an exact passage scoring at least 0.95) of this many words or more: a summary may
            quote a sentence, a longer run is a copy and is reported as one. Lower keeps more
            copies apart from the text around them, and loses summaries that quote at length.
        summary_document_pieces: two or more ordinary passages inside the passage, in the same
            order in both texts, whose other-text sides span at least this share of the other
            text are taken for pieces of one summary: the passage then needs neither
            ``summary_document_cosine``, ``summary_document_spread``,
            ``summary_document_contrast`` nor the residual test (1 never). Lower reports more
            summaries found in pieces as one passage (granularity), and joins more neighbouring
            paraphrases of different parts of one source into one summary. The default 0.15:
            a summary that paraphrases a sentence or two of its source closely draws those
            pieces from a part of the source (chosen on fold 1 of the PAN split, where 0 to 0.15
            score alike and 0.3 and 0.5 less).
        rewording_min_sentences: the *rewording* path (a text that rewrites another sentence by
            sentence, in order: synonyms, reordered clauses, merged sentences) reports a chain of
            at least this many sentence pairs on each side (0, the default, disables it; 4 is the
            value measured on the rewording fixtures). Lower finds shorter rewordings and more chance
            matches between texts on one topic. Off by default: on the PAN training corpus it helps no
            half and adds a detection to the no-plagiarism pairs of fold 2, and ``reuse check``
            does not yet propose the pairs it is for (the index's MinHash over word 3-grams misses
            heavy rewrites).
        rewording_min_cosine: tf-idf cosine two sentences need to pair in such a chain (each
            must also be nearly the best match of the other). Lower finds heavier rewording.
        rewording_min_share: ... and that pair at least this share of the sentences of the text
            with fewer sentences (the path finds a short text rewritten from another, or most of
            one; chance chains grow with the length of a long text). Lower finds rewordings of a
            smaller part of a text, and more chance chains in long texts on one topic.
        rewording_min_region: tf-idf cosine the chain's two whole regions need.
    """

    seed_words: int = 3
    max_gap_words: int = 12
    min_words: int = 25
    min_score: float = 0.0
    min_run_words: int = 6
    seed_min_score: float = 0.5
    exact_cover: float = 0.75
    fuzzy: bool = True
    unit_words: int = 10
    unit_min_cosine: float = 0.33
    unit_min_dice: float = 0.33
    unit_best_ratio: float = 0.7
    unit_gap_words: int = 40
    min_fragment_cosine: float = 0.45
    short_fragment_cosine: float = 0.6
    short_fragment_order: int = 8
    ordered_fragment_cosine: float = 0.25
    ordered_fragment_share: float = 0.6
    extend_gap_words: int = 20
    trim_reach: int = 6
    trim_support: int = 2
    summary: bool = True
    summary_min_cosine: float = 0.15
    summary_min_dice: float = 0.15
    summary_gap_words: int = 10
    summary_min_cosine_whole: float = 0.45
    summary_ratio: float = 3.0
    summary_max_cover: float = 0.5
    exact_repeats: bool = True
    exact_cover_either: bool = True
    snap_words: int = 6
    grow_cosine: float = 0.2
    summary_document: bool = True
    summary_document_cosine: float = 0.3
    summary_document_max_cover: float = 0.5
    summary_document_max_score: float = 0.4
    summary_document_spread: float = 0.06
    summary_document_contrast: float = 0.22
    summary_document_residual: float = 0.2
    summary_document_residual_words: int = 10
    summary_document_snap: int = 20
    summary_document_max_quote: int = 50
    summary_document_pieces: float = 0.15
    min_exact_words: int = 13
    rewording_min_sentences: int = 0
    rewording_min_cosine: float = 0.06
    rewording_min_share: float = 0.4
    rewording_min_region: float = 0.15

    def __post_init__(self) -> None:
        _check(1 <= self.seed_words <= 10, f"seed_words must be 1..10, got {self.seed_words}")
        _check(self.min_exact_words >= 1, f"min_exact_words must be >= 1, got {self.min_exact_words}")
        _check(self.max_gap_words >= 0, f"max_gap_words must be >= 0, got {self.max_gap_words}")
        _check(self.min_words >= 1, f"min_words must be >= 1, got {self.min_words}")
        _check(self.min_run_words >= 1, f"min_run_words must be >= 1, got {self.min_run_words}")
        _check(self.unit_words >= 2, f"unit_words must be >= 2, got {self.unit_words}")
        _check(self.unit_gap_words >= 0, f"unit_gap_words must be >= 0, got {self.unit_gap_words}")
        _check(0.0 <= self.grow_cosine <= 1.0, f"grow_cosine must be in [0, 1], got {self.grow_cosine}")
        _check(
            self.short_fragment_order >= 0,
            f"short_fragment_order must be >= 0, got {self.short_fragment_order}",
        )
        _check(self.summary_gap_words >= 0, f"summary_gap_words must be >= 0, got {self.summary_gap_words}")
        _check(
            self.rewording_min_sentences >= 0,
            f"rewording_min_sentences must be >= 0, got {self.rewording_min_sentences}",
        )
        _check(
            0.0 <= self.rewording_min_share <= 1.0,
            f"rewording_min_share must be in [0, 1], got {self.rewording_min_share}",
        )
        _check(self.trim_reach >= 1, f"trim_reach must be >= 1, got {self.trim_reach}")
        _check(self.trim_support >= 0, f"trim_support must be >= 0, got {self.trim_support}")
        _check(self.snap_words >= 0, f"snap_words must be >= 0, got {self.snap_words}")
        _check(
            self.summary_document_snap >= 0,
            f"summary_document_snap must be >= 0, got {self.summary_document_snap}",
        )
        _check(
            self.summary_document_max_quote >= 1,
            f"summary_document_max_quote must be >= 1, got {self.summary_document_max_quote}",
        )
        _check(
            self.summary_document_residual_words >= 0,
            f"summary_document_residual_words must be >= 0, got {self.summary_document_residual_words}",
        )
        _check(self.summary_ratio >= 1.0, f"summary_ratio must be >= 1, got {self.summary_ratio}")
        for name in (
            "min_score",
            "seed_min_score",
            "exact_cover",
            "unit_min_cosine",
            "unit_min_dice",
            "unit_best_ratio",
            "min_fragment_cosine",
            "short_fragment_cosine",
            "summary_min_cosine",
            "summary_min_dice",
            "summary_min_cosine_whole",
            "summary_max_cover",
            "summary_document_cosine",
            "summary_document_max_cover",
            "summary_document_max_score",
            "summary_document_spread",
            "summary_document_contrast",
            "summary_document_residual",
            "summary_document_pieces",
        ):
            value = getattr(self, name)
            _check(0.0 <= value <= 1.0, f"{name} must be in [0, 1], got {value}")


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
            templates together; an index build counts its sources).
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
        return {k: v for k, v in asdict(self).items() if k not in EXECUTION}
