"""Web archives: WARC and WET files (crawlers, Heritrix, ``wget --warc-file``, Common Crawl).

A WARC file holds many records; each HTML page captured (a ``response`` record with status 2xx
and an HTML ``Content-Type``, or a ``resource`` record of HTML) and each text conversion of a
WET file (a ``conversion`` record) becomes one source document, with the record's target URI as
its URL and its ``WARC-Date`` as the capture date. Every other record (requests, metadata,
``warcinfo``, revisits, images, redirects, error pages) is left out and counted.

The file is read once, front to back, as a stream: gzip members (one per record, as WARC
writers make them, or one for the whole file) are decompressed here with a bound, and warcio
parses the decompressed bytes. Nothing is decompressed without a limit: the whole archive
unpacks to at most ``max_archive_bytes``, one record's page to at most :data:`MAX_RECORD_BYTES`,
and at most ``max_members`` pages are taken from one archive. A file that is not a WARC, or
that ends in the middle of a record, is a per-file error (the pages before the break are kept).
"""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from typing import IO, Any

from reuse.model import FileError
from reuse.settings import Limits

WARC_NAMES = (".warc", ".warc.gz", ".wet", ".wet.gz")
"""File names read as web archives (case does not matter)."""
MAX_RECORD_BYTES = 50 * 1024 * 1024
"""Most bytes one page (a record's HTTP body, decoded) is read to, like one zip member."""
_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z")
_URL = re.compile(r"https?://[^\s<>\"'\\^`{|}\x00-\x1f\x7f]+", re.IGNORECASE)
MAX_URL_CHARS = 2048
_HINT = "re-download or re-create the archive; the other pages are checked"


def is_warc_name(name: str) -> bool:
    """Whether a file of this name is read as a WARC or WET web archive."""
    return name.lower().endswith(WARC_NAMES)


def clean_url(value: str | None) -> str:
    """``value`` if it is an absolute ``http``/``https`` URL of printable characters (at most
    :data:`MAX_URL_CHARS`), else empty: a URL a report may show and link to safely."""
    text = (value or "").strip().strip("<>")
    if len(text) > MAX_URL_CHARS or _URL.fullmatch(text) is None:
        return ""
    return text


def clean_date(value: str | None) -> str:
    """``value`` if it is an ISO 8601 UTC time stamp as WARC writes them, else empty."""
    text = (value or "").strip()
    return text if _DATE.fullmatch(text) else ""


class ArchiveError(Exception):
    """The archive ends in the middle of a record, is not gzip or WARC, or unpacks past a cap."""


class _Inflated(io.RawIOBase):
    """The decompressed bytes of a file of gzip members (or the file as it is), ``cap`` bytes at most."""

    def __init__(self, raw: IO[bytes], cap: int) -> None:
        self._raw = raw
        self._cap = cap
        self._out = 0
        self._gzip = raw.read(2) == _GZIP_MAGIC
        raw.seek(0)
        self._pending = b""
        self._inflater: Any = None
        self.truncated = False
        """The file ended in the middle of a gzip member (read as the end of the data)."""
        self.tail = b""
        """The last bytes of the data: every WARC record ends with two CRLFs."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._inflate(len(buffer)) if self._gzip else self._raw.read(len(buffer))
        self._out += len(data)
        if self._out > self._cap:
            raise ArchiveError(f"it unpacks to more than the {self._cap:,} byte limit (max_archive_bytes)")
        buffer[: len(data)] = data
        if data:
            self.tail = (self.tail + data)[-4:]
        return len(data)

    def _inflate(self, size: int) -> bytes:
        while True:
            if not self._pending:
                self._pending = self._raw.read(_CHUNK)
                if not self._pending:
                    self.truncated = self._inflater is not None
                    return b""
            if self._inflater is None:
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                data: bytes = self._inflater.decompress(self._pending, size)
            except zlib.error as error:
                raise ArchiveError(f"damaged gzip data ({error})") from None
            if self._inflater.eof:
                self._pending = self._inflater.unused_data
                self._inflater = None
            else:
                self._pending = self._inflater.unconsumed_tail
            if data:
                return data


@dataclass(frozen=True, slots=True)
class WebPage:
    """One page of a web archive: its body (bytes, read within the caps), where and when captured."""

    number: int
    """Its position among the archive's records (1 = the first record)."""
    url: str
    retrieved: str
    suffix: str
    """``.html`` (a captured page) or ``.txt`` (a WET text conversion): the reader it goes to."""
    body: bytes = field(repr=False)
    size: int = 0
    """The body's length in bytes (kept when the body itself is not: :func:`list_web_archive`)."""


@dataclass(slots=True)
class WebArchive:
    """What reading one archive gave: its pages, the records left out (by kind) and the errors."""

    pages: list[WebPage] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)
    errors: list[FileError] = field(default_factory=list)

    def left_out_reason(self) -> str:
        """The records left out, as one sentence for the skipped-files list (empty: none)."""
        total = sum(self.left_out.values())
        if not total:
            return ""
        kinds = ", ".join(f"{count:,} {kind}" for kind, count in sorted(self.left_out.items()))
        return (f"web archive: {total:,} record{'s' if total != 1 else ''} that are not HTML pages or "
                f"text conversions left out ({kinds})")


def _kind(record: Any) -> tuple[str | None, str]:
    """``(suffix, "")`` for a record taken as a page, ``(None, why)`` for one left out."""
    rec_type = str(record.rec_type or "unknown")
    if rec_type == "conversion":
        return ".txt", ""
    if rec_type == "response" and record.http_headers is not None:
        status = str(record.http_headers.get_statuscode() or "")
        if not status.startswith("2"):
            return None, f"response {status or 'without status'}"
        media = str(record.http_headers.get_header("Content-Type") or "")
    elif rec_type == "resource":
        media = str(record.rec_headers.get_header("Content-Type") or "")
    else:
        return None, rec_type
    if media.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None, f"{rec_type} not HTML"
    return ".html", ""


