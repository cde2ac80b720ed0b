"""Behaviour of the aligner around verbatim copies: a copied passage is always found whole,
with the extent it has in both texts, whatever repeats the texts hold around it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse._align_text import features
from reuse.align import (
    MAX_SEED_REPEATS,
    _along_diagonal,
    _drop_repeats,
    _exact_fragments,
    _monotone,
    _select,
    _shared,
    align,
)
from reuse.settings import AlignOptions
from reuse.text.normalize import normalize

FIXTURES = Path(__file__).parent / "fixtures" / "align"


def _paragraphs() -> list[str]:
    """The body paragraphs of the essay-mill source fixture (the title lines left out)."""
    text = (FIXTURES / "source_essay_mill_lenin.txt").read_text(encoding="utf-8")
    return [p for p in text.split("\n\n") if len(p.split()) > 40]


def _posts(name: str, count: int) -> list[str]:
    """``count`` short posts cut from the sentences of a fixture essay."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    sentences = [x.strip() for x in text.replace("\n", " ").split(". ") if len(x.split()) > 8]
    return [". ".join(sentences[2 * k : 2 * k + 2]) + "." for k in range(count)]


HEADLINE = "Lenin seizes power as the Bolsheviks storm the Winter Palace in Petrograd overnight"
BOILERPLATE = (
    "Posted in Revolution Notes. Permalink: click here for the full blog post, the comments "
    "and the replies from other readers of this history page."
)


def test_a_copy_of_a_page_that_repeats_its_headline_starts_at_the_copied_headline() -> None:
    # scraped news pages print the headline twice: in the title bar and above the story
    body = _paragraphs()[1]
    source = f"{HEADLINE}\n\nShare this story\n\n{HEADLINE}. {body}"
    copied = f"{HEADLINE}. {body}"
    submission = f"My essay on the revolution starts with a news report.\n\n{copied}\n\nThat is all."
    passages = align(normalize(submission), normalize(source))
    assert len(passages) == 1
    assert passages[0].kind == "exact"
    second_headline = source.rindex(HEADLINE)
    assert passages[0].right.start == second_headline
    right, left = passages[0].right, passages[0].left
    assert normalize(source[right.start : right.end]).text == normalize(copied).text
    assert normalize(submission[left.start : left.end]).text == normalize(copied).text


def test_a_copy_holding_a_phrase_one_page_repeats_often_is_one_exact_chain() -> None:
    # blog pages repeat their footer line after every post; n-grams seen that often in either
    # text are no seeds, which leaves a gap in the copy where the footer line stands
    first, second = _paragraphs()[:2]
    copied = f"{first} {BOILERPLATE} {second}"
    posts = _posts("independent_essay_grace.txt", MAX_SEED_REPEATS + 2)
    source = "\n\n".join(f"{post} {BOILERPLATE}" for post in posts) + f"\n\n{copied}"
    own = "\n\n".join(_posts("independent_essay_isla.txt", 3))
    submission = f"{own}\n\n{copied}\n\nThe end."
    left, right = normalize(submission), normalize(source)
    lf, rf = features(left), features(right)
    chains = _exact_fragments(lf, rf, AlignOptions())
    n = normalize(copied).word_count
    assert chains == [(left.word_count - 2 - n, left.word_count - 2, right.word_count - n, right.word_count)]
    passages = align(left, right)
    assert [p.kind for p in passages] == ["exact"]
    span = passages[0].left
    assert normalize(submission[span.start : span.end]).text == normalize(copied).text


def test_a_verbatim_copy_beats_a_longer_loose_match_of_its_words_to_another_place() -> None:
    paragraphs = _paragraphs()
    submission = paragraphs[0] + "\n\n" + paragraphs[2]
    source = paragraphs[1] + "\n\n" + paragraphs[2] + "\n\n" + paragraphs[0]
    left, right = features(normalize(submission)), features(normalize(source))
    n0 = normalize(paragraphs[0]).word_count
    copy = (0, n0, len(right.words) - n0, len(right.words))
    assert left.words[copy[0] : copy[1]] == right.words[copy[2] : copy[3]]
    # a merged extent that claims the copied words came from the start of the source
    loose = (0, len(left.words), 0, len(right.words) - n0)
    assert _shared(loose, left, right) > _shared(copy, left, right)
    assert _select([loose, copy], [copy], 25, left, right) == [copy]


def test_an_exact_chain_running_a_few_words_into_a_longer_one_on_one_side_is_trimmed_not_dropped() -> None:
    longer = (100, 200, 500, 600)
    # the shorter copy's last five words are also the first five of the longer one, on the
    # left only: shared boilerplate between two copied posts
    shorter = (60, 105, 900, 945)
    assert _drop_repeats([longer, shorter]) == [longer, (60, 100, 900, 940)]


def test_an_exact_chain_inside_a_longer_one_on_one_side_is_a_repeat_and_dropped() -> None:
    longer = (100, 200, 500, 600)
    repeat = (120, 150, 900, 930)
    assert _drop_repeats([longer, repeat]) == [longer]


