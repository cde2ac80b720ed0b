"""A private redis-server on a free loopback port, for tests (no persistence, stopped afterwards)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Server:
    port: int
    process: subprocess.Popen[bytes]
    client: Any

    def url(self, prefix: str, *, password: str | None = None, extra: str = "") -> str:
        auth = f":{password}@" if password is not None else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0?prefix={prefix}{extra}"


@contextmanager
def redis_server(*options: str, password: str | None = None) -> Iterator[Server]:
    """Start ``redis-server`` with extra ``options`` (e.g. ``--maxmemory-policy allkeys-lru``)."""
    import redis

    assert REDIS_SERVER is not None
    port = free_port()
    args = [
        REDIS_SERVER,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--protected-mode",
        "yes",
        *options,
    ]
    if password is not None:
        args += ["--requirepass", password]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(host="127.0.0.1", port=port, password=password, socket_timeout=10)
    try:
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            raise RuntimeError("redis-server did not start")
        yield Server(port, process, client)
    finally:
        client.close()
        os.kill(process.pid, signal.SIGCONT)  # in case a test froze it
        process.terminate()
        process.wait(timeout=10)
