"""Redis index URLs: ``redis://[[USER]:PASSWORD@]HOST[:PORT][/DB][?prefix=NAME&...]``, read and shown
without their password."""

from __future__ import annotations

import math
import os
import re
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from reuse.errors import SourceIndexError

DEFAULT_PREFIX = "reuse"
URL_PARAMETERS = {"prefix": "index name", "socket_timeout": "seconds", "socket_connect_timeout": "seconds"}
SOCKET_TIMEOUT = 30.0
CONNECT_TIMEOUT = 5.0
_PREFIX = re.compile(r"[A-Za-z0-9_.-]{1,100}")
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:/*)(.*)@", re.DOTALL)


def redact_url(url: str) -> str:
    """``url`` with everything between the scheme and the last ``@`` (user name and password,
    even with unencoded ``@``, ``#``, ``/`` or ``?``) shown as ``***``."""
    return _USERINFO.sub(r"\1***@", url, count=1)


def _number(url: str, name: str, values: list[str]) -> float:
    try:
        value = float(values[0])
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise SourceIndexError(
            f"{redact_url(url)}: {name} must be a number of seconds above 0, got {values[0]!r}"
        )
    return value


def parse_redis_url(url: str) -> tuple[dict[str, Any], str]:
    """``redis://[[USER]:PASSWORD@]HOST[:PORT][/DB][?prefix=NAME&socket_timeout=S&...]`` ->
    (``redis.Redis`` keyword arguments, prefix). Messages show the URL without its password.

    Raises:
        SourceIndexError: not a ``redis://`` or ``rediss://`` URL, a bad host, port, database
            number or parameter value, or an unknown parameter.
    """
    shown = redact_url(url)
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("redis", "rediss"):
        raise SourceIndexError(f"not a Redis URL (redis://HOST:PORT/DB?prefix=NAME): {shown}")
    userinfo, at, address = rest.rpartition("@")  # the password may hold unencoded '#', '/', '?'
    try:
        parts = urlsplit("//" + address)
        port = parts.port or 6379
    except ValueError as error:  # the address part only: the password is not in the message
        raise SourceIndexError(f"{shown}: bad host or port ({error})") from None
    if parts.fragment:
        raise SourceIndexError(f"{shown}: unexpected '#' in the URL (write it as %23 in a password)")
    db_part = parts.path[1:] if parts.path.startswith("/") else parts.path
    if db_part and not db_part.isdigit():
        raise SourceIndexError(f"{shown}: bad database number {db_part!r} (an integer, e.g. /0)")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(query) - set(URL_PARAMETERS))
    if unknown:
        known = ", ".join(f"{k} ({v})" for k, v in URL_PARAMETERS.items())
        raise SourceIndexError(
            f"{shown}: unknown URL parameter {', '.join(map(repr, unknown))}; known: {known}"
        )
    repeated = sorted(k for k, v in query.items() if len(v) > 1)
    if repeated:
        raise SourceIndexError(f"{shown}: URL parameter {repeated[0]!r} given more than once")
    prefix = query.get("prefix", [DEFAULT_PREFIX])[0]
    if not _PREFIX.fullmatch(prefix):
        raise SourceIndexError(f"{shown}: bad prefix {prefix!r} (1 to 100 letters, digits, '_', '.' or '-')")
    config: dict[str, Any] = {
        "host": parts.hostname or "localhost",
        "port": port,
        "db": int(db_part or 0),
        "socket_timeout": SOCKET_TIMEOUT,
        "socket_connect_timeout": CONNECT_TIMEOUT,
    }
    for name in ("socket_timeout", "socket_connect_timeout"):
        if name in query:
            config[name] = _number(url, name, query[name])
    username, _, password = userinfo.partition(":") if at else ("", "", "")
    secret = unquote(password) if password else os.environ.get("REDIS_PASSWORD")
    if secret:
        config["password"] = secret
    if username:
        config["username"] = unquote(username)
    if scheme == "rediss":
        config["ssl"] = True
    return config, prefix
