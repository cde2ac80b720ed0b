"""Rosters: a CSV file names the students whose ids an export's paths carry."""

from __future__ import annotations

from reuse.ingest.extract import load_documents

from .zips import ESSAY, make_zip


def test_id_pattern_and_roster_name_the_students(tmp_path):
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "essay-u001.txt").write_bytes(ESSAY)
    (tmp_path / "class" / "essay-u002.txt").write_bytes(ESSAY + b" two")
    roster = tmp_path / "roster.csv"
    roster.write_text("Username,Name,Email\nu001,Grace Hopper,grace@example.edu\n", encoding="utf-8")
    docs, _ = load_documents(
        [tmp_path / "class"], kind="submission", id_pattern=r"essay-(?P<student>u\d+)", roster=roster, jobs=1
    )
    assert sorted(d.author for d in docs) == ["Grace Hopper", "u002"]


def test_roster_joins_moodle_participant_ids(tmp_path):
    export = make_zip(tmp_path / "moodle.zip", {"Participant_77_assignsubmission_file_/a.txt": ESSAY})
    roster = tmp_path / "worksheet.csv"
    roster.write_text("Identifier,Full name\n77,Blind Marked Student\n", encoding="utf-8")
    docs, _ = load_documents([export], kind="submission", roster=roster, jobs=1)
    assert [d.author for d in docs] == ["Blind Marked Student"]
