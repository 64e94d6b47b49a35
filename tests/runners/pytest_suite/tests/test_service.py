import os
import socket

import pytest


def connect_once_refused(name):
    """First run: connection refused (nothing listens). Once the marker exists: connects."""
    marker = os.path.join(os.environ["FLAKYD_MARKER_DIR"], "pytest-" + name)
    port = os.environ["FLAKYD_OPEN_PORT"] if os.path.exists(marker) else os.environ["FLAKYD_REFUSED_PORT"]
    open(marker, "a").close()
    with socket.create_connection(("127.0.0.1", int(port)), timeout=5):
        pass


def test_fetch_blip():
    connect_once_refused("fetch")


def test_sum_bug():
    assert sum([1, 1]) == 3


class TestClient:
    @pytest.mark.parametrize("attempt", [1])
    def test_connect_blip(self, attempt):
        connect_once_refused(f"connect-{attempt}")

    def test_parse_bug(self):
        assert int("41") + 1 == 43

    def test_ok(self):
        assert True
