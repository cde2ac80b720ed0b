"""PAN 2013 text-alignment evaluation: case XML input/output and the PAN measures.

A *case* is a pair of half-open character ranges, one in a suspicious document and one in a
source document, both named by file name (``"suspicious-document00005.txt"``). Truth cases and
detections have the same shape, so both are :class:`Case` values.

The measures follow Potthast et al., "An Evaluation Framework for Plagiarism Detection"
(COLING 2010), as implemented by the official ``pan13-text-alignment-perfmeasures.py``:

- a case ``s`` and a detection ``r`` *overlap* when they name the same suspicious and source
  documents and their ranges overlap on both sides;
- character counts add the suspicious side and the source side;
- ``recall = (1/|S|) * sum_s |s ∩ U{r overlapping s}| / |s|``;
- ``precision`` is the same formula with the roles of cases and detections swapped;
- ``granularity`` is the mean number of overlapping detections over the detected cases;
- ``plagdet = F1(precision, recall) / log2(1 + granularity)``.

Conventions shared with the official script:

- ``cases`` and ``detections`` are *sets*: exact duplicates count once (the official script
  collects annotations in a ``set``).
- With no cases and no detections, recall and precision are 1. With exactly one of the two
  empty, both are 0.
- Granularity is 1 when there is no detection or no detected case.
- plagdet is 0 when precision and recall are both 0.

One convention of our own: a zero-length item (empty on both sides) scores 0 in the average it
belongs to, where the official script would divide by zero.

Overlap is tested within a (suspicious, source) document pair only and coverage is measured as
a union of clipped intervals, so the cost is the sum over pairs of ``|S_pair| * |R_pair|``.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from reuse.text.normalize import normalize

Detection = tuple[int, int, int, int]
"""A detection as ``(susp_start, susp_end, src_start, src_end)``, half-open ranges."""

_OFFSET_ATTRIBUTES = ("this_offset", "this_length", "source_offset", "source_length")
_DETECTION_TAG = "detected-plagiarism"


@dataclass(frozen=True, slots=True)
class Case:
    """A plagiarism case or detection: ``[susp_start, susp_end)`` in ``susp`` and
    ``[src_start, src_end)`` in ``src`` (character offsets, code points).

    Raises:
        ValueError: if a range is negative or reversed.
    """

    susp: str
    susp_start: int
    susp_end: int
    src: str
    src_start: int
    src_end: int

    def __post_init__(self) -> None:
        if not (0 <= self.susp_start <= self.susp_end and 0 <= self.src_start <= self.src_end):
            msg = (
                f"invalid case ranges [{self.susp_start}, {self.susp_end}) / "
                f"[{self.src_start}, {self.src_end}): need 0 <= start <= end"
            )
            raise ValueError(msg)

    @property
    def pair(self) -> tuple[str, str]:
        """The ``(susp, src)`` document pair the case belongs to."""
        return (self.susp, self.src)

    @property
    def size(self) -> int:
        """Characters on the suspicious side plus characters on the source side."""
        return (self.susp_end - self.susp_start) + (self.src_end - self.src_start)

    def overlaps(self, other: Case) -> bool:
        """Whether both cases name the same documents and overlap on both sides."""
        return (
            self.pair == other.pair
            and self.susp_start < other.susp_end
            and other.susp_start < self.susp_end
            and self.src_start < other.src_end
            and other.src_start < self.src_end
        )


@dataclass(frozen=True, slots=True)
class Scores:
    """PAN figures for one set of cases and detections.

    ``cases`` and ``detections`` count distinct items; ``detected_cases`` counts the cases
    with at least one overlapping detection.
    """

    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int
    detected_cases: int


def read_cases(xml_path: str | Path, tag: str = "plagiarism") -> list[Case]:
    """Reads the cases of one PAN XML file.

    Only child elements of ``<document reference=...>`` whose ``name`` attribute equals
    ``tag`` and that carry all of ``this_offset``, ``this_length``, ``source_reference``,
    ``source_offset`` and ``source_length`` are read; other features are ignored.

    Args:
        xml_path: A truth or detection file we control (parsed with ElementTree).
        tag: ``"plagiarism"`` for truth, ``"detected-plagiarism"`` for detections.

    Returns:
        The cases in file order; empty if the root has no ``reference``.
    """
    root = ET.parse(xml_path).getroot()  # noqa: S314 - PAN truth or our own detections, trusted input
    susp = root.get("reference")
    if susp is None:
        return []
    return [
        case
        for element in root
        if element.get("name") == tag and (case := _case_from_element(susp, element)) is not None
    ]


def _case_from_element(susp: str, element: ET.Element) -> Case | None:
    """The case described by a ``feature`` element, or None if an attribute is missing."""
    src = element.get("source_reference")
    values = [element.get(name) for name in _OFFSET_ATTRIBUTES]
    if src is None or None in values:
        return None
    this_offset, this_length, source_offset, source_length = (int(str(v)) for v in values)
    return Case(
        susp=susp,
        susp_start=this_offset,
        susp_end=this_offset + this_length,
        src=src,
        src_start=source_offset,
        src_end=source_offset + source_length,
    )


def write_detections(
    path: str | Path, susp_name: str, src_name: str, detections: Iterable[Detection]
) -> None:
    """Writes one pair's detections as a PAN ``detected-plagiarism`` XML file.

    Args:
        path: Output file; it is written even when there is no detection.
        susp_name: Suspicious document file name (the ``reference`` attribute).
        src_name: Source document file name (the ``source_reference`` attribute).
        detections: ``(susp_start, susp_end, src_start, src_end)`` half-open ranges.

    Raises:
        ValueError: if a range is negative or reversed.
    """
    root = ET.Element("document", reference=susp_name)
    for susp_start, susp_end, src_start, src_end in detections:
        Case(susp_name, susp_start, susp_end, src_name, src_start, src_end)  # validates
        ET.SubElement(
            root,
            "feature",
            {
                "name": _DETECTION_TAG,
                "this_offset": str(susp_start),
                "this_length": str(susp_end - susp_start),
                "source_reference": src_name,
                "source_offset": str(src_start),
                "source_length": str(src_end - src_start),
            },
        )
    ET.indent(root, space="")
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def macro_recall(cases: Iterable[Case], detections: Iterable[Case]) -> float:
    """Macro-averaged recall: mean share of each case covered by its overlapping detections.

    Returns 1.0 when both inputs are empty and 0.0 when only one is (official convention).
    """
    return _macro_coverage(_distinct(cases), _distinct(detections))


def macro_precision(cases: Iterable[Case], detections: Iterable[Case]) -> float:
    """Macro-averaged precision: mean share of each detection covered by its overlapping cases.

    Returns 1.0 when both inputs are empty and 0.0 when only one is (official convention).
    """
    return _macro_coverage(_distinct(detections), _distinct(cases))


def granularity(cases: Iterable[Case], detections: Iterable[Case]) -> float:
    """Mean number of overlapping detections per detected case; 1.0 if no case is detected."""
    counts = [n for n in _overlap_counts(_distinct(cases), _distinct(detections)) if n > 0]
    return sum(counts) / len(counts) if counts else 1.0


def plagdet(precision: float, recall: float, granularity: float) -> float:
    """``F1(precision, recall) / log2(1 + granularity)``.

    Returns 0.0 when precision and recall are both 0, or when an argument is out of range
    (negative precision or recall, granularity below 1), as the official script does.
    """
    if precision < 0 or recall < 0 or granularity < 1 or precision + recall == 0:
        return 0.0
    f1 = 2 * precision * recall / (precision + recall)
    return f1 / math.log2(1 + granularity)


def evaluate(cases: Iterable[Case], detections: Iterable[Case]) -> Scores:
    """All PAN figures for ``cases`` (truth) and ``detections`` (system output)."""
    distinct_cases, distinct_detections = _distinct(cases), _distinct(detections)
    recall = _macro_coverage(distinct_cases, distinct_detections)
    precision = _macro_coverage(distinct_detections, distinct_cases)
    counts = [n for n in _overlap_counts(distinct_cases, distinct_detections) if n > 0]
    gran = sum(counts) / len(counts) if counts else 1.0
    return Scores(
        precision=precision,
        recall=recall,
        granularity=gran,
        plagdet=plagdet(precision, recall, gran),
        cases=len(distinct_cases),
        detections=len(distinct_detections),
        detected_cases=len(counts),
    )


def _distinct(items: Iterable[Case]) -> list[Case]:
    """The items without exact duplicates, first occurrence order kept."""
    return list(dict.fromkeys(items))


def _by_pair(items: Iterable[Case]) -> dict[tuple[str, str], list[Case]]:
    """Groups items by their (susp, src) document pair."""
    index: dict[tuple[str, str], list[Case]] = {}
    for item in items:
        index.setdefault(item.pair, []).append(item)
    return index


def _macro_coverage(items: Sequence[Case], others: Sequence[Case]) -> float:
    """Mean over ``items`` of the share of each item covered by the ``others`` overlapping it."""
    if not items and not others:
        return 1.0
    if not items or not others:
        return 0.0
    index = _by_pair(others)
    return sum(_coverage(item, index.get(item.pair, ())) for item in items) / len(items)


def _coverage(item: Case, others: Sequence[Case]) -> float:
    """Share of ``item``'s characters (both sides) covered by the overlapping ``others``."""
    size = item.size
    if size == 0:
        return 0.0
    hits = [other for other in others if item.overlaps(other)]
    susp = _union_length(
        (max(o.susp_start, item.susp_start), min(o.susp_end, item.susp_end)) for o in hits
    )
    src = _union_length((max(o.src_start, item.src_start), min(o.src_end, item.src_end)) for o in hits)
    return (susp + src) / size


