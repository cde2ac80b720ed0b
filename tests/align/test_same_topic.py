"""Precision on texts that share a topic and nothing else (issue #17): independent texts on one
topic share no passage, whichever way round and however they are combined into longer texts."""

from __future__ import annotations

from itertools import permutations

import pytest

from reuse.align import align
from reuse.text.normalize import normalize

from .corpora import read, same_topic_texts

TOPICS = same_topic_texts()


def test_the_same_topic_corpus_has_five_topics_or_more_with_several_texts_each():
    assert len(TOPICS) >= 5
    assert all(len(paths) >= 3 for paths in TOPICS.values())


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_independent_texts_on_one_topic_share_no_passage(topic):
    texts = {path.stem: normalize(read(path)) for path in TOPICS[topic]}
    found = {(a, b): align(texts[a], texts[b]) for a, b in permutations(texts, 2)}
    assert {pair: passages for pair, passages in found.items() if passages} == {}


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_a_short_text_is_no_summary_of_the_other_texts_on_its_topic(topic):
    """The summary paths see a short text against a long one on its topic (and the reverse), also
    when the short text sits inside a long text on other topics."""
    paths = TOPICS[topic]
    elsewhere = "\n\n".join(read(p) for t, ps in sorted(TOPICS.items()) if t != topic for p in ps[:2])
    for path in paths:
        short = read(path)
        long = "\n\n".join(read(p) for p in paths if p != path)
        for left, right in ((short, long), (long, short), (elsewhere + "\n\n" + short, long)):
            assert align(normalize(left), normalize(right)) == [], path.name
