"""The terminal summary ``reuse check`` prints: plain lines, no colour codes, no markup."""

from __future__ import annotations

from reuse.display import identity, plural, printable
from reuse.model import CheckResult, PairResult


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}%"


def _rule(result: CheckResult) -> str:
    what = "similarity index" if result.settings.fail_on == "index" else "pair coverage"
    rule = f"{what} at or above {result.settings.fail_above:.0%}"
    if result.settings.fail_passage_words:
        rule += f", or an exact passage of {result.settings.fail_passage_words}+ words"
    return rule


def _legend(result: CheckResult) -> str:
    settings = result.settings
    if settings.fail_on == "index":
        rules = [f"index = a submission's similarity index at or above {settings.fail_above:.0%}"]
    else:
        rules = [f"coverage = pair coverage at or above {settings.fail_above:.0%}"]
    if settings.fail_passage_words:
        rules.append(f"passage = an exact or near-exact passage of {settings.fail_passage_words}+ words")
    return "; ".join(rules)


def _why(result: CheckResult, pair: PairResult) -> str:
    """The finding column: which rule makes the pair a finding (empty when none does)."""
    labels = {"coverage": "index" if result.settings.fail_on == "index" else "coverage",
              "long_passage": "passage"}
    return "+".join(labels[r] for r in result.finding_reasons(pair))


def _named(result: CheckResult, doc_id: str) -> str:
    """A document id with the student's name (and what else the export tells) when known."""
    who = identity(result.document(doc_id))
    url = result.document(doc_id).url
    shown = printable(doc_id) + (f" ({printable(who)})" if who else "")
    return shown + (f" <{printable(url)}>" if url else "")


def _reference_lines(result: CheckResult) -> list[str]:
    """How many passages lie in reference lists, and whether they counted."""
    pairs = [p for p in result.pairs if any(x.reference for x in p.passages)]
    if not pairs:
        return []
    count = sum(1 for p in pairs for x in p.passages if x.reference)
    what = f"{plural(count, 'passage')} in reference lists ({plural(len(pairs), 'pair')})"
    if result.settings.include_references:
        return [f"     {what}: counted (--include-references)"]
    return [f"     {what}: reference list, not counted (--include-references counts them)"]
def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def checked_against(result: CheckResult) -> str:
    """What the submissions were compared with, so that "checked against nothing" shows."""
    line = (f"Checked against: {_n(result.source_files, 'source file')} and "
            f"{_n(result.index_documents, 'index document')}")
    if not result.source_files and not result.index_documents:
        line += " (the submissions were only compared with each other)"
    return line


def compared(result: CheckResult) -> list[str]:
    """How many pairs of documents were aligned (none for a result saved before schema 1.6)."""
    if result.compared_pairs is None:
        return []
    return [f"Compared word by word: {_n(result.compared_pairs, 'pair')} of documents (the pairs that share "
            "fingerprinted text or content words)"]


def unchecked_lines(result: CheckResult) -> list[str]:
    """The files that were not checked, first, so that no one reads the rest as covering them."""
    if not result.unchecked:
        return []
    lines = [f"NOT CHECKED: {_n(len(result.unchecked), 'file')} could not be checked; "
             "nothing below covers them:"]
    lines += [printable(f"  {e.path}: {e.message}" + (f" ({e.hint})" if e.hint else ""))
              for e in result.unchecked]
    lines.append("")
    return lines


def summary_lines(result: CheckResult, *, top: int = 20) -> list[str]:
    """Ranked pairs and per-submission similarity, ready to print."""
    lines = []
    subs = sorted((s for s in result.scores if result.document(s.id).kind == "submission"),
                  key=lambda s: (-s.similarity_index, s.id))
    findings = result.findings()
    lines.extend(unchecked_lines(result))
    lines.append(
        f"{plural(len(subs), 'submission')}, {plural(len(result.pairs), 'pair')} with shared passages, "
        f"{plural(len(findings), 'finding')} ({_rule(result)}), {plural(len(result.errors), 'file error')}"
        + (f", {len(result.skipped)} skipped (OS junk, hidden files or web archive records)"
           if result.skipped else "")
    )
    lines.append(checked_against(result))
    lines.extend(compared(result))
    if result.pairs:
        lines.append("")
        lines.append(f"{'#':>3}  {'finding':<16}  {'score':>5} {'left':>6} {'right':>6} {'longest':>7}  pair")
        for rank, pair in enumerate(result.pairs[:top], start=1):
            why = _why(result, pair)
            mark = "!" if why else " "
            lines.append(
                f"{rank:>2}{mark}  {why:<16}  {pair.score:>5.2f} "
                f"{_pct(pair.left_coverage)} {_pct(pair.right_coverage)} "
                f"{pair.longest_words:>7}  "
                f"{_named(result, pair.left)}  <->  {_named(result, pair.right)}"
            )
        if len(result.pairs) > top:
            lines.append(f"     ... {plural(len(result.pairs) - top, 'more pair')} in the reports")
        lines.extend(_reference_lines(result))
        lines.append("score: the pair score, which ranks the pairs (the share of the shorter text explained "
                     "by the other, each word weighted by its passage's similarity);")
        lines.append("left, right: share of each document's words in the pair's shared passages; "
                     "longest: its longest passage, in words.")
        lines.append(f"finding (!): the rule the pair meets: {_legend(result)}.")
    if subs:
        lines.append("")
        lines.append(
            f"{'index':>6}  submission (similarity index: share of its words shared with any document)"
        )
        for score in subs:
            top_sources = ", ".join(f"{printable(b.document)} {b.share:.0%}" for b in score.breakdown[:3])
            lines.append(
                f"{_pct(score.similarity_index)}  {_named(result, score.id)}"
                + (f"  [{top_sources}]" if top_sources else "")
            )
    return lines
