"""Configuration: [tool.reuse] found up to the git root, --config files, one name per setting, flags win."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reuse.errors import ConfigError
from reuse.settings import Settings
from reuse.settings.config import build_settings, find_config, load_config, validate

from ..test_cli import COPY, WEB, run


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git work tree (``.git`` folder) as the current directory, one folder below ``tmp_path`` so that
    what a test writes above the work tree stays in its own ``tmp_path`` (never seen by other tests)."""
    work_tree = tmp_path / "repo"
    (work_tree / ".git").mkdir(parents=True)
    monkeypatch.chdir(work_tree)
    return work_tree


def _pyproject(folder: Path, body: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_every_setting_of_the_json_result_is_a_valid_key_under_the_same_name():
    values = validate(Settings().to_dict(), "test")
    assert build_settings(values) == Settings()


def test_pyproject_tool_reuse_is_found_from_a_subfolder_of_the_project(repo):
    path = _pyproject(repo, "[tool.reuse]\nfail_above = 0.3\n\n[tool.reuse.align]\nmin_words = 20\n")
    (repo / "essays" / "week1").mkdir(parents=True)
    config = load_config(start=repo / "essays" / "week1")
    assert config.path == path
    assert build_settings(config.values).align.min_words == 20
    assert build_settings(config.values).fail_above == 0.3


def test_pyproject_without_a_tool_reuse_table_is_skipped_and_search_stops_at_the_git_root(repo):
    _pyproject(repo.parent, "[tool.reuse]\nfail_above = 0.9\n")  # outside the work tree: never read
    _pyproject(repo, "[project]\nname = 'x'\n")
    assert find_config(repo) is None
    (repo / "sub").mkdir()
    inner = _pyproject(repo / "sub", "[tool.reuse]\nfail_on = 'index'\n")
    assert find_config(repo / "sub") == inner


def test_config_file_holds_the_same_keys_at_top_level(tmp_path):
    path = tmp_path / "reuse.toml"
    path.write_text("fail_on = 'index'\nfail_above = 1\n[fingerprint]\nnum_perm = 64\n", encoding="utf-8")
    settings = build_settings(load_config(path).values)
    assert (settings.fail_on, settings.fail_above, settings.fingerprint.num_perm) == ("index", 1.0, 64)


@pytest.mark.parametrize(("body", "message"), [
    ("fail_abuve = 0.3\n", "unknown key 'fail_abuve'"),
    ("[align]\nmin_wrds = 3\n", "unknown key 'align.min_wrds'"),
    ("fail_above = 'high'\n", "fail_above must be of type float"),
    ("top = true\n", "top must be an integer"),
    ("sources = [1]\n", "sources must be a list of strings"),
    ("fail_above = 1.5\n", "fail_above must be in [0, 1], got 1.5"),
    ("fail_on = 'document'\n", "fail_on must be one of pair, index"),
    ("fail_above = \n", "not valid TOML"),
])
def test_bad_configuration_exits_two_naming_the_key_and_the_file(
    body, message, tmp_path, monkeypatch, capsys
):
    path = tmp_path / "reuse.toml"
    path.write_text(body, encoding="utf-8")
    code, _, err = run(["check", COPY, "--config", str(path)], monkeypatch, capsys)
    assert code == 2
    assert message in err and str(path) in err


def test_unknown_key_in_pyproject_names_the_table_and_the_file(repo, monkeypatch, capsys):
    path = _pyproject(repo, "[tool.reuse]\nthreshhold = 0.2\n")
    code, _, err = run(["check", COPY], monkeypatch, capsys)
    assert code == 2 and f"[tool.reuse] in {path}" in err and "'threshhold'" in err


def test_explicit_pyproject_without_a_tool_reuse_table_is_an_error(tmp_path):
    path = _pyproject(tmp_path, "[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match=r"no \[tool.reuse\] table"):
        load_config(path)


def test_file_overrides_defaults_and_explicit_flags_override_the_file(repo, monkeypatch, capsys):
    _pyproject(repo, "[tool.reuse]\nfail_above = 0.95\nfail_passage_words = 0\nsources = ['web.txt']\n")
    (repo / "web.txt").write_text(Path(WEB).read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(["check", COPY], monkeypatch, capsys)
    assert code == 0 and "web.txt" in out  # sources from the file, threshold from the file
    code, _, _ = run(["check", COPY, "--fail-above", "0.15"], monkeypatch, capsys)
    assert code == 1  # the flag wins
    code, _, _ = run(["check", COPY, "--fail-above", "0.15", "--isolated"], monkeypatch, capsys)
    assert code == 0  # no file: no sources, nothing to share with


def test_a_flag_left_at_its_default_does_not_override_the_file(repo, monkeypatch, capsys, tmp_path):
    _pyproject(repo, "[tool.reuse]\nfail_above = 0.95\n")
    out_json = tmp_path / "r.json"
    run(["check", COPY, "--sources", WEB, "--json", str(out_json)], monkeypatch, capsys)
    assert json.loads(out_json.read_text(encoding="utf-8"))["settings"]["fail_above"] == 0.95


def test_relative_paths_in_a_file_are_relative_to_its_folder(tmp_path, monkeypatch, capsys):
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "web.txt").write_text(Path(WEB).read_text(encoding="utf-8"), encoding="utf-8")
    (conf / "reuse.toml").write_text(
        "sources = ['web.txt']\noutput = ['csv:out/pairs.csv']\n", encoding="utf-8"
    )
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, _, _ = run(["check", COPY, "--config", str(conf / "reuse.toml")], monkeypatch, capsys)
    assert code == 1
    assert (conf / "out" / "pairs.csv").exists()


def test_format_and_exit_zero_can_come_from_the_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "reuse.toml"
    path.write_text(f"format = 'gitlab'\nexit_zero = true\nsources = [{json.dumps(WEB)}]\n", encoding="utf-8")
    code, out, _ = run(["check", COPY, "--config", str(path)], monkeypatch, capsys)
    assert code == 0 and json.loads(out)[0]["check_name"].startswith("TR002")


def test_unknown_format_in_the_file_exits_two(tmp_path, monkeypatch, capsys):
    path = tmp_path / "reuse.toml"
    path.write_text("format = 'pdf'\n", encoding="utf-8")
    code, _, err = run(["check", COPY, "--config", str(path)], monkeypatch, capsys)
    assert code == 2 and "unknown format 'pdf'" in err


def test_index_build_takes_fingerprint_settings_from_the_file(repo, monkeypatch, capsys):
    _pyproject(repo, "[tool.reuse.fingerprint]\nnum_perm = 64\n")
    code, _, _ = run(["index", "build", "web.sqlite", WEB], monkeypatch, capsys)
    assert code == 0
    _, out, _ = run(["index", "info", "web.sqlite"], monkeypatch, capsys)
    assert json.loads(out)["params"]["num_perm"] == 64
    code, _, _ = run(["check", COPY, "--sources", "web.sqlite"], monkeypatch, capsys)
    assert code == 1  # check reads the same file, so the parameters agree
