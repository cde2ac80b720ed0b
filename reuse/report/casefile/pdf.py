"""The case file: one PDF for an academic-integrity panel, rendered from the HTML report's own templates and
views with a print layout (``casefile.html.j2``, ``casefile.css``) by WeasyPrint, an optional extra
(``pip install "reuse-detector[pdf]"``).

A cover (the tool's version, the settings and date of the run, how many inputs it read and pairs it compared),
then for each pair: both identities (pseudonyms in an anonymised result), their SHA-256 and extraction method,
the passages side by side with the words they share marked, and both full texts with the passages marked.

Student text and names are hostile, as in the HTML report: the template escapes everything (autoescape, the
report's finalizer), and WeasyPrint loads nothing: its URL fetcher refuses every URL
(:func:`refusing_fetcher`), so not even a name or text that reached the markup could make it read a file
or the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reuse._version import __version__
from reuse.atomic import atomic_write
from reuse.errors import MissingExtraError
from reuse.model import CheckResult
from reuse.report.casefile.views import (
    CONTEXT_CHARACTERS,
    FULL_TEXT_CHARACTERS,
    MATCH_WORDS,
    PASSAGE_CHARACTERS,
    pair_case,
    select_pairs,
)
from reuse.report.gate import Gate, evaluate
from reuse.report.html.render import environment
from reuse.report.html.views import pair_view, percent, why_text
from reuse.report.json_result import check_gate

INSTALL_HINT = 'pip install "reuse-detector[pdf]"'


def render_casefile(result: CheckResult, *, generated_at: str, gate: Gate | None = None,
                    pairs: Sequence[int] = ()) -> str:
    """The case file as print-ready HTML (the input of :func:`write_pdf`; deterministic for its arguments).

    Args:
        result: the run.
        generated_at: the date of the run the cover gives (a saved result's ``generated_at``).
        gate: the run's gate, as for :func:`reuse.report.html.render_html`.
        pairs: the pair numbers to show (1-based, the order of ``result.pairs``: the JSON result's pairs
            and the HTML report's table); none: every finding
            (:func:`~reuse.report.casefile.views.select_pairs`).

    Raises:
        UnknownPairError: a number names no pair.
        ValueError: ``gate`` was evaluated on another result.
    """
    gate = evaluate(result) if gate is None else gate
    check_gate(result, gate)
    chosen = select_pairs(result, gate, pairs)
    docs = {d.id: d for d in result.documents}
    cases = []
    for rank in chosen:
        pair = result.pairs[rank - 1]
        finding = gate.of(pair)
        view = pair_view(rank, pair, docs, finding, result.settings.exclude_quotes, why_text(finding, result),
                         include_references=result.settings.include_references)
        cases.append(pair_case(view))
    kinds = [d.kind for d in (result.inputs or result.documents)]
    context: dict[str, Any] = {
        "result": result,
        "cases": cases,
        "chosen": "the pairs asked for" if pairs else "every finding",
        "version": __version__,
        "generated_at": generated_at,
        "settings": result.settings.to_dict(),
        "inputs": len(kinds),
        "submissions": kinds.count("submission"),
        "sources": kinds.count("source"),
        "templates": kinds.count("template"),
        "findings": len(gate.findings),
        "threshold": percent(result.settings.fail_above),
        "full_text_characters": FULL_TEXT_CHARACTERS,
        "context_characters": CONTEXT_CHARACTERS,
        "passage_characters": PASSAGE_CHARACTERS,
        "match_words": MATCH_WORDS,
    }
    return environment().get_template("casefile.html.j2").render(**context)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError as error:  # also a module hidden by sys.modules["weasyprint"] = None
        raise MissingExtraError(
            f"writing a PDF case file needs WeasyPrint, which is not installed: {INSTALL_HINT}"
        ) from error
    except OSError as error:  # installed, but its system libraries (Pango) are missing
        raise MissingExtraError(
            f"WeasyPrint cannot start ({error}); install Pango (Debian: apt-get install libpango-1.0-0 "
            f"libpangoft2-1.0-0) and {INSTALL_HINT}"
        ) from error
    return weasyprint


def refusing_fetcher(refused: list[str] | None = None) -> Any:
    """A WeasyPrint URL fetcher that fetches nothing: every URL (``http:``, ``file:``, ``data:``...) is
    refused, and recorded in ``refused`` when given. The case file needs nothing from outside.

    Raises:
        MissingExtraError: WeasyPrint is not installed.
    """
    _weasyprint()
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):  # type: ignore[misc]  # (WeasyPrint ships no types)
        def fetch(self, url: str, headers: Any = None) -> Any:
            if refused is not None:
                refused.append(url)
            raise ValueError(f"the case file loads nothing from outside (refused {url[:80]!r})")

    return RefusingFetcher()


def pdf_bytes(html: str, *, refused: list[str] | None = None) -> bytes:
    """``html`` as PDF, with every URL it names refused (listed in ``refused`` when given).

    Raises:
        MissingExtraError: WeasyPrint is not installed (or cannot start).
    """
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, url_fetcher=refusing_fetcher(refused), media_type="print")
    data = document.write_pdf()
    assert isinstance(data, bytes)
    return data


def write_pdf(result: CheckResult, path: Path, *, generated_at: str, gate: Gate | None = None,
              pairs: Sequence[int] = ()) -> None:
    """Write the case file of ``result`` to ``path`` as one PDF, whole or not at all
    (:func:`reuse.atomic.atomic_write`); the arguments are those of :func:`render_casefile`.

    Raises:
        MissingExtraError: WeasyPrint is not installed; nothing is written.
        UnknownPairError: a number of ``pairs`` names no pair; nothing is written.
        OutputError: ``path`` cannot be written; an earlier file there is kept.
    """
    _weasyprint()
    data = pdf_bytes(render_casefile(result, generated_at=generated_at, gate=gate, pairs=pairs))
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
