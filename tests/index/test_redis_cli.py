"""The shared Redis index as the README documents it, end to end through the `reuse` command.

Each test starts its own ``redis-server`` on a free loopback port (``tests/redis_server.py``);
the tests are skipped only when no ``redis-server`` binary or no ``redis`` package is installed.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.redis_server import REDIS_SERVER, free_port, redis_server

redis = pytest.importorskip("redis", reason="the redis extra is not installed (pip install '.[redis]')")
pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None, reason="no redis-server binary on PATH (apt-get install redis-server)"
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
WEB = str(FIXTURES / "web_source_photosynthesis_excerpt.txt")
OTHER = str(FIXTURES / "essay_independent_same_topic.txt")
COPY = str(FIXTURES / "essay_with_copied_paragraph.txt")
PASSWORD = "pa#ss/wo?rd@x"  # noqa: S105  # unencoded '#', '/', '?' and '@', as a user would paste it


def reuse(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The installed command, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "reuse", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def server():
    with redis_server() as running:
        yield running


@pytest.fixture
def url(server, request):
    return server.url(f"t_{request.node.name.replace('[', '_').replace(']', '')}")


def _built(url: str, *sources: str) -> str:
    done = reuse("index", "build", url, *(sources or (WEB,)))
    assert done.returncode == 0, done.stderr
    return url


def test_the_documented_route_finds_a_copy_in_a_redis_index(url):
    _built(url)
    done = reuse("check", COPY, "--sources", url)
    assert done.returncode == 1, done.stderr
    assert "web_source_photosynthesis_excerpt" in done.stdout
    assert "no such file" not in done.stderr


def test_a_redis_url_in_a_config_file_elsewhere_stays_a_url(url, tmp_path):
    _built(url)
    config = tmp_path / "conf" / "reuse.toml"
    config.parent.mkdir()
    config.write_text(f'sources = ["{url}"]\n', encoding="utf-8")
    done = reuse("check", COPY, "--config", str(config), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "web_source_photosynthesis_excerpt" in done.stdout


def test_a_server_that_is_down_exits_two():
    down = f"redis://127.0.0.1:{free_port()}/0?prefix=x"
    done = reuse("check", COPY, "--sources", down)
    assert done.returncode == 2
    assert "cannot reach Redis" in done.stderr and "Traceback" not in done.stderr
    assert reuse("index", "info", down).returncode == 2


def test_a_wrong_password_exits_two_without_showing_it():
    with redis_server(password=PASSWORD) as guarded:
        wrong = guarded.url("c", password="not-the-Secret")  # noqa: S106
        done = reuse("check", COPY, "--sources", wrong)
        assert done.returncode == 2
        assert "refused the credentials" in done.stderr
        assert "not-the-Secret" not in done.stderr + done.stdout


def test_a_misspelt_url_parameter_is_a_configuration_error(url):
    _built(url)
    misspelt = url.replace("?prefix=", "?prefx=")
    for args in (
        ["check", COPY, "--sources", misspelt],
        ["index", "build", misspelt, WEB],
        ["index", "info", misspelt],
    ):
        done = reuse(*args)
        assert done.returncode == 2, args
        assert "unknown URL parameter 'prefx'" in done.stderr


@pytest.mark.parametrize("bad", [":99999/0", ":port/0", "/zero", ":1/0#frag"])
def test_a_malformed_url_never_shows_the_password(bad):
    done = reuse("check", COPY, "--sources", f"redis://:{PASSWORD}@127.0.0.1{bad}?prefix=x")
    assert done.returncode == 2
    assert "reuse: error:" in done.stderr
    assert "pa#ss" not in done.stderr and "wo?rd" not in done.stderr


def test_the_password_appears_in_no_output(tmp_path):
    with redis_server(password=PASSWORD) as guarded:
        url = guarded.url("secret", password=PASSWORD)
        built = reuse("index", "build", url, WEB)
        assert built.returncode == 0, built.stderr
        summary = tmp_path / "summary.md"
        outputs = {
            fmt: tmp_path / f"out.{fmt}"
            for fmt in ("json", "sarif", "junit", "html", "csv", "gitlab", "text", "github")
        }
        args = [a for fmt, path in outputs.items() for a in ("--output", f"{fmt}:{path}")]
        done = reuse(
            "check",
            COPY,
            "--sources",
            url,
            "--format",
            "github",
            *args,
            env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)},
        )
        assert done.returncode == 1, done.stderr
        shown = [built.stdout, built.stderr, done.stdout, done.stderr, summary.read_text(encoding="utf-8")]
        shown += [p.read_text(encoding="utf-8") for p in outputs.values()]
        info = reuse("index", "info", url)
        shown += [info.stdout, info.stderr, reuse("index", "verify", url).stdout]
        assert json.loads(outputs["json"].read_text(encoding="utf-8"))["index"]["path"].startswith(
            "redis://***@"
        )
        for text in shown:
            assert "pa#ss" not in text and "wo?rd" not in text


def test_building_on_an_evicting_redis_is_refused():
    with redis_server("--maxmemory", "200mb", "--maxmemory-policy", "allkeys-lru") as evicting:
        done = reuse("index", "build", evicting.url("a"), WEB)
        assert done.returncode == 2
        assert "maxmemory-policy allkeys-lru" in done.stderr


def test_a_check_against_an_index_that_lost_keys_to_eviction_exits_two():
    with redis_server() as running:
        url = _built(running.url("course_a"), WEB, OTHER)
        used = int(running.client.info("memory")["used_memory"])
        running.client.config_set("maxmemory-policy", "allkeys-lru")
        running.client.config_set("maxmemory", str(used + 256 * 1024))
        for k in range(4000):  # course B's writes push course A's keys out
            running.client.set(f"course_b:{k}", b"x" * 1024)
        assert running.client.info("stats")["evicted_keys"] > 0
        done = reuse("check", COPY, "--sources", url)
        assert done.returncode == 2, done.stdout
        assert "index is damaged" in done.stderr or "no parameter stamp" in done.stderr


def test_running_out_of_memory_leaves_an_index_that_is_refused_dropped_and_rebuilt(tmp_path):
    big = tmp_path / "long_source.txt"
    words = [f"word{k % 997}x{k % 13}" for k in range(20000)]
    big.write_text(" ".join(words), encoding="utf-8")
    with redis_server() as running:
        url = running.url("full")
        used = int(running.client.info("memory")["used_memory"])
        running.client.config_set("maxmemory", str(used + 300 * 1024))
        running.client.config_set("maxmemory-policy", "noeviction")
        done = reuse("index", "build", url, str(big))
        assert done.returncode == 2
        assert "out of memory" in done.stderr and "Traceback" not in done.stderr
        assert "internal error" not in done.stderr and "\x00" not in done.stderr
        checked = reuse("check", COPY, "--sources", url)
        assert checked.returncode == 2 and "incomplete" in checked.stderr
        assert reuse("index", "add", url, WEB).returncode == 2
        dropped = reuse("index", "drop", url)
        assert dropped.returncode == 0, dropped.stderr
        running.client.config_set("maxmemory", "0")
        assert reuse("index", "build", url, str(big)).returncode == 0


def test_a_frozen_server_times_out_instead_of_hanging(url, server):
    _built(url)
    quick = f"{url}&socket_timeout=1&socket_connect_timeout=1"
    os.kill(server.process.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        done = reuse("check", COPY, "--sources", quick, timeout=60)
        info = reuse("index", "info", quick, timeout=60)
    finally:
        os.kill(server.process.pid, signal.SIGCONT)
    assert done.returncode == 2 and info.returncode == 2
    assert "did not answer" in done.stderr and "did not answer" in info.stderr
    assert time.monotonic() - started < 50


def _canary_bucket(client, prefix: str) -> str:
    canary = json.loads(client.hget(f"{prefix}:meta", "canaries"))[0]
    return f"{prefix}:b:{canary & 0xFFFF}"


TAMPERING = {
    "a document that is not compressed JSON": lambda c, p: c.hset(
        f"{p}:docs", c.hkeys(f"{p}:docs")[0], b"\x00x"
    ),
    "a band hash replaced by a string": lambda c, p: (
        c.delete(_canary_bucket(c, p)),
        c.set(_canary_bucket(c, p), b"x"),
    ),
    "a count that is not a number": lambda c, p: c.hset(f"{p}:meta", "documents", b"\xff1"),
    "window records that are not records": lambda c, p: [
        c.hset(f"{p}:win", k, b"\x01") for k in c.hkeys(f"{p}:win")
    ],
    "the source's document deleted": lambda c, p: c.hdel(f"{p}:docs", c.hkeys(f"{p}:docs")[0]),
    "windows of the source deleted": lambda c, p: c.delete(f"{p}:win"),
    "the schema of an older reuse": lambda c, p: c.hset(f"{p}:meta", "schema_version", "2"),
    "a third of the band hashes evicted": lambda c, p: [
        c.delete(k) for n, k in enumerate(sorted(c.scan_iter(f"{p}:b:*"))) if n % 3 == 0
    ],
}


@pytest.mark.parametrize("damage", list(TAMPERING))
def test_a_damaged_index_exits_two_with_a_message(server, damage):
    prefix = f"damaged_{list(TAMPERING).index(damage)}"
    url = _built(server.url(prefix))
    TAMPERING[damage](server.client, prefix)
    done = reuse("check", COPY, "--sources", url)
    assert done.returncode == 2, done.stdout
    assert "reuse: error:" in done.stderr and "Traceback" not in done.stderr
    assert "internal error" not in done.stderr
    assert reuse("index", "verify", url).returncode == 2


def test_verify_says_ok_for_a_sound_index(url):
    _built(url, WEB, OTHER)
    done = reuse("index", "verify", url)
    assert done.returncode == 0 and ": sound (2 documents, " in done.stdout, done.stderr


def test_a_writer_holding_the_lock_keeps_other_writers_out(url, server):
    _built(url)
    prefix = url.rpartition("prefix=")[2]
    server.client.set(f"{prefix}:lock", b"another-writer", px=60_000)
    done = reuse("index", "add", url, OTHER)
    assert done.returncode == 2 and "another `reuse index build` or `add`" in done.stderr
    assert reuse("index", "drop", url).returncode == 2  # not while it writes
    server.client.delete(f"{prefix}:lock")
    assert reuse("index", "add", url, OTHER).returncode == 0


def test_two_builds_of_one_prefix_do_not_merge(url, tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    for k in range(30):
        (folder / f"s{k:02}.txt").write_text(
            " ".join(f"term{(k * 31 + j) % 5000}" for j in range(600)), encoding="utf-8"
        )
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "reuse", "index", "build", url, str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    codes = sorted(run.wait(timeout=120) for run in runs)
    assert codes == [0, 2]
    info = json.loads(reuse("index", "info", url).stdout)
    assert info["documents"] == 30
    assert reuse("index", "verify", url).returncode == 0


KILLED_ADD = textwrap.dedent("""
    import os, sys
    from reuse.index import redis as redis_store
    def die(self, *args, **kwargs):
        os._exit(9)  # killed after the windows were sent, before the band keys and the commit
    redis_store.RedisStore._send_bands = die
    from reuse.cli import main
    sys.argv = ["reuse", "index", "add", sys.argv[1], sys.argv[2]]
    main()
