"""Fixture texts shared by the aligner's tests."""

from __future__ import annotations

import json

from reuse.align.features import TextFeatures, features
from reuse.text.normalize import normalize

from ..conftest import FIXTURES

ALIGN_FIXTURES = FIXTURES / "align"
PLANTED = json.loads((ALIGN_FIXTURES / "planted.json").read_text(encoding="utf-8"))


def read(name: str) -> str:
    """The text of an aligner fixture."""
    return (ALIGN_FIXTURES / name).read_text(encoding="utf-8")


def planted(kind: str) -> tuple[str, str, dict[str, int]]:
    """The left and right texts of a planted case, and where the passage was planted."""
    case = PLANTED[kind]
    return read(case["left"]), read(case["right"]), case


def copy_pair() -> tuple[TextFeatures, TextFeatures, int, int]:
    """A submission made of two source paragraphs in swapped order, with word counts."""
    source = read("source_essay_mill_lenin.txt")
    paragraphs = source.split("\n\n")
    early, late = normalize(paragraphs[2]).word_count, normalize(paragraphs[4]).word_count
    submission = paragraphs[4] + "\n\n" + paragraphs[2]
    return features(normalize(submission)), features(normalize(source)), early, late


def mill_paragraphs() -> list[str]:
    """The body paragraphs of the essay-mill source fixture (the title lines left out)."""
    return [p for p in read("source_essay_mill_lenin.txt").split("\n\n") if len(p.split()) > 40]
