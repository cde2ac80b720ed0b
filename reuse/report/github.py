"""GitHub Actions output: workflow-command annotations and a Markdown step summary.

GitHub shows at most 10 ``error`` and 10 ``warning`` annotations per step and drops the rest,
so only the top 10 of each are printed, followed by a notice that points at the summary. The
full table goes to the step summary (``$GITHUB_STEP_SUMMARY``), which the CLI appends to.

Every piece of student-controlled text (file names, passages) is escaped: the runner reads any
output line starting with ``::`` as a command, so an unescaped newline in a file name could
inject one. Message data escapes ``%``, CR and LF; property values also escape ``:`` and ``,``.
In the Markdown summary every ASCII punctuation character is backslash-escaped, so names can
neither break the table nor add links, images or HTML.
"""

# No ``from __future__ import annotations``: it binds the name ``annotations``, which this module
# defines as a function (its annotations are all evaluable at run time).
import string

from reuse.display import plural, printable
from reuse.model import CheckResult, FileError
from reuse.report.baseline import Target, targets
from reuse.report.gate import RULES, Gate, reason_text
from reuse.report.text import checked_against
from reuse.report.unchecked import UNCHECKED_RULE, describe
from reuse.settings import Settings
from reuse.text.controls import STRAY_CONTROLS

MAX_ANNOTATIONS = 10
_MARKDOWN_SPECIAL = set(string.punctuation)


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command (after the final ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value of a workflow command (``file=``, ``title=``...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def escape_markdown(text: str) -> str:
    """Inert Markdown for one table cell: punctuation escaped, control characters shown as escapes."""
    out = []
    for char in text:
        if char in _MARKDOWN_SPECIAL:
            out.append("\\" + char)
        elif not char.isprintable():
            out.append(repr(char)[1:-1].replace("\\", "\\\\"))
        else:
            out.append(char)
    return "".join(out)


def command(kind: str, message: str, **properties: str | int) -> str:
    """One workflow command line, every part escaped."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{kind}{' ' + props if props else ''}::{escape_data(message)}"


def _annotation(target: Target, kind: str, settings: Settings) -> str:
    pair = target.finding.pair
    rule = RULES[target.finding.rule_id]
    props: dict[str, str | int] = {"file": target.doc.path}
    if target.lines is not None:
        props.update(line=target.lines[0], endLine=target.lines[1])
    props["title"] = f"{rule.id} {rule.name}: {target.coverage:.0%} shared"
    message = (f"{target.coverage:.0%} of this submission is shared with {printable(target.other.path)} "
               f"({plural(len(pair.passages), 'passage')}, longest {pair.longest_words} words). "
               f"A finding because of {reason_text(target.finding, settings)}. "
               f"Passage: \"{_excerpt(target)}\"")
    return command(kind, message, **props)


def _excerpt(target: Target, limit: int = 160) -> str:
    text = " ".join(STRAY_CONTROLS.sub("", target.doc.text[target.span.start:target.span.end]).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _unchecked_annotation(error: FileError) -> str:
    title = f"{UNCHECKED_RULE.id} {UNCHECKED_RULE.name}"
    return command("error", describe(error), file=error.path, title=title)


def annotations(result: CheckResult, gate: Gate) -> str:
    """Workflow commands: files not checked and failing submissions as errors, other finding sides
    as warnings (10 each, unchecked files first)."""
    items = targets(result, gate)
    errors = [t for t in items if t.failing]
    warnings = [t for t in items if not t.failing]
    unchecked = [_unchecked_annotation(e) for e in result.unchecked]  # first: they fail the run too
    lines = unchecked[:MAX_ANNOTATIONS]
    room = max(0, MAX_ANNOTATIONS - len(unchecked))
    lines += [_annotation(t, "error", result.settings) for t in errors[:room]]
    lines += [_annotation(t, "warning", result.settings) for t in warnings[:MAX_ANNOTATIONS]]
    hidden = max(0, len(unchecked) + len(errors) - MAX_ANNOTATIONS) + max(0, len(warnings) - MAX_ANNOTATIONS)
    if hidden:
        what = "finding or unchecked file" if len(unchecked) > MAX_ANNOTATIONS else "finding"
        message = (f"{plural(hidden, 'more ' + what)} {'is' if hidden == 1 else 'are'} not annotated "
                   "(GitHub shows 10 per kind); "
                   "see the job summary for the full table")
        lines.append(command("notice", message, title="reuse"))
    return "\n".join(lines) + ("\n" if lines else "")


def step_summary(result: CheckResult, gate: Gate) -> str:
    """The full findings table in GitHub-flavoured Markdown, for ``$GITHUB_STEP_SUMMARY``."""
    settings = result.settings
    measure = "pair coverage" if settings.fail_on == "pair" else "similarity index"
    subs = sum(1 for d in result.documents if d.kind == "submission")
    lines = [
        "## reuse: text-reuse check",
        "",
        f"{plural(subs, 'submission')}, {plural(len(result.pairs), 'pair')} with shared passages, "
        f"{plural(len(gate.active), 'finding')} at or above {settings.fail_above:.0%} {measure}"
        + (f" or with an exact passage of {settings.fail_passage_words}+ words" if settings.fail_passage_words
           else "")
        + (f", {len(gate.suppressed)} suppressed by the baseline" if gate.suppressed else "")
        + (f", {plural(len(result.errors), 'file error')}" if result.errors else "") + ".",
        "",
        checked_against(result) + ".",
        "",
    ]
    if result.unchecked:
        lines += [f"### Not checked: {plural(len(result.unchecked), 'file')}", "",
                  "Nothing in this report covers these files:", ""]
        lines += [f"- {escape_markdown(e.path)}: {escape_markdown(e.message)}" for e in result.unchecked]
        lines.append("")
    if result.pairs:
        lines += ["| # | status | left | right | left cov. | right cov. | longest (words) | rule |",
                  "|---:|---|---|---|---:|---:|---:|---|"]
        for rank, pair in enumerate(result.pairs, start=1):
            finding = gate.of(pair)
            status = "below" if finding is None else ("suppressed" if finding.suppressed else "**finding**")
            rule = finding.rule_id if finding else ""
            names = f"{escape_markdown(pair.left)} | {escape_markdown(pair.right)}"
            lines.append(f"| {rank} | {status} | {names} | {pair.left_coverage:.1%} | "
                         f"{pair.right_coverage:.1%} | {pair.longest_words} | {rule} |")
        lines.append("")
    return "\n".join(lines)
