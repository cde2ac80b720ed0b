"""CSV: one row per pair with shared passages, for spreadsheets.

Written with :mod:`csv` (quoting handled there). Cells that a spreadsheet would read as a
formula (student file names starting with ``=``, ``+``, ``-``, ``@``, tab or CR) get a leading
apostrophe, as OWASP recommends against CSV injection.
"""

from __future__ import annotations

import csv
import io

from reuse.model import CheckResult
from reuse.report.gate import Gate

COLUMNS = ("rank", "left", "right", "left_kind", "right_kind", "left_coverage", "right_coverage", "coverage",
           "longest_words", "passages", "finding", "suppressed", "rule_id", "fingerprint",
           "left_author", "right_author", "left_team", "right_team", "left_late", "right_late",
           "reference_passages", "reasons", "left_url", "right_url", "left_retrieved", "right_retrieved",
           "score")
"""The columns, in order; the six after ``fingerprint`` (what an LMS export's naming tells), then
``reference_passages`` (passages in a reference list, counted only with ``--include-references``) and
``reasons`` (why the pair is a finding: ``coverage``, ``long_passage``, separated by ``+``), then where a
web source came from and when (``left_url`` ... ``right_retrieved``, empty when unknown), then ``score``
(the pair score that ranks the pairs): each was added last, so readers of the first columns by position
keep working."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A text cell no spreadsheet evaluates as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(result: CheckResult, gate: Gate) -> str:
    """CSV text with a header row; pairs in the result's order (highest pair score first)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for rank, pair in enumerate(result.pairs, start=1):
        finding = gate.of(pair)
        left, right = result.document(pair.left), result.document(pair.right)
        writer.writerow([
            rank, cell(pair.left), cell(pair.right),
            result.document(pair.left).kind, result.document(pair.right).kind,
            f"{pair.left_coverage:.4f}", f"{pair.right_coverage:.4f}", f"{pair.coverage:.4f}",
            pair.longest_words, len(pair.passages),
            "true" if finding else "false",
            "true" if finding and finding.suppressed else "false",
            finding.rule_id if finding else "", finding.fingerprint if finding else "",
            cell(left.author), cell(right.author), cell(left.team), cell(right.team),
            "true" if left.late else "false", "true" if right.late else "false",
            sum(1 for p in pair.passages if p.reference),
            "+".join(finding.reasons) if finding else "",
            cell(left.url), cell(right.url), left.retrieved, right.retrieved,
            f"{pair.score:.4f}",
        ])
    return out.getvalue()
