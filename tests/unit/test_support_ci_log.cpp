// support/ci_log.hpp: the terminal escapes and timestamp columns a CI log adds to a runner's lines.
#include "support/ci_log.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace flakyd;

namespace {

std::string without_escapes(std::string_view text) {
  std::string out;
  ci_log::remove_terminal_escapes(text, out);
  return out;
}

std::string without_columns(std::string_view text) {
  std::string out;
  ci_log::remove_log_columns(text, out);
  return out;
}

}  // namespace

TEST_CASE("ci_log: the timestamp columns CI systems write before a line") {
  // GitHub Actions and Azure Pipelines (7-digit fraction), GitLab FF_TIMESTAMPS with its stream
  // tag, Jenkins' timestamper, TeamCity's clock column, a bare clock.
  CHECK(without_columns("2024-06-11T09:14:03.1182736Z E   AssertionError: x") == "E   AssertionError: x");
  CHECK(without_columns("2024-06-11T09:14:03.118273Z 00O Connection refused") == "Connection refused");
  CHECK(without_columns("2024-06-11T09:14:03.118273Z 01E+ error: linker `cc` not found") ==
        "error: linker `cc` not found");
  CHECK(without_columns("[2024-06-11T09:14:03.118Z] java.net.SocketException: Connection reset") ==
        "java.net.SocketException: Connection reset");
  CHECK(without_columns("[02:23:38] --- FAIL: TestX (0.01s)") == "--- FAIL: TestX (0.01s)");
  CHECK(without_columns("09:14:03 npm ERR! code ECONNRESET") == "npm ERR! code ECONNRESET");
  // Two columns (a Jenkins column around a GitHub-style stamp), indentation after them kept.
  CHECK(without_columns("[09:14:03] 2024-06-11T09:14:03Z     at f (a.js:1:2)") == "    at f (a.js:1:2)");
  // Debian autopkgtest's seconds since the test began, right-aligned (ci.debian.net's logs).
  CHECK(without_columns(" 32s E   AssertionError: x\n815s FAIL: test_variance_2d (m.T.test_variance_2d)\n4597s") ==
        "E   AssertionError: x\nFAIL: test_variance_2d (m.T.test_variance_2d)\n");
  // Windows line endings go with them; the lines stay lines.
  CHECK(without_columns("2024-06-11T09:14:03Z a\r\n2024-06-11T09:14:04Z b\r\nc") == "a\nb\nc");
}

TEST_CASE("ci_log: text that only looks like a column is kept") {
  for (const char* line : {"2024-06-11: release notes", "12:30 meeting", "[1/3] Building", "[WARNING] x",
                           "2024-06-11T09:14:03Zfoo", "00O not a tag", "1234 FAILED", "[gw3] FAILED t.py::x",
                           "2024-06-11T09:14:03Z 0O0 kept", "0.52s call     tests/t.py::x", "10sec later",
                           "    12s indented past a column", "1234567s too many digits"}) {
    CAPTURE(line);
    const std::string_view view(line);
    const std::string out = without_columns(view);
    if (view.starts_with("2024-06-11T09:14:03Z 0O0")) {
      CHECK(out == "0O0 kept");  // a stamp's column goes, a word that is no stream tag stays
    } else {
      CHECK(out == line);
    }
  }
  CHECK_FALSE(ci_log::has_log_columns("E   AssertionError: 2024-06-11T09:14:03Z\nat x"));
  CHECK(ci_log::has_log_columns("x\n2024-06-11T09:14:03Z y"));
  CHECK(ci_log::has_log_columns("x\r\ny"));
}

TEST_CASE("ci_log: terminal escapes are removed whole") {
  CHECK(without_escapes("\x1b[31mFAILED\x1b[0m t.py::x") == "FAILED t.py::x");
  CHECK(without_escapes("\x1b[1;38;5;196mError\x1b[m:") == "Error:");
  // OSC 8 hyperlinks (BEL and ST terminated), charset and keypad switches, a cursor move.
  CHECK(without_escapes("\x1b]8;;https://x.test/a\x07link\x1b]8;;\x07 end") == "link end");
  CHECK(without_escapes("\x1b]0;title\x1b\\text") == "text");
  CHECK(without_escapes("\x1b(Bplain\x1b=\x1b[2K\x1b[1Gline") == "plainline");
  // A cut sequence at the end, and one cut by a newline, lose nothing after them.
  CHECK(without_escapes("a\x1b[3") == "a");
  CHECK(without_escapes("a\x1b[\nb") == "a\nb");
  CHECK(without_escapes("no escapes") == "no escapes");
  CHECK_FALSE(ci_log::has_terminal_escapes("plain"));
}

TEST_CASE("ci_log: a quoted block loses its quote marks, a runner's own '>' lines stay") {
  std::string trace = "> java.net.SocketException: Connection reset\n>\tat a.B.c(B.java:1)\n> > Could not resolve x";
  CHECK(ci_log::restore_runner_text(trace));
  CHECK(trace == "java.net.SocketException: Connection reset\n\tat a.B.c(B.java:1)\n> Could not resolve x");
  // pytest's source line and Gradle's task line among unquoted lines: not a quoted block.
  for (std::string runner : {std::string("    def test_x():\n>       assert f() == 2\nE       assert 1 == 2"),
                             std::string("> Task :app:test FAILED\n\nFAILURE: Build failed with an exception.")}) {
    const std::string before = runner;
    CHECK_FALSE(ci_log::restore_runner_text(runner));
    CHECK(runner == before);
  }
}

TEST_CASE("ci_log: HTML escapes are decoded once, a lone ampersand escape is no sign of them") {
  std::string trace = "expected:&lt;1&gt; but was:&lt;2&gt; in &quot;a&#39;s&quot; &amp;lt;";
  CHECK(ci_log::restore_runner_text(trace));
  CHECK(trace == "expected:<1> but was:<2> in \"a's\" &lt;");
  std::string url = "GET /search?q=1&amp;page=2 503";
  CHECK_FALSE(ci_log::restore_runner_text(url));
  CHECK(url == "GET /search?q=1&amp;page=2 503");
}

TEST_CASE("ci_log: layers come off outermost first: columns, HTML escapes, quote marks, columns") {
  // A CI column before a quoted line; an escaped quote mark; a quoted log with its own columns.
  std::string stamped = "2024-06-11T09:14:03.1182736Z > a\n2024-06-11T09:14:04.1182736Z > b";
  CHECK(ci_log::restore_runner_text(stamped));
  CHECK(stamped == "a\nb");
  std::string escaped = "&gt; expected:&lt;1&gt;\n&gt; at x";
  CHECK(ci_log::restore_runner_text(escaped));
  CHECK(escaped == "expected:<1>\nat x");
  std::string quoted = "> 10:25:20  FAIL  a.test.tsx > b\n> 10:25:20 Error: Timed out in waitFor.";
  CHECK(ci_log::restore_runner_text(quoted));
  CHECK(quoted == " FAIL  a.test.tsx > b\nError: Timed out in waitFor.");
}
