"""Web sources keep where they came from (issue #18 part 2): WARC and WET archives as sources and in
indexes, each page with its URL and capture date in every output; saved pages give their canonical
URL; hostile archives (truncated, not WARC, too many pages) are per-file errors."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import FIXTURES

REUSE = str(Path(sys.executable).parent / "reuse")
ENV = {**os.environ, "REUSE_CACHE_DIR": "off"}
COPY = FIXTURES / "essay_with_copied_paragraph.txt"
WEB_TEXT = (FIXTURES / "web_source_photosynthesis_excerpt.txt").read_text(encoding="utf-8")
PAGE_URL = "https://biology.example.org/plants/photosynthesis"
CAPTURED = "2024-03-01T12:00:00Z"
OTHER_TEXT = (
    "The French Revolution began in 1789 when the Estates-General met at Versailles. Bread prices, debt "
    "from foreign wars and the ideas of the Enlightenment pushed the Third Estate to declare itself a "
    "National Assembly, and within weeks the Bastille had fallen. " * 4
)


def reuse(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    if args[0] == "check" or args[:2] in (("index", "build"), ("index", "add")):
        args = (*args, "--isolated")
    return subprocess.run([REUSE, *map(str, args)], capture_output=True, text=True, env=ENV, cwd=cwd,
                          timeout=180, check=False)


def html_page(text: str, head: str = "") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><title>Page</title>{head}</head><body><nav><a href='/'>Home</a>"
            f"</nav><article>{paragraphs}</article><footer>Copyright</footer></body></html>").encode()


def write_warc(path: Path, pages: list[tuple[str, bytes, str, str]], *, gzipped: bool = True,
               conversions: list[tuple[str, str]] = ()) -> Path:
    """A WARC as crawlers write it: warcinfo, then a request and a response per page
    ``(url, body, content type, status)``, and WET ``conversion`` records ``(url, text)``."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for url, body, media, status in pages:
            request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            writer.write_record(writer.create_warc_record(url, "request", payload=request))
            headers = StatusAndHeaders(status, [("Content-Type", media)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": CAPTURED}))
        for url, text in conversions:
            writer.write_record(writer.create_warc_record(
                url, "conversion", payload=io.BytesIO(text.encode()),
                warc_headers_dict={"WARC-Date": CAPTURED, "Content-Type": "text/plain"}))
    return path


def crawl(tmp_path: Path, name: str = "crawl.warc.gz") -> Path:
    return write_warc(tmp_path / name, [
        (PAGE_URL, html_page(WEB_TEXT), "text/html; charset=utf-8", "200 OK"),
        ("https://history.example.org/revolution", html_page(OTHER_TEXT), "text/html", "200 OK"),
        ("https://biology.example.org/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png", "200 OK"),
        ("https://biology.example.org/gone", html_page(WEB_TEXT), "text/html", "404 Not Found"),
    ])


def documents(result: Path) -> dict[str, dict[str, object]]:
    return {d["id"]: d for d in json.loads(result.read_text(encoding="utf-8"))["documents"]}


def the_page(docs: dict[str, dict[str, object]]) -> dict[str, object]:
    found = [d for d in docs.values() if d["url"] == PAGE_URL]
    assert len(found) == 1, docs.keys()
    return found[0]


# --- a WARC as sources -----------------------------------------------------------------------------

def test_a_copy_from_a_page_in_a_warc_is_found_and_the_result_names_its_url_and_capture_date(tmp_path):
    archive = crawl(tmp_path)
    out = tmp_path / "result.json"
    done = reuse("check", COPY, "--sources", archive, "--json", out)
    assert done.returncode == 1, done.stderr
    docs = documents(out)
    page = the_page(docs)
    assert page["kind"] == "source" and page["retrieved"] == CAPTURED
    assert str(page["path"]).endswith("crawl.warc.gz/record-3")
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == "1.7"
    pair = json.loads(out.read_text(encoding="utf-8"))["pairs"][0]
    assert page["id"] in (pair["left"], pair["right"])
    assert f"<{PAGE_URL}>" in done.stdout  # the terminal shows it beside the source's name


def test_the_records_of_a_warc_that_are_not_pages_are_counted_as_skipped(tmp_path):
    out = tmp_path / "result.json"
    reuse("check", COPY, "--sources", crawl(tmp_path), "--json", out)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["summary"]["source_files"] == 2  # the two HTML pages answered 200
    (skipped,) = result["skipped"]
    assert skipped["path"].endswith("crawl.warc.gz")
    assert "7 records" in skipped["reason"] and "4 request" in skipped["reason"]
    assert "1 response 404" in skipped["reason"] and "1 response not HTML" in skipped["reason"]


def test_an_uncompressed_warc_and_a_wet_file_are_read_too(tmp_path):
    plain = write_warc(tmp_path / "crawl.warc", [(PAGE_URL, html_page(WEB_TEXT), "text/html", "200 OK")],
                       gzipped=False)
    wet = write_warc(tmp_path / "crawl.warc.wet.gz", [], conversions=[(PAGE_URL, WEB_TEXT)])
    for archive in (plain, wet):
        out = tmp_path / "result.json"
        done = reuse("check", COPY, "--sources", archive, "--json", out)
        assert done.returncode == 1, done.stderr
        assert the_page(documents(out))["retrieved"] == CAPTURED


# --- indexes keep the URL ------------------------------------------------------------------------

def test_an_index_built_and_extended_from_warcs_gives_back_the_urls(tmp_path):
    index = tmp_path / "web.sqlite"
    done = reuse("index", "build", index, crawl(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "added 2 documents" in done.stdout
    assert "crawl.warc.gz: skipped: web archive: 7 records" in done.stderr
    more = write_warc(tmp_path / "more.warc.gz", [
        ("https://chemistry.example.org/salts", html_page(OTHER_TEXT.replace("French", "Haitian")),
         "text/html", "200 OK")])
    assert reuse("index", "add", index, more).returncode == 0
    out = tmp_path / "result.json"
    done = reuse("check", COPY, "--sources", index, "--json", out)
    assert done.returncode == 1, done.stderr
    page = the_page(documents(out))
    assert page["retrieved"] == CAPTURED and "crawl.warc.gz/record-3" in str(page["id"])


# --- hostile archives ----------------------------------------------------------------------------

def test_a_truncated_warc_is_an_error_naming_it_and_the_check_exits_two(tmp_path):
    whole = crawl(tmp_path).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) - 200])
    out = tmp_path / "result.json"
    done = reuse("check", COPY, "--sources", cut, "--json", out)
    assert done.returncode == 2, done.stdout
    assert "cut.warc.gz" in done.stderr + done.stdout and "truncated" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    the_page(documents(out))  # the pages before the break are still checked


@pytest.mark.parametrize("content", [b"PK\x03\x04 not a web archive" * 20, b"", os.urandom(4096),
                                     gzip.compress(b"hello\nworld\n" * 50)])
def test_a_file_named_warc_that_is_not_one_is_a_source_error_with_exit_two(tmp_path, content):
    fake = tmp_path / "fake.warc.gz"
    fake.write_bytes(content)
    done = reuse("check", COPY, "--sources", fake)
    assert done.returncode == 2, done.stdout
    assert "fake.warc.gz" in done.stderr and "Traceback" not in done.stderr


def test_a_warc_with_more_pages_than_max_members_reads_no_more_and_says_so(tmp_path):
    config = tmp_path / "reuse.toml"
    config.write_text("[limits]\nmax_members = 1\n", encoding="utf-8")
    done = reuse("check", COPY, "--sources", crawl(tmp_path), "--config", config)
    assert done.returncode == 2, done.stdout
    assert "record-5" in done.stderr and "max_members" in done.stderr


def test_a_warc_that_unpacks_past_max_archive_bytes_is_read_no_further_and_says_so(tmp_path):
    config = tmp_path / "reuse.toml"
    config.write_text("[limits]\nmax_archive_bytes = 4000\n", encoding="utf-8")
    done = reuse("check", COPY, "--sources", crawl(tmp_path), "--config", config)
    assert done.returncode == 2, done.stdout
    assert "crawl.warc.gz" in done.stderr and "max_archive_bytes" in done.stderr


def test_a_warc_given_as_a_submission_is_refused_with_what_to_do(tmp_path):
    done = reuse("check", crawl(tmp_path), COPY)
    assert done.returncode == 2, done.stdout
    assert "read as sources only" in done.stderr and "--sources" in done.stderr


# --- saved pages ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("head", "url"), [
    (f'<link rel="canonical" href="{PAGE_URL}"><meta property="og:url" content="https://og.example.org/">',
     PAGE_URL),
    ('<meta property="og:url" content="https://og.example.org/p?id=1">', "https://og.example.org/p?id=1"),
    ('<link rel="canonical" href="javascript:alert(1)">', ""),
    ("", ""),
])
def test_a_saved_page_gives_its_canonical_url_or_og_url(tmp_path, head, url):
    page = tmp_path / "saved.html"
    page.write_bytes(html_page(WEB_TEXT, head))
    out = tmp_path / "result.json"
    assert reuse("check", COPY, "--sources", page, "--json", out).returncode == 1
    (source,) = [d for d in documents(out).values() if d["kind"] == "source"]
    assert source["url"] == url and source["retrieved"] == ""


