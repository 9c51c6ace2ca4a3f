# How the documentation checks (tools/check_*.py) end: each problem on its own
# line, then one summary line (the test leg shows it), exit status 1 if there
# was a problem.
import sys


def report(problems, summary):
    for p in problems:
        print(p)
    print(summary)
    sys.exit(1 if problems else 0)