def _union_length(ranges: Iterable[tuple[int, int]]) -> int:
    """Number of integers covered by the union of half-open ranges."""
    total, reach = 0, None
    for start, end in sorted(ranges):
        if reach is None or start > reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def _overlap_counts(cases: Sequence[Case], detections: Sequence[Case]) -> list[int]:
    """For each case, the number of detections overlapping it."""
    index = _by_pair(detections)
    return [sum(case.overlaps(d) for d in index.get(case.pair, ())) for case in cases]


def outside_cases(cases: Iterable[Case], detections: Iterable[Case]) -> list[Case]:
    """The detections that share no character with any case of their document pair on the
    suspicious side: text the truth does not mark at all (distinct detections, in order)."""
    by_pair = _by_pair(_distinct(cases))
    return [
        d
        for d in _distinct(detections)
        if not any(
            c.susp_start < d.susp_end and d.susp_start < c.susp_end for c in by_pair.get((d.susp, d.src), ())
        )
    ]


@dataclass(frozen=True, slots=True)
class RecallLoss:
    """Where the macro recall of a set of cases is lost (``1 - recall`` is the sum of the three
    shares): in cases that no detection overlaps (``undetected``, from ``undetected_cases``
    cases), and in the detected cases, the characters their detections leave out on the
    suspicious side (``cut_susp``) and on the source side (``cut_src``): ends cut short, or a
    case found in pieces with gaps between them."""

    cases: int
    undetected_cases: int
    undetected: float
    cut_susp: float
    cut_src: float


