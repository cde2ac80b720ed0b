"""The old flat spelling of the align settings (``reuse.settings.flat``): one table from each old name to
its group, used by the JSON result (written and read flat) and by the configuration reader."""

from __future__ import annotations

from dataclasses import fields, is_dataclass

import pytest

from reuse.errors import ConfigError
from reuse.settings import (
    AlignOptions,
    DocumentSummaryOptions,
    EndsOptions,
    ExactOptions,
    FuzzyOptions,
    RewordingOptions,
    SummaryOptions,
)
from reuse.settings.flat import FLAT, from_flat, nest, new_spelling, to_flat

OLD_NAMES = (
    "seed_words", "max_gap_words", "min_words", "min_score", "min_run_words", "seed_min_score",
    "exact_cover", "fuzzy", "unit_words", "unit_min_cosine", "unit_min_dice", "unit_best_ratio",
    "unit_gap_words", "min_fragment_cosine", "short_fragment_cosine", "short_fragment_order",
    "ordered_fragment_cosine", "ordered_fragment_share", "extend_gap_words", "trim_reach",
    "trim_support", "summary", "summary_min_cosine", "summary_min_dice", "summary_gap_words",
    "summary_min_cosine_whole", "summary_ratio", "summary_max_cover", "exact_repeats",
    "exact_cover_either", "snap_words", "grow_cosine", "summary_document",
    "summary_document_cosine", "summary_document_max_cover", "summary_document_max_score",
    "summary_document_spread", "summary_document_contrast", "summary_document_residual",
    "summary_document_residual_words", "summary_document_snap", "summary_document_max_quote",
    "summary_document_pieces", "min_exact_words", "rewording_min_sentences", "rewording_min_cosine",
    "rewording_min_share", "rewording_min_region", "rewording_max_words", "grow_synonyms",
)
"""The fields of the flat ``AlignOptions`` of schema 1.4, in their order: the JSON result keeps them."""

CHANGED = AlignOptions(
    min_words=20,
    min_score=0.1,
    exact=ExactOptions(seed_words=4, min_words=15, cover_either=False),
    fuzzy=FuzzyOptions(enabled=False, ordered_fragment_share=2.0),
    summary=SummaryOptions(ratio=4.0),
    document_summary=DocumentSummaryOptions(enabled=False, max_quote=60),
    rewording=RewordingOptions(min_sentences=4),
    ends=EndsOptions(snap_words=0),
)


def _leaves(cls: type, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for f in fields(cls):
        default = getattr(cls(), f.name)
        out += _leaves(type(default), (*prefix, f.name)) if is_dataclass(default) else [(*prefix, f.name)]
    return out


def test_the_flat_view_has_the_old_names_in_the_old_order_and_the_default_values():
    flat = to_flat(AlignOptions())
    assert tuple(flat) == OLD_NAMES
    assert (flat["seed_words"], flat["min_exact_words"], flat["fuzzy"], flat["summary_ratio"]) == (
        3, 13, True, 3.0)


def test_every_align_setting_has_exactly_one_old_flat_name():
    assert sorted(FLAT.values()) == sorted(_leaves(AlignOptions))


def test_a_flat_view_reads_back_to_the_same_grouped_options():
    flat = to_flat(CHANGED)
    changed = (flat["seed_words"], flat["min_exact_words"], flat["fuzzy"], flat["summary_document_max_quote"])
    assert changed == (4, 15, False, 60)
    assert from_flat(flat) == CHANGED
    assert from_flat({}) == AlignOptions()


def test_old_names_nest_into_their_groups_and_name_their_new_spelling():
    assert nest({"min_words": 20, "min_exact_words": 15, "summary_document": False}) == {
        "min_words": 20, "exact": {"min_words": 15}, "document_summary": {"enabled": False}}
    assert new_spelling("exact_cover") == "exact.cover"
    assert new_spelling("min_score") == "min_score"


def test_an_unknown_flat_name_is_refused_naming_it():
    with pytest.raises(ConfigError, match="'seed_wrds'"):
        from_flat({"seed_wrds": 3})
