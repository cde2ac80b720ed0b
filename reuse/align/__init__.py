"""Passage alignment: find and verify the passages two texts share, with exact original spans.

The one aligner every path uses (``reuse check``, template matching, the PAN benchmark). It
works on the normalised texts, so case, punctuation, whitespace and invisible characters do not
matter. Three paths propose *fragments* (a word range in each text):

1. *Exact*: word n-grams (``seed_words``) both texts share, kept only inside runs of at least
   ``min_run_words`` identical words, chained by alternately splitting on each side wherever
   seeds are more than ``max_gap_words`` apart; a chain keeps its heaviest series of diagonal
   runs rising on both sides (a phrase repeated near a copy must not stretch it), its ends are
   carried on while the words stay identical (over a phrase too frequent to seed), and chains
   below ``seed_min_score`` are dropped.
2. *Fuzzy* (:mod:`reuse.align.fuzzy`): half-overlapping windows ("units") of ``unit_words``
   content words (stopwords out, Snowball stems) are compared all at once by tf-idf cosine and
   Dice; unit pairs above both thresholds and near the best match of both units are seeds,
   chained with a gap of ``unit_gap_words``, validated by the cosine of the whole regions (or,
   for a short or low-cosine chain, by how many of its words keep their order on both sides:
   ``short_fragment_order``, ``ordered_fragment_share``), trimmed to the shared content words
   that have shared neighbours, then extended word by word while the words beyond keep matching
   in order (``extend_gap_words``).
3. *Summary*: weaker unit seeds chained with no gap limit on the right side; kept when the
   right region is ``summary.ratio`` times longer, similar enough as a whole, not already
   explained by ordinary fragments and holding no exact copy.

Then, in order:

- exact chains that merely repeat a phrase on one side are dropped (one that runs a few words
  into a longer one on one side loses those words instead);
- fragments that overlap on both sides are merged: the exact extent wins when exact seeds cover
  most of the group, verbatim copies of two places in crossed order stay apart, and around a
  verbatim copy the merged extent reaches out only where the text beyond is similar on both
  sides;
- a fragment that gives the left words of a verbatim copy another source place is dropped; of
  fragments that still overlap on one side, the one sharing the most text is kept (a source
  side that runs a little into a kept fragment is clipped instead, and so is the left side of a
  fragment holding a verbatim copy, by a few words); those under ``min_words`` are dropped;
- ends that are not the end of a verbatim run are snapped to sentence boundaries within
  ``snap_words``;
- *document summary*: the left window (a quarter to a ninth of the right text's length) most
  similar to the whole right text, moved to the nearby whole sentences most similar to it, is
  kept when similar enough, drawing on every quarter of the right text, standing out from the
  rest of the left text and sharing no long verbatim run with it (or when the passages inside
  it are visibly the in-order pieces of one summary); it replaces the passages inside it and
  maps to the whole right text;
- otherwise loose ends grow a sentence at a time while the added sentences are similar
  (``grow_cosine``), then a loose end takes in the next sentence of one side alone while the
  other side holds most of that sentence's words unmatched (:mod:`reuse.align.sides`: an edited
  copy that merges or splits sentences ends a sentence short on one side);
- passages scoring below ``min_score`` are dropped, and word ranges are mapped through the
  offset maps to spans of the original texts.
"""

from __future__ import annotations

from reuse.align.ends import grow, loose_ends, snap
from reuse.align.exact import drop_repeats, exact_fragments, with_short_copies
from reuse.align.features import WordFeatures, features
from reuse.align.fragment import Fragment
from reuse.align.fuzzy import extend_matching, fuzzy
from reuse.align.rewording import rewordings
from reuse.align.select import merge, select
from reuse.align.sides import CARRY_SHARE, carry
from reuse.align.similarity import indel
from reuse.align.space import make_space
from reuse.align.summary import summaries, whole_text_summary
from reuse.align.synonyms import with_classes
from reuse.model import Passage
from reuse.settings import AlignOptions
from reuse.text.normalize import NormalizedText

__all__ = ["Fragment", "WordFeatures", "align"]


def _whole(left: NormalizedText, right: NormalizedText) -> Passage:
    """The passage of two texts whose normalised words are the same: all of it, exact.

    Taken before seeding, whose repeat limits (``MAX_SEED_REPEATS``, ``MAX_STEM_PAIRS``) find
    nothing in a long, highly repetitive text: two copies of it gave no passage at all."""
    words = left.word_count
    return Passage(
        left=left.word_span(0, words),
        right=right.word_span(0, words),
        score=1.0,
        kind="exact",
        left_words=words,
        right_words=words,
    )


