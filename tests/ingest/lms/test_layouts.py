"""LMS export layouts: identity from the naming scheme (Moodle, Canvas, Blackboard, GitHub
Classroom), teams, the name the student gave the file, late work and the latest attempt."""

from __future__ import annotations

import pytest

from reuse.errors import ConfigError
from reuse.ingest.extract import load_documents
from reuse.ingest.lms import canonical_name, collect, split_teams
from reuse.pipeline import check

from ...conftest import FIXTURES
from .zips import ESSAY, make_zip, zip_bytes


def test_moodle_zip_gives_one_document_per_file_with_the_students_name(tmp_path):
    export = make_zip(
        tmp_path / "moodle.zip",
        {
            "Jane Doe_1234_assignsubmission_file_/essay.txt": ESSAY,
            "Jane Doe_1234_assignsubmission_file_/notes.md": b"# Notes\nMore of my own words here.",
            "John Smith_5678_assignsubmission_onlinetext_/onlinetext.html": b"<p>My online text answer.</p>",
            "Ann Lee_9012_assignsubmission_file_essay.txt": ESSAY + b" Flat mode.",
        },
    )
    docs, errors = load_documents([export], kind="submission", jobs=1)
    assert errors == []
    assert {d.author for d in docs} == {"Jane Doe", "John Smith", "Ann Lee"}
    jane = [d for d in docs if d.author == "Jane Doe"]
    assert len(jane) == 2
    assert jane[0].path == f"{export.as_posix()}/Jane Doe_1234_assignsubmission_file_/essay.txt"
    assert len({d.id for d in docs}) == len(docs)


def test_moodle_folders_since_the_2022_downloader_have_no_underscore_before_the_slash(tmp_path):
    # mod_assign\downloader: "{prefix}_assignsubmission_file/{file}"; team exports name the group only,
    # "{group}_{groupid}", or "Default group" without an id.
    export = make_zip(
        tmp_path / "moodle.zip",
        {
            "Jane Doe_1234_assignsubmission_file/essay.txt": ESSAY,
            "John Smith_5678_assignsubmission_onlinetext/onlinetext.html": b"<p>My online text answer.</p>",
            "Default group_assignsubmission_file/report.txt": ESSAY + b" Ungrouped.",
        },
    )
    docs, errors = load_documents([export], kind="submission", jobs=1)
    assert errors == []
    assert sorted(d.author for d in docs) == ["Default group", "Jane Doe", "John Smith"]


def _entries(export, **options):
    entries, errors = collect([export], wanted=lambda suffix: suffix in (".txt", ".md", ".html"), **options)
    assert errors == []
    return {e.rel: e for e in entries}


def _who(export, **options):
    return sorted((e.team, e.author) for e in _entries(export, **options).values())


def test_moodle_team_export_keeps_the_student_as_author_and_the_group_as_team(tmp_path):
    export = make_zip(
        tmp_path / "moodle.zip",
        {
            "Team A-Jane Doe_101_assignsubmission_file_/report.txt": ESSAY,
            "Team A-Anne-Marie Dupont_102_assignsubmission_file_/report.txt": ESSAY,
            "Team-B-Bob Li_103_assignsubmission_file_/report.txt": ESSAY,
            "Team-B-Chen Wei_104_assignsubmission_onlinetext_/onlinetext.html": b"<p>Our text.</p>",
            "Default group-Solo Student_105_assignsubmission_file_report.txt": ESSAY,
        },
    )
    assert _who(export) == [
        ("Default group", "Solo Student"),
        ("Team A", "Anne-Marie Dupont"),
        ("Team A", "Jane Doe"),
        ("Team-B", "Bob Li"),
        ("Team-B", "Chen Wei"),
    ]
    jane = _entries(export)["Team A-Jane Doe_101_assignsubmission_file_/report.txt"]
    assert jane.keys == ("101", "Jane Doe")  # the roster join sees the student, not the group


def test_blind_marked_team_members_are_participants_that_a_roster_names(tmp_path):
    export = make_zip(
        tmp_path / "moodle.zip",
        {
            "Team A-Participant_77_assignsubmission_file_/a.txt": ESSAY,
            "Team A-Participant_78_assignsubmission_file_/a.txt": ESSAY,
            "Lab-2-Participant_79_assignsubmission_file_/a.txt": ESSAY,
        },
    )
    roster = tmp_path / "worksheet.csv"
    roster.write_text("Identifier,Full name\n77,Blind Marked Student\n", encoding="utf-8")
    assert _who(export, roster=roster) == [
        ("Lab-2", "Participant 79"),
        ("Team A", "Blind Marked Student"),
        ("Team A", "Participant 78"),
    ]


