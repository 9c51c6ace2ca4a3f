#!/usr/bin/env python3
# Checks the generated HTML documentation: every relative link (a href, img
# src, link href, script src) must name a file inside the output folder, and
# every #fragment an id that exists on the page it points to. External links
# (with a scheme) are not followed. Prints each broken link with the page
# that holds it; exit status 1 if there is one.
#
# Usage: tools/check_doc_links.py OUTPUT_DIR
import html.parser
import os
import sys
import urllib.parse

from check_report import report


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.links = []  # (attribute value, line)
        self.heading_links = set()  # a heading's links to itself (asciidoctor's sectanchors, sectlinks)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in {"a": ("href",), "img": ("src",), "link": ("href",), "script": ("src",)}.get(tag, ()):
            if attrs.get(key) is not None:
                self.links.append((attrs[key], self.getpos()[0]))
                if tag == "a" and attrs.get("class") in ("anchor", "link"):
                    self.heading_links.add(len(self.links) - 1)


def parse(path):
    page = Page()
    with open(path, encoding="utf-8") as f:
        page.feed(f.read())
    return page


def pages_of(out_dir):
    found = {}
    for folder, _, files in os.walk(out_dir):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                found[os.path.relpath(path, out_dir)] = parse(path)
    return found


def resolve(page_rel, target):
    """(page relative to the output folder, fragment) a link leads to, or None
    if it is external."""
    url = urllib.parse.urlsplit(target)
    if url.scheme or url.netloc:
        return None
    path = urllib.parse.unquote(url.path)
    dest = os.path.normpath(os.path.join(os.path.dirname(page_rel), path)) if path else page_rel
    return dest, urllib.parse.unquote(url.fragment)


def broken_links(out_dir):
    pages = pages_of(out_dir)
    problems = []
    for rel, page in sorted(pages.items()):
        for target, line in page.links:
            where = resolve(rel, target)
            if where is None:
                continue
            dest, fragment = where
            if dest.startswith(".."):
                problems.append("%s:%d: %s leads outside the documentation" % (rel, line, target))
            elif not os.path.exists(os.path.join(out_dir, dest)):
                problems.append("%s:%d: %s: no such file %s" % (rel, line, target, dest))
            elif fragment and dest in pages and fragment not in pages[dest].ids:
                problems.append("%s:%d: %s: %s has no id '%s'" % (rel, line, target, dest, fragment))
    return pages, problems


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_doc_links.py OUTPUT_DIR")
    out_dir = sys.argv[1]
    pages, problems = broken_links(out_dir)
    if "index.html" not in pages:
        problems.append("no index.html at the root of %s" % out_dir)
    links = sum(len(p.links) for p in pages.values())
    report(problems, "%d pages, %d links, %d broken" % (len(pages), links, len(problems)))


if __name__ == "__main__":
    main()
