"""LMS exports: list the files of a class (folders, zips, zips in zips) and recover who wrote each.

Archives are read in memory with :mod:`zipfile`; nothing is ever extracted to disk. Limits
guard against zip bombs and hostile archives (each problem is a per-file error; the rest of the
class is still read): at most ``max_members`` files per archive and ``max_archive_bytes``
unpacked per archive (:class:`~reuse.settings.Limits`), ``MAX_MEMBER_BYTES`` per file, a
compression ratio of at most ``MAX_RATIO`` for files over ``RATIO_MIN_BYTES``; names with
``..``, absolute paths or drive letters are refused; folders are passed over; ``__MACOSX``,
``.DS_Store``, ``Thumbs.db`` and hidden files are skipped (and listed as skipped); links and
files of a type that cannot be read are per-file errors; a zip inside a zip is opened (one
level only).

Identity comes from the export's naming scheme (``layout``), matched on each file's path
relative to the folder or zip given:

==================  =================================================================  ===========
layout              path pattern                                                       author
==================  =================================================================  ===========
moodle              ``{Full Name}_{pid}_assignsubmission_{file|onlinetext}[_]/{file}``  Full Name
                    (or flat ``..._assignsubmission_file_{file}``; teams: below)
canvas              ``{login}[_LATE]_{user_id}_{submission_id}_{file}``                login
blackboard          ``{Assignment}_{username}_attempt_{YYYY-MM-DD-HH-MM-SS}_{file}``     username, or
                    (latest attempt kept; receipts ``..._attempt_{ts}.txt`` read)       receipt name
github-classroom    ``{assignment}-{username}/...`` (one folder per student repo)      username
==================  =================================================================  ===========

``auto`` (the default) picks the first layout that matches at least 90 % of a folder's or zip's
files, else authors stay unknown. ``id_pattern`` (a regex with a named group ``student``, searched
in the relative path) overrides the layout. ``roster`` (a CSV file) replaces a recovered id with
the student's name: a row matches when one of its id-like columns (``id``, ``username``,
``email``, ``github_username``, ``identifier``... ) equals one of the ids found in the path.
A student with several files gets one document per file, all with the same author. Each entry also
keeps ``original``, the name the student gave the file (the path after the LMS prefix; Canvas's
``-N`` re-upload suffix dropped, see :func:`canonical_name`), for display only, and ``late``, set
when Canvas marked the submission late (``_LATE``; metadata shown in the reports, never scored).

Moodle team (group) submissions: before Moodle's 2022 downloader class, each member gets a copy of
the team's files under ``{group}-{Full Name}_{pid}_...``; the student stays the author and the
group goes to ``team`` (rule and limits: :func:`split_teams`). Team-mates are different authors,
but their copies of the one team submission are not paired with each other (the team is carried to
``Document.team``; see :func:`reuse.pairing.same_team`). Since the downloader, a team's files come
once, under ``{group}_{groupid}_...``: the group is the author.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO

from reuse.display import os_text
from reuse.errors import ConfigError
from reuse.ingest.discover import discover, read_file
from reuse.ingest.formats.warc import ArchiveError, PageReader, is_warc_name, list_web_archive
from reuse.ingest.lms.archives import (
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    RATIO_MIN_BYTES,
    MemberError,
    zip_entries,
)
from reuse.ingest.lms.entry import Entry
from reuse.ingest.lms.layouts import LAYOUTS, canonical_name, compile_id_pattern, identify, split_teams
from reuse.ingest.lms.roster import read_roster
from reuse.model import FileError, SkippedFile
from reuse.settings import Limits


def _file_reader(path: Path) -> Callable[[], bytes]:
    def read() -> bytes:
        return read_file(os_text(path.as_posix()), path)

    return read


def _web_pages(shown: str, file: Path, rel: str, wanted: bool, skipped: list[SkippedFile] | None,
               limits: Limits | None, errors: list[FileError]) -> list[Entry]:
    """The pages of a web archive as entries (its problems appended to ``errors``)."""
    if not wanted:
        errors.append(FileError(shown, "a WARC web archive is read as sources only, not as submissions or "
                                "templates", "give it with --sources, or index it with `reuse index build`"))
        return []
    def opener() -> IO[bytes]:
        return open(file, "rb")

    archive = list_web_archive(shown, opener, limits=limits)  # the pages' bodies are read when extracted
    errors.extend(archive.errors)
    if skipped is not None and archive.left_out_reason():
        skipped.append(SkippedFile(shown, archive.left_out_reason()))
    prefix = f"{rel}/" if rel else ""
    reader = PageReader(shown, opener, limits=limits, last=archive.pages[-1].number if archive.pages else 0)
    return [
        Entry(f"{shown}/record-{page.number}", f"{prefix}record-{page.number}", page.suffix,
              functools.partial(_page_body, reader, page.number), page.size, url=page.url,
              retrieved=page.retrieved)
        for page in archive.pages
    ]


def _page_body(reader: PageReader, number: int) -> bytes:
    """The body of page ``number`` of a web archive (:class:`MemberError` when it is gone)."""
    try:
        return reader.body(number)
    except ArchiveError as error:
        raise MemberError(f"web archive not read again: {error}", "re-run once the archive stays unchanged"
                          ) from error


def collect(
    paths: Iterable[str | os.PathLike[str]],
    *,
    wanted: Callable[[str], bool],
    layout: str = "auto",
    id_pattern: str | None = None,
    roster: str | os.PathLike[str] | None = None,
    skipped: list[SkippedFile] | None = None,
    limits: Limits | None = None,
    web_archives: bool = False,
) -> tuple[list[Entry], list[FileError]]:
    """Every file of the class under ``paths`` (folders, files, zips), with authors set.

    Files left out on purpose (OS junk, hidden files) are appended to ``skipped`` when given.
    A WARC or WET web archive gives one entry per page (``ARCHIVE/record-N``, see
    :mod:`reuse.ingest.formats.warc`) with ``web_archives`` (sources), else a per-file error;
    its records that are not pages are one line of ``skipped``.
    """
    if layout not in LAYOUTS:
        raise ConfigError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    pattern = compile_id_pattern(id_pattern)
    people = read_roster(roster) if roster else None
    entries: list[Entry] = []
    errors: list[FileError] = []
    for raw in paths:
        root = Path(raw)
        files, problems = discover([root], skipped=skipped)
        errors.extend(problems)
        group: list[Entry] = []
        for file in files:
            rel = os_text(file.relative_to(root).as_posix() if root.is_dir() else file.name, lossless=False)
            suffix = file.suffix.lower()
            shown = os_text(file.as_posix())
            if is_warc_name(file.name):
                group.extend(_web_pages(shown, file, rel if root.is_dir() else "", web_archives, skipped,
                                        limits, errors))
            elif suffix == ".zip":
                inner, inner_errors = zip_entries(
                    shown, functools.partial(os.fspath, file), depth=0, wanted=wanted, skipped=skipped,
                    limits=limits,
                )
                errors.extend(inner_errors)
                prefix = "" if not root.is_dir() else f"{rel}/"
                group.extend(replace(e, rel=f"{prefix}{e.rel}") for e in inner)
            else:
                try:
                    size = file.stat().st_size
                except OSError:
                    size = 0
                group.append(Entry(shown, rel, suffix, _file_reader(file), size, disk_path=str(file)))
        entries.extend(identify(group, layout=layout, pattern=pattern, roster=people))
    return entries, errors


__all__: Sequence[str] = [
    "LAYOUTS",
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "RATIO_MIN_BYTES",
    "Entry",
    "MemberError",
    "canonical_name",
    "collect",
    "identify",
    "read_roster",
    "split_teams",
    "zip_entries",
]
