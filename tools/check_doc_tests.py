#!/usr/bin/env python3
# Checks that the tests the documentation cites as proof exist. In the
# "Proved by::" items of doc/guarantees.adoc, a file name in backticks
# (`test_faults.cpp`, `tests/leak_canary.cpp`, `fuzz/fuzz_wire.cpp`) names a
# source file, and the backticked names after it (`suite`, `case`,
# `suite/case`, `suite/*`) must be Boost.Test suites or cases of that file.
# So a renamed or deleted test cannot leave a guarantee citing nothing.
#
# Usage: tools/check_doc_tests.py [doc/guarantees.adoc]
import os
import re
import sys

from check_report import report

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
TOKEN = re.compile(r"`([^`]+)`")
FILE = re.compile(r"^[\w/.-]+\.(cpp|hpp)$")
NAME = re.compile(r"^[a-z0-9_]+(/([a-z0-9_]+|\*))?$")


def test_names(path):
    """Suites and cases of a Boost.Test source: {'suite', 'case', 'suite/case'}."""
    names, stack = set(), []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*BOOST_(?:AUTO|FIXTURE)_TEST_SUITE\((\w+)", line)
            if m:
                stack.append(m.group(1))
                names.add(m.group(1))
                continue
            if re.match(r"\s*BOOST_AUTO_TEST_SUITE_END", line):
                stack and stack.pop()
                continue
            m = re.match(r"\s*BOOST_(?:AUTO|FIXTURE|DATA)_TEST_CASE\((\w+)", line)
            if m:
                names.add(m.group(1))
                if stack:
                    names.add(stack[-1] + "/" + m.group(1))
    return names


def locate(token):
    for candidate in (token, os.path.join("tests", token)):
        if os.path.isfile(os.path.join(ROOT, candidate)):
            return candidate
    return None


def main():
    page = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "doc", "guarantees.adoc")
    problems, cited = [], 0
    in_proof, current, names = False, None, set()
    with open(page, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("Proved by::"):
                in_proof, current, names = True, None, set()
            elif line.startswith(("[", "=")):
                in_proof = False
            if not in_proof:
                continue
            for token in TOKEN.findall(line):
                if FILE.match(token):
                    current = locate(token)
                    if current is None:
                        problems.append("%s:%d: %s: no such file under tests/ or the repository root"
                                        % (page, number, token))
                        names = set()
                    else:
                        names = test_names(os.path.join(ROOT, current))
                elif current and NAME.match(token):
                    cited += 1
                    suite = token[:-2] if token.endswith("/*") else token
                    if suite not in names:
                        problems.append("%s:%d: %s cites `%s`, which is no suite or test case of it"
                                        % (page, number, current, token))
    report(problems, "%d tests cited, %d not found" % (cited, len(problems)))


if __name__ == "__main__":
    main()
