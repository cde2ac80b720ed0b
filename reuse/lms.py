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

import csv
import functools
import io
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import IO

from reuse.display import os_text
from reuse.errors import ConfigError
from reuse.formats import unsupported_error
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
LAYOUTS = ("auto", "moodle", "canvas", "blackboard", "github-classroom", "none")
_AUTO_SHARE = 0.9

# Folders end in "_/" before Moodle's 2022 downloader class and in "/" since; ``sep`` tells them apart. Team
# exports since then name the group only, "{group}_{groupid}", or "Default group" with no id.
MOODLE = re.compile(
    r"^(?P<name>[^_/]+)(?:_(?P<pid>\d+))?_assignsubmission_(?P<plugin>[a-z]+)"
    r"(?:(?P<sep>_?)/(?P<path>.+)|_(?P<orig>[^/].*))$"
)
CANVAS = re.compile(r"^(?P<login>[^_/]+)(?P<late>_LATE)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<orig>[^/]+)$")
BLACKBOARD = re.compile(
    r"^(?P<assignment>[^/]+)_(?P<user>[^_/]+)_attempt_(?P<ts>\d{4}(?:-\d{2}){5})(?:_(?P<orig>[^/]+)|(?P<receipt>\.txt))?$"
)
DEFAULT_TEAM = "Default group"  # Moodle's English string for students in no group (``defaultteam``)
_RECEIPT_NAME = re.compile(r"^Name:\s*(?P<name>.+?)\s*(?:\((?P<user>[^)]+)\))?\s*$", re.MULTILINE)
_ROSTER_NAME = ("name", "full name", "fullname", "student name", "display name", "student")
_ROSTER_KEYS = (
    "id",
    "user",
    "login",
    "email",
    "identifier",
    "github",
    "number",
    "participant",
    "username",
    "sis",
)


@dataclass(frozen=True)
class Entry:
    """One file of the class: where it is shown from, how to read it, and who wrote it."""

    display: str  # Document.path: the file path, or "archive.zip/member"
    rel: str  # path relative to the folder or zip given (what layouts are matched on)
    suffix: str
    read: Callable[[], bytes] = field(compare=False, repr=False)
    size: int = 0
    disk_path: str | None = None  # set for files on disk (workers may read them themselves)
    author: str = ""
    keys: tuple[str, ...] = ()  # ids found in the path, for the roster join
    original: str = ""  # the file name the student submitted, for display (see canonical_name)
    team: str = ""  # Moodle team submissions: the student's group (not the attempt ``group`` below)
    late: bool = False  # Canvas marked the submission late (``_LATE``): shown, never scored
    sort_key: str = ""  # attempt time stamp (Blackboard)
    group: str = ""  # entries of one group keep only the latest sort_key


@dataclass(frozen=True, slots=True)
class _Found:
    """What a layout recovers from one path."""

    author: str
    keys: tuple[str, ...]
    original: str = ""
    team: str = ""
    late: bool = False


# Canvas makes an uploaded name unique with "-N" before the extension (Attachment.make_unique_filename:
# N counts from 1 and a UUID is used after 7 tries; the extension is every ".word" part at the end).
_CANVAS_COPY = re.compile(
    r"^(?P<stem>.+?)-(?:[1-9]|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
    r"(?P<ext>(?:\.[A-Za-z][A-Za-z0-9]*)*\.[A-Za-z0-9]*)?$"
)


def canonical_name(name: str) -> str:
    """A Canvas file name without the ``-N`` that Canvas adds to a re-uploaded or duplicate name.

    Only for display: the path, the document id and the author never change, so ``essay.docx`` and
    ``essay-1.docx`` stay two documents of one student. The rule: a ``-`` and a single digit 1-9 (or
    the UUID Canvas falls back to after 7 tries) right before the extension, with text before it.
    A name the student chose that ends that way (``lab-3.docx``) is shortened too; longer numbers
    (``essay-2019.docx``, ``chapter-12.docx``) and a bare ``-1.docx`` are kept.

    Examples:
        >>> canonical_name("essay-1.docx"), canonical_name("essay-2019.docx")
        ('essay.docx', 'essay-2019.docx')
    """
    match = _CANVAS_COPY.match(name)
    return f"{match.group('stem')}{match.group('ext') or ''}" if match else name


def _inner(rel: str) -> str:
    """The part of a path below its first folder (a file inside a submitted zip), as ``/rest``."""
    return f"/{rel.split('/', 1)[1]}" if "/" in rel else ""


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in parts


def _skipped(name: str) -> bool:
    from reuse.extract import is_junk

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
            except _MemberError as error:
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


