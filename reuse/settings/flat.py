"""The old flat spelling of the align settings: one mapping table, :data:`FLAT`, from each name of the
flat ``AlignOptions`` of before its groups to its place now.

The JSON result's ``settings.align`` object keeps the flat names, in their old order, so that results
stay byte-identical and older result files are read alike (:func:`to_flat`, :func:`from_flat`); the
configuration reader reads an old flat key of ``[tool.reuse.align]`` at its new place, with a deprecation
message naming :func:`new_spelling`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reuse.errors import ConfigError
from reuse.settings.alignment import AlignOptions, build

FLAT: dict[str, tuple[str, ...]] = {
    "seed_words": ("exact", "seed_words"),
    "max_gap_words": ("exact", "max_gap_words"),
    "min_words": ("min_words",),
    "min_score": ("min_score",),
    "min_run_words": ("exact", "min_run_words"),
    "seed_min_score": ("exact", "seed_min_score"),
    "exact_cover": ("exact", "cover"),
    "fuzzy": ("fuzzy", "enabled"),
    "unit_words": ("fuzzy", "unit_words"),
    "unit_min_cosine": ("fuzzy", "unit_min_cosine"),
    "unit_min_dice": ("fuzzy", "unit_min_dice"),
    "unit_best_ratio": ("fuzzy", "unit_best_ratio"),
    "unit_gap_words": ("fuzzy", "unit_gap_words"),
    "min_fragment_cosine": ("fuzzy", "min_fragment_cosine"),
    "short_fragment_cosine": ("fuzzy", "short_fragment_cosine"),
    "short_fragment_order": ("fuzzy", "short_fragment_order"),
    "ordered_fragment_cosine": ("fuzzy", "ordered_fragment_cosine"),
    "ordered_fragment_share": ("fuzzy", "ordered_fragment_share"),
    "extend_gap_words": ("fuzzy", "extend_gap_words"),
    "trim_reach": ("fuzzy", "trim_reach"),
    "trim_support": ("fuzzy", "trim_support"),
    "summary": ("summary", "enabled"),
    "summary_min_cosine": ("summary", "min_cosine"),
    "summary_min_dice": ("summary", "min_dice"),
    "summary_gap_words": ("summary", "gap_words"),
    "summary_min_cosine_whole": ("summary", "min_cosine_whole"),
    "summary_ratio": ("summary", "ratio"),
    "summary_max_cover": ("summary", "max_cover"),
    "exact_repeats": ("exact", "repeats"),
    "exact_cover_either": ("exact", "cover_either"),
    "snap_words": ("ends", "snap_words"),
    "grow_cosine": ("ends", "grow_cosine"),
    "summary_document": ("document_summary", "enabled"),
    "summary_document_cosine": ("document_summary", "cosine"),
    "summary_document_max_cover": ("document_summary", "max_cover"),
    "summary_document_max_score": ("document_summary", "max_score"),
    "summary_document_spread": ("document_summary", "spread"),
    "summary_document_contrast": ("document_summary", "contrast"),
    "summary_document_residual": ("document_summary", "residual"),
    "summary_document_residual_words": ("document_summary", "residual_words"),
    "summary_document_snap": ("document_summary", "snap"),
    "summary_document_max_quote": ("document_summary", "max_quote"),
    "summary_document_pieces": ("document_summary", "pieces"),
    "min_exact_words": ("exact", "min_words"),
    "rewording_min_sentences": ("rewording", "min_sentences"),
    "rewording_min_cosine": ("rewording", "min_cosine"),
    "rewording_min_share": ("rewording", "min_share"),
    "rewording_min_region": ("rewording", "min_region"),
    "rewording_max_words": ("rewording", "max_words"),
    "grow_synonyms": ("ends", "synonyms"),
}
"""The old flat name of every align setting -> its place in :class:`AlignOptions` (group, leaf), in the
order the JSON result's ``settings.align`` object lists them. The one mapping table: the JSON writer and
reader and the configuration reader (old ``[tool.reuse.align]`` keys) all use it."""


def new_spelling(flat: str) -> str:
    """Where an old flat align key lives now, as a dotted path below ``align``: ``exact.seed_words``."""
    return ".".join(FLAT[flat])


def to_flat(options: AlignOptions) -> dict[str, Any]:
    """The flat view of the JSON result's ``settings.align`` (old names, old order)."""
    out: dict[str, Any] = {}
    for name, path in FLAT.items():
        value: Any = options
        for part in path:
            value = getattr(value, part)
        out[name] = value
    return out


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """Old flat keys (``seed_words``) as the nested values :func:`build` takes (``{"exact": {...}}``).

    Raises:
        ConfigError: a key that is not an old flat align name.
    """
    out: dict[str, Any] = {}
    for name, value in flat.items():
        if name not in FLAT:
            raise ConfigError(f"unknown align setting {name!r}")
        *groups, leaf = FLAT[name]
        target = out
        for group in groups:
            target = target.setdefault(group, {})
        target[leaf] = value
    return out



def from_flat(flat: Mapping[str, Any]) -> AlignOptions:
    """:class:`AlignOptions` from the JSON result's flat ``settings.align`` object.

    Raises:
        ConfigError: an unknown key or an invalid value.
    """
    options: AlignOptions = build(AlignOptions, nest(flat))
    return options


__all__ = ["FLAT", "from_flat", "nest", "new_spelling", "to_flat"]
