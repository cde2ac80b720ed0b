"""GitLab Code Quality report (``artifacts:reports:codequality``).

A JSON array of issues, one per submission side of each finding not in the baseline. The
``fingerprint`` depends on content only (no line numbers), so GitLab can tell new findings from
ones already present on the target branch. Text goes through ``json.dumps``, so file names and
passages cannot break out of their strings.
"""

from __future__ import annotations

import json
from typing import Any

from reuse.display import plural, printable
from reuse.model import CheckResult, FileError
from reuse.report.baseline import Target, targets
from reuse.report.gate import RULES, Gate, reason_text
from reuse.report.unchecked import UNCHECKED_RULE, describe, fingerprint
from reuse.settings import Settings


def _severity(target: Target) -> str:
    """``critical``: failing with half or more shared; ``major``: failing; else ``minor``."""
    if not target.failing:
        return "minor"
    return "critical" if target.coverage >= 0.5 else "major"


def _issue(target: Target, settings: Settings) -> dict[str, Any]:
    pair = target.finding.pair
    rule = RULES[target.finding.rule_id]
    return {
        "type": "issue",
        "check_name": f"{rule.id} {rule.name}",
        "description": (f"{target.coverage:.0%} of this submission is shared with "
                        f"{printable(target.other.path)} ({plural(len(pair.passages), 'passage')}, "
                        f"longest {pair.longest_words} words); "
                        f"a finding because of {reason_text(target.finding, settings)}"),
        "categories": ["Style"],
        "fingerprint": target.fingerprint,
        "severity": _severity(target),
        "location": {"path": target.doc.path, "lines": {"begin": target.lines[0] if target.lines else 1}},
    }


def _unchecked_issue(error: FileError) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": f"{UNCHECKED_RULE.id} {UNCHECKED_RULE.name}",
        "description": describe(error),
        "categories": ["Bug Risk"],
        "fingerprint": fingerprint(error),
        "severity": "critical",
        "location": {"path": error.path, "lines": {"begin": 1}},
    }


def code_quality(result: CheckResult, gate: Gate) -> list[dict[str, Any]]:
    """The Code Quality issues as plain data: one ``critical`` issue per file that was not checked,
    then the findings (baseline-suppressed findings are left out)."""
    return [*(_unchecked_issue(e) for e in result.unchecked),
            *(_issue(t, result.settings) for t in targets(result, gate) if not t.finding.suppressed)]


def render_gitlab(result: CheckResult, gate: Gate) -> str:
    """GitLab Code Quality JSON text."""
    return json.dumps(code_quality(result, gate), ensure_ascii=False, indent=2) + "\n"
