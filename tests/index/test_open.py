"""Opening an index: the Redis store is imported only when a Redis index is opened."""

from __future__ import annotations

import subprocess
import sys


def test_importing_reuse_does_not_import_the_redis_store():
    code = ("import sys, reuse, reuse.index; "
            "print(sorted(m for m in sys.modules if m.startswith('reuse.index.redis')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert found == "[]\n"