class _MemberError(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


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
        ) as error:
            raise _MemberError(
                f"cannot read it from the archive ({error})", "re-download the export"
            ) from error
        if len(data) > info.file_size:
            raise _MemberError(
                "archive member is larger than its header says (zip bomb?): refused", "submit the file itself"
            )
        return data

    return read


def _file_reader(path: Path) -> Callable[[], bytes]:
    def read() -> bytes:
        from reuse.extract import _read_file

        return _read_file(os_text(path.as_posix()), path)

    return read


def collect(
    paths: Iterable[str | os.PathLike[str]],
    *,
    wanted: Callable[[str], bool],
    layout: str = "auto",
    id_pattern: str | None = None,
    roster: str | os.PathLike[str] | None = None,
    skipped: list[SkippedFile] | None = None,
    limits: Limits | None = None,
) -> tuple[list[Entry], list[FileError]]:
    """Every file of the class under ``paths`` (folders, files, zips), with authors set.

    Files left out on purpose (OS junk, hidden files) are appended to ``skipped`` when given.
    """
    from reuse.extract import discover

    if layout not in LAYOUTS:
        raise ConfigError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    pattern = _compile(id_pattern)
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
            if suffix == ".zip":
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


def _compile(id_pattern: str | None) -> re.Pattern[str] | None:
    if id_pattern is None:
        return None
    try:
        pattern = re.compile(id_pattern)
    except re.error as error:
        raise ConfigError(f"invalid id pattern {id_pattern!r}: {error}") from error
    if "student" not in pattern.groupindex:
        raise ConfigError(f"id pattern {id_pattern!r} needs a named group (?P<student>...)")
    return pattern


def _match_moodle(rel: str) -> _Found | None:
    match = MOODLE.match(rel)
    if not match:
        return None
    name = match.group("name").strip()
    pid = match.group("pid")
    if name.lower() == "participant" and pid:
        name = f"Participant {pid}"
    return _Found(name, (pid, name) if pid else (name,), match.group("path") or match.group("orig"))


def split_teams(names: dict[str, set[str]]) -> dict[str, tuple[str, str]]:
    """Group and full name in each Moodle folder name of a team export, or ``{}`` if it is not one.

    Moodle before its 2022 downloader class names a team submission's folders after each member:
    ``{group}-{Full Name}_{pid}_...`` (``Default group-`` for a student in no group,
    ``{group}-Participant`` with blind marking), one copy per member. Since the downloader a team
    export names the group only (``{group}_{groupid}_...``): the group is then the author, as it
    cannot be told from a student's name, and this function is not used.

    The rule, given every name of one export with the participant ids seen with it:

    - The export is a team export when every name has a ``-`` with text on both sides, and either
      two participants share a text before a ``-`` (the members of a group) or a name starts with
      ``Default group-``. So an individual export's ``Anne-Marie Dupont`` is left whole unless
      every name in it has a ``-`` (see the limits).
    - A name is cut at its last ``-`` whose text before it is shared by two or more participants
      (so ``Team-A-Anne-Marie Dupont`` gives ``Team-A`` when a team-mate's name also starts with
      ``Team-A-``), else at its first ``-`` (``Anne-Marie`` stays whole); ``-Participant`` is cut
      off as it is.

    Limits (the ``-`` cannot be told apart; a roster joined on the participant id still replaces the
    author): a group whose name has a ``-`` and only one member in the export is cut too early
    (``Lab-2-Jane Doe`` gives group ``Lab``, author ``2-Jane Doe``); team-mates whose names start
    with the same hyphenated part (``Jean-Luc``, ``Jean-Paul``) have it taken into the group; an
    export of two students only whose names share such a part (``Jean-Luc A``, ``Jean-Paul B``) is
    taken for a team export; a localised ``Default group`` counts only when two share it, and one
    with a ``-`` (German ``Standard-Gruppe``) with one member is cut too early; flat exports (the
    download-as-folders preference off) from the 2022 downloader look like older ones, so their
    group names that share a hyphenated start are split (``Team-A`` gives group ``Team``, author ``A``).

    Args:
        names: each folder name (the text before ``_{pid}``) -> the participant ids seen with it.

    Returns:
        name -> (group, full name), for every name, or ``{}``.
    """
    cuts = {
        name: [k for k, c in enumerate(name) if c == "-" and name[:k].strip() and name[k + 1 :].strip()]
        for name in names
    }
    if not names or not all(cuts.values()):
        return {}
    sharing: dict[str, set[str]] = {}
    for name, ids in names.items():
        for k in cuts[name]:
            sharing.setdefault(name[:k], set()).update(ids)
    shared = {prefix for prefix, ids in sharing.items() if len(ids) > 1}
    if not shared and not any(name.startswith(f"{DEFAULT_TEAM}-") for name in names):
        return {}
    split: dict[str, tuple[str, str]] = {}
    for name in names:
        if name.lower().endswith("-participant"):
            cut = len(name) - len("-participant")
        else:
            cut = max((k for k in cuts[name] if name[:k] in shared), default=cuts[name][0])
        split[name] = (name[:cut].strip(), name[cut + 1 :].strip())
    return split


