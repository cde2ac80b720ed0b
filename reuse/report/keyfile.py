"""The secret key behind pseudonyms (:mod:`reuse.report.anonymise`): one file, readable by its owner only.

A key file holds 64 hex digits (256 random bits) on one line. ``reuse check --anonymise KEYFILE`` creates
it when it is absent (mode 0600, never overwriting a file that appears meanwhile); ``reuse report`` and
``reuse reveal`` only read it. A key file that the group or other users may read or write is refused on
POSIX systems (``chmod 600 KEYFILE``), as ssh refuses a private key: whoever holds the key can reveal every
pseudonym by trying the class list.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from reuse.errors import ConfigError

KEY_HEX_DIGITS = 64
MIN_HEX_DIGITS = 32  # 128 bits: a shorter key can be guessed
MAX_KEY_FILE_BYTES = 4096


def load_key(path: str | os.PathLike[str], *, create: bool = False) -> tuple[bytes, bool]:
    """The key in ``path``, and whether it was created now.

    Args:
        path: the key file.
        create: create the file (mode 0600, a new random key) when it does not exist.

    Raises:
        ConfigError: the file is missing (and ``create`` is false), cannot be read or created, is not a
            regular file, may be read or written by others (POSIX), or does not hold a key of at least
            32 hex digits.
    """
    where = Path(path)
    if create and not os.path.lexists(where):
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            handle = os.open(where, flags, 0o600)
        except FileExistsError:
            pass  # made meanwhile by another run: read it below
        except OSError as error:
            raise ConfigError(f"{where}: cannot create the key file ({error.strerror or error}); "
                              "check that its folder exists and is writable") from error
        else:
            key = secrets.token_hex(KEY_HEX_DIGITS // 2)
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(key + "\n")
            return bytes.fromhex(key), True
    return _read(where), False


def _read(where: Path) -> bytes:
    try:
        info = os.stat(where)
    except FileNotFoundError as error:
        raise ConfigError(f"{where}: no such key file; use the key file the results were made with "
                          "(without it the pseudonyms cannot be revealed)") from error
    except OSError as error:
        raise ConfigError(f"{where}: cannot read the key file ({error.strerror or error})") from error
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{where}: not a regular file, so not a key file")
    if os.name == "posix" and info.st_mode & 0o077:
        raise ConfigError(f"{where}: the key file may be read or changed by other users (mode "
                          f"{stat.S_IMODE(info.st_mode):04o}); whoever reads it can reveal every pseudonym. "
                          f"Restrict it with `chmod 600 {where}`")
    if info.st_size > MAX_KEY_FILE_BYTES:
        raise ConfigError(f"{where}: too large for a key file ({info.st_size} bytes)")
    try:
        text = where.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ConfigError(f"{where}: not a key file (it must hold hex digits only, as `reuse check "
                          "--anonymise` writes them)") from error
    if len(text) < MIN_HEX_DIGITS:
        raise ConfigError(f"{where}: the key is too short ({len(text)} hex digits, at least "
                          f"{MIN_HEX_DIGITS}); let `reuse check --anonymise` create a new key file")
    return key


__all__ = ["KEY_HEX_DIGITS", "MIN_HEX_DIGITS", "load_key"]
