"""Export layouts: who wrote each file, from the naming scheme of Moodle, Canvas, Blackboard and
GitHub Classroom exports (the table is in :mod:`reuse.ingest.lms`)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from reuse.errors import ConfigError
from reuse.ingest.lms.entry import Entry
from reuse.ingest.lms.roster import join_roster

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


def compile_id_pattern(id_pattern: str | None) -> re.Pattern[str] | None:
    """The ``id_pattern`` regex (with its ``student`` group), or ``None``; a bad one is a
    :class:`ConfigError`."""
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
        result = [join_roster(e, roster) for e in result]
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
