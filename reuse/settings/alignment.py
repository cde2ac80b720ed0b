"""Passage alignment settings: :class:`AlignOptions`, a few passage-wide settings and one nested group per
path of the aligner (``[tool.reuse.align]`` and its ``[tool.reuse.align.<group>]`` tables).

The settings were one flat class before; :mod:`reuse.settings.flat` maps each of its old names to the new
place (the JSON result's ``settings.align`` keeps the old flat names, and the configuration reader still
reads the old flat keys of ``[tool.reuse.align]``, with a deprecation message naming the new spelling).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from reuse.errors import ConfigError


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ConfigError(message)


def _ratios(options: object, group: str, *names: str) -> None:
    for name in names:
        value = getattr(options, name)
        _check(0.0 <= value <= 1.0, f"{group}{name} must be in [0, 1], got {value}")


@dataclass(frozen=True, slots=True)
class ExactOptions:
    """The *exact* path: runs of identical words (``[tool.reuse.align.exact]``).

    Attributes:
        seed_words: words per exact seed (word n-gram) shared by both texts. Smaller finds
            shorter verbatim runs but more chance matches.
        max_gap_words: largest gap, in words on either side, bridged when chaining exact seeds
            into one passage. Larger keeps an edited copy in one piece (fewer, longer passages)
            but may join two nearby copies and the text between them.
        min_run_words: exact seeds count only inside a run of at least this many identical
            consecutive words. Larger ignores common phrases that repeat in a text (precision
            of verbatim passage ends); smaller lets short verbatim pieces of an edited copy count.
        seed_min_score: a chain of exact seeds is kept only if its two regions have at least this
            Indel similarity (drops chains of scattered common phrases).
        min_words: an *exact* passage (the same words on both sides, after normalisation) is kept
            from this many words, below the aligner's ``min_words``: a run of a dozen identical
            words is almost never chance, while a looser passage that short often is. It is found
            where no longer passage lies on either side; no effect when it is the aligner's
            ``min_words`` or more. Lower reports shorter verbatim copies, and more shared stock
            phrases and titles.
        repeats: drop exact chains that overlap a longer exact chain on one side only (a phrase
            repeated elsewhere in one text), so it does not stretch the passage.
        cover: when exact seeds cover at least this share of a passage on both sides, their
            extent is kept rather than the larger fuzzy extent (precise ends for verbatim copies;
            1 always takes the fuzzy extent).
        cover_either: also keep the exact extent when exact seeds cover nearly all (95%) of one
            side although the fuzzy extent runs on in the other text (tighter verbatim ends; off,
            both sides must reach ``cover``).
    """

    seed_words: int = 3
    max_gap_words: int = 12
    min_run_words: int = 6
    seed_min_score: float = 0.5
    min_words: int = 13
    repeats: bool = True
    cover: float = 0.75
    cover_either: bool = True

    def __post_init__(self) -> None:
        _check(1 <= self.seed_words <= 10, f"exact.seed_words must be 1..10, got {self.seed_words}")
        _check(self.min_words >= 1, f"exact.min_words must be >= 1, got {self.min_words}")
        _check(self.max_gap_words >= 0, f"exact.max_gap_words must be >= 0, got {self.max_gap_words}")
        _check(self.min_run_words >= 1, f"exact.min_run_words must be >= 1, got {self.min_run_words}")
        _ratios(self, "exact.", "seed_min_score", "cover")


@dataclass(frozen=True, slots=True)
class FuzzyOptions:
    """The *fuzzy* path: tf-idf similar windows of content words, for paraphrase
    (``[tool.reuse.align.fuzzy]``).

    Attributes:
        enabled: run the fuzzy path (paraphrase detection). Off, only verbatim runs are found.
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
            place; texts on one topic share content words in any order. Half this share is also
            needed among the words outside the runs of three or more identical words the two sides
            share (texts on one subject that name the same committee share the names and little in
            between). Above 1, off. Lower finds more heavily edited copies and more chance matches.
        extend_gap_words: a paraphrased passage is extended at both ends, word by word
            (stopwords included), while the words beyond go on matching in order, in runs at most
            this many words apart (two words long, and one more for every 10 words of gap); the
            extension is kept if the passage then has the aligner's ``min_words`` with
            ``ordered_fragment_share`` of its words in order (0 disables). Larger finds more of
            short, scrambled copies and takes in more text around them.
        trim_reach: when trimming a fuzzy passage, a shared content word counts only if other
            shared words lie within this many content words of it on both sides.
        trim_support: how many such neighbours it needs. Higher trims ends more tightly
            (precision) and may cut a paraphrased first or last sentence (recall).
    """

    enabled: bool = True
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

    def __post_init__(self) -> None:
        _check(self.unit_words >= 2, f"fuzzy.unit_words must be >= 2, got {self.unit_words}")
        _check(self.unit_gap_words >= 0, f"fuzzy.unit_gap_words must be >= 0, got {self.unit_gap_words}")
        _check(
            self.short_fragment_order >= 0,
            f"fuzzy.short_fragment_order must be >= 0, got {self.short_fragment_order}",
        )
        _check(self.trim_reach >= 1, f"fuzzy.trim_reach must be >= 1, got {self.trim_reach}")
        _check(self.trim_support >= 0, f"fuzzy.trim_support must be >= 0, got {self.trim_support}")
        _ratios(self, "fuzzy.", "unit_min_cosine", "unit_min_dice", "unit_best_ratio", "min_fragment_cosine",
                "short_fragment_cosine")


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """The *summary* path: a short passage whose content is spread over a much longer region of the
    other text (``[tool.reuse.align.summary]``).

    Attributes:
        enabled: look for such summaries.
        min_cosine: unit cosine that seeds a summary (weaker than the fuzzy ``unit_min_cosine``).
        min_dice: unit Dice coefficient that seeds a summary.
        gap_words: largest gap, in content words, between summary seeds on the left
            (summarising) side; the right side has no gap limit.
        min_cosine_whole: tf-idf cosine the short passage needs with the whole longer region.
            Lower finds more summaries and more false ones.
        ratio: the longer side must have at least this many times the content words of the
            shorter side for a summary (a passage this much longer on its right side is taken
            for a summary by the document summary too).
        max_cover: a summary is dropped when ordinary passages already cover this share of its
            short side (it is then an ordinary copy with extra chance seeds).
    """

    enabled: bool = True
    min_cosine: float = 0.15
    min_dice: float = 0.15
    gap_words: int = 10
    min_cosine_whole: float = 0.45
    ratio: float = 3.0
    max_cover: float = 0.5

    def __post_init__(self) -> None:
        _check(self.gap_words >= 0, f"summary.gap_words must be >= 0, got {self.gap_words}")
        _check(self.ratio >= 1.0, f"summary.ratio must be >= 1, got {self.ratio}")
        _ratios(self, "summary.", "min_cosine", "min_dice", "min_cosine_whole", "max_cover")


@dataclass(frozen=True, slots=True)
class DocumentSummaryOptions:
    """The *document summary*: a short passage that summarises the whole other text
    (``[tool.reuse.align.document_summary]``).

    Attributes:
        enabled: look for a short passage that summarises the *whole* other text (the other text
            several times longer than the passage); it then replaces weaker passages inside it.
            Off, only the summary path finds summaries.
        cosine: tf-idf cosine the passage needs with the whole other text. Lower finds more
            summaries and more topic matches.
        max_cover: no document summary when ordinary passages cover this share of the other text
            (that text is then copied, not summarised).
        max_score: no document summary when an ordinary passage scores this much (Indel) or more
            (a copy, not a summary).
        spread: the passage needs at least this cosine with every quarter of the other text (a
            summary draws on all of it).
        contrast: the passage's cosine must stand this far above that of the median window of its
            text (a text merely on the same topic is similar everywhere).
        residual: when an ordinary passage inside the summary scores at least ``max_score`` (the
            summary copies a sentence or two), the summary is still kept if, with the ordinary
            passages taken out of both texts, the rest of the passage has at least this tf-idf
            cosine with the rest of the other text (1 never: such a passage is then taken for a
            copy). Lower finds more summaries that quote their source, and mistakes more copies
            for summaries.
        residual_words: content words of the passage that must be left outside the ordinary
            passages for that test (a copy fills its window).
        snap: a document summary's passage is moved to whole sentences: each end to a sentence
            boundary within this many content words, the pair of boundaries chosen that makes the
            passage most similar to the whole other text (0 keeps the fixed-size window found
            first). Larger lets the passage grow or shrink more to fit the summary, at the risk of
            adding neighbouring sentences on the same topic.
        max_quote: no document summary when the texts share a verbatim run (an exact passage
            scoring at least 0.95) of this many words or more: a summary may quote a sentence, a
            longer run is a copy and is reported as one. Lower keeps more copies apart from the
            text around them, and loses summaries that quote at length.
        pieces: two or more ordinary passages inside the passage, in the same order in both texts,
            whose other-text sides span at least this share of the other text are taken for
            pieces of one summary: the passage then needs neither ``cosine``, ``spread``,
            ``contrast`` nor the residual test (1 never). Lower reports more summaries found in
            pieces as one passage (granularity), and joins more neighbouring paraphrases of
            different parts of one source into one summary. The default 0.15: a summary that
            paraphrases a sentence or two of its source closely draws those pieces from a part of
            the source (chosen on fold 1 of the PAN split, where 0 to 0.15 score alike and 0.3 and
            0.5 less).
    """

    enabled: bool = True
    cosine: float = 0.3
    max_cover: float = 0.5
    max_score: float = 0.4
    spread: float = 0.06
    contrast: float = 0.22
    residual: float = 0.2
    residual_words: int = 10
    snap: int = 20
    max_quote: int = 50
    pieces: float = 0.15

    def __post_init__(self) -> None:
        _check(self.snap >= 0, f"document_summary.snap must be >= 0, got {self.snap}")
        _check(self.max_quote >= 1, f"document_summary.max_quote must be >= 1, got {self.max_quote}")
        _check(self.residual_words >= 0,
               f"document_summary.residual_words must be >= 0, got {self.residual_words}")
        _ratios(self, "document_summary.", "cosine", "max_cover", "max_score", "spread", "contrast",
                "residual", "pieces")


@dataclass(frozen=True, slots=True)
class RewordingOptions:
    """The *rewording* path: a text that rewrites another sentence by sentence, in order (synonyms,
    reordered clauses, merged sentences) (``[tool.reuse.align.rewording]``).

    Attributes:
        min_sentences: the path reports a chain of at least this many sentence pairs on each side
            (0 disables it), for texts of at most ``max_words`` words. Lower finds shorter
            rewordings and more chance matches between texts on one topic. The fingerprint
            option ``content_candidates`` brings such pairs to the aligner.
        min_cosine: tf-idf cosine two sentences need to pair in such a chain (each must also be
            nearly the best match of the other). Lower finds heavier rewording.
        min_share: ... and that pair at least this share of the sentences of the text with fewer
            sentences (the path finds a short text rewritten from another, or most of one; chance
            chains grow with the length of a long text). Lower finds rewordings of a smaller part
            of a text, and more chance chains in long texts on one topic.
        min_region: tf-idf cosine the chain's two whole regions need.
        max_words: the path runs only when both texts have at most this many words (0: any
            length): chance chains grow with the sentences of the longer text. Higher finds
            rewrites of longer sources, and more chance chains.
    """

    min_sentences: int = 4
    min_cosine: float = 0.06
    min_share: float = 0.4
    min_region: float = 0.15
    max_words: int = 1500

    def __post_init__(self) -> None:
        _check(self.min_sentences >= 0, f"rewording.min_sentences must be >= 0, got {self.min_sentences}")
        _check(0.0 <= self.min_share <= 1.0, f"rewording.min_share must be in [0, 1], got {self.min_share}")
        _check(self.max_words >= 0, f"rewording.max_words must be >= 0, got {self.max_words}")


@dataclass(frozen=True, slots=True)
class EndsOptions:
    """Where a passage's loose ends go: ends that are not the end of a verbatim run
    (``[tool.reuse.align.ends]``).

    Attributes:
        snap_words: move a passage end that is not an exact boundary to the nearest sentence
            boundary within this many words (0 disables). Larger snaps more loose fuzzy ends
            onto whole sentences, at the risk of adding or losing a sentence fragment.
        grow_cosine: a passage whose end is not an exact boundary grows by the next sentence on
            both sides (up to two at each end) while the two added sentences have at least this
            tf-idf cosine (1 disables). Lower takes in more of a reworded copy's first and last
            sentences, and more of the text around it. 1 also turns off the one-sided growth
            that follows (:mod:`reuse.align.sides`).
        synonyms: growing ends compares WordNet synonym classes of the content words instead of
            their stems (:mod:`reuse.align.synonyms`), so a first or last sentence reworded with a
            thesaurus is taken in. Which passages exist is decided on the stems either way.
    """

    snap_words: int = 6
    grow_cosine: float = 0.2
    synonyms: bool = True

    def __post_init__(self) -> None:
        _check(self.snap_words >= 0, f"ends.snap_words must be >= 0, got {self.snap_words}")
        _check(0.0 <= self.grow_cosine <= 1.0, f"ends.grow_cosine must be in [0, 1], got {self.grow_cosine}")


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Passage alignment parameters (precision against recall: see the README).

    The aligner has an *exact* path (runs of identical words) and a *fuzzy* path (tf-idf
    similar windows of content words, for paraphrase), plus *summary* paths for a short
    passage that condenses a much longer one and a *rewording* path. Raising a threshold trades
    recall for precision. Each path has its group of settings; two settings hold for every passage.

    Attributes:
        min_words: passages shorter than this (words, on the shorter side) are dropped. The main
            guard against chance matches between texts on the same topic; lower it to report
            short quotes (template matching uses 6). Exact passages have their own floor,
            ``exact.min_words``.
        min_score: passages whose normalised similarity (the reported ``score``, rapidfuzz Indel)
            is below this are dropped. 0 keeps every verified passage: paraphrases and summaries
            score low although they are verified by the fuzzy path.
        exact: the exact path (:class:`ExactOptions`).
        fuzzy: the fuzzy path (:class:`FuzzyOptions`).
        summary: the summary path (:class:`SummaryOptions`).
        document_summary: the document summary (:class:`DocumentSummaryOptions`).
        rewording: the rewording path (:class:`RewordingOptions`).
        ends: snapping and growing loose passage ends (:class:`EndsOptions`).

    Example:
        >>> AlignOptions(min_words=20, exact=ExactOptions(seed_words=4)).exact.seed_words
        4
    """

    min_words: int = 25
    min_score: float = 0.0
    exact: ExactOptions = field(default_factory=ExactOptions)
    fuzzy: FuzzyOptions = field(default_factory=FuzzyOptions)
    summary: SummaryOptions = field(default_factory=SummaryOptions)
    document_summary: DocumentSummaryOptions = field(default_factory=DocumentSummaryOptions)
    rewording: RewordingOptions = field(default_factory=RewordingOptions)
    ends: EndsOptions = field(default_factory=EndsOptions)

    def __post_init__(self) -> None:
        _check(self.min_words >= 1, f"min_words must be >= 1, got {self.min_words}")
        _ratios(self, "", "min_score")


def build(cls: type[Any], values: Mapping[str, Any]) -> Any:
    """An options object of class ``cls`` from nested values (a dict per group); defaults fill the rest."""
    defaults = cls()
    groups = {f.name: type(getattr(defaults, f.name)) for f in fields(cls)
              if is_dataclass(getattr(defaults, f.name))}
    return cls(**{k: build(groups[k], v) if k in groups else v for k, v in values.items()})


__all__ = ["AlignOptions", "DocumentSummaryOptions", "EndsOptions", "ExactOptions", "FuzzyOptions",
           "RewordingOptions", "SummaryOptions", "build"]