# --- every report shows it -----------------------------------------------------------------------

def test_every_report_shows_the_url_beside_the_source_and_the_html_report_links_it_inertly(tmp_path):
    archive = crawl(tmp_path)
    html, sarif, junit, table = (tmp_path / n for n in ("r.html", "r.sarif", "r.xml", "r.csv"))
    done = reuse("check", COPY, "--sources", archive, "--html", html, "--output", f"sarif:{sarif}",
                 "--output", f"junit:{junit}", "--output", f"csv:{table}")
    assert done.returncode == 1, done.stderr
    page = html.read_text(encoding="utf-8")
    assert f'<a href="{PAGE_URL}" rel="noopener noreferrer" target="_blank">{PAGE_URL}</a>' in page
    assert f"retrieved {CAPTURED}" in page
    assert "default-src 'none'" in page
    (first, *_) = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert PAGE_URL in first["message"]["text"]
    assert f"&lt;{PAGE_URL}&gt;" in junit.read_text(encoding="utf-8")
    (row,) = list(csv.DictReader(table.open(encoding="utf-8")))
    assert PAGE_URL in (row["left_url"], row["right_url"])
    assert CAPTURED in (row["left_retrieved"], row["right_retrieved"])


def test_a_saved_result_with_a_hostile_url_is_refused_by_reuse_report(tmp_path):
    out = tmp_path / "result.json"
    reuse("check", COPY, "--sources", crawl(tmp_path), "--json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    for doc in data["documents"]:
        if doc["url"]:
            doc["url"] = "javascript:alert(document.cookie)"
    out.write_text(json.dumps(data), encoding="utf-8")
    done = reuse("report", out, "--html", tmp_path / "r.html")
    assert done.returncode == 2 and "url" in done.stderr, done.stderr
    assert not (tmp_path / "r.html").exists()
