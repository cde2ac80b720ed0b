"""A run's own candidates as one stage of independent tasks: the parts of the banding join
(:mod:`reuse.index.join`) and the content candidates (:mod:`reuse.index.content`), which need nothing of
each other, so that the run's executor works on them all at once.

:func:`cohort_task` is a stage function of :mod:`reuse.engine` (module-level, picklable, pure): task 0
is the content candidates, task ``1 + p`` part ``p`` of the join; :func:`cohort_found` puts their
results together. Whatever ran them, and in whatever order they ended, the result is the same as
:func:`~reuse.index.join.cohort_candidates` and :func:`~reuse.index.content.content_candidates` give
one after the other in this process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reuse.index.content import ContentProfile, content_candidates
from reuse.index.join import JoinPlan, join_part, joined
from reuse.index.windows import Candidate

SECONDS_PER_KEY = 0.5e-6
"""Estimated work of the join a band key (2.2 s of one core for the 4.5 M keys of 1,000 PAN texts,
content candidates included): what :attr:`Cohort.work` says."""


@dataclass(frozen=True, slots=True, eq=False)
class Cohort:
    """What every task of the stage needs (its shared value): the join's plan, the content-word
    profiles, the queries and the content candidates' ``cap`` and ``stop``."""

    plan: JoinPlan
    profiles: Mapping[str, ContentProfile]
    queries: tuple[str, ...]
    cap: int
    stop: int

    @property
    def tasks(self) -> list[int]:
        """The items of the stage: 0 (the content candidates), then each part of the join."""
        return list(range(1 + self.plan.parts))

    @property
    def work(self) -> float:
        """The stage's estimated cost in seconds of one core (for :meth:`reuse.engine.Executor.map`)."""
        return SECONDS_PER_KEY * self.plan.keys.size


def cohort_task(shared: Cohort, task: int) -> Any:
    """One task of the stage (see the module's docstring)."""
    if task == 0:
        return content_candidates(shared.profiles, shared.queries, cap=shared.cap, stop=shared.stop)
    return join_part(shared.plan, task - 1)


def cohort_found(shared: Cohort, results: Sequence[Any]) -> tuple[dict[str, list[Candidate]],
                                                                 dict[str, list[str]]]:
    """The join's candidates of each query and its content candidates, from the results of
    :attr:`Cohort.tasks` (in task order)."""
    return joined(shared.plan, results[1:]), results[0]


__all__ = ["SECONDS_PER_KEY", "Cohort", "cohort_found", "cohort_task"]
