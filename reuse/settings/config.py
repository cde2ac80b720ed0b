"""Configuration files: ``[tool.reuse]`` in ``pyproject.toml``, or a TOML file given with ``--config``.

Every key has the name of its setting (the :class:`~reuse.settings.Settings` attribute, the
JSON result's ``settings`` key and the CLI flag with ``-`` for ``_``). Stage options are nested
tables with the dataclass field names, the aligner's groups one level further down::

    [tool.reuse]
    fail_above = 0.25
    fail_on = "pair"
    sources = ["sources/web.sqlite"]

    [tool.reuse.align]
    min_words = 20

    [tool.reuse.align.exact]
    seed_words = 4

The aligner's settings were one flat table before they had groups: an old key of ``[tool.reuse.align]``
(``seed_words``) is still read, at its new place, with a :class:`DeprecatedSetting` warning naming its new
spelling (``align.exact.seed_words``); :data:`reuse.settings.flat.FLAT` is the mapping.

A file given with ``--config`` holds the same keys at top level (or is itself a
``pyproject.toml``). Without ``--config``, ``pyproject.toml`` is looked for in the current folder
and its parents up to the git root (the folder holding ``.git``); the first one with a
``[tool.reuse]`` table is used. Unknown keys and wrongly typed values are errors that name the
key and the file. Relative paths in a file are relative to that file's folder.

Precedence: command-line flags > file > defaults (the CLI passes only flags given explicitly).
"""

from __future__ import annotations

import os
import stat
import sys
import warnings
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from reuse.errors import ConfigError
from reuse.settings import AlignOptions, FingerprintOptions, Limits, Settings
from reuse.settings.alignment import build
from reuse.settings.flat import FLAT, new_spelling

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

PYPROJECT = "pyproject.toml"
GROUPS: dict[str, type] = {"fingerprint": FingerprintOptions, "align": AlignOptions, "limits": Limits}
#: Keys that configure a ``reuse check`` run rather than the detector (same names as the flags).
RUN_KEYS: dict[str, type] = {
    "sources": list, "template": list, "baseline": str, "format": str, "output": list,
    "top": int, "exit_zero": bool, "id_pattern": str, "roster": str, "cache_dir": str,
}
_PATH_KEYS = ("sources", "template", "baseline", "roster", "cache_dir")


def _default(f: Any) -> Any:
    return f.default if f.default is not MISSING else f.default_factory()


def _setting_types() -> dict[str, type]:
    # a setting that is None by default (cluster) takes a string
    return {f.name: str if _default(f) is None else type(_default(f)) for f in fields(Settings)
            if f.name not in GROUPS}


class DeprecatedSetting(FutureWarning):
    """A configuration file uses an old spelling of a setting (still read; the message names the new one)."""


def _group_types(cls: type) -> dict[str, type]:
    """Each field's type: a nested group's is its class (a dataclass), read from a table."""
    return {f.name: type(_default(f)) for f in fields(cls)}


def _validate_group(cls: type, table: Mapping[str, Any], prefix: str, where: str) -> dict[str, Any]:
    types = _group_types(cls)
    group: dict[str, Any] = {}
    for sub, sub_value in table.items():
        key = f"{prefix}.{sub}"
        if sub not in types:
            raise _unknown(key, {f"{prefix}.{k}": None for k in types}, where)
        if is_dataclass(types[sub]):
            if not isinstance(sub_value, dict):
                raise ConfigError(f"{where}: {key} must be a table ([tool.reuse.{key}]), got {sub_value!r}")
            group[sub] = _validate_group(types[sub], sub_value, key, where)
        else:
            group[sub] = _typed(sub_value, types[sub], key, where)
    return group


def _align_groups(table: Mapping[str, Any], where: str) -> dict[str, Any]:
    """``[tool.reuse.align]`` with its old flat keys moved to their groups, each with a
    :class:`DeprecatedSetting` warning (a key of a group table is never an old flat key).

    Raises:
        ConfigError: a setting given both by its old and by its new name.
    """
    out: dict[str, Any] = {k: dict(v) if isinstance(v, dict) else v for k, v in table.items()}
    for old, value in table.items():
        path = FLAT.get(old, (old,))
        if path == (old,) or isinstance(value, dict):
            continue  # a current key, or a group table (``fuzzy``, ``summary``)
        del out[old]
        *groups, leaf = path
        target = out
        for group in groups:
            target = target.setdefault(group, {})
            if not isinstance(target, dict):
                raise ConfigError(f"{where}: align.{group} must be a table ([tool.reuse.align.{group}])")
        if leaf in target:
            raise ConfigError(f"{where}: align.{old} and align.{new_spelling(old)} are the same setting; "
                              f"keep align.{new_spelling(old)}")
        target[leaf] = value
        warnings.warn(f"{where}: align.{old} is deprecated; its new name is align.{new_spelling(old)} "
                      f"(key {leaf} of the table [tool.reuse.align.{'.'.join(groups)}])",
                      DeprecatedSetting, stacklevel=4)
    return out


