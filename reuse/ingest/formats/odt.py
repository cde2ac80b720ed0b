"""ODT (OpenDocument text): walk ``content.xml`` with lxml.

Extracted text: headings, paragraphs, lists, tables (cell by cell), sections and text frames
(after the paragraph that anchors them), one paragraph per line, with ``text:s`` expanded to
spaces, ``text:tab`` to a tab and ``text:line-break`` to a line end; footnotes and endnotes are
put at the end. Left out: comments (``office:annotation``), tracked deletions, and hidden text:
``text:hidden-text``/``text:hidden-paragraph``, and spans or paragraphs whose style sets
``text:display="none"``, a white or near-white colour, or a font smaller than 2 pt (reported as
a ``hidden_text`` flag).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reuse.errors import ExtractionError
from reuse.ingest.formats.base import Extracted, ensure_text, hidden_flag, limits, near_white
from reuse.ingest.formats.xmlsafe import open_package, read_part
from reuse.model import DocumentKind

if TYPE_CHECKING:
    from lxml.etree import _Element

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
METHOD = "odt: body, tables, frames, notes at the end; hidden text excluded"

_PARAGRAPHS = {f"{{{TEXT}}}p", f"{{{TEXT}}}h"}
_SKIPPED = {
    f"{{{OFFICE}}}annotation",
    f"{{{OFFICE}}}annotation-end",
    f"{{{TEXT}}}tracked-changes",
    f"{{{TEXT}}}note-citation",
    f"{{{TEXT}}}sequence-decls",
    f"{{{TEXT}}}variable-decls",
    f"{{{OFFICE}}}forms",
}
_SIZE = re.compile(r"^([\d.]+)\s*(pt|px|cm|mm|in|%)?$")


def _t(tag: str) -> str:
    return f"{{{TEXT}}}{tag}"


def _style_reasons(roots: list[_Element | None]) -> dict[str, str]:
    """Style name -> why text in that style is hidden (only hidden styles are listed)."""
    reasons: dict[str, str] = {}
    parents: dict[str, str] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(f"{{{STYLE}}}style"):
            name = style.get(f"{{{STYLE}}}name")
            if not name:
                continue
            if style.get(f"{{{STYLE}}}parent-style-name"):
                parents[name] = style.get(f"{{{STYLE}}}parent-style-name", "")
            props = style.find(f"{{{STYLE}}}text-properties")
            if props is None:
                continue
            reason = None
            colour = props.get(f"{{{FO}}}color")
            size = props.get(f"{{{FO}}}font-size")
            background = props.get(f"{{{FO}}}background-color")
            if props.get(f"{{{TEXT}}}display") == "none":
                reason = "hidden (text:display none)"
            elif size and (match := _SIZE.match(size)):
                value, unit = float(match.group(1)), match.group(2) or "pt"
                points = {
                    "pt": value,
                    "px": value * 0.75,
                    "cm": value * 28.35,
                    "mm": value * 2.835,
                    "in": value * 72,
                    "%": 12.0 if value >= 17 else value * 0.12,
                }[unit]
                if points < 2:
                    reason = "tiny font (< 2 pt)"
            if (
                reason is None
                and colour
                and near_white(colour)
                and (not background or background == "transparent" or near_white(background))
            ):
                reason = "white text"
            if reason:
                reasons[name] = reason
    for name in parents:
        seen = [name]
        current = parents.get(name)
        while current and current not in seen:
            if current in reasons:
                reasons.setdefault(name, reasons[current])
                break
            seen.append(current)
            current = parents.get(current)
    return reasons


class _Walker:
    def __init__(self, name: str, reasons: dict[str, str]) -> None:
        self.name = name
        self.reasons = reasons
        self.lines: list[str] = []
        self.notes: list[str] = []
        self.hidden: list[tuple[str, str]] = []
        self.spaces = 0  # characters made by text:s, the one element that expands (c="1000000")
        self.max_chars = limits().max_chars

    def space(self, count: str) -> str:
        try:
            n = max(1, int(count))
        except ValueError:
            n = 1
        self.spaces += n
        if self.spaces > self.max_chars:
            raise ExtractionError(
                self.name,
                f"extracted text is more than the {self.max_chars:,} character limit (max_chars): "
                "its text:s elements alone expand to more spaces",
                "split it, or raise max_chars in [tool.reuse.limits]",
            )
        return " " * n

    def block(self, element: _Element, notes: bool = False) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag in _PARAGRAPHS:
                self.paragraph(child, notes)
            elif tag == _t("hidden-paragraph"):
                self.hidden.append(("".join(child.itertext()), "hidden paragraph"))
            else:
                self.block(child, notes)  # list, list-item, section, table rows and cells, frames

    def paragraph(self, p: _Element, notes: bool) -> None:
        reason = self.reasons.get(p.get(_t("style-name"), ""))
        pieces: list[str] = []
        deferred: list[_Element] = []
        note_bodies: list[_Element] = []
        self.inline(p, pieces, deferred, note_bodies, reason)
        (self.notes if notes else self.lines).append("".join(pieces))
        for frame in deferred:
            self.block(frame, notes)
        for body in note_bodies:
            self.block(body, notes=True)

    def inline(
        self,
        element: _Element,
        pieces: list[str],
        deferred: list[_Element],
        notes: list[_Element],
        hidden: str | None,
    ) -> None:
        target: list[str] = [] if hidden else pieces
        if element.text:
            target.append(element.text)
        for child in element:
            tag = child.tag
            if isinstance(tag, str) and tag not in _SKIPPED:
                if tag == _t("s"):
                    target.append(self.space(child.get(_t("c"), "1")))
                elif tag == _t("tab"):
                    target.append("\t")
                elif tag == _t("line-break"):
                    target.append("\n")
                elif tag == _t("note"):
                    body = child.find(_t("note-body"))
                    if body is not None:
                        notes.append(body)
                elif tag == _t("hidden-text"):
                    self.hidden.append((child.get(_t("string-value"), ""), "hidden text field"))
                elif tag.startswith(f"{{{DRAW}}}"):
                    deferred.append(child)
                else:
                    reason = hidden or self.reasons.get(child.get(_t("style-name"), ""))
                    if reason and not hidden:
                        inner: list[str] = []
                        self.inline(child, inner, deferred, notes, None)
                        self.hidden.append(("".join(inner), reason))
                    else:
                        self.inline(child, target, deferred, notes, None)
            if child.tail:
                target.append(child.tail)
        if hidden:
            self.hidden.append(("".join(target), hidden))


def read_odt(name: str, data: bytes, kind: DocumentKind) -> Extracted:
    """Read an ODT file (see the module docstring for what is kept)."""
    package = open_package(name, data, "OpenDocument (.odt)")
    with package:
        content = read_part(name, package, "content.xml")
        styles = read_part(name, package, "styles.xml", required=False)
    walker = _Walker(name, _style_reasons([styles, content]))
    body = content.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    if body is not None:
        walker.block(body)
    text = "\n".join([*walker.lines, *walker.notes]).strip("\n")
    return Extracted(ensure_text(name, text, "OpenDocument file"), METHOD, hidden_flag(walker.hidden))
