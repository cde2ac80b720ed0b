"""Exceptions raised by the library. The CLI maps every :class:`ReuseError` to exit status 2."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FileError:
    """A per-file problem: the file is left out and the run goes on."""

    path: str
    message: str
    hint: str = ""


class ReuseError(Exception):
    """Base class of every error the library raises on purpose."""


class ExtractionError(ReuseError):
    """A file could not be turned into text (missing, unreadable, binary, undecodable, empty)."""

    def __init__(self, path: str, message: str, hint: str = "") -> None:
        self.path = path
        self.message = message
        self.hint = hint
        super().__init__(f"{path}: {message}" + (f" ({hint})" if hint else ""))


class ConfigError(ReuseError):
    """A setting has an invalid value."""


class SourceIndexError(ReuseError):
    """A source index could not be opened, read or written."""


class InputError(ReuseError):
    """An input the user named gives nothing that can be checked (the verdict would be empty)."""


class SourceError(InputError):
    """A ``sources`` or ``templates`` argument is missing, unreadable, or holds no readable text."""

    def __init__(self, path: str, message: str, hint: str = "") -> None:
        self.path = path
        self.message = message
        self.hint = hint
        super().__init__(f"{path}: {message}" + (f" ({hint})" if hint else ""))


class NoSubmissionError(InputError):
    """No submission could be read: nothing was checked. ``errors`` lists why, file by file."""

    def __init__(self, message: str, errors: tuple[FileError, ...] = ()) -> None:
        self.errors = errors
        super().__init__(message)


class IndexMismatchError(SourceIndexError):
    """An index was built with parameters that differ from the ones asked for."""


class OutputError(ReuseError):
    """An output file (report, result, baseline) could not be written; the previous one is kept."""


class ResultFormatError(ReuseError):
    """A saved JSON result could not be read back."""


class MissingExtraError(ReuseError):
    """A feature needs an optional extra that is not installed (the message says what to ``pip install``)."""


class UnknownPairError(ReuseError):
    """A pair number that no pair of the result has."""


class ClusterError(ReuseError):
    """A Dask cluster (``cluster`` setting, ``--cluster``) cannot be used: the ``dask`` extra is missing,
    the scheduler cannot be reached, it has no worker, or its workers cannot run ``reuse``."""