def _moodle_teams(rels: list[str], matched: list[_Found | None]) -> list[_Found | None]:
    """Set the team and the member's name on the entries of an older Moodle team export."""
    parts = [MOODLE.match(r) if m else None for r, m in zip(rels, matched, strict=True)]
    found = [p for p in parts if p]
    if not found or any(p.group("sep") == "" or not p.group("pid") for p in found):
        return matched  # the 2022 downloader's layout: a team is named by its group alone
    names: dict[str, set[str]] = {}
    for p in found:
        names.setdefault(p.group("name").strip(), set()).add(p.group("pid"))
    teams = split_teams(names)
    if not teams:
        return matched
    result: list[_Found | None] = []
    for part, m in zip(parts, matched, strict=True):
        if part is None or m is None:
            result.append(m)
            continue
        team, member = teams[part.group("name").strip()]
        pid = part.group("pid")
        author = f"Participant {pid}" if member.lower() == "participant" else member
        result.append(replace(m, author=author, keys=(pid, author), team=team))
    return result


def _match_canvas(rel: str) -> _Found | None:
    match = CANVAS.match(rel.split("/", 1)[0])
    if not match:
        return None
    keys = (match.group("uid"), match.group("login"), match.group("sid"))
    original = canonical_name(match.group("orig")) + _inner(rel)
    return _Found(match.group("login"), keys, original, late=match.group("late") is not None)


def _match_blackboard(rel: str) -> _Found | None:
    match = BLACKBOARD.match(rel.split("/", 1)[0])
    if not match:
        return None
    return _Found(match.group("user"), (match.group("user"),), (match.group("orig") or "") + _inner(rel))


def _strip_root(rels: list[str]) -> int:
    """How many leading folders all paths share (a wrapper folder around the export)."""
    depth = 0
    split = [r.split("/") for r in rels]
    while split and all(len(s) > depth + 1 for s in split) and len({s[depth] for s in split}) == 1:
        depth += 1
    return depth


def _github_prefix(rels: list[str]) -> str | None:
    tops = sorted({r.split("/", 1)[0] for r in rels if "/" in r})
    if len(tops) < 2 or sum(1 for r in rels if "/" in r) < _AUTO_SHARE * len(rels):
        return None
    common = os.path.commonprefix(tops)  # noqa: RUF071 - folder-name prefix ("hw1-essay-"), not a path
    cut = common.rfind("-")
    if cut <= 0 or any(len(t) <= cut + 1 for t in tops):
        return None
    return common[: cut + 1]


_MATCHERS: dict[str, Callable[[str], _Found | None]] = {
    "moodle": _match_moodle,
    "canvas": _match_canvas,
    "blackboard": _match_blackboard,
}


def _detect(rels: list[str], layout: str) -> tuple[str, list[_Found | None]] | None:
    """The layout that fits (the one asked for, or in auto mode one matching 90 % of the paths)."""
    for name in (*_MATCHERS, "github-classroom") if layout == "auto" else (layout,):
        if name == "github-classroom":
            prefix = _github_prefix(rels)
            if prefix is None:
                continue
            users = [
                r.split("/", 1)[0][len(prefix) :] if "/" in r and r.startswith(prefix) else "" for r in rels
            ]
            attempt = [
                _Found(u, (u,), _inner(r)[1:]) if u else None for u, r in zip(users, rels, strict=True)
            ]
        else:
            attempt = [_MATCHERS[name](r) for r in rels]
        hits = sum(1 for a in attempt if a is not None)
        if hits and (layout != "auto" or hits >= _AUTO_SHARE * len(rels)):
            return name, attempt
    return None


