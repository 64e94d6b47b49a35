"""The corpus scorer (scripts/eval-corpus.py), driven against the real binary.

A fresh batch of failures is scored on its own with --ids-file before any rule sees it; --misses
never lists a validation entry. Run by CTest with FLAKYD_BIN set (standard library only)."""
import os
import re
import subprocess
import sys
import tempfile
import unittest

BIN = os.environ.get("FLAKYD_BIN", "../../build/bin/flakyd")
HERE = os.path.dirname(os.path.abspath(__file__))
SCORER = os.path.join(HERE, "..", "..", "scripts", "eval-corpus.py")
BATCH = os.path.join(HERE, "..", "data", "corpus", "fresh-batch-2.ids")


def score(*args):
    return subprocess.run([sys.executable, SCORER, BIN, *args], capture_output=True, text=True, timeout=300)


class IdsFile(unittest.TestCase):
    def test_a_batch_is_scored_on_its_own(self):
        ids = [line.strip() for line in open(BATCH, encoding="utf-8") if line.strip()]
        self.assertGreaterEqual(len(ids), 120)
        result = score("--ids-file", BATCH)
        self.assertEqual(result.returncode, 0, result.stderr)
        total = re.search(r"^all\s+n=\s*(\d+) retry/stop\s+([\d.]+)%", result.stdout, re.M)
        self.assertIsNotNone(total, result.stdout)
        self.assertEqual(int(total.group(1)), len(ids))

    def test_an_unknown_id_is_refused_with_its_name(self):
        with tempfile.NamedTemporaryFile("w", suffix=".ids", delete=False) as ids:
            ids.write("no-such-entry-1\n")
        try:
            result = score("--ids-file", ids.name)
        finally:
            os.unlink(ids.name)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("no-such-entry-1", result.stderr)


class Calibration(unittest.TestCase):
    def test_every_entry_of_a_split_falls_in_one_confidence_band(self):
        result = score("--ids-file", BATCH)
        self.assertEqual(result.returncode, 0, result.stderr)
        for split in ("train", "validation"):
            total = re.search(rf"^{split}\s+n=\s*(\d+) ", result.stdout, re.M)
            section = result.stdout.split(f"{split} by confidence:\n", 1)
            self.assertIsNotNone(total, result.stdout)
            self.assertEqual(len(section), 2, result.stdout)
            own_lines = re.match(r"(?:  .*\n?)*", section[1]).group(0)
            bands = re.findall(r"^  confidence .*? n=\s*(\d+) \(.*?retry/stop\s+([\d.]+)%", own_lines, re.M)
            self.assertTrue(bands, own_lines)
            self.assertEqual(sum(int(n) for n, _ in bands), int(total.group(1)))
            self.assertTrue(all(0.0 <= float(agree) <= 100.0 for _, agree in bands))


# A sanitized binary classifies the whole corpus too slowly for one test: it lists the misses of
# a fresh batch instead (the same code path, over fewer entries).
SANITIZED = os.environ.get("FLAKYD_SANITIZED", "").lower() in ("1", "on", "true", "yes")


class Misses(unittest.TestCase):
    def test_misses_never_list_a_validation_entry(self):
        result = score("--misses", *(("--ids-file", BATCH) if SANITIZED else ()))
        self.assertEqual(result.returncode, 0, result.stderr)
        listed = re.findall(r"^miss (\S+) ", result.stdout, re.M)
        self.assertTrue(listed)
        validation = subprocess.run(
            [sys.executable, "-c",
             "import hashlib,sys; ids=sys.stdin.read().split();"
             "print('\\n'.join(i for i in ids if hashlib.sha256(i.encode()).digest()[0] < 52))"],
            input="\n".join(listed), capture_output=True, text=True).stdout.split()
        self.assertEqual(validation, [])


if __name__ == "__main__":
    unittest.main()
