"""Pairing rules: which two documents are never compared, whatever they share.

One student's own files (drafts, several parts of one submission) are not reuse, nor are the copies
of a team's submission that an older Moodle team export gives each member. :func:`comparable` is the
rule the pipeline applies to every candidate pair.
"""

from __future__ import annotations

from reuse.model import Document


def comparable(submission: Document, other: Document) -> bool:
    """Whether ``submission`` is compared with ``other`` (a submission or a source): not when both are
    submissions of one author (:attr:`Document.author`), nor submissions of one team (:func:`same_team`).

    A student's earlier work given as a source is compared: reusing it is for the teacher to judge.
    """
    if submission.author and other.author == submission.author and other.kind == "submission":
        return False  # one student's own files (drafts, several parts) are not reuse
    return not same_team(submission, other)  # team-mates' copies of their team's submission neither


def same_team(left: Document, right: Document) -> bool:
    """Whether two submissions belong to one team (an older Moodle team export gives each member a copy).

    Such pairs are never aligned, like two documents of one author. Only submissions count: a source
    (last year's export, say) whose group has the same name is compared as any other source. A team
    is its name within one export (:func:`team_export`): ``Group 1`` of two sections' exports given
    together are two teams, whose work is compared.
    """
    return (
        bool(left.team)
        and left.team == right.team
        and left.kind == right.kind == "submission"
        and team_export(left) == team_export(right)
    )


def team_export(doc: Document) -> str:
    """The export a team member's document came from: its path up to the member's own folder (or
    file, in a flat export), whose name starts with ``{team}-``; the document's folder if none does."""
    parts = doc.path.split("/")
    for k, part in enumerate(parts):
        if doc.team and part.startswith(f"{doc.team}-"):
            return "/".join(parts[:k])
    return "/".join(parts[:-1])


__all__ = ["comparable", "same_team", "team_export"]