""")


def test_an_add_killed_midway_leaves_an_index_that_is_refused_until_dropped(url, server):
    _built(url)
    killed = subprocess.run([sys.executable, "-c", KILLED_ADD, url, OTHER], capture_output=True, text=True)
    assert killed.returncode == 9
    prefix = url.rpartition("prefix=")[2]
    server.client.pexpire(f"{prefix}:lock", 1)  # the dead writer's lock expires
    time.sleep(0.05)
    done = reuse("check", COPY, "--sources", url)
    assert done.returncode == 2 and "incomplete" in done.stderr
    assert reuse("index", "add", url, OTHER).returncode == 2
    assert reuse("index", "drop", url).returncode == 0
    _built(url, WEB, OTHER)
    assert reuse("check", COPY, "--sources", url).returncode == 1


def test_drop_deletes_an_index_file_too(tmp_path):
    path = tmp_path / "web.sqlite"
    assert reuse("index", "build", str(path), WEB).returncode == 0
    done = reuse("index", "drop", str(path))
    assert done.returncode == 0, done.stderr
    assert not path.exists()
    not_an_index = tmp_path / "notes.txt"
    not_an_index.write_text("keep me", encoding="utf-8")
    assert reuse("index", "drop", str(not_an_index)).returncode == 2
    assert not_an_index.exists()


def test_the_index_keeps_only_keys_that_queries_read(url, server):
    _built(url, WEB, OTHER)
    prefix = url.rpartition("prefix=")[2]
    families = {
        key.decode()[len(prefix) + 1 :].split(":")[0] for key in server.client.scan_iter(f"{prefix}:*")
    }
    assert families == {"meta", "docs", "win", "b"}
    record = server.client.hget(f"{prefix}:win", "0")
    (length,) = struct.unpack_from("<H", record)
    assert len(record) == 2 + length + 2 * 128  # 16 bits per MinHash value, all a query compares
