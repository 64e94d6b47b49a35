"""The offline command line, driven as a user drives it: the real binary over real pipes.

Run by CTest with FLAKYD_BIN set (standard library only)."""
import json
import os
import subprocess
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor

BIN = os.environ.get("FLAKYD_BIN", "../../build/bin/flakyd")


def run(*args, stdin=""):
    return subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, timeout=60)


class ClassifyCommand(unittest.TestCase):
    def test_plain_text_from_stdin(self):
        result = run("classify", "-", stdin="OSError: [Errno 98] Address already in use\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        answer = json.loads(result.stdout)
        self.assertEqual(answer["category"], "concurrency")
        self.assertEqual(answer["action"], "retry_with_delay")
        self.assertEqual(answer["source"], "heuristic")
        self.assertRegex(answer["fingerprint"], "^[0-9a-f]{64}$")

    def test_plain_text_from_a_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as log:
            log.write("E   ModuleNotFoundError: No module named 'yaml'\n")
        try:
            answer = json.loads(run("classify", log.name).stdout)
        finally:
            os.unlink(log.name)
        self.assertEqual(answer["category"], "deterministic")
        self.assertEqual(answer["action"], "stop_retry")

    def test_json_request_with_policy(self):
        request = {"trace": "ConnectionResetError: reset", "attempt": 3, "max_attempts": 5,
                   "policy": {"base_delay_s": 0.1}}
        answer = json.loads(run("classify", "--json", "-", stdin=json.dumps(request)).stdout)
        self.assertAlmostEqual(answer["delay_s"], 0.4)

    def test_jsonl_batch_goes_on_after_a_bad_line(self):
        lines = [json.dumps({"trace": "ConnectionResetError: reset"}), "{not json", json.dumps({"trace": 7}),
                 "", json.dumps({"trace": "AssertionError: 1 != 2"})]
        result = run("classify", "--jsonl", "-", stdin="\n".join(lines) + "\n")
        self.assertEqual(result.returncode, 1)
        outputs = [json.loads(line) for line in result.stdout.splitlines()]
        self.assertEqual(len(outputs), 4)
        self.assertEqual(outputs[0]["category"], "flaky-network")
        self.assertIn("error", outputs[1])
        self.assertEqual(outputs[1]["line"], 2)
        self.assertIn("'trace' is required", outputs[2]["error"])
        self.assertEqual(outputs[3]["category"], "deterministic")

    def test_explain_lists_matches_with_spans(self):
        answer = json.loads(run("classify", "--explain", "-",
                                stdin="E   AssertionError: connection reset was expected\n").stdout)
        self.assertEqual(answer["category"], "deterministic")
        self.assertGreaterEqual(len(answer["matches"]), 2)
        self.assertEqual(answer["matches"][0]["rule"], "det.assertion")
        self.assertEqual(answer["matches"][0]["span"], [4, 18])

    def test_secrets_never_reach_the_output(self):
        secret = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
        result = run("classify", "--explain", "-", stdin=f"token {secret} rejected: 401 Unauthorized\n")
        self.assertNotIn(secret, result.stdout + result.stderr)
        self.assertEqual(json.loads(result.stdout)["redactions"], 1)

    def test_bad_rule_file_is_a_clear_error(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as rules:
            json.dump({"rules": [{"id": "acme.bad", "category": "timeout", "pattern": "x\\q"}]}, rules)
        try:
            result = run("classify", "--rules", rules.name, "-", stdin="x")
        finally:
            os.unlink(rules.name)
        self.assertEqual(result.returncode, 2)
        self.assertIn("acme.bad", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_rules_from_the_environment(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as rules:
            json.dump({"rules": [{"id": "acme.db", "category": "infrastructure", "pattern": "AcmeDbDown"}]}, rules)
        try:
            env = dict(os.environ, FLAKYD_RULES=rules.name)
            result = subprocess.run([BIN, "classify", "-"], input="AcmeDbDown", capture_output=True,
                                    text=True, env=env, timeout=60)
        finally:
            os.unlink(rules.name)
        self.assertEqual(json.loads(result.stdout)["rule"], "acme.db")

    def test_config_file_by_option_and_by_environment(self):
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as config:
            config.write("keep-emails = true\n")
        try:
            by_option = run("--config", config.name, "redact", "-", stdin="mail ops@example.org\n")
            env = dict(os.environ, FLAKYD_CONFIG=config.name)
            by_env = subprocess.run([BIN, "redact", "-"], input="mail ops@example.org\n", capture_output=True,
                                    text=True, env=env, timeout=60)
        finally:
            os.unlink(config.name)
        self.assertIn("ops@example.org", by_option.stdout)
        self.assertIn("ops@example.org", by_env.stdout)
        self.assertIn("[REDACTED:email]", run("redact", "-", stdin="mail ops@example.org\n").stdout)

    def test_unreadable_input(self):
        result = run("classify", "/nonexistent/file.log")
        self.assertNotEqual(result.returncode, 0)
        self.assertEqual(result.stdout, "")


class RedactCommand(unittest.TestCase):
    def test_redacts_and_keeps_context(self):
        result = run("redact", "-", stdin="export AWS_ACCESS_KEY_ID=AKIAQWERTYUIOPASDFGH # line 3\n")
        self.assertEqual(result.returncode, 0)
        self.assertNotIn("AKIAQWERTYUIOPASDFGH", result.stdout)
        self.assertIn("[REDACTED:", result.stdout)
        self.assertIn("# line 3", result.stdout)

    def test_corpus_has_no_leak(self):
        data = os.environ.get("FLAKYD_TEST_DATA_DIR", "../data")
        with open(os.path.join(data, "secrets-dev.jsonl"), encoding="utf-8") as corpus:
            entries = [json.loads(line) for line in corpus if line.strip()]
        # One process per entry, as a runner calls it; several at once (each is independent).
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda entry: run("redact", "-", stdin=entry["text"]), entries))
        self.assertGreater(len(entries), 100)
        for entry, result in zip(entries, results):
            self.assertEqual(result.returncode, 0, entry["id"])
            for secret in entry["secrets"]:
                self.assertNotIn(secret, result.stdout, entry["id"])

    def test_kinds_lists_each_kind_with_an_example_shape(self):
        result = run("redact", "--kinds")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = [line.split(None, 1) for line in result.stdout.splitlines()]
        kinds = [row[0] for row in rows]
        self.assertGreaterEqual(len(kinds), 60)
        self.assertEqual(len(kinds), len(set(kinds)), "each kind once")
        self.assertTrue(all(len(row) == 2 and row[1].strip() for row in rows), "every kind has a shape")
        shapes = dict(rows)
        self.assertIn("ghp_<36 alnum>", shapes["github-token"])
        for kind in ("telegram-bot-token", "discord-bot-token", "slack-token", "dsn-password", "jdbc-password",
                     "aws-secret-access-key", "gcp-service-account", "azure-sas-token", "npm-token", "pypi-token",
                     "stripe-key", "anthropic-api-key", "vault-token", "kubeconfig-client-key", "netrc-password",
                     "pkcs12", "password-assignment"):
            self.assertIn(kind, shapes)
        # Every kind listed is one the redactor really names: its placeholder appears for a sample.
        sample = run("redact", "-", stdin="token: ghp_" + "aB3" * 12 + "\n").stdout
        self.assertIn("[REDACTED:github-token]", sample)


class HelpAndVersion(unittest.TestCase):
    def test_version(self):
        result = run("--version")
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"flakyd \d+\.\d+\.\d+")

    def test_help_names_the_commands(self):
        result = run("--help")
        self.assertEqual(result.returncode, 0)
        for word in ("classify", "redact", "FLAKYD_"):
            self.assertIn(word, result.stdout)

    def test_unknown_option_is_a_usage_error(self):
        result = run("classify", "--frobnicate")
        self.assertNotEqual(result.returncode, 0)


if __name__ == "__main__":
    unittest.main()
