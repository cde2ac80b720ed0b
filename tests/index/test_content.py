"""Content candidates (``reuse.index.content``): short texts proposed by the tf-idf cosine of their
content-word stems, bounded per text, with stems carried by too many texts skipped (issue #17)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reuse.align.features import features
from reuse.index.content import ContentProfile, content_candidates, content_scope
from reuse.settings import AlignOptions, FingerprintOptions, RewordingOptions
from reuse.text.normalize import normalize

from ..align.corpora import REWORDING, SAME_TOPIC, read


def _profiles() -> dict[str, ContentProfile]:
    paths = [*sorted(SAME_TOPIC.glob("*.txt")), *sorted(REWORDING.glob("*_heavy.txt"))]
    return {path.stem: ContentProfile.of(features(normalize(read(path))).stems) for path in paths}


def _brute_force(profiles: dict[str, ContentProfile], query: str, cap: int, stop: int) -> list[str]:
    """The module's definition, written out pair by pair with dicts."""
    n = len(profiles)
    df: dict[int, int] = {}
    for profile in profiles.values():
        for stem in profile.stems.tolist():
            df[stem] = df.get(stem, 0) + 1

    def vector(name: str) -> tuple[dict[int, float], float]:
        p = profiles[name]
        weights = {s: (1 + math.log(c)) * (1 + math.log((1 + n) / (1 + df[s])))
                   for s, c in zip(p.stems.tolist(), p.counts.tolist(), strict=True)}
        return weights, math.sqrt(sum(w * w for w in weights.values()))

    mine, norm = vector(query)
    scored = []
    for other in profiles:
        theirs, other_norm = vector(other)
        shared = [s for s in mine if s in theirs and df[s] <= stop]
        if other != query and shared:
            scored.append((-round(sum(mine[s] * theirs[s] for s in shared) / (norm * other_norm), 12), other))
    return [name for _, name in sorted(scored)[:cap]]


@pytest.mark.parametrize("stop", [100, 6])
def test_content_candidates_are_the_highest_tf_idf_cosines_computed_pair_by_pair(stop):
    profiles = _profiles()
    queries = sorted(profiles)
    found = content_candidates(profiles, queries, cap=4, stop=stop)
    assert found == {q: _brute_force(profiles, q, 4, stop) for q in queries}


def test_content_candidates_do_not_depend_on_how_many_pairs_are_summed_at_once():
    profiles = _profiles()
    queries = sorted(profiles)
    assert content_candidates(profiles, queries, cap=3, stop=100, block=5) == content_candidates(
        profiles, queries, cap=3, stop=100)


def test_every_heavy_rewrite_has_its_source_as_first_content_candidate_among_texts_on_its_topic():
    profiles = _profiles()
    rewrites = [name for name in profiles if name.endswith("_heavy")]
    found = content_candidates(profiles, rewrites, cap=1, stop=100)
    assert found == {name: [name.replace("_heavy", "")] for name in rewrites}


def test_a_stem_carried_by_more_than_stop_texts_proposes_nothing():
    common = ContentProfile.of(np.array([7, 7, 8], dtype=np.uint64))
    profiles = {f"text{k}": common for k in range(5)}
    assert content_candidates(profiles, ["text0"], cap=3, stop=5) == {"text0": ["text1", "text2", "text3"]}
    assert content_candidates(profiles, ["text0"], cap=3, stop=4) == {"text0": []}


def test_only_queries_get_candidates_and_any_text_may_be_one():
    profiles = _profiles()
    found = content_candidates(profiles, ["water_a_heavy", "not_profiled"], cap=2, stop=100)
    assert list(found) == ["water_a_heavy"] and found["water_a_heavy"][0] == "water_a"
    assert content_candidates(profiles, ["water_a_heavy"], cap=0, stop=100) == {"water_a_heavy": []}


def test_texts_take_part_only_where_the_rewording_path_runs():
    on, fingerprint = AlignOptions(), FingerprintOptions()
    assert content_scope(fingerprint, on) == on.rewording.max_words == 1500
    assert content_scope(FingerprintOptions(content_candidates=0), on) == 0
    assert content_scope(fingerprint, AlignOptions(rewording=RewordingOptions(min_sentences=0))) == 0
    any_length = AlignOptions(rewording=RewordingOptions(max_words=0))
    assert content_scope(fingerprint, any_length) > 10**9
