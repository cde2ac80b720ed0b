"""The HTML report as a person uses it, in headless Chromium (Debian's chromium + Playwright).

Skipped when /usr/bin/chromium or the playwright package is missing (install: ``apt-get install
chromium`` and ``pip install playwright``; ``playwright install`` is not needed). Set
REUSE_SCREENSHOTS=DIR to keep the screenshots for a look.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from reuse.pipeline import check
from reuse.report import write_html
from reuse.report.html import write_split

from .conftest import SAMPLES
from .report.test_html import PAYLOAD_TEXT, hostile_result

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs the playwright package (pip install playwright)"
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Page:
    """A page with everything a test wants to assert about: console, errors, requests, dialogs."""

    def __init__(self, browser, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="load")

    def in_viewport(self, selector: str) -> bool:
        return self.page.evaluate(
            """s => { const r = document.querySelector(s).getBoundingClientRect();
            return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; }""",
            selector,
        )

    def hash(self) -> str:
        return self.page.evaluate("location.hash")


@pytest.fixture(scope="module")
def samples_report(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "samples.html"
    result = check(
        [SAMPLES / "submissions"],
        sources=[SAMPLES / "sources"],
        templates=[SAMPLES / "template" / "assignment_prompt.txt"],
    )
    write_html(result, path, generated_at="2026-01-01T00:00:00Z")
    return path


@pytest.fixture
def page(browser, samples_report):
    opened = Page(browser, samples_report)
    yield opened
    opened.page.close()


def _png_colours(data: bytes) -> int:
    """Distinct colours in an 8-bit RGB(A) PNG (enough to tell a blank page from a report)."""
    width, height, depth, colour_type = struct.unpack(">IIBB", data[16:26])
    assert depth == 8 and colour_type in (2, 6)
    channels = 3 if colour_type == 2 else 4
    chunks, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    raw, stride, seen = zlib.decompress(b"".join(chunks)), width * channels, set()
    previous = bytearray(stride)
    for row in range(height):  # undo the PNG row filters
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if row % 4 == 0:
            seen.update(bytes(line[i : i + 3]) for i in range(0, stride, channels * 2))
        previous = line
    return len(seen)


def _keep(name: str, data: bytes) -> None:
    folder = os.environ.get("REUSE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(data)


def test_report_opens_without_errors_and_requests_nothing_but_itself(page):
    assert page.problems == []
    assert page.requests == [page.url]
    assert page.page.title().startswith("reuse report:")


def test_overview_screenshot_is_not_blank(page):
    shot = page.page.screenshot()
    _keep("overview.png", shot)
    assert _png_colours(shot) > 40
    for name, selector in (("submission.png", "#doc-1"), ("pair.png", "#pair-1")):
        page.page.goto(page.url + selector)
        page.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        _keep(name, page.page.screenshot())


def test_clicking_a_passage_number_scrolls_to_its_partner(page):
    page.page.click("#pair-1-L1")
    assert page.hash() == "#pair-1-R1"
    assert page.in_viewport("#pair-1-R1")
    page.page.click("#pair-1-R1")
    assert page.hash() == "#pair-1-L1"
    assert page.in_viewport("#pair-1-L1")


def test_keys_step_through_passages_and_show_both_sides(page):
    ids = page.page.eval_on_selector_all("a.badge[data-nav]", "els => els.map(e => e.id)")
    assert len(ids) >= 4
    page.page.keyboard.press("j")
    assert page.hash() == "#" + ids[0]
    page.page.keyboard.press("n")
    assert page.hash() == "#" + ids[1]
    page.page.keyboard.press("k")
    assert page.hash() == "#" + ids[0]
    first_pair = next(k for k, i in enumerate(ids) if i.startswith("pair-"))
    for _ in range(first_pair):
        page.page.keyboard.press("j")
    here = ids[first_pair]
    assert page.hash() == "#" + here
    partner = here[:-2] + "R" + here[-1] if here[-2] == "L" else here
    assert page.in_viewport("#" + here) and page.in_viewport("#" + partner)
    assert page.page.eval_on_selector("#" + here, "e => e.classList.contains('current')")
    assert page.problems == []


def test_threshold_filter_hides_pairs_below_it(page):
    rows = "#pairs-table tbody tr"
    total = page.page.locator(rows).count()
    page.page.eval_on_selector("#threshold", "e => { e.value = 25; e.dispatchEvent(new Event('input')); }")
    visible = page.page.locator(rows + ":not([hidden])").count()
    assert 0 < visible < total
    status = page.page.inner_text("#filter-status")
    assert status.startswith(f"Showing {visible} of {total} pairs. At 25%")
    page.page.click("#threshold-all")
    assert page.page.locator(rows + ":not([hidden])").count() == total


def test_clicking_a_column_heading_sorts_the_table(page):
    def words():
        return [
            int(x)
            for x in page.page.eval_on_selector_all(
                "#submissions-table tbody tr td:nth-child(4)", "els => els.map(e => e.textContent)"
            )
        ]

    button = "#submissions-table thead th:nth-child(4) button"
    page.page.click(button)
    assert words() == sorted(words())
    assert page.page.get_attribute("#submissions-table thead th:nth-child(4)", "aria-sort") == "ascending"
    page.page.click(button)
    assert words() == sorted(words(), reverse=True)


def test_hostile_names_and_text_run_no_script_and_show_literally(browser, tmp_path):
    path = tmp_path / "hostile.html"
    write_html(hostile_result(tmp_path / "in"), path, generated_at="x")
    opened = Page(browser, path)
    opened.page.wait_for_timeout(200)
    assert opened.page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.dialogs == []
    assert opened.requests == [opened.url]
    assert opened.problems == []
    opened.page.locator("#doc-1 .text").scroll_into_view_if_needed()
    opened.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert "<script>window.__pwned=5</script>" in opened.page.inner_text("#doc-1 .text")
    text = opened.page.inner_text("body")
    assert 'onerror="window.__pwned=1">{{7*7}}<script>window.__pwned=2.txt' in text
    assert "a</script><img src=x onerror=window.__pwned=3>.txt" in text
    assert PAYLOAD_TEXT.split("{{")[1].startswith(" 7*7 }}") and "{{ 7*7 }} {% raw %}" in text
    assert opened.page.eval_on_selector_all("a[href^='javascript:' i]", "els => els.length") == 0
    opened.page.close()


def test_split_pages_open_offline_and_link_to_each_other(browser, tmp_path):
    result = check(
        [SAMPLES / "submissions"],
        sources=[SAMPLES / "sources"],
        templates=[SAMPLES / "template" / "assignment_prompt.txt"],
    )
    written = write_split(result, tmp_path / "split", generated_at="x")
    index = Page(browser, written[0])
    assert index.problems == [] and index.requests == [index.url]
    index.page.click("#pairs-table tbody tr:first-child td:first-child a")
    index.page.wait_for_load_state("load")
    assert index.page.url.endswith("pair-0001.html#pair-1")
    index.page.keyboard.press("j")
    assert index.hash() == "#pair-1-L1"
    assert index.problems == []
    index.page.close()


def test_print_layout_keeps_the_whole_text(page):
    page.page.emulate_media(media="print")
    overflow = page.page.eval_on_selector("#pair-1 .side-L .text", "e => getComputedStyle(e).overflowY")
    assert overflow == "visible"
    assert page.page.eval_on_selector("#pair-1 .sides", "e => getComputedStyle(e).display") == "block"
    pdf = page.page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
