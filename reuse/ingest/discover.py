"""Discovery: the files a user named, with the rules for what is taken, skipped or refused.

A folder means every regular file under it (any depth, name order); operating-system junk and
hidden names are listed as skipped; links are followed only inside the folder; FIFOs, sockets and
devices are refused before they can be opened (so nothing blocks). :func:`read_file` reads one
file on disk under the same rules.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from reuse.display import os_text
from reuse.errors import ExtractionError
from reuse.model import FileError, SkippedFile

MAX_BYTES = 50 * 1024 * 1024


#: Names left out of a folder or zip walk as operating-system junk (listed as skipped, never an error).
JUNK_NAMES = frozenset({"__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini", "ehthumbs.db", "Icon\r"})


def is_junk(name: str) -> bool:
    """Whether a name inside a named folder or zip is skipped: OS junk, or hidden (``.`` first)."""
    return name in JUNK_NAMES or name.startswith(".")


def _shown(path: Path | str) -> str:
    return os_text(Path(path).as_posix())


def _inside(target: str, root: str) -> bool:
    try:
        return os.path.commonpath([target, root]) == root
    except ValueError:
        return False


def _named_problem(path: Path) -> FileError | None:
    """Why a path named by the user cannot be taken (missing, or neither a folder nor a regular file)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return FileError(_shown(path), "no such file or folder", "check the path")
    except OSError as error:
        return FileError(
            _shown(path), f"cannot read it: {error.strerror or error}", "check the path and its permissions"
        )
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return FileError(
        _shown(path), f"not a regular file ({file_kind(mode)}): not read",
        "pass regular files or folders only",
    )


def file_kind(mode: int) -> str:
    """What a file mode is when it is not a regular file or folder, for an error message."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _entry(path: Path, real_root: str, errors: list[FileError], skipped: list[SkippedFile]) -> str:
    """What to do with one name found under a folder: ``"file"`` (take it), ``"folder"`` (list it) or
    ``""`` (nothing more: it was recorded as skipped or as an error)."""
    if is_junk(path.name):
        skipped.append(SkippedFile(_shown(path), "operating-system or hidden file"))
        return ""
    try:
        link = path.is_symlink()
        if link and not _inside(os.path.realpath(path), real_root):
            errors.append(FileError(_shown(path), "link points outside the folder: not followed",
                                    "copy the file into the folder if it belongs to the class"))
            return ""
        mode = path.stat().st_mode
    except OSError as error:
        errors.append(FileError(_shown(path), f"cannot read it: {error.strerror or error}",
                                "check the path and its permissions"))
        return ""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode) and link:  # its files are read where it points (inside): never twice, no loop
        skipped.append(SkippedFile(_shown(path), "link to a folder inside the folder (read there)"))
        return ""
    if stat.S_ISDIR(mode):
        return "folder"
    errors.append(FileError(_shown(path), f"not a regular file ({file_kind(mode)}): not read",
                            "pass regular files only"))
    return ""


def _walk(
    root: Path, take: Callable[[Path], None], errors: list[FileError], skipped: list[SkippedFile]
) -> None:
    """Every regular file under ``root``, depth first in name order, with an explicit stack (no
    recursion, so any depth of folders is walked). Links are followed only when they stay inside ``root``."""
    real_root = os.path.realpath(root)
    stack: list[tuple[Path, str]] = [(root, "folder")]
    while stack:
        path, what = stack.pop()
        if what == "file":
            take(path)
            continue
        try:
            with os.scandir(path) as listing:
                names = sorted(entry.name for entry in listing)
        except OSError as error:
            errors.append(FileError(_shown(path), f"cannot list the folder: {error.strerror or error}",
                                    "check its permissions; move deeply nested files up"))
            continue
        found = [(path / name, _entry(path / name, real_root, errors, skipped)) for name in names]
        stack.extend((child, kind) for child, kind in reversed(found) if kind)


def discover(
    paths: Iterable[str | os.PathLike[str]], *, skipped: list[SkippedFile] | None = None
) -> tuple[list[Path], list[FileError]]:
    """Expand arguments into files: a folder means every regular file under it.

    Every file under a folder is taken, whatever its type, so that each one is accounted for: a
    type that cannot be read (a ``.jpg`` photo of an essay, an ``.xlsx``) then gets an error saying
    so. Operating-system junk (``.DS_Store``, ``Thumbs.db``, ``desktop.ini``, ``__MACOSX``) and hidden
    files and folders (names starting with ``.``) inside a folder are appended to ``skipped``
    instead. A link inside a folder is followed only when it points inside that folder (a link to
    ``/etc/passwd`` is an error); a link to a folder is not walked (its files are read where it
    points). FIFOs, sockets and devices are errors, never opened. Files named directly are
    taken as named. A missing path is a :class:`FileError`, not an exception. Each file appears
    once, in the order given (folders depth first, sorted by name; any depth).
    """
    found: list[Path] = []
    errors: list[FileError] = []
    skips: list[SkippedFile] = [] if skipped is None else skipped
    seen: set[Path] = set()

    def take(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(path)

    for raw in paths:
        path = Path(raw)
        problem = _named_problem(path)
        if problem is not None:
            errors.append(problem)
        elif path.is_dir():
            _walk(path, take, errors, skips)
        else:
            take(path)
    return found, errors


def read_file(name: str, path: str | os.PathLike[str]) -> bytes:
    """Read a regular file; anything else (FIFO, device, socket) is refused before it can block."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as error:
        raise ExtractionError(name, "no such file", "check the path") from error
    except IsADirectoryError as error:
        raise ExtractionError(name, "is a folder, not a file", "pass the folder itself") from error
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExtractionError(name, f"cannot read the file: {reason}", "check its permissions") from error
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise ExtractionError(name, "is a folder, not a file", "pass the folder itself")
            if not stat.S_ISREG(info.st_mode):
                raise ExtractionError(
                    name, f"not a regular file ({file_kind(info.st_mode)}): not read",
                    "pass regular files only",
                )
            size = info.st_size
            if size > MAX_BYTES:
                raise ExtractionError(
                    name,
                    f"file too large ({size} bytes, limit {MAX_BYTES})",
                    "split it or extract the text first",
                )
            return handle.read()
        except OSError as error:
            reason = error.strerror or str(error)
            raise ExtractionError(name, f"cannot read the file: {reason}", "check its permissions") from error