def _read_whole(record: Any) -> bool:
    """Read the rest of ``record`` (within the archive's cap); whether it held all its declared length."""
    stream = record.raw_stream
    while stream.read(_CHUNK):
        pass
    return int(getattr(stream, "limit", 0)) == 0


def read_web_archive(display: str, opener: Callable[[], IO[bytes]], *, limits: Limits | None = None
                     ) -> WebArchive:
    """The pages of the web archive ``opener`` opens (``display`` names it in errors and page paths:
    ``display/record-N``), within the caps of ``limits``. Never raises for a bad archive: what
    went wrong is in :attr:`WebArchive.errors`."""
    found = WebArchive()
    found.pages.extend(_pages(display, opener, limits or Limits(), found))
    return found


def list_web_archive(display: str, opener: Callable[[], IO[bytes]], *, limits: Limits | None = None
                     ) -> WebArchive:
    """:func:`read_web_archive` without the pages' bodies (each page's ``body`` is empty, its ``size``
    kept): what an archive holds, in memory that does not grow with its pages' text. A
    :class:`PageReader` reads the bodies afterwards, one at a time."""
    found = WebArchive()
    found.pages.extend(replace(page, body=b"") for page in _pages(display, opener, limits or Limits(), found))
    return found


class PageReader:
    """The bodies of one web archive's pages read again on demand, front to back in one pass (asking
    for an earlier page than the last one read starts a new pass), holding one page at a time."""

    def __init__(self, display: str, opener: Callable[[], IO[bytes]], *, limits: Limits | None = None,
                 last: int = 0) -> None:
        self._display = display
        self._opener = opener
        self._limits = limits or Limits()
        self._last = last
        """The number of the archive's last page: the file is closed once it is read."""
        self._pass: Generator[WebPage, None, None] | None = None
        self._at = 0

    def body(self, number: int) -> bytes:
        """The body of page ``number`` (its record number).

        Raises:
            ArchiveError: the archive no longer holds that page (changed since it was listed).
        """
        if self._pass is None or number <= self._at:
            self.close()
            self._pass = _pages(self._display, self._opener, self._limits, WebArchive())
        for page in self._pass:
            self._at = page.number
            if page.number >= number:
                if page.number == number:
                    if number >= self._last:
                        self.close()
                    return page.body
                break
        self.close()
        raise ArchiveError(f"record {number} is no longer a page of the archive (changed since it was "
                           "listed)")

    def close(self) -> None:
        """Close the archive (a later :meth:`body` opens it again)."""
        if self._pass is not None:
            self._pass.close()
        self._pass = None
        self._at = 0


def _pages(display: str, opener: Callable[[], IO[bytes]], caps: Limits, found: WebArchive
           ) -> Generator[WebPage, None, None]:
    """The pages of the archive, one at a time; the records left out and the errors go to ``found``
    (its ``pages`` are not touched: the count of pages before an error is the pages yielded)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    taken = 0
    try:
        with opener() as raw:
            inflated = _Inflated(raw, caps.max_archive_bytes)
            record = None
            for record in ArchiveIterator(io.BufferedReader(inflated, _CHUNK), check_digests=False):
                number += 1
                suffix, why = _kind(record)
                if suffix is None:
                    if not _read_whole(record):
                        break
                    found.left_out[why] += 1
                    continue
                shown = f"{display}/record-{number}"
                if taken >= caps.max_members:
                    found.errors.append(FileError(
                        shown, f"the archive has more than {caps.max_members:,} pages, the limit "
                        "(max_members): this page and the rest not read",
                        "split the archive, or raise max_members in [tool.reuse.limits]"))
                    break
                body = record.content_stream().read(MAX_RECORD_BYTES + 1)
                if not _read_whole(record):
                    break
                if len(body) > MAX_RECORD_BYTES:
                    found.errors.append(FileError(
                        shown, f"page too large once unpacked (more than {MAX_RECORD_BYTES:,} bytes)",
                        "possible decompression bomb; the other pages are checked"))
                    continue
                taken += 1
                yield WebPage(number, clean_url(record.rec_headers.get_header("WARC-Target-URI")),
                              clean_date(record.rec_headers.get_header("WARC-Date")), suffix, body, len(body))
            ended = not inflated.tail or inflated.tail.endswith(b"\r\n\r\n")
            if inflated.truncated or not ended or (record is not None and not _read_whole(record)):
                raise ArchiveError(f"it ends in the middle of record {number} (truncated)")
    except ArchiveError as error:
        found.errors.append(FileError(display, f"web archive not fully read: {error}; "
                                      f"{taken:,} pages before it kept", _HINT))
    except (ArchiveLoadFailed, ValueError, EOFError, zlib.error) as error:
        what = "not a WARC web archive" if number == 0 else f"damaged WARC record after record {number}"
        found.errors.append(FileError(display, f"{what} ({type(error).__name__}: {str(error)[:200]})", _HINT))
    except OSError as error:
        found.errors.append(FileError(display, f"cannot read the file: {error.strerror or error}",
                                      "check its permissions"))
    if not taken and not found.errors:
        found.errors.append(FileError(
            display, "the web archive holds no HTML page or text conversion"
            + (f" ({sum(found.left_out.values()):,} other records)" if found.left_out else ""),
            "check that the crawl captured pages"))
