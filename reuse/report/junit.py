"""JUnit XML: one test case per submission, failing when the submission fails the gate.

Consumed by GitLab ``artifacts:reports:junit``, Jenkins, Azure Pipelines and test-report
actions. Files that could not be read become test cases with an ``<error>``. The XML is built
with :mod:`xml.etree.ElementTree` (which escapes markup), and characters XML 1.0 cannot carry
(control characters in a file name) are replaced by visible escapes first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from reuse.display import plural
from reuse.model import CheckResult
from reuse.report.gate import RULES, Gate, reason_text

SUITE = "reuse"
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with characters that XML 1.0 forbids shown as ``\\xNN`` escapes."""
    return _NOT_XML.sub(lambda m: repr(m.group())[1:-1], text)


def _web(result: CheckResult, doc_id: str) -> str:
    """`` <URL>`` of a web source (empty when unknown), XML-safe."""
    url = result.document(doc_id).url
    return f" <{xml_safe(url)}>" if url else ""


def junit_tree(result: CheckResult, gate: Gate) -> ET.Element:
    """The ``<testsuites>`` element."""
    settings = result.settings
    measure = "pair coverage" if settings.fail_on == "pair" else "similarity index"
    failing = set(gate.failing)
    scores = {s.id: s for s in result.scores}
    suites = ET.Element("testsuites", name=SUITE)
    suite = ET.SubElement(suites, "testsuite", name=SUITE)
    tests = failures = errors = 0
    for doc in result.documents:
        if doc.kind != "submission":
            continue
        tests += 1
        case = ET.SubElement(suite, "testcase", classname=f"{SUITE}.submission", name=xml_safe(doc.id),
                             file=xml_safe(doc.path))
        mine = [f for f in gate.findings if doc.id in (f.pair.left, f.pair.right)]
        lines = [f"{RULES[f.rule_id].id} {xml_safe(f.pair.right if f.pair.left == doc.id else f.pair.left)}"
                 f"{_web(result, f.pair.right if f.pair.left == doc.id else f.pair.left)}: "
                 f"pair coverage {f.pair.coverage:.1%}, {plural(len(f.pair.passages), 'passage')}; "
                 f"a finding because of {reason_text(f, settings)}"
                 + (" (suppressed by the baseline)" if f.suppressed else "") for f in mine]
        index = scores[doc.id].similarity_index if doc.id in scores else 0.0
        if doc.id in failing:
            active = [f for f in mine if not f.suppressed]
            failures += 1
            failure = ET.SubElement(
                case, "failure", type=mine[0].rule_id if mine else "reuse",
                message=(f"at or above {settings.fail_above:.0%} {measure} (similarity index {index:.1%})"
                         if not active or "coverage" in active[0].reasons
                         else f"{reason_text(active[0], settings)} (similarity index {index:.1%})"))
            failure.text = "\n".join(lines)
        elif lines:
            ET.SubElement(case, "system-out").text = "\n".join(lines)
    for error in result.errors:
        tests += 1
        errors += 1
        case = ET.SubElement(suite, "testcase", classname=f"{SUITE}.file", name=xml_safe(error.path))
        node = ET.SubElement(case, "error", type="file-error", message=xml_safe(error.message))
        node.text = xml_safe(error.hint)
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    suite.set("skipped", "0")
    return suites


def render_junit(result: CheckResult, gate: Gate) -> str:
    """JUnit XML text (UTF-8, with an XML declaration)."""
    tree = junit_tree(result, gate)
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, encoding="unicode") + "\n"
