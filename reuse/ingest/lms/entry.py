"""One file of a class as the LMS readers list it (:class:`Entry`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


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
    url: str = ""  # a web archive's page: its target URI (Document.url)
    retrieved: str = ""  # and its capture date, ISO 8601 (Document.retrieved)