def test_a_passage_holding_a_verbatim_copy_gives_up_the_few_left_words_it_shares_with_a_kept_one() -> None:
    paragraphs = _paragraphs()
    submission = paragraphs[2] + "\n\n" + paragraphs[0]
    source = paragraphs[0] + "\n\n" + paragraphs[1] + "\n\n" + paragraphs[2]
    left, right = features(normalize(submission)), features(normalize(source))
    n2, n0 = normalize(paragraphs[2]).word_count, normalize(paragraphs[0]).word_count
    first = (0, n2, len(right.words) - n2, len(right.words))  # paragraph 2, copied verbatim
    second = (n2, n2 + n0, 0, n0)  # paragraph 0, copied verbatim
    assert left.words[first[0] : first[1]] == right.words[first[2] : first[3]]
    assert left.words[second[0] : second[1]] == right.words[second[2] : second[3]]
    # the second passage's merged extent starts two words early on the left
    touching = (n2 - 2, n2 + n0, 0, n0 + 3)
    kept = _select([first, touching], [first, second], 25, left, right)
    assert kept == [first, (n2, n2 + n0, 0, n0 + 3)]
    # without a verbatim copy inside it, the same overlap drops the passage
    assert _select([first, touching], [first], 25, left, right) == [first]


# --- properties of the chain helpers -----------------------------------------------------


@st.composite
def _seed_sets(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Seed positions ``(i, j)``: a few diagonal runs at random places, distinct points."""
    points: set[tuple[int, int]] = set()
    for _ in range(draw(st.integers(1, 6))):
        a, b = draw(st.integers(0, 60)), draw(st.integers(0, 60))
        points.update((a + k, b + k) for k in range(draw(st.integers(1, 12))))
    ordered = sorted(points)
    return np.array([p[0] for p in ordered]), np.array([p[1] for p in ordered])


def _longest_run(i: np.ndarray, j: np.ndarray) -> int:
    """The most seeds in a row on one diagonal."""
    points = set(zip(i.tolist(), j.tolist(), strict=True))
    best = 0
    for a, b in points:
        if (a - 1, b - 1) in points:
            continue  # not the start of a run
        length = 0
        while (a + length, b + length) in points:
            length += 1
        best = max(best, length)
    return best


@given(_seed_sets())
@settings(max_examples=200, deadline=None)
def test_a_chain_rises_on_both_sides_and_keeps_at_least_its_longest_run(seeds: tuple) -> None:
    i, j = seeds
    chain = _monotone(i, j, np.arange(i.size))
    assert len(set(chain.tolist())) == chain.size
    assert set(chain.tolist()) <= set(range(i.size))
    ci, cj = i[chain], j[chain]
    assert np.all(np.diff(ci) > 0)
    assert np.all(np.diff(cj) > 0)
    assert chain.size >= _longest_run(i, j)


@given(st.integers(1, 40), st.integers(0, 30), st.integers(0, 30))
@settings(max_examples=100, deadline=None)
def test_seeds_on_one_diagonal_are_one_chain(length: int, a: int, b: int) -> None:
    i, j = np.arange(a, a + length), np.arange(b, b + length)
    assert sorted(_monotone(i, j, np.arange(length)).tolist()) == list(range(length))


@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=40),
    st.lists(st.integers(0, 3), min_size=1, max_size=40),
    st.data(),
)
@settings(max_examples=300, deadline=None)
def test_a_chain_end_is_carried_on_over_identical_words_only_and_as_far_as_they_go(
    left: list[int], right: list[int], data: st.DataObject
) -> None:
    lh, rh = np.array(left, dtype=np.uint64), np.array(right, dtype=np.uint64)
    l0 = data.draw(st.integers(0, lh.size - 1))
    r0 = data.draw(st.integers(0, rh.size - 1))
    n = data.draw(st.integers(1, min(lh.size - l0, rh.size - r0)))
    f = (l0, l0 + n, r0, r0 + n)
    g = _along_diagonal(f, lh, rh)
    assert g[0] <= f[0] and g[1] >= f[1] and g[2] <= f[2] and g[3] >= f[3]
    assert g[1] - g[0] == g[3] - g[2]  # it moves along the diagonal
    grown_before = f[0] - g[0]
    grown_after = g[1] - f[1]
    assert list(lh[g[0] : f[0]]) == list(rh[g[2] : f[2]])
    assert list(lh[f[1] : g[1]]) == list(rh[f[3] : g[3]])
    if lh[f[1] - 1] == rh[f[3] - 1]:  # an end on a match goes on until the words differ
        assert g[1] == lh.size or g[3] == rh.size or lh[g[1]] != rh[g[3]]
    else:
        assert grown_after == 0
    if lh[f[0]] == rh[f[2]]:
        assert g[0] == 0 or g[2] == 0 or lh[g[0] - 1] != rh[g[2] - 1]
    else:
        assert grown_before == 0
