"""`--anonymise KEYFILE` end to end: a class whose file names and Moodle author fields carry real-looking
names, run with every output format, leaves no name and no class-folder path in any byte written, and
finds what the run with names finds; `reuse reveal` maps each pseudonym back to its files."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import zipfile

import pytest

from reuse.cli.options import FORMATS

from .class_folder import COPY, INDEPENDENT, run
from .conftest import FIXTURES

WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"
TEMPLATE = FIXTURES / "assignment_template.txt"
FOLDER = "Ms Okonkwo Biology 11B"  # an unpacked Moodle export
SECTION = "Ms Okonkwo Biology 11C.zip"  # a Moodle team export, as downloaded
NAMES = ("Alice", "Liddell", "Bartholomew", "Quinteros", "Chiamaka", "Okafor", "Dmitri", "Volkov",
         "Esperanza", "Nakamura", "Kestrel", "Okonkwo", "Biology 11")
BART = "Bartholomew Quinteros_102_assignsubmission_file_"
CHIAMAKA = "Chiamaka Okafor_103_assignsubmission_file_"
LAB = "Volkov Nakamura lab.txt"
PSEUDONYM = re.compile(r"student-[0-9a-f]{6,}")


@pytest.fixture
def classroom(tmp_path, monkeypatch):
    """tmp_path as the working folder, holding the class (folder and zip), a web source and a template."""
    monkeypatch.chdir(tmp_path)
    for name, source in (("Alice Liddell_101_assignsubmission_file_/Alice Liddell essay.txt", COPY),
                         (f"{BART}/Quinteros final.txt", COPY), (f"{BART}/Quinteros notes.txt", INDEPENDENT),
                         (f"{CHIAMAKA}/Chiamaka Okafor essay.txt", INDEPENDENT)):
        (tmp_path / FOLDER / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, tmp_path / FOLDER / name)
    broken = tmp_path / FOLDER / CHIAMAKA / "Chiamaka Okafor draft.pdf"
    broken.write_bytes(b"%PDF-1.4 not really a pdf, Chiamaka Okafor")  # unchecked: listed, with its name
    (broken.parent / ".DS_Store").write_bytes(b"junk")  # skipped: listed, with its folder's name
    with zipfile.ZipFile(tmp_path / SECTION, "w") as archive:
        for pid, (person, source) in enumerate((("Lab Group Kestrel-Dmitri Volkov", COPY),
                                                ("Lab Group Kestrel-Esperanza Nakamura", COPY)), start=201):
            archive.writestr(f"{person}_{pid}_assignsubmission_file_/{LAB}", source.read_bytes())
    (tmp_path / "web").mkdir()
    shutil.copy(WEB, tmp_path / "web" / WEB.name)
    shutil.copy(TEMPLATE, tmp_path / "prompt.txt")
    for text in (COPY, INDEPENDENT, WEB, TEMPLATE):  # the texts themselves name none of them
        assert not any(n.lower() in text.read_text(encoding="utf-8").lower() for n in NAMES)
    return tmp_path


def _check(out, extra, monkeypatch, capsys):
    out = out.relative_to(out.parent)  # output paths as a user types them: the class's path is in none
    out.mkdir()
    summary = out / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    args = ["check", FOLDER, SECTION, "--sources", "web", "--template", "prompt.txt", "--allow-unchecked",
            "--html", out / "report.html", "--json", out / "result.json", "--split", out / "split",
            *[a for fmt in FORMATS for a in ("--output", f"{fmt}:{out / ('out.' + fmt)}")], *extra]
    code, stdout, _ = run(args, monkeypatch, capsys)
    (out / "stdout.txt").write_text(stdout, encoding="utf-8")
    return code, json.loads((out / "result.json").read_text(encoding="utf-8"))


def _written(out):
    files = [p for p in sorted(out.rglob("*")) if p.is_file()]
    assert len(files) >= len(FORMATS) + 5  # every format, html, json, the split pages, stdout, summary
    return {p: p.read_bytes() for p in files}


def _findings(data):
    """The findings, without their fingerprints (of byte-identical files, those mix in the documents' ids)."""
    return sorted((p["left_coverage"], p["right_coverage"], p["longest_words"], p["rule_id"], p["reasons"])
                  for p in data["pairs"] if p["finding"])


def test_anonymised_outputs_name_no_student_nor_the_class_folder_and_find_the_same(classroom, monkeypatch,
                                                                                    capsys):
    code, plain = _check(classroom / "plain", [], monkeypatch, capsys)
    written = b"".join(_written(classroom / "plain").values())
    assert all(name.encode() in written for name in NAMES)  # the run with names does name them

    key = classroom / "course.key"
    anon_code, anon = _check(classroom / "anon", ["--anonymise", key], monkeypatch, capsys)

    for path, data in _written(classroom / "anon").items():
        lowered = data.lower()
        for secret in [*NAMES, str(classroom)]:
            assert secret.lower().encode() not in lowered, f"{secret!r} in {path.name}"
    assert code == anon_code == 1
    assert anon["anonymised"] is True and plain["anonymised"] is False
    assert anon["summary"] == plain["summary"] and _findings(anon) == _findings(plain)
    assert len(plain["errors"]) == len(anon["errors"]) == 1 and len(anon["skipped"]) == 1
    # sources and templates keep their names; every submission is a pseudonym
    kinds = {d["kind"]: [] for d in anon["documents"]}
    for doc in anon["documents"]:
        kinds[doc["kind"]].append(doc["path"])
    assert kinds["source"] == [f"web/{WEB.name}"] and kinds["template"] == ["prompt.txt"]
    assert all(re.fullmatch(r"student-[0-9a-f]{6,}(#[0-9]+)?", p) for p in kinds["submission"])
    # one student's two files share a pseudonym; team-mates keep their own, and their team one
    authors = [d["author"] for d in anon["documents"] if d["kind"] == "submission"]
    assert len(authors) == 6 and len(set(authors)) == 5
    assert {d["team"] for d in anon["documents"] if d["team"]} == {
        next(d["team"] for d in anon["documents"] if d["team"])} and anon["documents"][-1]["original"] == ""
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600

    again_code, again = _check(classroom / "again", ["--anonymise", key], monkeypatch, capsys)
    assert again_code == 1 and [d["id"] for d in again["documents"]] == [d["id"] for d in anon["documents"]]


def test_reveal_maps_each_pseudonym_back_to_its_files_and_exits_2_for_an_unknown_one(classroom, monkeypatch,
                                                                                     capsys):
    _, anon = _check(classroom / "anon", ["--anonymise", "course.key"], monkeypatch, capsys)
    shown = sorted({p for d in anon["documents"] for p in PSEUDONYM.findall(d["path"])}
                   | {PSEUDONYM.search(e["path"]).group() for e in [*anon["errors"], *anon["skipped"]]})
    code, out, err = run(["reveal", "course.key", *shown, "--inputs", FOLDER, "--inputs", SECTION],
                         monkeypatch, capsys)
    assert code == 0, err
    lines = [line.split("\t") for line in out.splitlines()]
    assert {pseudonym for pseudonym, _ in lines} == set(shown)
    by_file = {path.split(" (author")[0]: pseudonym for pseudonym, path in lines}
    assert by_file[f"{FOLDER}/{BART}/Quinteros final.txt"] == by_file[f"{FOLDER}/{BART}/Quinteros notes.txt"]
    assert f"{SECTION}/Lab Group Kestrel-Dmitri Volkov_201_assignsubmission_file_/{LAB}" in by_file
    assert f"{FOLDER}/{CHIAMAKA}/Chiamaka Okafor draft.pdf" in by_file

    code, out, err = run(["reveal", "course.key", shown[0], "student-000000", "--inputs", FOLDER,
                          "--inputs", SECTION], monkeypatch, capsys)
    assert code == 2 and "student-000000: no input has this pseudonym" in err
    assert out.startswith(f"{shown[0]}\t")
    other = classroom / "other.key"
    run(["check", FOLDER, "--anonymise", other, "-q", "--allow-unchecked"], monkeypatch, capsys)
    code, out, err = run(["reveal", other, shown[0], "--inputs", FOLDER, "--inputs", SECTION],
                         monkeypatch, capsys)
    assert code == 2 and out == ""


def test_report_anonymises_a_saved_result_with_the_pseudonyms_of_an_anonymised_check(classroom, monkeypatch,
                                                                                     capsys):
    _, anon = _check(classroom / "anon", ["--anonymise", "course.key"], monkeypatch, capsys)
    _check(classroom / "plain", [], monkeypatch, capsys)
    code, _, err = run(["report", classroom / "plain" / "result.json", "--anonymise", "course.key",
                        "--html", "shared.html"], monkeypatch, capsys)
    assert code == 0, err
    html = (classroom / "shared.html").read_text(encoding="utf-8")
    assert not [n for n in [*NAMES, str(classroom)] if n.lower() in html.lower()]
    ids = {d["id"] for d in anon["documents"] if d["kind"] == "submission"}
    assert ids and all(i in html for i in ids)
    code, _, err = run(["report", classroom / "anon" / "result.json", "--anonymise", "course.key",
                        "--html", "twice.html"], monkeypatch, capsys)
    assert code == 2 and "already anonymised" in err


def test_a_key_file_others_may_read_is_refused_before_any_work(classroom, monkeypatch, capsys):
    key = classroom / "course.key"
    key.write_text("ab" * 32 + "\n", encoding="ascii")
    key.chmod(0o644)
    code, _, err = run(["check", FOLDER, "--anonymise", key, "--json", "r.json"], monkeypatch, capsys)
    assert code == 2 and "chmod 600" in err and not (classroom / "r.json").exists()
    key.chmod(0o600)
    code, _, err = run(["check", FOLDER, "--anonymise", key, "--json", "r.json", "--allow-unchecked"],
                       monkeypatch, capsys)
    assert code == 1 and key.read_text(encoding="ascii") == "ab" * 32 + "\n"


def test_reveal_tells_apart_two_students_whose_files_share_a_name_in_two_sections(tmp_path, monkeypatch,
                                                                                  capsys):
    monkeypatch.chdir(tmp_path)
    sections = ("monday/section-a", "tuesday/section-b")
    for section, source in zip(sections, (COPY, INDEPENDENT), strict=True):
        (tmp_path / section).mkdir(parents=True)
        shutil.copy(source, tmp_path / section / "essay.txt")
    code, _, _ = run(["check", *sections, "--anonymise", "k.key", "--json", "r.json", "-q"],
                     monkeypatch, capsys)
    ids = [d["id"] for d in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["documents"]]
    assert code == 0 and len(ids) == 2 and not any("#" in i for i in ids)
    code, out, _ = run(["reveal", "k.key", *ids, "--inputs", sections[0], "--inputs", sections[1]],
                       monkeypatch, capsys)
    assert code == 0
    assert out.splitlines() == [f"{ids[0]}\t{sections[0]}/essay.txt", f"{ids[1]}\t{sections[1]}/essay.txt"]
