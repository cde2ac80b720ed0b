"""``jobs`` and ``cluster``: one spelling in the library, the configuration file and the CLI; where a run
computes is never written into its result (issue #16)."""

from __future__ import annotations

import os

import pytest

from reuse.errors import ConfigError
from reuse.settings import Settings
from reuse.settings.config import load_config


def test_jobs_defaults_to_every_core_this_process_may_use():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert Settings().jobs == expected


def test_cluster_and_jobs_are_read_from_the_configuration_file(tmp_path):
    config = tmp_path / "reuse.toml"
    config.write_text('cluster = "tcp://scheduler:8786"\njobs = 3\n', encoding="utf-8")
    values = load_config(config).values
    assert values["cluster"] == "tcp://scheduler:8786" and values["jobs"] == 3


def test_a_cluster_that_is_not_a_string_is_a_configuration_error_naming_the_key(tmp_path):
    config = tmp_path / "reuse.toml"
    config.write_text("cluster = 8786\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cluster must be of type str"):
        load_config(config)


def test_where_a_run_computes_is_left_out_of_the_settings_it_reports():
    shown = Settings(jobs=7, cluster="tcp://scheduler:8786").to_dict()
    assert "jobs" not in shown and "cluster" not in shown
    assert shown == Settings(jobs=1).to_dict()
