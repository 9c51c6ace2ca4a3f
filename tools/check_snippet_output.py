#!/usr/bin/env python3
# Runs one documentation snippet program and compares what it prints on
# stdout with the output the documentation shows (doc/snippets/NAME.expected,
# whose tag::/end:: lines mark the regions the pages include and are not
# output). In an expected line, "..." stands for any text (addresses, pids).
# Without an expected file the program must only exit 0.
#
# Usage: tools/check_snippet_output.py PROGRAM [EXPECTED] [--timeout SECONDS]
import argparse
import difflib
import os
import re
import subprocess
import sys

TAG_LINE = re.compile(r"\b(tag|end)::[\w-]+\[\]")


def expected_lines(path):
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().split("\n") if not TAG_LINE.search(l)]
    return "\n".join(lines).rstrip("\n").split("\n")


def matches(expected, actual):
    if len(expected) != len(actual):
        return False
    for e, a in zip(expected, actual):
        pattern = ".*".join(re.escape(part) for part in e.split("..."))
        if not re.fullmatch(pattern, a):
            return False
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("program")
    parser.add_argument("expected", nargs="?")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    if not os.access(args.program, os.X_OK):
        sys.exit("%s: no such program (is it declared in doc/snippets/build.jam?)" % args.program)
    try:
        run = subprocess.run([args.program], capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        sys.exit("%s did not finish within %g s" % (args.program, args.timeout))
    if run.returncode != 0:
        sys.stdout.write(run.stdout + run.stderr)
        sys.exit("%s exited with status %d" % (args.program, run.returncode))
    if args.expected:
        want = expected_lines(args.expected)
        got = run.stdout.rstrip("\n").split("\n")
        if not matches(want, got):
            sys.stdout.writelines(difflib.unified_diff([l + "\n" for l in want], [l + "\n" for l in got],
                                                       args.expected, "output of " + args.program))
            sys.exit("the output differs from %s (what the documentation shows)" % args.expected)


if __name__ == "__main__":
    main()
