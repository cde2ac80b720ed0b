"""Zip archives read in memory, within the caps that guard against zip bombs and hostile archives."""

from __future__ import annotations

import functools
import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath
from typing import IO

from reuse.display import os_text
from reuse.ingest.discover import is_junk
from reuse.ingest.formats import unsupported_error
from reuse.ingest.lms.entry import Entry
from reuse.model import FileError, SkippedFile
from reuse.settings import Limits

MAX_MEMBERS = Limits().max_members
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = Limits().max_archive_bytes
MAX_RATIO = 200
#: Members at least this large must not unpack to more than ``MAX_RATIO`` times their packed size
#: (prose compresses about 3:1; a 1 MB member of one repeated line packs 250:1 and was let through
#: when only members over 1 MiB were tested).
RATIO_MIN_BYTES = 64 * 1024


class MemberError(Exception):
    """An archive member that cannot be read (corrupt, or larger than its header says), with a hint.

    Raised by an :class:`~reuse.ingest.lms.entry.Entry`'s ``read`` for a zip member; the caller
    turns it into a per-file error for that member."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in parts


def _skipped(name: str) -> bool:
    return any(is_junk(part) for part in name.split("/") if part)


def zip_entries(
    display: str,
    opener: Callable[[], str | os.PathLike[str] | IO[bytes]],
    *,
    depth: int,
    wanted: Callable[[str], bool],
    skipped: list[SkippedFile] | None = None,
    limits: Limits | None = None,
) -> tuple[list[Entry], list[FileError]]:
    """List the members of a zip (``opener`` gives a path or file object) within the limits.

    Every file member is accounted for: an entry, an error (unsafe name, link, type ``wanted``
    refuses, over a limit), or, for OS junk and hidden files, appended to ``skipped``.
    """
    caps = limits or Limits()
    entries: list[Entry] = []
    errors: list[FileError] = []
    try:
        archive = zipfile.ZipFile(opener())
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        return [], [
            FileError(display, f"corrupt or unreadable zip archive ({error})", "re-download the export")
        ]
    if len(infos) > caps.max_members:
        return [], [
            FileError(
                display,
                f"archive has {len(infos):,} files, more than the {caps.max_members:,} limit (max_members)",
                "split the export, or raise max_members in [tool.reuse.limits]",
            )
        ]
    total = 0
    for info in infos:
        name = info.filename
        shown = f"{display}/{os_text(name)}"
        if info.is_dir():
            continue
        if _unsafe(name):
            errors.append(
                FileError(
                    shown,
                    "unsafe path in the archive (absolute or '..'): skipped",
                    "the archive was not made by an LMS export; check where it came from",
                )
            )
            continue
        if _skipped(name):
            if skipped is not None:
                skipped.append(SkippedFile(shown, "operating-system or hidden file"))
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            errors.append(FileError(shown, "symbolic link in the archive: not followed",
                                    "submit the file itself, not a link to it"))
            continue
        suffix = PurePosixPath(name).suffix.lower()
        if not (wanted(suffix) or suffix == ".zip"):
            refused = unsupported_error(shown, suffix)
            errors.append(FileError(refused.path, refused.message, refused.hint))
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            errors.append(
                FileError(
                    shown,
                    f"file too large once unpacked ({info.file_size} bytes, limit {MAX_MEMBER_BYTES})",
                    "possible zip bomb; extract the text first",
                )
            )
            continue
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            errors.append(
                FileError(
                    shown,
                    f"refused: compression ratio {info.file_size // max(info.compress_size, 1)}:1 "
                    f"(limit {MAX_RATIO}:1), looks like a zip bomb",
                    "submit the file itself",
                )
            )
            continue
        total += info.file_size
        if total > caps.max_archive_bytes:
            errors.append(
                FileError(
                    shown,
                    f"archive unpacks to more than the {caps.max_archive_bytes:,} byte limit "
                    "(max_archive_bytes): this file and the rest not read",
                    "split the export, or raise max_archive_bytes in [tool.reuse.limits]",
                )
            )
            break
        read = _member_reader(archive, info, shown)
        if suffix == ".zip":
            if depth >= 1:
                errors.append(
                    FileError(
                        shown,
                        "zip inside a zip inside a zip: not opened (one level is read)",
                        "unpack it and pass the files",
                    )
                )
                continue
            try:
                inner_data = read()
            except MemberError as error:
                errors.append(FileError(shown, error.message, error.hint))
                continue
            inner, inner_errors = zip_entries(
                shown, functools.partial(io.BytesIO, inner_data), depth=depth + 1, wanted=wanted,
                skipped=skipped, limits=caps,
            )
            # Files of a nested zip belong to the student named by the zip's own path.
            entries.extend(replace(e, rel=f"{name}/{e.rel}") for e in inner)
            errors.extend(inner_errors)
            continue
        entries.append(Entry(shown, os_text(name, lossless=False), suffix, read, info.file_size))
    return entries, errors


def _member_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            with archive.open(info) as handle:
                data = handle.read(min(info.file_size, MAX_MEMBER_BYTES) + 1)
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            ValueError,
            RuntimeError,
            NotImplementedError,
            zlib.error,  # damaged compressed data
        ) as error:
            raise MemberError(
                f"cannot read it from the archive ({error})", "re-download the export"
            ) from error
        if len(data) > info.file_size:
            raise MemberError(
                "archive member is larger than its header says (zip bomb?): refused", "submit the file itself"
            )
        return data

    return read
