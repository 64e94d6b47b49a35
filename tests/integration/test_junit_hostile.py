"""Hostile JUnit XML against the real binary: entity bombs, external entities, 100k-deep
nesting, a 200 MB file (and the same through a pipe), millions of elements, invalid UTF-8,
malformed XML. Each gets a clear one-line error and exit 1, never a crash, in bounded memory:
flakyd's peak resident memory is read from the kernel (wait4) and must stay under 512 MiB, and a
plain build also runs under an address-space limit (RLIMIT_AS) of 512 MiB, so a reader that loaded
a 200 MB file or built millions of nodes fails there. A sanitizer build reserves terabytes of
shadow address space and carries its own overhead: it runs without RLIMIT_AS, with a higher RSS
bound."""
import os
import resource
import shutil
import subprocess
import tempfile
import unittest

from daemon import BIN

FLAKYD = os.path.abspath(BIN)
MIB = 1 << 20
ADDRESS_SPACE_LIMIT = 512 * MIB
SANITIZED = os.environ.get("FLAKYD_SANITIZED") == "1"
PEAK_RSS_LIMIT = (1536 if SANITIZED else 512) * MIB


def limit_memory():
    if not SANITIZED:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


def run_limited(args, stdin=None):
    """Runs flakyd under the memory bounds; returns (exit code, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen([FLAKYD, *args], stdin=stdin, stdout=out, stderr=err, preexec_fn=limit_memory)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        peak_rss = usage.ru_maxrss * 1024  # kilobytes on Linux
        assert peak_rss <= PEAK_RSS_LIMIT, f"flakyd {args} peaked at {peak_rss / MIB:.0f} MiB"
        out.seek(0)
        err.seek(0)
        return child.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE testsuites [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<testsuites><testsuite name="s"><testcase classname="c" name="t"><failure message="&lol9;">&lol9;</failure>
</testcase></testsuite></testsuites>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE testsuite [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<testsuite name="s"><testcase classname="c" name="t"><failure>&secret;</failure></testcase></testsuite>
"""


class HostileJunit(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="flakyd-hostile-")
        self.addCleanup(shutil.rmtree, self.scratch, True)

    def write(self, name, content):
        path = os.path.join(self.scratch, name)
        with open(path, "wb") as out:
            out.write(content.encode() if isinstance(content, str) else content)
        return path

    def assert_refused(self, path, message):
        for command in (["junit", "classify"], ["junit", "rerun", "--format", "go"],
                        ["junit", "merge", "-o", os.path.join(self.scratch, "out.xml")]):
            code, out, err = run_limited([*command, path])
            self.assertEqual(code, 1, f"{command}: {err}")
            self.assertEqual(out, "")
            self.assertRegex(err, message)
            self.assertEqual(len(err.strip().splitlines()), 1, err)  # one clear line
        self.assertFalse(os.path.exists(os.path.join(self.scratch, "out.xml")))

    def test_billion_laughs_is_refused(self):
        self.assert_refused(self.write("laughs.xml", BILLION_LAUGHS), r"<!DOCTYPE> is not accepted")

    def test_an_external_entity_is_refused(self):
        self.assert_refused(self.write("xxe.xml", EXTERNAL_ENTITY), r"<!DOCTYPE> is not accepted")

    def test_100k_deep_nesting_is_refused(self):
        depth = 100_000
        self.assert_refused(self.write("deep.xml", "<testsuites>" + "<testsuite>" * depth + "</testsuite>" * depth +
                                       "</testsuites>"), r"nested deeper than 64 levels")
        inside = ('<testsuite name="s"><testcase name="t"><system-out>' + "<a>" * depth + "</a>" * depth +
                  "</system-out></testcase></testsuite>")
        self.assert_refused(self.write("deep-text.xml", inside), r"nested deeper than 64 levels")

    def test_a_200_mb_file_is_refused_from_its_size_and_through_a_pipe_after_the_limit(self):
        case = '<testcase classname="pkg" name="TestX"><failure message="boom">connection reset</failure></testcase>\n'
        block = case * (MIB // len(case))
        path = os.path.join(self.scratch, "huge.xml")
        with open(path, "w") as out:
            out.write('<testsuites><testsuite name="pkg">\n')
            for _ in range(200):
                out.write(block)
            out.write("</testsuite></testsuites>\n")
        self.assertGreater(os.path.getsize(path), 190 * MIB)
        self.assert_refused(path, r"huge\.xml: the file is \d+ bytes, over the limit of 67108864")
        # A pipe has no size: reading stops one byte past the limit.
        cat = subprocess.Popen(["cat", path], stdout=subprocess.PIPE)
        code, out, err = run_limited(["junit", "classify", "/dev/stdin"], stdin=cat.stdout)
        cat.stdout.close()
        cat.kill()
        cat.wait()
        self.assertEqual((code, out), (1, ""), err)
        self.assertRegex(err, r"/dev/stdin: the input is over the limit of 67108864 bytes \(reading stopped there\)")

    def test_millions_of_elements_are_refused_before_parsing(self):
        self.assert_refused(self.write("wide.xml", "<testsuites>" + "<x/>" * 5_000_000 + "</testsuites>"),
                            r"5000002 '<' characters, over the limit of 4000000")

    def test_invalid_utf8_is_refused_with_its_offset(self):
        bad = b'<testsuite name="s"><testcase name="t"><failure message="\xc3\x28">x</failure></testcase></testsuite>'
        self.assert_refused(self.write("latin.xml", bad), r"invalid UTF-8 at byte 57 \(line 1\)")
        overlong = b'<testsuite name="\xc0\xaf"/>'
        self.assert_refused(self.write("overlong.xml", overlong), r"invalid UTF-8 at byte 17")

    def test_malformed_and_foreign_xml_are_refused(self):
        self.assert_refused(self.write("cut.xml", '<testsuites><testsuite name="s">\n<testcase name="t">'),
                            r"not well-formed XML at line \d+")
        self.assert_refused(self.write("html.xml", "<html><body>not a report</body></html>"),
                            r"root element is <html>, expected <testsuites> or <testsuite>")
        self.assert_refused(self.write("empty.xml", ""), r"not well-formed XML|no document element")

    def test_a_real_report_near_the_size_limit_is_read_within_the_memory_limit(self):
        path = os.path.join(self.scratch, "big-but-fine.xml")
        with open(path, "w") as out:
            out.write('<testsuites><testsuite name="pkg">\n')
            for i in range(400_000):  # about 60 MiB of passing tests, then one blip
                out.write(f'<testcase classname="pkg" name="TestPasses{i}" time="0.001"><system-out>ok {"." * 60}'
                          f'</system-out></testcase>\n')
            out.write('<testcase classname="pkg" name="TestBlip"><failure>read: connection reset by peer</failure>'
                      '</testcase></testsuite></testsuites>\n')
        self.assertGreater(os.path.getsize(path), 50 * MIB)
        code, out, err = run_limited(["junit", "rerun", "--format", "go", path])
        self.assertEqual((code, out), (0, "-run '^(TestBlip)$' pkg\n"), err)

    def test_an_unreadable_file_is_exit_3(self):
        code, _, err = run_limited(["junit", "classify", os.path.join(self.scratch, "missing.xml")])
        self.assertEqual(code, 3)
        self.assertIn("missing.xml: cannot read", err)


if __name__ == "__main__":
    unittest.main()
