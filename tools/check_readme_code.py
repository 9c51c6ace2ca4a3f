#!/usr/bin/env python3
# Checks that the README's code is code the test command builds. The README is
# plain markdown and cannot include files, so each fenced code block of a
# programming or build language (cpp, jam, cmake, ...) must be identical, up
# to a common indentation, to a tagged region of a tracked source file:
#
#     // tag::name[]            (or  # tag::name[]  in jam, cmake, shell)
#     ...the code...
#     // end::name[]
#
# the same regions the AsciiDoc documentation includes with
# include::file[tag=name]. Blocks of commands and layouts (sh, text) cannot be
# compiled; every path they name must exist instead.
#
# Usage: tools/check_readme_code.py [README.md]
import os
import re
import subprocess
import sys

from check_report import report

PROSE_LANGUAGES = {"sh", "bash", "console", "shell", "text", "txt", ""}
TAG = re.compile(r"\b(tag|end)::([\w-]+)\[\]")
PATH = re.compile(r"^[\w.+-]+(/[\w.+-]*)+$")


def fenced_blocks(text):
    """(language, first line number, lines) of each fenced block."""
    blocks, lines = [], text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)(```+)\s*([\w+-]*)\s*$", lines[i])
        if m:
            start, fence, body = i + 1, m.group(2), []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                body.append(lines[i])
                i += 1
            blocks.append((m.group(3).lower(), start, body))
        i += 1
    return blocks


def dedent(lines):
    indents = [len(l) - len(l.lstrip()) for l in lines if l.strip()]
    cut = min(indents) if indents else 0
    return [l[cut:].rstrip() for l in lines]


def tagged_regions(path):
    """{tag: lines} of one file; nested tag lines are left out, as asciidoctor does."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except (UnicodeDecodeError, OSError):
        return {}
    open_tags, regions = {}, {}
    for line in lines:
        m = TAG.search(line)
        if m:
            if m.group(1) == "tag":
                open_tags[m.group(2)] = []
            elif m.group(2) in open_tags:
                regions[m.group(2)] = open_tags.pop(m.group(2))
            continue
        for body in open_tags.values():
            body.append(line)
    return regions


def tracked_files(root):
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=root,
                         capture_output=True, text=True, check=True).stdout.split()
    return out


def main():
    root = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    readme = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "README.md")
    with open(readme, encoding="utf-8") as f:
        blocks = fenced_blocks(f.read())
    everything = tracked_files(root)
    files = [f for f in everything if not f.endswith((".md", ".adoc"))]
    regions = {}
    for rel in files:
        for tag, body in tagged_regions(os.path.join(root, rel)).items():
            regions.setdefault("\n".join(dedent(body)).strip("\n"), []).append("%s[tag=%s]" % (rel, tag))
    known_paths = set(everything)
    for f in everything:
        parts = f.split("/")
        known_paths.update("/".join(parts[:i]) for i in range(1, len(parts)))
    problems, checked = [], 0
    for language, line, body in blocks:
        checked += 1
        if language in PROSE_LANGUAGES:
            for text in body:
                tokens = re.findall(r"[\w.+/-]+", text)
                for k, token in enumerate(tokens):
                    # a/b anywhere, or a folder (a/) that starts a line
                    inner = "/" in token.rstrip("/")
                    if PATH.match(token) and (inner or (k == 0 and token.endswith("/"))):
                        if token.rstrip("/") not in known_paths:
                            problems.append("README.md:%d: the %s block names %s, which does not exist"
                                            % (line, language or "plain", token))
            continue
        code = "\n".join(dedent(body)).strip("\n")
        if code in regions:
            continue
        problems.append("README.md:%d: this %s block is not a tagged region of any source file; put it in one the "
                        "test command builds (e.g. doc/snippets/), between `tag::name[]` and `end::name[]` comment "
                        "lines, and paste that region here" % (line, language))
    report(problems, "%d README code blocks, %d not found in the sources" % (checked, len(problems)))


if __name__ == "__main__":
    main()
