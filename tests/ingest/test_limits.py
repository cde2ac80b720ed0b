"""Caps on extracted text and archives (issue #14 §2): a file over a cap is a per-file error that
names the cap, the run goes on with the other files, and nothing crashes or blows up in memory.

Each test sets small caps in a configuration file (``[tool.reuse.limits]`` keys at top level of a
``--config`` file) so it stays fast; the defaults are tested by ``benchmarks/hostile.py``.
"""

from __future__ import annotations

import io
import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from ..class_folder import run
from ..conftest import FIXTURES
from ..formats_helpers import docx_bytes, odt_bytes, w_par, w_run

COPY = FIXTURES / "essay_with_copied_paragraph.txt"
WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"
ESSAY = (FIXTURES / "essay_independent_same_topic.txt").read_text(encoding="utf-8")


def check_class(tmp_path, monkeypatch, capsys, caps: dict[str, int], *extra: str):
    """``reuse check`` on ``tmp_path/class`` (which holds the copied essay and whatever the test put
    there) against the web source, with ``caps``; returns (exit status, JSON result, stderr)."""
    config = tmp_path / "caps.toml"
    config.write_text("[limits]\n" + "".join(f"{k} = {v}\n" for k, v in caps.items()), encoding="utf-8")
    shutil.copy(COPY, tmp_path / "class" / "copy.txt")
    out = tmp_path / "result.json"
    code, _, err = run(
        ["check", str(tmp_path / "class"), "--sources", str(WEB), "--config", str(config), "--isolated",
         "--json", str(out), *extra],
        monkeypatch, capsys,
    )
    assert "Traceback" not in err
    return code, json.loads(out.read_text(encoding="utf-8")), err


def refused(result, name: str) -> str:
    """The message of the one error about a file whose path ends with ``name``."""
    messages = [e["message"] for e in result["errors"] if e["path"].endswith(name)]
    assert len(messages) == 1, result["errors"]
    return messages[0]


def still_checked(code, result) -> None:
    """The copied essay was checked and found (the run went on past the refused file)."""
    assert code != 0
    assert any(p["left"].endswith("copy.txt") or p["right"].endswith("copy.txt") for p in result["pairs"])


@pytest.fixture
def klass(tmp_path):
    (tmp_path / "class").mkdir()
    return tmp_path / "class"


def test_a_text_over_the_character_cap_is_refused_naming_the_cap_and_the_others_are_checked(
    tmp_path, klass, monkeypatch, capsys
):
    (klass / "long.txt").write_text(ESSAY * 3, encoding="utf-8")
    code, result, err = check_class(tmp_path, monkeypatch, capsys, {"max_chars": len(ESSAY) * 2})
    message = refused(result, "long.txt")
    chars, cap = len(ESSAY) * 3, len(ESSAY) * 2
    assert f"extracted text is {chars:,} characters, more than the {cap:,} limit" in message
    assert "(max_chars)" in message
    assert "long.txt" in err
    still_checked(code, result)


def test_a_text_over_the_word_cap_is_refused(tmp_path, klass, monkeypatch, capsys):
    (klass / "long.txt").write_text(ESSAY * 3, encoding="utf-8")
    words = len((ESSAY * 3).split())
    code, result, _ = check_class(tmp_path, monkeypatch, capsys, {"max_words": words - 1})
    assert f"extracted text is {words:,} words, more than the {words - 1:,} limit (max_words)" in refused(
        result, "long.txt"
    )
    still_checked(code, result)


def test_a_text_file_too_large_for_the_cap_in_any_encoding_is_refused_before_it_is_decoded(
    tmp_path, klass, monkeypatch, capsys
):
    (klass / "huge.txt").write_bytes(b"\xe9t\xe9 " * 5000)  # latin-1: would go to the encoding detector
    code, result, _ = check_class(tmp_path, monkeypatch, capsys, {"max_chars": 4000})
    assert "text file of 20,000 bytes: more than the 4,000 character limit (max_chars)" in refused(
        result, "huge.txt"
    )
    still_checked(code, result)


