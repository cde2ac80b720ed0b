"""HTML: a student's own page keeps all its visible text; a scraped web source keeps its main text.

Before either, elements hidden by an inline style (``display:none``, ``visibility:hidden``,
``font-size:0``/tiny, white text) or the ``hidden`` attribute are removed and reported as a
``hidden_text`` flag, so hidden filler is never matched. Scripts, styles and comments are never
text.
"""

from __future__ import annotations

import re

from reuse.errors import ExtractionError
from reuse.ingest.formats.base import Extracted, ensure_text, hidden_flag, near_white
from reuse.ingest.formats.text import decode
from reuse.ingest.formats.warc import clean_url
from reuse.model import DocumentKind

_DECLARATION = re.compile(r"^\s*(?:<\?xml[^>]*\?>)", re.IGNORECASE)


def _hidden_reason(style: str) -> str | None:
    rules = {}
    for part in style.split(";"):
        key, _, value = part.partition(":")
        rules[key.strip().lower()] = value.strip().lower().replace("!important", "").strip()
    if rules.get("display") == "none":
        return "display:none"
    if rules.get("visibility") in ("hidden", "collapse"):
        return "visibility:hidden"
    size = rules.get("font-size")
    if size is not None:
        number = re.match(r"^([\d.]+)\s*(px|pt|em|rem|%)?$", size)
        if number:
            amount = float(number.group(1))
            unit = number.group(2) or "px"
            points = {
                "px": amount * 0.75,
                "pt": amount,
                "em": amount * 12,
                "rem": amount * 12,
                "%": amount * 0.12,
            }[unit]
            if points < 2:
                return "tiny font"
    colour = rules.get("color")
    background = rules.get("background-color") or rules.get("background")
    if colour and near_white(colour) and not (background and not near_white(background.split()[0])):
        return "white text"
    if rules.get("opacity") in ("0", "0.0"):
        return "opacity:0"
    return None


def visible_markup(markup: str) -> tuple[str, list[tuple[str, str]]]:
    """The markup without hidden elements, and the hidden pieces ``(text, reason)``."""
    import lxml.html
    from lxml import etree

    markup = _DECLARATION.sub("", markup)
    if not markup.strip():
        return markup, []
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return markup, []
    hidden: list[tuple[str, str]] = []
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        reason = "hidden attribute" if element.get("hidden") is not None else None
        if reason is None and element.get("style"):
            reason = _hidden_reason(element.get("style", ""))
        if reason is None:
            continue
        if any(a.get("data-reuse-hidden") for a in element.iterancestors()):
            continue
        element.set("data-reuse-hidden", "1")
        hidden.append((element.text_content(), reason))
    for element in list(root.iter()):
        if (
            isinstance(element.tag, str)
            and element.get("data-reuse-hidden")
            and element.getparent() is not None
        ):
            element.drop_tree()
    return lxml.html.tostring(root, encoding="unicode"), hidden


def read_html(name: str, data: bytes, kind: DocumentKind) -> Extracted:
    """Read an HTML file: all visible text (submission) or the main text (source)."""
    import trafilatura

    markup, _ = decode(name, data)
    markup, hidden = visible_markup(markup)
    if kind == "source":
        text = trafilatura.extract(markup, favor_recall=True, include_comments=False)
        method = "html-main-text (trafilatura)"
    else:
        text = trafilatura.html2txt(markup)
        method = "html-all-text (trafilatura); hidden elements excluded"
    if not text or not text.strip():
        raise ExtractionError(name, "no text found in the HTML page", "check that the page has a body")
    url = page_url(markup) if kind == "source" else ""
    return Extracted(ensure_text(name, text, "HTML page"), method, hidden_flag(hidden), url)


def page_url(markup: str) -> str:
    """The URL a saved page gives for itself: its ``<link rel="canonical">``, else its ``og:url``
    (an absolute http/https URL only, see :func:`~reuse.ingest.formats.warc.clean_url`; empty when
    it gives none)."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and clean_url(link.get("href")):
            return clean_url(link.get("href"))
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:url":
            found = clean_url(meta.get("content"))
            if found:
                return found
    return ""