def recall_loss(cases: Iterable[Case], detections: Iterable[Case]) -> RecallLoss:
    """The :class:`RecallLoss` of ``cases`` given ``detections`` (distinct items, as for the
    measures; all shares 0 when there is no case)."""
    distinct = _distinct(cases)
    index = _by_pair(_distinct(detections))
    undetected_cases, undetected, cut_susp, cut_src = 0, 0.0, 0.0, 0.0
    for item in distinct:
        hits = [other for other in index.get(item.pair, ()) if item.overlaps(other)]
        if not hits or item.size == 0:  # an empty case scores 0 (see _coverage)
            undetected_cases += 1
            undetected += 1.0
            continue
        susp = _union_length(
            (max(o.susp_start, item.susp_start), min(o.susp_end, item.susp_end)) for o in hits
        )
        src = _union_length((max(o.src_start, item.src_start), min(o.src_end, item.src_end)) for o in hits)
        cut_susp += (item.susp_end - item.susp_start - susp) / item.size
        cut_src += (item.src_end - item.src_start - src) / item.size
    n = max(len(distinct), 1)
    return RecallLoss(len(distinct), undetected_cases, undetected / n, cut_susp / n, cut_src / n)


def longest_shared_run(left: str, right: str) -> int:
    """The most consecutive words two texts have in common (normalised as for matching: case,
    punctuation and spacing do not count). A run of a dozen or more words does not happen by
    chance between two texts on one topic: it is text both hold."""
    a, b = normalize(left).words, normalize(right).words
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
