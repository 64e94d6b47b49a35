"""`flakyd report`: the text summary, --json and the self-contained HTML page, from the real binary.

The page is parsed with html.parser (well-formed, charts and tables present, every trail string
escaped, nothing fetched from anywhere) and rendered by headless Chromium (a screenshot with
content, no console message)."""
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

from daemon import BIN

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE_TRAIL = os.path.join(HERE, "../../bench/report/make_trail.py")
VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
# SVG elements written self-closing (<line/>); html.parser reports them through handle_startendtag.
FETCHING_TAGS = {"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source", "image", "use",
                 "frame", "portal", "base", "form"}
URL_ATTRIBUTES = {"src", "href", "xlink:href", "action", "formaction", "srcset", "poster", "data", "background",
                  "ping", "manifest", "cite"}
HOSTILE_TEST = 'tests/x.py::test_<script>alert("pwned")</script>'
HOSTILE_EXAMPLE = "E: <img src=x onerror=alert(1)> url(https://evil.example/x.css) & more"


class PageChecker(html.parser.HTMLParser):
    """Checks nesting (every element closed, in order) and collects tags, attributes, text and CSS."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.tags, self.attributes, self.text, self.css = [], [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]} at {self.getpos()}")
            return
        self.stack.pop()

    def handle_data(self, data):
        (self.css if self.stack and self.stack[-1] == "style" else self.text).append(data)


def make_trail(path, lines, extra=()):
    with open(path, "w", encoding="utf-8") as out:
        subprocess.run([sys.executable, MAKE_TRAIL, str(lines)], stdout=out, check=True)
        for line in extra:
            out.write(json.dumps(line) + "\n")


def hostile_line(time="2026-11-29T12:00:00.000Z"):
    return {"time": time, "test_id": HOSTILE_TEST, "fingerprint": "f" * 64, "category": "timeout",
            "action": "retry_with_delay", "delay_s": 10, "source": "heuristic", "rule": "rule<b>&'\"",
            "heuristic": "timeout", "attempt": 1, "max_attempts": 3, "duration_s": 2.5, "example": HOSTILE_EXAMPLE}


def report(*args):
    return subprocess.run([BIN, "report", *args], capture_output=True, text=True, check=True).stdout


def checked_page(path):
    with open(path, encoding="utf-8") as page:
        checker = PageChecker()
        checker.feed(page.read())
        checker.close()
    return checker


class ReportPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="flakyd-report-")
        cls.trail = os.path.join(cls.scratch, "trail.jsonl")
        make_trail(cls.trail, 5000, [hostile_line()] * 400)  # enough to top the tables
        cls.page = os.path.join(cls.scratch, "report.html")
        report("--html", cls.page, cls.trail)
        cls.checker = checked_page(cls.page)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def test_page_is_well_formed_with_the_charts_and_their_tables(self):
        self.assertEqual(self.checker.errors, [])
        self.assertEqual(self.checker.stack, [], "every element is closed")
        tags = self.checker.tags
        self.assertEqual(tags.count("svg"), 5)
        self.assertEqual(tags.count("figure"), 5)
        self.assertGreaterEqual(tags.count("table"), 6)
        self.assertGreater(tags.count("rect"), 100, "the bars are drawn")
        text = " ".join(self.checker.text)
        for heading in ("Decisions over time", "Decisions by category", "Time spent on reruns", "Tests retried most",
                        "Top failure signatures", "Decisions per rule", "estimated"):
            self.assertIn(heading, text)
        # Every chart has a table twin: after each figure, a table comes before the next figure.
        order = [tag for tag in tags if tag in ("figure", "table")]
        for index, tag in enumerate(order):
            if tag == "figure":
                self.assertEqual(order[index + 1], "table", "a chart without its table")

    def test_every_trail_string_stays_text(self):
        tags = set(self.checker.tags)
        self.assertFalse({"script", "img"} & tags, "markup from the trail became elements")
        # The page's own <b> are the six key figures; the hostile rule "rule<b>..." added none.
        self.assertEqual(self.checker.tags.count("b"), 6)
        text = "".join(self.checker.text)
        for hostile in (HOSTILE_TEST, HOSTILE_EXAMPLE, "rule<b>&'\""):
            self.assertTrue(hostile in text, f"{hostile!r} is not in the page's text")
        for tag, name, value in self.checker.attributes:
            self.assertFalse(name.startswith("on"), f"event handler attribute {name} on <{tag}>")

    def test_nothing_is_fetched_from_anywhere(self):
        self.assertFalse(FETCHING_TAGS & set(self.checker.tags), FETCHING_TAGS & set(self.checker.tags))
        for tag, name, value in self.checker.attributes:
            if name in URL_ATTRIBUTES:
                self.assertTrue(value.startswith("#"), f"<{tag} {name}={value!r}> leaves the page")
            self.assertNotIn("url(", value.lower())
            self.assertNotRegex(value.lower(), r"https?://")
        css = "".join(self.checker.css).lower()
        self.assertTrue(css, "the style sheet is inline")
        for needle in ("url(", "@import", "@font-face", "http"):
            self.assertNotIn(needle, css)


class ReportText(unittest.TestCase):
    def test_text_json_and_page_show_the_same_figures(self):
        with tempfile.TemporaryDirectory() as scratch:
            trail = os.path.join(scratch, "trail.jsonl")
            make_trail(trail, 3000)
            summary = json.loads(report("--json", trail))
            text = report(trail)
            self.assertEqual(summary["decisions"], 3000)
            self.assertEqual(summary["skipped_lines"], 0)
            self.assertIn(f"decisions: {summary['decisions']} ", text)
            time = summary["rerun_time"]
            self.assertGreater(time["reruns_avoided"], 0)
            self.assertGreater(time["saved_estimated_s"], 0, "10% of the lines have no duration")
            self.assertIn(f"rerun time: {time['reruns']:,} reruns", text)
            self.assertIn(f"{time['reruns_avoided']:,} reruns a blanket --reruns", text)
            for shape in summary["signatures"][:3]:
                self.assertIn(shape["example"], text)
            self.assertEqual(len(summary["over_time"]), 30)  # the generator's 30 days, one bar each
            # A blanket --reruns 5 would have rerun more than each runner's own budget of 2.
            five = json.loads(report("--json", "--reruns", "5", trail))["rerun_time"]
            self.assertGreater(five["reruns_avoided"], time["reruns_avoided"])
            # --since keeps the last days only: the generated trail ends on 2026-11-29.
            page = os.path.join(scratch, "recent.html")
            since = json.loads(report("--json", "--since", "1", "--html", page, trail))
            self.assertLess(since["decisions"], summary["decisions"])
            self.assertTrue(os.path.exists(page))

    def test_a_missing_trail_or_an_unwritable_page_is_a_clear_error(self):
        missing = subprocess.run([BIN, "report", "/nonexistent/trail.jsonl"], capture_output=True, text=True)
        self.assertEqual(missing.returncode, 3)
        self.assertIn("cannot read the report trail", missing.stderr)
        with tempfile.TemporaryDirectory() as scratch:
            trail = os.path.join(scratch, "trail.jsonl")
            make_trail(trail, 10)
            unwritable = subprocess.run([BIN, "report", "--html", "/nonexistent/dir/page.html", trail],
                                        capture_output=True, text=True)
            self.assertEqual(unwritable.returncode, 3)
            self.assertIn("cannot write the HTML report", unwritable.stderr)

    def test_the_daemon_trail_carries_duration_and_a_masked_example_line(self):
        with tempfile.TemporaryDirectory() as scratch:
            trail = os.path.join(scratch, "trail.jsonl")
            requests = [{"trace": "Traceback (most recent call last):\n  File \"tests/a.py\", line 9, in test_x\n"
                                  "ConnectionResetError: [Errno 104] Connection reset by peer 10.1.2.3 token=ghp_"
                                  + "a" * 36, "test_id": "tests/a.py::test_x", "duration_s": 1.5},
                        {"trace": "E   AssertionError: 1 != 2", "test_id": "tests/b.py::test_y", "attempt": 1,
                         "max_attempts": 3, "duration_s": 4}]
            subprocess.run([BIN, "classify", "--jsonl", "--report", trail, "-"],
                           input="\n".join(json.dumps(r) for r in requests) + "\n", capture_output=True, text=True,
                           check=True)
            with open(trail, encoding="utf-8") as raw:
                content = raw.read()
            lines = [json.loads(line) for line in content.splitlines()]
            self.assertEqual([line["duration_s"] for line in lines], [1.5, 4])
            self.assertTrue(lines[0]["example"].startswith("ConnectionResetError: "), lines[0]["example"])
            self.assertNotIn("ghp_", content)
            self.assertNotIn("104", content)
            summary = json.loads(report("--json", trail))
            self.assertEqual(summary["rerun_time"]["ran_s"], 1.5)
            self.assertEqual(summary["rerun_time"]["saved_s"], 8.0)  # two reruns of a 4 s test avoided
            self.assertEqual(summary["rerun_time"]["saved_estimated_s"], 0)
            bad = subprocess.run([BIN, "classify", "--json", "-"], input=json.dumps({"trace": "x", "duration_s": -1}),
                                 capture_output=True, text=True)
            self.assertIn("duration_s", bad.stdout + bad.stderr)


def png_pixels(path):
    """Decodes an 8-bit RGB or RGBA PNG (what Chromium writes) into (width, height, rows of bytes)."""
    with open(path, "rb") as source:
        data = source.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    assert depth == 8 and colour in (2, 6), (depth, colour)
    channels = 3 if colour == 2 else 4
    raw, stride, rows, previous = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def chromium_screenshot(page, png, scratch, size="1100,1500"):
    """Renders `page` in headless Chromium; returns the console lines it logged."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise AssertionError("chromium is not installed (Makefile APT_PACKAGES has it)")
    profile = tempfile.mkdtemp(prefix="chromium-", dir=scratch)
    done = subprocess.run(
        [chromium, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
         f"--window-size={size}", f"--screenshot={png}", "--enable-logging=stderr", "--v=0",
         "file://" + os.path.abspath(page)],
        capture_output=True, text=True, errors="replace", timeout=180)
    return done.returncode, [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


class ReportInChromium(unittest.TestCase):
    def test_chromium_renders_the_page_without_a_console_message(self):
        with tempfile.TemporaryDirectory() as scratch:
            trail = os.path.join(scratch, "trail.jsonl")
            make_trail(trail, 20000, [hostile_line()])
            page, png = os.path.join(scratch, "report.html"), os.path.join(scratch, "report.png")
            report("--html", page, trail)
            status, console = chromium_screenshot(page, png, scratch)
            self.assertEqual(status, 0)
            self.assertEqual(console, [], "the page logged to the console (a script ran or a fetch was refused)")
            width, height, channels, rows = png_pixels(png)
            self.assertEqual((width, height), (1100, 1500))
            ink = sum(1 for row in rows[::4] for x in range(0, len(row), channels * 4) if row[x:x + 3] != b"\xff\xff\xff")
            sampled = len(rows[::4]) * (width // 4)
            self.assertGreater(ink / sampled, 0.05, "the screenshot is (nearly) blank")
            # The flaky-network bars are drawn in their colour (#0072B2).
            blue = sum(row.count(bytes([0x00, 0x72, 0xB2])) for row in rows)
            self.assertGreater(blue, 500)

    def test_chromium_prints_the_page(self):
        with tempfile.TemporaryDirectory() as scratch:
            trail = os.path.join(scratch, "trail.jsonl")
            make_trail(trail, 5000)
            page, pdf = os.path.join(scratch, "report.html"), os.path.join(scratch, "report.pdf")
            report("--html", page, trail)
            chromium = shutil.which("chromium") or shutil.which("chromium-browser")
            done = subprocess.run(
                [chromium, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                 f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-', dir=scratch)}",
                 "--host-resolver-rules=MAP * ~NOTFOUND", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                 "file://" + page], capture_output=True, text=True, errors="replace", timeout=180)
            self.assertEqual(done.returncode, 0, done.stderr[-2000:])
            with open(pdf, "rb") as printed:
                document = printed.read()
            self.assertTrue(document.startswith(b"%PDF-"))
            pages = len(re.findall(rb"/Type\s*/Page(?!s)", document))
            # A4 pages with whole sections: more than one page, not one per table row.
            self.assertTrue(2 <= pages <= 15, pages)

    def test_the_console_check_sees_a_script_and_a_refused_fetch(self):
        """The canary: the same check on a page that logs and fetches must see both."""
        with tempfile.TemporaryDirectory() as scratch:
            page, png = os.path.join(scratch, "canary.html"), os.path.join(scratch, "canary.png")
            with open(page, "w", encoding="utf-8") as out:
                out.write('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
                          "content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body><h1>canary</h1>"
                          '<script>console.error("canary-logged")</script>'
                          '<img src="https://flakyd.invalid/x.png"></body></html>')
            status, console = chromium_screenshot(page, png, scratch, "400,300")
            self.assertEqual(status, 0)
            self.assertTrue(any("canary-logged" in line for line in console), console)
            self.assertTrue(any("Content Security Policy" in line for line in console), console)


if __name__ == "__main__":
    unittest.main()
