"""Results without names: every student identity replaced by a stable pseudonym (``student-7f3a9c``).

:func:`anonymise` is a pure function from a :class:`~reuse.model.CheckResult` and a secret key to a
``CheckResult`` in which no student is named, so that every writer (text, JSON, SARIF, JUnit, GitLab,
GitHub, CSV, HTML, split HTML) shows pseudonyms without knowing it. What names a student, and is replaced:

- a submission's id and path (the folders the user named, the LMS export's folder and file names), its
  ``author`` (LMS user name or roster name), its ``team``; its ``original`` file name is dropped;
- the same ids wherever they appear: pairs, scores and their breakdowns, word counts, inputs;
- the paths of files that were not checked or were skipped, unless they lie under a source or template
  argument, and any of those names inside an error message, hint, skip reason or flag message.

Sources and templates (web pages, books, indexes, the assignment prompt) keep their names. The texts
themselves are kept as they are: a name written inside an essay is not found (see the README).

A pseudonym is the HMAC-SHA256, under the key, of a stable identity: the author when the export gives one
(two submissions of one student share it), else the file's path relative to the folder (or zip, or file)
the user named. It shows the first :data:`DIGITS` hex digits of the digest, more when two identities of
the result share those (each colliding pseudonym grows until it is unique), so a pseudonym may gain a digit
when the class changes; ``reuse reveal`` matches on the digits given. Several documents of one student
get ``student-7f3a9c``, ``student-7f3a9c#2``... in input order.
"""

from __future__ import annotations

import hashlib
import hmac
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from reuse.model import CheckResult, Document, FileError, Flag, SkippedFile
from reuse.report.gate import Gate, evaluate

DIGITS = 6
"""Hex digits a pseudonym shows at least (24 bits: two students of a class of 1,000 share them with a
chance of about 3 %, and then both get longer)."""
STUDENT = "student-"
TEAM = "team-"
REMOVED = "[name removed]"
_MIN_SECRET = 3  # shorter strings are not searched for in messages (they would match ordinary words)
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")  # a name a library's error quotes (a zip member...)
_HARMLESS = re.compile(r"['\"]\.?\w{0,10}['\"]")  # a quoted suffix or short word ('.xyz') stays


def digest(key: bytes, identity: str) -> str:
    """The HMAC-SHA256 of ``identity`` under ``key``, in hex (what a pseudonym shows a prefix of)."""
    return hmac.new(key, identity.encode("utf-8", "surrogateescape"), hashlib.sha256).hexdigest()


def author_identity(author: str) -> str:
    """The identity of a student the LMS export (or roster) names."""
    return f"author\x1f{author}"


def path_identity(relative: str) -> str:
    """The identity of a file without a known author: its path relative to the folder the user named."""
    return f"path\x1f{relative}"


def team_identity(team: str) -> str:
    """The identity of a Moodle team."""
    return f"team\x1f{team}"


def relative_to(path: str, roots: Sequence[str]) -> str | None:
    """``path`` relative to the longest of ``roots`` that holds it (a root that is the file itself gives its
    name); ``None`` when no root holds it."""
    held = _holder(path, roots)
    return held[1] if held is not None else None


def qualified(path: str, roots: Sequence[str]) -> str:
    """``path`` relative to the folder named, behind that folder's own name (``section-b/essay.txt``): what
    tells apart two files of one relative path under two folders named."""
    held = _holder(path, roots)
    if held is None:
        return path
    root, rel = held
    return rel if root in ("", ".", path) else posixpath.join(posixpath.basename(root), rel)


def _holder(path: str, roots: Sequence[str]) -> tuple[str, str] | None:
    """The longest root that holds ``path``, and ``path`` relative to it."""
    best: tuple[str, str] | None = None
    for raw in roots:
        root = raw.rstrip("/") or raw
        if root in ("", "."):
            found = (root, path)
        elif path == root:
            found = (root, posixpath.basename(path))
        elif path.startswith(root.rstrip("/") + "/"):
            found = (root, path[len(root.rstrip("/")) + 1:])
        else:
            continue
        if best is None or len(found[0]) > len(best[0]):
            best = found
    return best


