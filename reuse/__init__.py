"""reuse: find text reuse between coursework submissions and web sources.

The library core: ``check`` runs the whole pipeline; the stage modules (``extract``,
``normalize``, ``text.hashing``, ``fingerprint``, ``index``, ``align``, ``score``) can be used on
their own. Importing ``reuse`` never imports the CLI (click).
"""

from reuse._version import __version__
from reuse.align import align
from reuse.errors import (
    ConfigError,
    ExtractionError,
    IndexMismatchError,
    InputError,
    NoSubmissionError,
    ReuseError,
    SourceError,
    SourceIndexError,
)
from reuse.model import (
    CheckResult,
    Document,
    DocumentScore,
    FileError,
    PairResult,
    Passage,
    SourceShare,
    Span,
)
from reuse.pipeline import build_index, check
from reuse.settings import AlignOptions, FingerprintOptions, Settings
from reuse.text.normalize import NormalizedText, normalize

__all__ = [
    "AlignOptions",
    "CheckResult",
    "ConfigError",
    "Document",
    "DocumentScore",
    "ExtractionError",
    "FileError",
    "FingerprintOptions",
    "IndexMismatchError",
    "InputError",
    "NoSubmissionError",
    "NormalizedText",
    "PairResult",
    "Passage",
    "ReuseError",
    "Settings",
    "SourceError",
    "SourceIndexError",
    "SourceShare",
    "Span",
    "__version__",
    "align",
    "build_index",
    "check",
    "normalize",
]
