"""Configuration: [tool.reuse] found up to the git root, --config files, one name per setting, flags win."""

from __future__ import annotations

import json
import warnings
from dataclasses import asdict
from pathlib import Path

import pytest

from reuse.errors import ConfigError
from reuse.settings import EXECUTION, Settings
from reuse.settings.config import DeprecatedSetting, build_settings, find_config, load_config, validate

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


def test_every_setting_of_the_json_result_is_a_valid_key_under_the_same_name_its_align_names_deprecated():
    with pytest.warns(DeprecatedSetting) as caught:
        values = validate(Settings().to_dict(), "test")
    assert build_settings(values) == Settings()
    assert len(caught) == len(Settings().to_dict()["align"]) - 2  # all but min_words and min_score


def test_every_setting_is_a_valid_key_under_its_nested_name_without_a_deprecation():
    nested = {k: v for k, v in asdict(Settings()).items() if k not in EXECUTION}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = validate(nested, "test")
    assert build_settings(values) == Settings()


def test_an_old_flat_align_key_is_read_at_its_new_place_with_a_warning_naming_the_new_spelling(
    repo, monkeypatch, capsys, tmp_path
):
    _pyproject(repo, "[tool.reuse.align]\nseed_words = 4\nsummary_document = false\nmin_exact_words = 20\n")
    with pytest.warns(DeprecatedSetting) as caught:
        align = build_settings(load_config(start=repo).values).align
    assert len(caught) == 3
    assert str(caught[0].message).endswith("pyproject.toml: align.seed_words is deprecated; its new name is "
                                           "align.exact.seed_words (key seed_words of the table "
                                           "[tool.reuse.align.exact])")
    assert (align.exact.seed_words, align.document_summary.enabled, align.exact.min_words) == (4, False, 20)
    out_json = tmp_path / "r.json"
    code, _, err = run(["check", COPY, "--sources", WEB, "--json", str(out_json)], monkeypatch, capsys)
    assert code == 1
    assert "reuse: warning: [tool.reuse] in " in err
    assert "align.summary_document is deprecated; its new name is align.document_summary.enabled" in err
    assert "align.min_exact_words is deprecated; its new name is align.exact.min_words" in err
    written = json.loads(out_json.read_text(encoding="utf-8"))["settings"]["align"]
    assert (written["seed_words"], written["summary_document"], written["min_exact_words"]) == (4, False, 20)


def test_the_align_group_tables_set_the_aligner_without_a_warning_and_flags_override_them(
    repo, monkeypatch, capsys, tmp_path
):
    _pyproject(repo, "[tool.reuse.align]\nmin_words = 20\n\n[tool.reuse.align.exact]\nseed_words = 4\n"
                     "min_words = 15\n\n[tool.reuse.align.fuzzy]\nenabled = false\n")
    out_json = tmp_path / "r.json"
    code, _, err = run(["check", COPY, "--sources", WEB, "--json", str(out_json), "--min-exact-words", "16"],
                       monkeypatch, capsys)
    assert code == 1 and "warning" not in err
    written = json.loads(out_json.read_text(encoding="utf-8"))["settings"]["align"]
    assert (written["min_words"], written["seed_words"], written["min_exact_words"], written["fuzzy"]) == (
        20, 4, 16, False)


def test_a_setting_given_by_its_old_and_its_new_name_is_an_error_naming_both(tmp_path):
    path = tmp_path / "reuse.toml"
    path.write_text("[align]\nseed_words = 4\n[align.exact]\nseed_words = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"align\.seed_words and align\.exact\.seed_words are the same"):
        load_config(path)


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
    ("[align.exact]\nseed_wrds = 3\n", "unknown key 'align.exact.seed_wrds'"),
    ("[align]\nexact = 3\n", "align.exact must be a table"),
    ("[align.fuzzy]\nunit_words = 1\n", "fuzzy.unit_words must be >= 2, got 1"),
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
