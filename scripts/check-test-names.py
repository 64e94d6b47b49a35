#!/usr/bin/env python3
"""Fails when a doctest TEST_CASE name holds a character CTest cannot carry.

doctest_discover_tests registers one CTest test per TEST_CASE and runs it with
--test-case=<name>. CMake splits lists on ';', so a name holding one becomes a filter that matches
nothing: the test "passes" having run zero cases. This check keeps that from happening silently.
"""
import pathlib
import re
import sys

NAME = re.compile(r'TEST_CASE\("((?:[^"\\]|\\.)*)"')


def main(unit_dir: str) -> int:
    bad = []
    for source in sorted(pathlib.Path(unit_dir).glob("*.cpp")):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            for name in NAME.findall(line):
                if ";" in name:
                    bad.append(f"{source.name}:{number}: {name}")
    for entry in bad:
        print(f"TEST_CASE name holds ';' (CTest would run none of it): {entry}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tests/unit"))