@dataclass(frozen=True, slots=True)
class Config:
    """Values read from a configuration file (nested like the TOML), and where they came from."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``[tool.reuse] in PATH`` or ``PATH``, for messages."""
        if self.path is None:
            return "(no configuration file)"
        return f"[tool.reuse] in {self.path}" if self.path.name == PYPROJECT else str(self.path)


def _typed(value: Any, expected: type, key: str, where: str) -> Any:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is int and isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be an integer, got {value!r}")
    if expected is list:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {key} must be a list of strings, got {value!r}")
        return value
    if not isinstance(value, expected):
        raise ConfigError(f"{where}: {key} must be of type {expected.__name__}, got {value!r}")
    return value


def _unknown(key: str, known: Mapping[str, Any], where: str) -> ConfigError:
    return ConfigError(f"{where}: unknown key {key!r} (known keys: {', '.join(sorted(known))})")


def _relative(value: str, base: Path) -> str:
    from reuse.index import is_redis_url

    if is_redis_url(value):  # a URL (redis://...) is not a path
        return value
    path = Path(value)
    if path.is_absolute() or base == Path.cwd():
        return value
    try:
        return os.path.relpath(base / path)
    except ValueError:  # another drive (Windows)
        return str((base / path).resolve())


def validate(table: Mapping[str, Any], where: str, base: Path | None = None) -> dict[str, Any]:
    """Check keys and types of a ``[tool.reuse]`` table; paths made relative to ``base``.

    Raises:
        ConfigError: an unknown key, a wrong type or an invalid value, naming the key and ``where``.
    """
    settings = _setting_types()
    out: dict[str, Any] = {}
    known = {**settings, **{name: dict for name in GROUPS}, **RUN_KEYS}
    for key, value in table.items():
        if key in GROUPS:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: {key} must be a table ([tool.reuse.{key}]), got {value!r}")
            table = _align_groups(value, where) if key == "align" else value
            out[key] = _validate_group(GROUPS[key], table, key, where)
        elif key in settings or key in RUN_KEYS:
            out[key] = _typed(value, known[key], key, where)
        else:
            raise _unknown(key, known, where)
    if base is not None:
        for key in _PATH_KEYS:
            if isinstance(out.get(key), list):
                out[key] = [_relative(v, base) for v in out[key]]
            elif isinstance(out.get(key), str):
                out[key] = _relative(out[key], base)
        if "output" in out:
            out["output"] = [_relative_output(v, base) for v in out["output"]]
    build_settings(out, where=where)
    return out


def _relative_output(value: str, base: Path) -> str:
    fmt, sep, path = value.partition(":")
    return f"{fmt}{sep}{_relative(path, base)}" if sep and path else value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or device would block the read
            raise ConfigError(f"{path}: the configuration is not a regular file")
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        reason = error.strerror or error
        raise ConfigError(f"{path}: cannot read the configuration file ({reason})") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from error


def _tool_table(data: Mapping[str, Any]) -> Any:
    tool = data.get("tool")
    return tool.get("reuse") if isinstance(tool, dict) else None


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.reuse]`` table, from ``start`` up to the git root."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _tool_table(_read_toml(pyproject)) is not None:
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def load_config(path: Path | None = None, *, start: Path | None = None, discover: bool = True) -> Config:
    """Read the configuration: ``path`` if given, else the discovered ``pyproject.toml`` (if ``discover``).

    Raises:
        ConfigError: the file is unreadable, not TOML, has unknown keys or invalid values, or is
            a ``pyproject.toml`` given explicitly without a ``[tool.reuse]`` table.
    """
    if path is None:
        found = find_config(start) if discover else None
        if found is None:
            return Config()
        path = found
    data = _read_toml(path)
    if path.name == PYPROJECT:
        table = _tool_table(data)
        if table is None:
            raise ConfigError(f"{path}: no [tool.reuse] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.reuse must be a table")
        data = table
    config = Config(path)
    base = path.resolve().parent
    return Config(path, validate(data, config.label, base))


def merge(file_values: Mapping[str, Any], flags: Mapping[str, Any]) -> dict[str, Any]:
    """File values overridden by explicitly given flags (same nested shape; groups merged per key, at
    every level)."""
    out: dict[str, Any] = dict(file_values)
    for key, value in flags.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def build_settings(values: Mapping[str, Any], *, where: str = "") -> Settings:
    """:class:`Settings` from nested values (run keys ignored); defaults fill the rest.

    Raises:
        ConfigError: an invalid value (prefixed with ``where`` when given).
    """
    setting_keys = _setting_types()
    try:
        return Settings(
            fingerprint=FingerprintOptions(**values.get("fingerprint", {})),
            align=build(AlignOptions, values.get("align", {})),
            limits=Limits(**values.get("limits", {})),
            **{k: v for k, v in values.items() if k in setting_keys},
        )
    except ConfigError as error:
        raise ConfigError(f"{where}: {error}" if where else str(error)) from error


__all__ = ["GROUPS", "RUN_KEYS", "Config", "DeprecatedSetting", "build_settings", "find_config",
           "load_config", "merge", "validate"]