def identify(
    group: list[Entry],
    *,
    layout: str = "auto",
    pattern: re.Pattern[str] | None = None,
    roster: dict[str, str] | None = None,
) -> list[Entry]:
    """Set author, keys, original name, team, late flag and attempt order on one folder's or zip's entries."""
    if not group:
        return group
    matched: list[_Found | None] = [None] * len(group)
    rels = [e.rel for e in group]
    chosen = "none"
    if pattern is not None:
        chosen = "id-pattern"
        for k, e in enumerate(group):
            id_match = pattern.search(e.rel)
            if id_match and id_match.group("student"):
                matched[k] = _Found(id_match.group("student"), (id_match.group("student"),))
    elif layout != "none":
        # Try the paths as given, then without wrapper folders shared by every file.
        for depth in range(_strip_root(rels) + 1):
            trimmed = ["/".join(e.rel.split("/")[depth:]) for e in group]
            found_layout = _detect(trimmed, layout)
            if found_layout is not None:
                chosen, matched = found_layout
                rels = trimmed
                break
        if chosen == "moodle":
            matched = _moodle_teams(rels, matched)
    receipts: dict[str, str] = {}
    result: list[Entry] = []
    for e, rel, found in zip(group, rels, matched, strict=True):
        if chosen == "blackboard":
            bb = BLACKBOARD.match(rel.split("/", 1)[0])
            if bb and bb.group("receipt"):
                receipts.update(_receipt_name(e))
                continue
            if bb:
                e = replace(e, sort_key=bb.group("ts"), group=f"bb:{bb.group('user')}")
        if found:
            e = replace(e, author=found.author, keys=found.keys, original=found.original, team=found.team,
                        late=found.late)
        result.append(e)
    if receipts:
        result = [replace(e, author=receipts.get(e.author, e.author)) for e in result]
    result = _latest(result)
    if roster:
        result = [_join(e, roster) for e in result]
    return result


def _receipt_name(entry: Entry) -> dict[str, str]:
    try:
        text = entry.read()[:65536].decode("utf-8", errors="replace")
    except Exception:  # a broken receipt only loses the display name
        return {}
    match = _RECEIPT_NAME.search(text)
    if not match or not match.group("user"):
        return {}
    return {match.group("user").strip(): f"{match.group('name').strip()} ({match.group('user').strip()})"}


def _latest(entries: list[Entry]) -> list[Entry]:
    best: dict[str, str] = {}
    for e in entries:
        if e.group:
            best[e.group] = max(best.get(e.group, ""), e.sort_key)
    return [e for e in entries if not e.group or e.sort_key == best[e.group]]


def read_roster(path: str | os.PathLike[str]) -> dict[str, str]:
    """Id (lower case) -> student name, from a CSV roster with a name column and id columns."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or device would block the read
            raise ConfigError(f"roster {os.fspath(path)!r} is not a regular file")
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise ConfigError(f"cannot read roster {os.fspath(path)!r}: {error.strerror or error}") from error
    except (csv.Error, UnicodeDecodeError) as error:
        raise ConfigError(f"roster {os.fspath(path)!r} is not a UTF-8 CSV file: {error}") from error
    if not rows:
        raise ConfigError(f"roster {os.fspath(path)!r} has no rows")
    headers = [h for h in rows[0] if h]
    lowered = {h: h.strip().lower() for h in headers}
    name_col = next((h for h in headers if lowered[h] in _ROSTER_NAME), None)
    first = next((h for h in headers if lowered[h] in ("first name", "firstname", "given name")), None)
    last = next(
        (h for h in headers if lowered[h] in ("last name", "lastname", "surname", "family name")), None
    )
    if name_col is None and not (first and last):
        raise ConfigError(
            f"roster {os.fspath(path)!r} needs a 'name' column (or 'first name' and 'last name')"
        )
    key_cols = [
        h for h in headers if h not in (name_col, first, last) and any(k in lowered[h] for k in _ROSTER_KEYS)
    ]
    if not key_cols:
        raise ConfigError(
            f"roster {os.fspath(path)!r} has no id column (id, username, email, github_username...)"
        )
    people: dict[str, str] = {}
    for row in rows:
        name = (
            (row.get(name_col) or "").strip()
            if name_col
            else f"{row.get(first) or ''} {row.get(last) or ''}".strip()
        )
        if not name:
            continue
        for col in key_cols:
            value = (row.get(col) or "").strip().lower()
            if value:
                people.setdefault(value, name)
                if "@" in value:
                    people.setdefault(value.split("@", 1)[0], name)
    return people


def _join(entry: Entry, roster: dict[str, str]) -> Entry:
    for key in entry.keys:
        name = roster.get(key.strip().lower())
        if name:
            return replace(entry, author=name)
    return entry


__all__: Sequence[str] = [
    "LAYOUTS",
    "Entry",
    "canonical_name",
    "collect",
    "identify",
    "read_roster",
    "split_teams",
    "zip_entries",
]