def test_hyphenated_names_of_an_individual_moodle_export_are_never_split(tmp_path):
    export = make_zip(
        tmp_path / "moodle.zip",
        {
            "Anne-Marie Dupont_1_assignsubmission_file_/essay.txt": ESSAY,
            "Jean-Luc Picard_2_assignsubmission_file_/essay.txt": ESSAY,
            "Jane Doe_3_assignsubmission_file_/essay.txt": ESSAY,
        },
    )
    assert _who(export) == [("", "Anne-Marie Dupont"), ("", "Jane Doe"), ("", "Jean-Luc Picard")]


def test_a_team_export_since_the_2022_downloader_names_the_group_only_so_it_is_the_author(tmp_path):
    export = make_zip(
        tmp_path / "moodle.zip",
        {
            "Team-A_17_assignsubmission_file/report.txt": ESSAY,
            "Team-B_18_assignsubmission_file/report.txt": ESSAY,
        },
    )
    assert _who(export) == [("", "Team-A"), ("", "Team-B")]


@pytest.mark.parametrize(
    ("names", "split"),
    [
        # A group name with "-" is kept whole when two of its members are in the export...
        ({"Lab-2-Jane Doe": {"1"}, "Lab-2-Bob Li": {"2"}}, {"Lab-2-Jane Doe": ("Lab-2", "Jane Doe")}),
        # ...and cut too early when it has one member only (a documented limit).
        (
            {"Lab-2-Jane Doe": {"1"}, "Team A-Bob Li": {"2"}, "Team A-Ann Lee": {"3"}},
            {"Lab-2-Jane Doe": ("Lab", "2-Jane Doe"), "Team A-Bob Li": ("Team A", "Bob Li")},
        ),
        # Team-mates sharing a hyphenated first name have it taken into the group (a documented limit).
        (
            {"Team A-Jean-Luc Roy": {"1"}, "Team A-Jean-Paul Roy": {"2"}, "Team A-Ann Lee": {"3"}},
            {"Team A-Jean-Luc Roy": ("Team A-Jean", "Luc Roy"), "Team A-Ann Lee": ("Team A", "Ann Lee")},
        ),
        # Two students alone whose names share such a part pass for a team export (a documented limit).
        ({"Jean-Luc A": {"1"}, "Jean-Paul B": {"2"}}, {"Jean-Luc A": ("Jean", "Luc A")}),
        # A lone team is recognised by Moodle's "Default group" only.
        (
            {"Default group-Anne-Marie Roy": {"1"}},
            {"Default group-Anne-Marie Roy": ("Default group", "Anne-Marie Roy")},
        ),
        # A flat export from the 2022 downloader names groups only and looks older (a documented limit).
        ({"Team-A": {"17"}, "Team-B": {"18"}}, {"Team-A": ("Team", "A")}),
        ({"Team A-Anne-Marie Roy": {"1"}}, {}),
        ({"Anne-Marie Dupont": {"1"}, "Jean-Luc Picard": {"2"}}, {}),
        # One name without a usable "-" means no team export.
        ({"Team A-Jane Doe": {"1"}, "Team A-Bob Li": {"2"}, "Chen Wei-": {"3"}}, {}),
    ],
)
def test_team_names_are_cut_by_the_documented_rule_even_where_it_guesses_wrong(names, split):
    result = split_teams(names)
    assert {name: result[name] for name in split} == split
    assert bool(result) == bool(split)


def test_hostile_team_names_are_kept_as_text_and_unsafe_paths_still_refused(tmp_path):
    export = make_zip(
        tmp_path / "moodle.zip",
        {
            "Team\x07A-Jane Doe_1_assignsubmission_file_/essay.txt": ESSAY,
            "Team\x07A-Bob Li_2_assignsubmission_file_/essay.txt": ESSAY,
            "Team\\..-Ann Lee_3_assignsubmission_file_/essay.txt": ESSAY,
            "Team/B-Chen Wei_4_assignsubmission_file_/essay.txt": ESSAY,
            "Team C-Eve Roe_5_assignsubmission_file_/../../evil.txt": ESSAY,
        },
    )
    entries, errors = collect([export], wanted=lambda suffix: suffix == ".txt", layout="moodle")
    assert [e.path.split("moodle.zip/", 1)[1] for e in errors] == [
        "Team C-Eve Roe_5_assignsubmission_file_/../../evil.txt"
    ]
    assert sorted((e.team, e.author) for e in entries) == [
        ("", ""),  # a "/" in the name is a folder: not a Moodle name, the file is still read
        ("Team\x07A", "Bob Li"),
        ("Team\x07A", "Jane Doe"),
        ("Team\\..", "Ann Lee"),
    ]


