"""The HTML report's pictures: the colour palette (contrast checked), the coverage histogram and the
clusters of submissions drawn as small graphs."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from reuse.model import CheckResult, Document
from reuse.report.gate import Gate
from reuse.report.html.views import Links, short_name

# Okabe-Ito, colour-blind safe (black and grey left out). Passages also carry numbers and
# underline styles, so colour is never the only cue.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
INK = "#1a1a1a"
TINT = 0.38  # share of the palette colour in a highlight's background (the rest is white)
HIST_BINS = 20
MAX_CLUSTER_CELLS = 24
MAX_CLUSTER_DRAWN = 14  # larger clusters are listed, not drawn


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def tint(colour: str, share: float = TINT) -> str:
    """``colour`` mixed with white, ``share`` of it kept: the background of a highlight."""
    return "#" + "".join(f"{round(c * share + 255 * (1 - share)):02x}" for c in _rgb(colour))


def badge_text(colour: str) -> str:
    """Black or white, whichever reads better on ``colour``."""
    return INK if contrast(INK, colour) >= contrast("#ffffff", colour) else "#ffffff"


COLOURS = tuple((c, tint(c), badge_text(c)) for c in PALETTE)  # (solid, highlight, badge text)



@dataclass(frozen=True, slots=True)
class Bar:
    """A histogram bar (SVG user units)."""

    low: int
    high: int
    count: int
    x: float
    y: float
    width: float
    height: float
    above: bool


@dataclass(frozen=True, slots=True)
class ClusterNode:
    """A submission in the cluster drawing."""

    label: str
    document: Document
    href: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class ClusterEdge:
    """A pair at or above the threshold linking two submissions of a cluster."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    coverage: float
    href: str


@dataclass(frozen=True, slots=True)
class Cluster:
    """A connected component of submissions linked by pairs at or above the threshold."""

    number: int
    documents: tuple[Document, ...]
    strongest: float
    nodes: tuple[ClusterNode, ...]
    edges: tuple[ClusterEdge, ...]
    x: float
    y: float



def histogram_bars(values: Iterable[float], threshold: float) -> tuple[tuple[Bar, ...], float, int]:
    counts = [0] * HIST_BINS
    for value in values:
        counts[min(HIST_BINS - 1, int(value * HIST_BINS + 1e-9))] += 1
    top = max(counts, default=0) or 1
    step, height = 30.0, 150.0
    bars = tuple(
        Bar(
            low=k * 100 // HIST_BINS,
            high=(k + 1) * 100 // HIST_BINS,
            count=c,
            x=40 + k * step,
            y=20 + height - height * c / top,
            width=step - 4,
            height=height * c / top,
            above=(k + 1) / HIST_BINS > threshold,
        )
        for k, c in enumerate(counts)
    )
    return bars, round(40 + threshold * HIST_BINS * step - 2, 1), top


def find_clusters(
    result: CheckResult,
    gate: Gate,
    docs: dict[str, Document],
    numbers: dict[str, int],
    ranks: dict[tuple[str, str], int],
    links: Links,
) -> tuple[Cluster, ...]:
    threshold = result.settings.fail_above
    links_above = [
        p
        for p in result.pairs
        if gate.of(p) is not None and docs[p.left].kind == docs[p.right].kind == "submission"
    ]
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            a = parent[a]
        return a

    for p in links_above:
        a, b = sorted((find(p.left), find(p.right)))
        parent[b] = a
    groups: dict[str, list[str]] = {}
    for member in sorted(parent):
        groups.setdefault(find(member), []).append(member)
    comps = []
    for members in groups.values():
        edges = [p for p in links_above if p.left in members]
        comps.append((members, edges, max((p.coverage for p in edges), default=threshold)))
    comps.sort(key=lambda c: (-len(c[0]), -c[2], c[0][0]))
    out = []
    cell_w, cell_h, columns = 250.0, 210.0, 4
    for k, (members, edges, strongest) in enumerate(comps):
        cx, cy = (k % columns) * cell_w, (k // columns) * cell_h
        if len(members) > MAX_CLUSTER_DRAWN:  # a hairball says nothing: the list below names them
            out.append(Cluster(k + 1, tuple(docs[m] for m in members), strongest, (), (), cx, cy))
            continue
        radius = min(64.0, 22.0 + 9.0 * len(members))
        pos = {}
        for j, member in enumerate(members):
            angle = math.pi + 2 * math.pi * j / len(members)
            pos[member] = (
                round(cx + cell_w / 2 + radius * math.cos(angle), 1),
                round(cy + 116 + radius * math.sin(angle), 1),
            )
        nodes = tuple(ClusterNode(short_name(m), docs[m], links.doc(numbers[m]), *pos[m]) for m in members)
        cedges = tuple(
            ClusterEdge(
                *pos[p.left],
                *pos[p.right],
                width=round(1 + 6 * p.coverage, 1),
                coverage=p.coverage,
                href=links.pair(ranks[(p.left, p.right)]),
            )
            for p in edges
        )
        out.append(Cluster(k + 1, tuple(docs[m] for m in members), strongest, nodes, cedges, cx, cy))
    return tuple(out)


