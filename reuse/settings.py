"""Settings: one frozen object with a nested option group per stage.

Every setting has one name, used alike by the library attribute, the CLI flag (with ``-``
for ``_``) and the JSON result's ``settings`` object.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from reuse.errors import ConfigError


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
    """

    shingle_words: int = 3
    window_words: int = 40
    num_perm: int = 128
    threshold: float = 0.12
    seed: int = 1

    def __post_init__(self) -> None:
        _check(1 <= self.shingle_words <= 10, f"shingle_words must be 1..10, got {self.shingle_words}")
        _check(
            self.window_words >= 2 * self.shingle_words,
            f"window_words ({self.window_words}) must be at least twice shingle_words "
            f"({self.shingle_words})",
        )
        _check(16 <= self.num_perm <= 1024, f"num_perm must be 16..1024, got {self.num_perm}")
        _check(0.0 < self.threshold < 1.0, f"threshold must be in (0, 1), got {self.threshold}")


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Passage alignment parameters (precision against recall: see the README).

    Attributes:
        seed_words: words per exact seed (word n-gram) shared by both texts.
        max_gap_words: largest gap, in words on either side, bridged when chaining seeds and
            merging neighbouring passages.
        min_words: passages shorter than this (on the shorter side) are dropped.
        min_score: passages whose normalised similarity is below this are dropped.
    """

    seed_words: int = 3
    max_gap_words: int = 12
    min_words: int = 15
    min_score: float = 0.5

    def __post_init__(self) -> None:
        _check(1 <= self.seed_words <= 10, f"seed_words must be 1..10, got {self.seed_words}")
        _check(self.max_gap_words >= 0, f"max_gap_words must be >= 0, got {self.max_gap_words}")
        _check(self.min_words >= 1, f"min_words must be >= 1, got {self.min_words}")
        _check(0.0 <= self.min_score <= 1.0, f"min_score must be in [0, 1], got {self.min_score}")


@dataclass(frozen=True, slots=True)
class Settings:
    """Every effective setting of a run. Echoed in the JSON result and the report.

    Attributes:
        fail_above: a pair whose coverage (the larger of its two coverages) reaches this, or a
            submission whose similarity index reaches it, is a finding (exit status 1).
        strip_chrome: remove scraped-page chrome (menus, widget text, footers, cut marks)
            from sources before matching.
        jobs: worker processes for extraction and alignment (1 = in-process).
    """

    fingerprint: FingerprintOptions = field(default_factory=FingerprintOptions)
    align: AlignOptions = field(default_factory=AlignOptions)
    fail_above: float = 0.15
    strip_chrome: bool = True
    jobs: int = 1

    def __post_init__(self) -> None:
        _check(0.0 <= self.fail_above <= 1.0, f"fail_above must be in [0, 1], got {self.fail_above}")
        _check(self.jobs >= 1, f"jobs must be >= 1, got {self.jobs}")

    def to_dict(self) -> dict[str, Any]:
        """Plain-data view, as written into the JSON result."""
        return asdict(self)
