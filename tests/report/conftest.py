"""What the report writers' tests share: submissions copied under given (hostile) names."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..test_cli import WEB

HOSTILE_NAMES = ("evil%0A::error::pwned,x.txt", "evil\n::error title=x::pwned\r,y.txt")


def copy_text(tmp_path: Path, name: str, source: str = WEB, extra: str = "") -> str:
    """A copy of ``source`` (the web source by default) named ``name``, with ``extra`` at its end."""
    path = tmp_path / name
    path.write_text(Path(source).read_text(encoding="utf-8") + extra, encoding="utf-8")
    return str(path)


@pytest.fixture
def hostile(tmp_path):
    """Two submissions with hostile names, both copied from the web source."""
    folder = tmp_path / "subs"
    folder.mkdir()
    return [copy_text(folder, name) for name in HOSTILE_NAMES]