def common_folder(paths: Iterable[str]) -> str:
    """The folder every one of ``paths`` lies in (``""`` when they share none): the folder a saved result's
    submissions were named by, as far as the result can tell."""
    try:
        return posixpath.commonpath([posixpath.dirname(p) for p in paths])
    except ValueError:  # no path, or absolute and relative ones
        return ""


def shortest_unique(digests: Iterable[str], *, digits: int = DIGITS) -> dict[str, str]:
    """Each distinct digest -> its prefix of at least ``digits`` hex digits that no other digest shares."""
    unique = sorted(set(digests))
    out: dict[str, str] = {}
    for k, value in enumerate(unique):
        length = digits
        for other in unique[max(k - 1, 0):k + 2]:  # sorted: the longest shared prefix is with a neighbour
            if other != value:
                length = max(length, len(posixpath.commonprefix([value, other])) + 1)
        out[value] = value[:length]
    return out


def _path_identities(paths: Iterable[str], roots: Sequence[str]) -> dict[str, str]:
    """The identity of each file without an author: its path relative to the folder named; files that share
    it (one name under two folders named) get the folder's name in front, then, if still alike, their path."""
    steps: tuple[Callable[[str], str], ...] = (
        lambda p: relative_to(p, roots) or p, lambda p: qualified(p, roots), lambda p: p)
    out: dict[str, str] = {}
    pending = sorted(set(paths))
    for k, step in enumerate(steps):
        groups: dict[str, list[str]] = {}
        for path in pending:
            groups.setdefault(step(path), []).append(path)
        pending = []
        for value, members in groups.items():
            if len(members) == 1 or k == len(steps) - 1:
                out.update({p: path_identity(value) for p in members})
            else:
                pending += members
    return out


def _under(path: str, roots: Sequence[str]) -> bool:
    return relative_to(path, roots) is not None


def anonymise(
    result: CheckResult,
    key: bytes,
    *,
    roots: Sequence[str] | None = None,
    source_roots: Sequence[str] | None = None,
    digits: int = DIGITS,
) -> CheckResult:
    """``result`` with every student identity replaced by a pseudonym (see the module's docstring).

    Args:
        result: a run (not already anonymised).
        key: the secret key (:func:`reuse.report.keyfile.load_key`).
        roots: the submission arguments as the user named them (``/``-separated): identities are paths
            relative to them. ``None`` (a saved result): the folder all submissions share.
        source_roots: the source and template arguments: an unchecked or skipped file under one of them
            (and under no submission root) keeps its name. ``None``: the folders of the source and
            template files the result lists.
        digits: the shortest pseudonym, in hex digits.

    Raises:
        ValueError: ``result`` is already anonymised.
    """
    if result.anonymised:
        raise ValueError("the result is already anonymised")
    subs = [d for d in result.documents if d.kind == "submission"]
    if roots is None:
        named = [*(d.path for d in subs), *(i.path for i in result.inputs if i.kind == "submission")]
        roots = [common_folder(named)]
    if source_roots is None:
        kept = [*(d.path for d in result.documents if d.kind != "submission"),
                *(i.path for i in result.inputs if i.kind != "submission")]
        source_roots = sorted({posixpath.dirname(p) or p for p in kept})

    hidden_errors = [e for e in result.errors if _hidden(e.path, roots, source_roots)]
    hidden_skipped = [s for s in result.skipped if _hidden(s.path, roots, source_roots)]
    loose_paths = [*(e.path for e in hidden_errors), *(s.path for s in hidden_skipped),
                   *(i.path for i in result.inputs if i.kind == "submission")]
    of_path = _path_identities([*(d.path for d in subs if not d.author), *loose_paths], roots)
    doc_identity = {d.id: author_identity(d.author) if d.author else of_path[d.path] for d in subs}
    loose = {p: of_path[p] for p in loose_paths}
    digests = {identity: digest(key, identity) for identity in [*doc_identity.values(), *loose.values()]}
    short = shortest_unique(digests.values(), digits=digits)
    teams = {d.team: digest(key, team_identity(d.team)) for d in subs if d.team}
    team_short = shortest_unique(teams.values(), digits=digits)

    def name(identity: str) -> str:
        return STUDENT + short[digests[identity]]

    ids: dict[str, str] = {}
    seen: dict[str, int] = {}
    for doc in subs:
        base = name(doc_identity[doc.id])
        seen[base] = seen.get(base, 0) + 1
        ids[doc.id] = base if seen[base] == 1 else f"{base}#{seen[base]}"
    paths = {d.path: ids[d.id] for d in reversed(subs)}  # a path named twice: its first document's id
    paths.update({p: name(identity) for p, identity in loose.items() if p not in paths})

    def scrub(text: str, *names: str, quoted: bool = False) -> str:
        text = _scrub(text, _secrets(names, roots))
        return _QUOTED.sub(lambda m: m[0] if _HARMLESS.fullmatch(m[0]) else REMOVED, text) if quoted else text

    def message(item: FileError) -> FileError:
        return FileError(paths[item.path], scrub(item.message, item.path, quoted=True),
                         scrub(item.hint, item.path, quoted=True))

    def document(doc: Document) -> Document:
        if doc.kind != "submission":
            return doc
        return replace(
            doc, id=ids[doc.id], path=ids[doc.id], original="",
            author=name(doc_identity[doc.id]) if doc.author else "",
            team=TEAM + team_short[teams[doc.team]] if doc.team else "",
            flags=tuple(Flag(f.kind, scrub(f.message, doc.path, doc.author, doc.team, doc.original), f.spans,
                             f.count) for f in doc.flags),
        )

    def ident(doc_id: str) -> str:
        return ids.get(doc_id, doc_id)

    hidden = {id(e) for e in hidden_errors} | {id(s) for s in hidden_skipped}
    return replace(
        result,
        documents=tuple(document(d) for d in result.documents),
        scores=tuple(replace(s, id=ident(s.id), breakdown=tuple(replace(b, document=ident(b.document))
                                                               for b in s.breakdown))
                     for s in result.scores),
        pairs=tuple(replace(p, left=ident(p.left), right=ident(p.right)) for p in result.pairs),
        errors=tuple(message(e) if id(e) in hidden else e for e in result.errors),
        skipped=tuple(SkippedFile(paths[s.path], scrub(s.reason, s.path, quoted=True)) if id(s) in hidden
                      else s for s in result.skipped),
        words={ident(k): v for k, v in result.words.items()},
        inputs=tuple(replace(i, path=paths[i.path]) if i.kind == "submission" else i for i in result.inputs),
        anonymised=True,
    )


