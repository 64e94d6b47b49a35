"""Jobs for the RQ integration test: each misbehaves in one way (imported by the RQ worker)."""
import os


def fails_once_with_connection_reset(marker):
    """A transport blip: the first run finds no marker, leaves one and fails; the next passes."""
    if not os.path.exists(marker):
        with open(marker, "w") as file:
            file.write("failed once\n")
        raise ConnectionResetError(104, "Connection reset by peer")
    return "done after a blip"


def counts_runs_then_raises_key_error(counter):
    """A real bug: every run fails the same way. Each run appends a line to `counter`."""
    with open(counter, "a") as file:
        file.write("run\n")
    settings = {}
    return settings["missing_key"]
