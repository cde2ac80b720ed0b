"""Safe XML parsing and bounded zip member reads for the office formats (DOCX, ODT)."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Literal, overload

from reuse.errors import ExtractionError
from reuse.ingest.formats.base import limits

if TYPE_CHECKING:
    from lxml import etree

_PART_HINT = "split the document, or raise max_part_bytes in [tool.reuse.limits]"


def open_package(name: str, data: bytes, what: str) -> zipfile.ZipFile:
    """Open an office file (a zip package) held in memory."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ExtractionError(
            name,
            f"corrupt or not a {what} file (not a valid zip package)",
            "open and re-save it, then submit again",
        ) from error


@overload
def read_part(
    name: str, package: zipfile.ZipFile, part: str, *, required: Literal[True] = ...
) -> etree._Element: ...
@overload
def read_part(name: str, package: zipfile.ZipFile, part: str, *, required: bool) -> etree._Element | None: ...
def read_part(
    name: str, package: zipfile.ZipFile, part: str, *, required: bool = True
) -> etree._Element | None:
    """Parse one XML part of the package (no entities, no network); ``None`` if absent and optional."""
    from lxml import etree

    try:
        info = package.getinfo(part)
    except KeyError:
        if required:
            raise ExtractionError(name, f"corrupt file: {part} is missing", "open and re-save it") from None
        return None
    cap = limits().max_part_bytes
    too_large = f"{part} unpacks to more than the {cap:,} byte limit (max_part_bytes)"
    if info.file_size > cap:
        raise ExtractionError(name, f"{part} unpacks to {info.file_size:,} bytes, more than the {cap:,} "
                              "byte limit (max_part_bytes)", _PART_HINT)
    try:
        with package.open(info) as handle:
            raw = handle.read(cap + 1)  # the header's size may lie: never unpack more than the cap
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise ExtractionError(
            name, f"corrupt file: cannot read {part} ({error})", "open and re-save it"
        ) from error
    if len(raw) > cap:
        raise ExtractionError(name, too_large, _PART_HINT)
    if b"<!ENTITY" in raw:  # never expanded (resolve_entities=False), but no office program writes one
        raise ExtractionError(
            name,
            f"refused: {part} declares XML entities, which office programs never write (an entity bomb?)",
            "open it in Word or LibreOffice and save it again",
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        raise ExtractionError(
            name, f"corrupt file: {part} is not valid XML ({error})", "open and re-save it"
        ) from error