def test_canvas_zip_with_late_work_and_a_zip_inside(tmp_path):
    export = make_zip(
        tmp_path / "submissions.zip",
        {
            "smithbob_340934_208490284_BobsWork.txt": ESSAY,
            "leeann_LATE_340935_208490285_essay.md": ESSAY + b" late",
            "doejane_340936_208490286_work.zip": zip_bytes({"folder/essay.txt": ESSAY + b" zipped"}),
        },
    )
    docs, errors = load_documents([export], kind="submission", jobs=1)
    assert errors == []
    assert sorted(d.author for d in docs) == ["doejane", "leeann", "smithbob"]
    [nested] = [d for d in docs if d.author == "doejane"]
    assert nested.path.endswith("submissions.zip/doejane_340936_208490286_work.zip/folder/essay.txt")


def test_canvas_late_work_is_flagged_on_its_own_entries_only(tmp_path):
    export = make_zip(
        tmp_path / "submissions.zip",
        {
            "smithbob_340934_208490284_essay.txt": ESSAY,
            "leeann_LATE_340935_208490285_essay.txt": ESSAY + b" late",
            "leeann_LATE_340935_208490286_parts.zip": zip_bytes({"part-1.txt": ESSAY + b" zipped"}),
            "doejane_340936_208490287_LATE_notes.txt": ESSAY + b" a file the student named LATE",
        },
    )
    assert {rel: (e.author, e.late) for rel, e in _entries(export).items()} == {
        "smithbob_340934_208490284_essay.txt": ("smithbob", False),
        "leeann_LATE_340935_208490285_essay.txt": ("leeann", True),
        "leeann_LATE_340935_208490286_parts.zip/part-1.txt": ("leeann", True),
        "doejane_340936_208490287_LATE_notes.txt": ("doejane", False),
    }


def test_canvas_reupload_suffix_is_dropped_from_the_shown_original_name_only(tmp_path):
    export = make_zip(
        tmp_path / "submissions.zip",
        {
            "smithbob_340934_208490284_essay.txt": ESSAY,
            "smithbob_340934_208490299_essay-1.txt": ESSAY + b" Resubmitted.",
            "leeann_LATE_340935_208490285_notes-2019.txt": ESSAY + b" Late.",
            "doejane_340936_208490286_work-2.zip": zip_bytes({"folder/part-1.txt": ESSAY + b" zipped"}),
        },
    )
    entries = _entries(export)
    assert {rel: e.original for rel, e in entries.items()} == {
        "smithbob_340934_208490284_essay.txt": "essay.txt",
        "smithbob_340934_208490299_essay-1.txt": "essay.txt",
        "leeann_LATE_340935_208490285_notes-2019.txt": "notes-2019.txt",
        "doejane_340936_208490286_work-2.zip/folder/part-1.txt": "work.zip/folder/part-1.txt",
    }
    assert {e.author for e in entries.values()} == {"smithbob", "leeann", "doejane"}
    assert len({e.display for e in entries.values()}) == 4


def test_every_layout_keeps_the_name_the_student_gave_the_file(tmp_path):
    moodle = make_zip(
        tmp_path / "moodle.zip",
        {
            "Jane Doe_1234_assignsubmission_file_/drafts/essay-1.txt": ESSAY,
            "Ann Lee_9012_assignsubmission_file_notes.txt": ESSAY,
        },
    )
    blackboard = make_zip(
        tmp_path / "gradebook.zip", {"Essay 1_s456_attempt_2024-03-01-11-00-00_my essay.txt": ESSAY}
    )
    for user in ("alice", "bob"):
        (tmp_path / "hw1" / f"hw1-essay-{user}" / "src").mkdir(parents=True)
        (tmp_path / "hw1" / f"hw1-essay-{user}" / "src" / "essay.md").write_bytes(ESSAY)
    assert {e.original for e in _entries(moodle).values()} == {"drafts/essay-1.txt", "notes.txt"}
    assert [e.original for e in _entries(blackboard).values()] == ["my essay.txt"]
    assert [e.original for e in _entries(tmp_path / "hw1").values()] == ["src/essay.md", "src/essay.md"]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("essay-1.docx", "essay.docx"),
        ("essay-7.docx", "essay.docx"),
        ("report-1.v2.docx", "report.v2.docx"),  # Canvas's extension is every trailing ".word" part
        ("report.v2-1.docx", "report.v2.docx"),  # older Canvas: the last extension only
        ("essay-3f2b8c1e-9a4d-4b7e-8c21-0d5e6f7a8b9c.docx", "essay.docx"),  # after 7 tries, a UUID
        ("lab-3.docx", "lab.docx"),  # a student's own "-3" cannot be told from Canvas's: shortened too
        ("essay-2019.docx", "essay-2019.docx"),
        ("chapter-12.docx", "chapter-12.docx"),
        ("essay-0.docx", "essay-0.docx"),
        ("-1.docx", "-1.docx"),
        ("essay-1.2.docx", "essay-1.2.docx"),
        ("Anne-Marie.docx", "Anne-Marie.docx"),
    ],
)
def test_canvas_copy_suffix_is_a_single_digit_or_uuid_before_the_extension(name, shown):
    assert canonical_name(name) == shown


