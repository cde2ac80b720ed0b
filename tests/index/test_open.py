"""Opening an index (``reuse.index.open``): the Redis store is imported only when a Redis index is
opened; an index built with other parameters, or a file that is no index, is refused."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reuse.errors import IndexMismatchError, SourceIndexError
from reuse.index import IndexParams, open_index
from reuse.settings import FingerprintOptions

PARAMS = IndexParams.from_options(FingerprintOptions())


def test_importing_reuse_does_not_import_the_redis_store():
    code = ("import sys, reuse, reuse.index; "
            "print(sorted(m for m in sys.modules if m.startswith('reuse.index.redis')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert found == "[]\n"


def test_index_with_other_parameters_is_refused_naming_both_values(tmp_path):
    path = tmp_path / "sources.sqlite"
    open_index(path, params=PARAMS, create=True)
    other = IndexParams.from_options(FingerprintOptions(num_perm=64))
    with pytest.raises(IndexMismatchError, match="num_perm: index has 128, asked for 64"):
        open_index(path, params=other)


def test_a_file_that_is_not_an_index_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"not a database at all, just text")
    with pytest.raises(SourceIndexError):
        open_index(path)