def align(
    left: NormalizedText,
    right: NormalizedText,
    options: AlignOptions | None = None,
    *,
    known: tuple[WordFeatures | None, WordFeatures | None] = (None, None),
) -> list[Passage]:
    """Passages shared by two texts, as spans of their original texts, in left order.

    Args:
        left: the normalised left text (a submission, or the suspicious document).
        right: the normalised right text (a source or a peer).
        options: alignment parameters; the library defaults if ``None``.
        known: the texts' :func:`~reuse.align.features.word_features` when computed earlier (once
            per text in a run), ``None`` for one to compute here; the passages are the same.

    Returns:
        Verified passages that do not overlap each other on either side.

    Example:
        >>> from reuse.text.normalize import normalize
        >>> a = normalize("Intro. " + "The quick brown fox jumps over the lazy dog " * 2)
        >>> b = normalize("THE QUICK brown fox, jumps over the lazy dog! " * 2 + "Outro")
        >>> [(p.left, p.kind) for p in align(a, b, AlignOptions(min_words=5))]
        [(Span(start=7, end=94), 'exact')]
    """
    opts = options or AlignOptions()
    floor = min(opts.min_words, opts.exact.min_words)
    if min(left.word_count, right.word_count) < floor:
        return []
    if left.text == right.text:
        return [_whole(left, right)]
    lf, rf = features(left, known[0]), features(right, known[1])
    found = exact_fragments(lf, rf, opts.exact, floor=floor)
    exact = [e for e in found if e.shorter >= opts.min_words]
    short = [e for e in found if e not in exact]  # verbatim candidates under min_words
    if opts.exact.repeats:
        exact = drop_repeats(exact)
        short = [e for e in drop_repeats(found) if e in short] if short else short
    paraphrased: list[Fragment] = []
    space = None
    if opts.fuzzy.enabled and lf.stems.size and rf.stems.size:
        space = make_space(lf, rf, opts.fuzzy.unit_words)
        paraphrased = extend_matching(
            fuzzy(space, lf, rf, opts.fuzzy), exact, lf, rf, opts.fuzzy, min_words=opts.min_words
        )
        if opts.summary.enabled:
            paraphrased += summaries(space, lf, rf, opts.summary, paraphrased + exact, exact)
        found = paraphrased + exact
        paraphrased += rewordings(
            space, lf, rf, left.sentence_ends, right.sentence_ends, opts.rewording, found
        )
    merged = merge(
        exact,
        paraphrased,
        lf,
        rf,
        cover=opts.exact.cover,
        either=opts.exact.cover_either,
        space=space,
        min_cosine=opts.fuzzy.unit_min_cosine,
    )
    selected = select(merged, exact, lf, rf, min_words=opts.min_words)
    selected = snap(selected, left, right, lf, rf, reach=opts.ends.snap_words, run=opts.exact.min_run_words)
    if space is not None:
        doc = (
            whole_text_summary(
                space,
                lf,
                rf,
                opts.document_summary,
                selected,
                left.sentence_ends,
                exact,
                ratio=opts.summary.ratio,
            )
            if opts.document_summary.enabled
            else None
        )
        ends_space, lg, rg = space, lf, rf
        if doc is None and opts.ends.synonyms and opts.ends.grow_cosine < 1.0 and any(
            loose_ends(f, lf, rf, opts.exact.min_run_words) for f in selected
        ):
            lg, rg = with_classes(lf), with_classes(rf)
            ends_space = make_space(lg, rg, opts.fuzzy.unit_words, pairs=False)
        selected = (
            [doc]
            if doc is not None
            else grow(
                selected,
                left,
                right,
                ends_space,
                lg,
                rg,
                min_cosine=opts.ends.grow_cosine,
                run=opts.exact.min_run_words,
            )
        )
        if doc is None and opts.ends.grow_cosine < 1.0:
            selected = carry(
                selected, left, right, ends_space, lg, rg, min_share=CARRY_SHARE,
                run=opts.exact.min_run_words, min_words=opts.min_words,
            )
    selected = with_short_copies(selected, short, lf, rf)
    passages = []
    for l0, l1, r0, r1 in selected:
        left_text, right_text = " ".join(lf.words[l0:l1]), " ".join(rf.words[r0:r1])
        score = indel(lf.words[l0:l1], rf.words[r0:r1])
        shortest = floor if left_text == right_text else opts.min_words  # exact copies from a lower floor
        if score < opts.min_score or min(l1 - l0, r1 - r0) < shortest:
            continue
        passages.append(
            Passage(
                left=left.word_span(l0, l1),
                right=right.word_span(r0, r1),
                score=round(score, 4),
                kind="exact" if left_text == right_text else "approximate",
                left_words=l1 - l0,
                right_words=r1 - r0,
            )
        )
    return passages