def test_a_students_file_and_its_canvas_reupload_are_both_read_and_never_paired_with_each_other(tmp_path):
    essay = (FIXTURES / "essay_with_copied_paragraph.txt").read_bytes()
    export = make_zip(
        tmp_path / "submissions.zip",
        {
            "smithbob_340934_208490284_essay.txt": essay,
            "smithbob_340934_208490299_essay-1.txt": essay + b"\nA closing line added on resubmission.",
            "leeann_340935_208490285_essay.txt": essay,
        },
    )
    result = check([export], jobs=1)
    authors = {d.path.rsplit("/", 1)[1]: d.author for d in result.documents}
    assert authors == {
        "smithbob_340934_208490284_essay.txt": "smithbob",
        "smithbob_340934_208490299_essay-1.txt": "smithbob",
        "leeann_340935_208490285_essay.txt": "leeann",
    }
    pairs = sorted(sorted(side.rsplit("/", 1)[1] for side in (p.left, p.right)) for p in result.pairs)
    assert pairs == [
        ["leeann_340935_208490285_essay.txt", "smithbob_340934_208490284_essay.txt"],
        ["leeann_340935_208490285_essay.txt", "smithbob_340934_208490299_essay-1.txt"],
    ]


def test_blackboard_keeps_the_latest_attempt_and_reads_names_from_receipts(tmp_path):
    export = make_zip(
        tmp_path / "gradebook_BIO101_Essay_2024.zip",
        {
            "Essay 1_s123_attempt_2024-03-01-10-00-00_draft.txt": ESSAY + b" first attempt",
            "Essay 1_s123_attempt_2024-03-02-09-30-00_final.txt": ESSAY + b" second attempt",
            "Essay 1_s123_attempt_2024-03-02-09-30-00.txt": (
                b"Name: Ada Lovelace (s123)\nDate Submitted: ...\n"
            ),
            "Essay 1_s456_attempt_2024-03-01-11-00-00_mine.txt": ESSAY,
        },
    )
    docs, errors = load_documents([export], kind="submission", jobs=1)
    assert errors == []
    assert sorted((d.author, d.text.rsplit(" ", 1)[-1]) for d in docs) == [
        ("Ada Lovelace (s123)", "attempt"),
        ("s456", "student."),
    ]
    assert "second attempt" in next(d.text for d in docs if d.author.startswith("Ada"))


def test_github_classroom_folders_give_usernames(tmp_path):
    for user in ("alice", "bob-smith"):
        repo = tmp_path / "hw1-submissions" / f"hw1-essay-{user}"
        repo.mkdir(parents=True)
        (repo / "essay.md").write_bytes(ESSAY)
        (repo / ".git").mkdir()
        (repo / ".git" / "HEAD.txt").write_text("ref")
    docs, errors = load_documents([tmp_path / "hw1-submissions"], kind="submission", jobs=1)
    assert errors == []
    assert sorted(d.author for d in docs) == ["alice", "bob-smith"]


def test_plain_folder_has_no_author(tmp_path):
    (tmp_path / "a.txt").write_bytes(ESSAY)
    docs, _ = load_documents([tmp_path], kind="submission", jobs=1)
    assert [d.author for d in docs] == [""]


@pytest.mark.parametrize("pattern", ["(unclosed", r"no-group-\d+"])
def test_bad_id_pattern_is_a_config_error(tmp_path, pattern):
    with pytest.raises(ConfigError):
        load_documents([tmp_path], kind="submission", id_pattern=pattern)