def _hidden(path: str, roots: Sequence[str], source_roots: Sequence[str]) -> bool:
    """Whether an unchecked or skipped file may name a student: it does unless it lies under a source or
    template argument and under no submission argument."""
    return _under(path, roots) or not _under(path, source_roots)


def _secrets(names: Sequence[str], roots: Sequence[str]) -> list[str]:
    """The strings that name one student (a path, its parts under the folder named, an author...) and the
    folders named, longest first."""
    found = {r.rstrip("/") for r in roots}
    for name in names:
        rel = relative_to(name, roots) or name
        found.update((name, posixpath.basename(name), posixpath.dirname(name), rel, rel.split("/")[0]))
    return sorted((s for s in found if len(s) >= _MIN_SECRET), key=lambda s: (-len(s), s))


def _scrub(text: str, secrets: Sequence[str]) -> str:
    """``text`` with every one of ``secrets`` replaced, in one pass (a replacement is not searched again)."""
    if not secrets or not text:
        return text
    return re.sub("|".join(map(re.escape, secrets)), REMOVED, text)


def anonymise_gate(result: CheckResult, gate: Gate, anonymous: CheckResult) -> Gate:
    """The gate of ``anonymous`` (:func:`anonymise` of ``result``) that says what ``gate`` says: the same
    findings, suppressed by the same baseline, and the same count of baseline entries matching nothing.

    The fingerprints are the anonymous result's own (a fingerprint that mixes in ids mixes in pseudonyms).
    """
    plain = evaluate(anonymous)
    if len(plain.findings) != len(gate.findings):
        raise ValueError("the anonymous result's findings are not the result's")
    reviewed = {a.fingerprint for a, f in zip(plain.findings, gate.findings, strict=True) if f.suppressed}
    return replace(evaluate(anonymous, reviewed), unmatched=gate.unmatched)


__all__ = [
    "DIGITS",
    "STUDENT",
    "TEAM",
    "anonymise",
    "anonymise_gate",
    "author_identity",
    "common_folder",
    "digest",
    "path_identity",
    "qualified",
    "relative_to",
    "shortest_unique",
    "team_identity",
]
