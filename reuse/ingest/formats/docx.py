"""DOCX: walk ``word/document.xml`` (and the notes parts) with lxml.

Extracted text, in reading order: body paragraphs and tables (cell by cell, nested tables too),
text boxes right after the paragraph that anchors them, then footnotes, then endnotes; one
paragraph per line. Left out: headers and footers (page furniture, never matched), deleted
revisions, field codes, comments, and *hidden runs*: ``w:vanish``, white or near-white text
(unless on a dark highlight or shading), and text smaller than 2 pt. Hidden runs are reported
in a ``hidden_text`` flag. Direct run formatting and character/paragraph styles are read.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reuse.ingest.formats.base import Extracted, ensure_text, hidden_flag, near_white
from reuse.ingest.formats.xmlsafe import open_package, read_part
from reuse.model import DocumentKind

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
METHOD = "docx: body, tables, text boxes, footnotes, endnotes; headers/footers excluded"
TINY_HALF_POINTS = 4  # w:sz is in half-points: below 4 means below 2 pt

_SKIPPED = {
    f"{{{W}}}{t}" for t in ("del", "moveFrom", "pPr", "rPr", "instrText", "delText", "commentReference")
}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_OFF = {"0", "false", "off"}


@dataclass
class _Props:
    vanish: bool | None = None
    colour: str | None = None
    size: int | None = None
    backdrop: bool | None = None  # a non-white highlight or shading behind the text

    def merged(self, other: _Props) -> _Props:
        return _Props(
            other.vanish if other.vanish is not None else self.vanish,
            other.colour if other.colour is not None else self.colour,
            other.size if other.size is not None else self.size,
            other.backdrop if other.backdrop is not None else self.backdrop,
        )

    def hidden(self) -> str | None:
        if self.vanish:
            return "vanished (w:vanish)"
        if self.size is not None and self.size < TINY_HALF_POINTS:
            return "tiny font (< 2 pt)"
        if self.colour and self.colour != "auto" and near_white(self.colour) and not self.backdrop:
            return "white text"
        return None


def _props(rpr: _Element | None) -> _Props:
    props = _Props()
    if rpr is None:
        return props
    for child in rpr:
        value = child.get(_w("val"))
        if child.tag in (_w("vanish"), _w("specVanish")):
            props.vanish = value is None or value.lower() not in _OFF
        elif child.tag == _w("color") and value:
            props.colour = value.lower()
        elif child.tag == _w("sz") and value:
            with contextlib.suppress(ValueError):
                props.size = int(float(value))
        elif child.tag == _w("highlight") and value:
            props.backdrop = value.lower() not in ("none", "white")
        elif child.tag == _w("shd"):
            fill = (child.get(_w("fill")) or "auto").lower()
            props.backdrop = fill not in ("auto", "none") and not near_white(fill)
    return props


class _Styles:
    def __init__(self, root: _Element | None) -> None:
        self.raw: dict[str, tuple[str | None, _Props]] = {}
        self.default = _Props()
        self.cache: dict[str, _Props] = {}
        if root is None:
            return
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        self.default = _props(defaults)
        for style in root.iter(_w("style")):
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            based = style.find(_w("basedOn"))
            self.raw[style_id] = (
                based.get(_w("val")) if based is not None else None,
                _props(style.find(_w("rPr"))),
            )

    def get(self, style_id: str | None) -> _Props:
        if not style_id or style_id not in self.raw:
            return _Props()
        if style_id not in self.cache:
            chain: list[str] = []
            current: str | None = style_id
            while current and current in self.raw and current not in chain and len(chain) < 20:
                chain.append(current)
                current = self.raw[current][0]
            props = _Props()
            for sid in reversed(chain):
                props = props.merged(self.raw[sid][1])
            self.cache[style_id] = props
        return self.cache[style_id]


class _Walker:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.lines: list[str] = []
        self.hidden: list[tuple[str, str]] = []

    def block(self, element: _Element) -> None:
        for child in element:
            tag = child.tag
            if tag == _w("p"):
                self.paragraph(child)
            elif tag == _w("tbl"):
                for row in child.findall(_w("tr")):
                    for cell in row.findall(_w("tc")):
                        self.block(cell)
            elif isinstance(tag, str) and tag not in _SKIPPED and tag != _w("sectPr"):
                self.block(child)  # sdt, sdtContent, customXml, ins...

    def paragraph(self, p: _Element) -> None:
        ppr = p.find(_w("pPr"))
        style = ppr.find(_w("pStyle")) if ppr is not None else None
        base = self.styles.default.merged(
            self.styles.get(style.get(_w("val")) if style is not None else None)
        )
        pieces: list[str] = []
        boxes: list[_Element] = []
        self.inline(p, base, pieces, boxes)
        self.lines.append("".join(pieces))
        for box in boxes:
            self.block(box)

    def inline(self, element: _Element, base: _Props, pieces: list[str], boxes: list[_Element]) -> None:
        for child in element:
            tag = child.tag
            if tag == _w("r"):
                self.run(child, base, pieces, boxes)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self.inline(choice, base, pieces, boxes)
            elif isinstance(tag, str) and tag not in _SKIPPED:
                self.inline(child, base, pieces, boxes)  # hyperlink, ins, smartTag, sdt, fldSimple...

    def run(self, run: _Element, base: _Props, pieces: list[str], boxes: list[_Element]) -> None:
        rpr = run.find(_w("rPr"))
        direct = _props(rpr)
        style = rpr.find(_w("rStyle")) if rpr is not None else None
        props = base.merged(self.styles.get(style.get(_w("val")) if style is not None else None)).merged(
            direct
        )
        reason = props.hidden()
        text: list[str] = []
        for child in run:
            tag = child.tag
            if tag == _w("t"):
                text.append(child.text or "")
            elif tag in (_w("tab"), _w("ptab")):
                text.append("\t")
            elif tag in (_w("br"), _w("cr")):
                text.append("\n")
            elif tag == _w("noBreakHyphen"):
                text.append("-")
            elif isinstance(tag, str) and tag not in _SKIPPED:
                for box in child.iter(_w("txbxContent")):
                    if not any(a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors()):
                        boxes.append(box)
        if reason is not None:
            self.hidden.append(("".join(text), reason))
        else:
            pieces.extend(text)


def read_docx(name: str, data: bytes, kind: DocumentKind) -> Extracted:
    """Read a DOCX file (see the module docstring for what is kept)."""
    package = open_package(name, data, "Word (.docx)")
    with package:
        document = read_part(name, package, "word/document.xml")
        walker = _Walker(_Styles(read_part(name, package, "word/styles.xml", required=False)))
        body = document.find(_w("body"))
        if body is not None:
            walker.block(body)
        for part, tag in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
            root = read_part(name, package, part, required=False)
            if root is None:
                continue
            for note in root.findall(_w(tag)):
                if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                walker.block(note)
    text = "\n".join(walker.lines).strip("\n")
    return Extracted(ensure_text(name, text, "Word document"), METHOD, hidden_flag(walker.hidden))