def test_files_past_the_run_character_cap_are_refused_and_those_before_it_checked(
    tmp_path, klass, monkeypatch, capsys
):
    (klass / "a_one.txt").write_text(ESSAY, encoding="utf-8")
    (klass / "z_big.txt").write_text(ESSAY * 5, encoding="utf-8")  # read after copy.txt
    copy_chars = len(COPY.read_text(encoding="utf-8"))
    cap = 2 * len(ESSAY) + copy_chars + len(WEB.read_text(encoding="utf-8"))  # all but z_big.txt fit
    code, result, _ = check_class(tmp_path, monkeypatch, capsys, {"max_run_chars": cap})
    message = refused(result, "z_big.txt")
    assert f"not checked: its {len(ESSAY) * 5:,} characters would take the run past the {cap:,} " in message
    assert "(max_run_chars;" in message
    assert not [e for e in result["errors"] if not e["path"].endswith("z_big.txt")]  # the source still fits
    still_checked(code, result)


def test_an_odt_whose_content_unpacks_past_the_part_cap_is_refused_without_parsing_it(
    tmp_path, klass, monkeypatch, capsys
):
    body = "<text:p>" + "all work and no play " * 50_000 + "</text:p>"  # 1 MB of XML, packs to a few kB
    (klass / "bomb.odt").write_bytes(odt_bytes(body))
    code, result, _ = check_class(tmp_path, monkeypatch, capsys, {"max_part_bytes": 100_000})
    message = refused(result, "bomb.odt")
    assert "content.xml unpacks to" in message and "the 100,000 byte limit (max_part_bytes)" in message
    still_checked(code, result)


def test_an_odt_space_run_bomb_is_refused_at_the_character_cap_without_building_the_text(
    tmp_path, klass, monkeypatch, capsys
):
    # one element asking for a billion spaces: the text is never built (it would take 1 GB)
    (klass / "spaces.odt").write_bytes(odt_bytes('<text:p>Essay<text:s text:c="1000000000"/>end</text:p>'))
    started = time.monotonic()
    code, result, _ = check_class(tmp_path, monkeypatch, capsys, {})
    assert time.monotonic() - started < 30
    message = refused(result, "spaces.odt")
    assert "more than the 2,000,000 character limit (max_chars)" in message and "text:s" in message
    still_checked(code, result)


def test_a_docx_entity_bomb_is_a_file_error_and_nothing_is_expanded(tmp_path, klass, monkeypatch, capsys):
    laughs = "".join(
        f'<!ENTITY l{k} "{f"&l{k - 1};" * 10 if k else "lol"}">' for k in range(10)
    )  # 10^9 "lol"s if expanded
    package = io.BytesIO(docx_bytes(w_par(w_run("Essay text"))))
    with zipfile.ZipFile(package) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    head, _, rest = document.partition("?>")
    parts["word/document.xml"] = (
        f'{head}?><!DOCTYPE w:document [{laughs}]>{rest.replace("Essay text", "&l9;")}'
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    (klass / "laughs.docx").write_bytes(out.getvalue())
    code, result, _ = check_class(tmp_path, monkeypatch, capsys, {})
    assert "refused: word/document.xml declares XML entities" in refused(result, "laughs.docx")
    assert not [d for d in result["documents"] if d["path"].endswith("laughs.docx")]
    still_checked(code, result)


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_zip_with_more_members_than_the_cap_is_refused_and_the_other_files_checked(
    tmp_path, klass, monkeypatch, capsys
):
    _zip(klass / "export.zip", {f"student{k}/essay.txt": ESSAY.encode() for k in range(5)})
    code, result, _ = check_class(tmp_path, monkeypatch, capsys, {"max_members": 4})
    assert "archive has 5 files, more than the 4 limit (max_members)" in refused(result, "export.zip")
    still_checked(code, result)


def test_a_zip_unpacking_past_the_archive_cap_stops_there_with_an_error(tmp_path, klass, monkeypatch, capsys):
    size = len(ESSAY.encode())
    _zip(klass / "export.zip", {f"student{k}/essay.txt": ESSAY.encode() for k in range(5)})
    code, result, _ = check_class(tmp_path, monkeypatch, capsys, {"max_archive_bytes": size * 3})
    message = refused(result, "export.zip/student3/essay.txt")
    assert f"archive unpacks to more than the {size * 3:,} byte limit (max_archive_bytes)" in message
    read = [d["path"] for d in result["documents"] if "export.zip" in d["path"]]
    assert len(read) == 3
    still_checked(code, result)


def test_a_zip_member_of_one_repeated_line_is_refused_as_a_zip_bomb(tmp_path, klass, monkeypatch, capsys):
    _zip(klass / "export.zip", {"bomb.txt": b"all work and no play makes jack a dull boy\n" * 24_000})
    code, result, _ = check_class(tmp_path, monkeypatch, capsys, {})
    assert "looks like a zip bomb" in refused(result, "export.zip/bomb.txt")
    still_checked(code, result)
