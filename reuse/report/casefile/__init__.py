"""The case file for an academic-integrity panel: a PDF of chosen pairs (:mod:`.pdf`) from view models of its
own (:mod:`.views`) built on the HTML report's."""

from reuse.report.casefile.pdf import INSTALL_HINT, render_casefile, write_pdf
from reuse.report.casefile.views import select_pairs

__all__ = ["INSTALL_HINT", "render_casefile", "select_pairs", "write_pdf"]
