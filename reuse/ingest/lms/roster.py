"""Rosters: a CSV file that maps the ids found in paths to students' names."""

from __future__ import annotations

import csv
import os
import stat
from dataclasses import replace

from reuse.errors import ConfigError
from reuse.ingest.lms.entry import Entry

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


def join_roster(entry: Entry, roster: dict[str, str]) -> Entry:
    """``entry`` with its author replaced by the roster's name for the first of its ids found there."""
    for key in entry.keys:
        name = roster.get(key.strip().lower())
        if name:
            return replace(entry, author=name)
    return entry
