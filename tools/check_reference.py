#!/usr/bin/env python3
# Checks that the reference documents every public name, so that it cannot
# fall behind the code. The public names are everything declared in namespace
# boost::concurrent_futures by the headers under include/ outside detail/ and
# impl/ (classes, structs, enums and their enumerators, free functions, public
# member functions and data members such as option fields, type aliases, and
# the direct public members a public class inherits from a class of detail/), the
# macros those headers define or read, the configuration macros that detail/
# headers let users override, and the public headers themselves.
#
# Declarations come from the compiler, not from patterns: the headers are
# parsed by clang (-ast-dump=json), so templates, friends, overloads and
# access specifiers are seen as C++ sees them.
#
# Each name must have an entry in the generated reference.html whose id is
# anchor_of(name), reachable from index.html in two clicks; an entry id that
# names nothing the headers declare is reported too (ids of anything else
# carry a hyphen, or are asciidoctor's own).
#
# Usage: tools/check_reference.py --html OUTPUT_DIR   check the generated documentation
#        tools/check_reference.py --list              list the names, their anchors and
#                                                     which lack a /// comment
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from check_report import report

NAMESPACE = "concurrent_futures"
MACRO_PREFIX = "BOOST_CONCURRENT_FUTURES_"

OPERATOR_WORDS = {
    "==": "eq", "!=": "ne", "<=>": "cmp", "<": "lt", "<=": "le", ">": "gt", ">=": "ge",
    "<<": "lshift", ">>": "rshift", "=": "assign", "()": "call", "[]": "index",
    "*": "deref", "->": "arrow", "++": "inc", "--": "dec", "bool": "bool",
}


def anchor_of(name):
    """The id of a name's reference entry: `future::result` -> `future.result`;
    constructors `future.future`, destructors `future.destructor`, operators
    `future.operator_eq`; macros keep their spelling; headers `header.<path>`."""
    if name.startswith("<"):
        path = name.strip("<>")[:-len(".hpp")]
        prefix = "boost/" + NAMESPACE + "/"
        return "header." + (path[len(prefix):] if path.startswith(prefix) else NAMESPACE).replace("/", ".")
    if name.startswith(MACRO_PREFIX):
        return name
    parts = name.split("::")
    out = []
    for p in parts:
        if p.startswith("~"):
            out.append("destructor")
        elif p.startswith("operator"):
            op = p[len("operator"):].strip()
            out.append("operator_" + OPERATOR_WORDS.get(op, re.sub(r"\W", "_", op)))
        else:
            out.append(p)
    return ".".join(out)


def public_headers(root):
    base = os.path.join(root, "include", "boost")
    found = [os.path.join(base, NAMESPACE + ".hpp")] if os.path.exists(os.path.join(base, NAMESPACE + ".hpp")) else []
    for path in sorted(glob.glob(os.path.join(base, NAMESPACE, "**", "*.hpp"), recursive=True)):
        rel = os.path.relpath(path, os.path.join(base, NAMESPACE))
        if rel.split(os.sep)[0] in ("detail", "impl"):
            continue
        found.append(path)
    return found


def private_headers(root):
    base = os.path.join(root, "include", "boost", NAMESPACE)
    return sorted(glob.glob(os.path.join(base, "detail", "**", "*.hpp"), recursive=True) +
                  glob.glob(os.path.join(base, "impl", "**", "*.hpp"), recursive=True))


def find_clang():
    candidates = sorted(glob.glob("/usr/bin/clang++-[0-9]*"),
                        key=lambda p: int(re.sub(r"\D", "", os.path.basename(p)) or 0), reverse=True)
    for c in candidates + ["clang++"]:
        if shutil.which(c):
            return c
    sys.exit("check_reference.py: clang++ is needed to parse the headers (apt-get install clang)")


def compile_flags(headers):
    flags = []
    # A header that includes Boost.MPI (the MPI executor's) needs mpi.h.
    uses_mpi = re.compile(r"#\s*include\s*[<\"](boost/mpi|mpi\.h)")
    if any(uses_mpi.search(open(h, encoding="utf-8").read()) for h in headers) and shutil.which("mpicxx"):
        flags += subprocess.run(["mpicxx", "--showme:compile"], capture_output=True, text=True).stdout.split()
    return flags


def dump_ast(root, headers):
    with tempfile.TemporaryDirectory() as tmp:
        tu = os.path.join(tmp, "all_public_headers.cpp")
        with open(tu, "w", encoding="utf-8") as f:
            for h in headers:
                f.write('#include "%s"\n' % os.path.abspath(h))
        cmd = [find_clang(), "-std=c++20", "-fsyntax-only", "-I", os.path.join(root, "include"),
               *compile_flags(headers + private_headers(root)), "-Xclang", "-ast-dump=json", "-Xclang", "-ast-dump-filter=" + NAMESPACE, tu]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit("check_reference.py: the public headers do not parse:\n" + run.stderr[-4000:])
        return run.stdout


def json_objects(text):
    decoder = json.JSONDecoder()
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        obj, i = decoder.raw_decode(text, i)
        yield obj


class Walker:
    """Walks clang's JSON AST in document order. Source locations name their
    file only when it changed since the previous location written, so the
    current file is tracked across the whole dump."""

    def __init__(self, public):
        self.public = {os.path.realpath(p) for p in public}
        self.file = None
        self.names = {}  # name -> {"kind", "file", "documented"}
        # Classes of namespace detail that public classes derive from: their
        # public members are the derived classes' own (future<T> and
        # any_future share their observers that way).
        self.in_detail = False
        self.detail_classes = {}  # class name -> {member suffix: entry}
        self.derived = []  # (public class name, detail base class name)

    def track(self, node):
        # Every source location in a node, in order, before its children.
        for key in ("loc", "range"):
            if key in node:
                self.track_loc(node[key])

    def track_loc(self, loc):
        if not isinstance(loc, dict):
            return
        if "begin" in loc or "end" in loc:
            for k in ("begin", "end"):
                if k in loc:
                    self.track_loc(loc[k])
            return
        if "spellingLoc" in loc or "expansionLoc" in loc:
            for k in ("spellingLoc", "expansionLoc"):
                if k in loc:
                    self.track_loc(loc[k])
            return
        if "file" in loc:
            self.file = loc["file"]

    def skim(self, node):
        # A subtree we do not collect from: only its locations matter.
        self.track(node)
        for child in node.get("inner", []):
            self.skim(child)

    def loc_file(self, node):
        self.track(node)
        return os.path.realpath(self.file) if self.file else None

    def add(self, name, kind, file, documented):
        entry = self.names.setdefault(name, {"kind": kind, "file": file, "documented": False})
        entry["documented"] = entry["documented"] or documented

    @staticmethod
    def has_comment(node):
        return any(c.get("kind") == "FullComment" for c in node.get("inner", []))

    def namespace(self, node, inside):
        self.track(node)
        for child in node.get("inner", []):
            kind = child.get("kind")
            if kind == "NamespaceDecl":
                name = child.get("name")
                if not inside and name == NAMESPACE:
                    self.namespace(child, True)
                elif not inside and name == "boost":
                    self.namespace(child, False)
                elif inside and name == "detail":
                    self.detail_namespace(child)
                else:
                    self.skim(child)
            elif inside:
                self.declaration(child, prefix="")
            else:
                self.skim(child)

    def detail_namespace(self, node):
        # Collects each detail class's public members, as if it were public,
        # for the public classes that derive from it.
        self.track(node)
        for child in node.get("inner", []):
            if child.get("kind") in ("ClassTemplateDecl", "CXXRecordDecl") and child.get("name"):
                saved, self.names, self.in_detail = self.names, {}, True
                self.declaration(child, prefix="")
                members, self.names, self.in_detail = self.names, saved, False
                cls = child["name"]
                own = {}
                for n, v in members.items():
                    suffix = n[len(cls) + 2:] if n.startswith(cls + "::") else None
                    # Its constructors and destructor are not the derived
                    # class's; the members of its nested classes (an
                    # iterator's typedefs and operators) are the nested
                    # class's entry's business.
                    if suffix and suffix not in (cls, "~" + cls) and "::" not in suffix:
                        own[suffix] = v
                if own:
                    self.detail_classes.setdefault(cls, {}).update(own)
            else:
                self.skim(child)

    def inherited(self):
        """The members public classes inherit from detail classes."""
        for cls, base in self.derived:
            for suffix, v in self.detail_classes.get(base, {}).items():
                self.add(cls + "::" + suffix, v["kind"], self.names[cls]["file"], v["documented"])

    def declaration(self, node, prefix, template_comment=False):
        kind = node.get("kind")
        file = self.loc_file(node)
        name = node.get("name")
        public_file = file in self.public or self.in_detail
        documented = template_comment or self.has_comment(node)
        if node.get("isImplicit") or not public_file or not name:
            for child in node.get("inner", []):
                self.skim(child)
            return
        if kind in ("ClassTemplateDecl", "FunctionTemplateDecl", "TypeAliasTemplateDecl"):
            # The templated declaration is inside, after the parameters.
            for child in node.get("inner", []):
                if child.get("kind") in ("CXXRecordDecl", "FunctionDecl", "CXXMethodDecl", "CXXConstructorDecl",
                                         "CXXConversionDecl", "TypeAliasDecl"):
                    self.declaration(child, prefix, documented)
                else:
                    self.skim(child)
            return
        if kind in ("ClassTemplatePartialSpecializationDecl", "ClassTemplateSpecializationDecl"):
            return self.skim(node)
        if kind == "CXXRecordDecl":
            full = prefix + name
            if node.get("completeDefinition"):
                self.add(full, node.get("tagUsed", "class"), file, documented)
                self.record(node, full + "::", node.get("tagUsed") == "struct")
                for base in node.get("bases", []):
                    m = re.match(r"(?:(?:::)?boost::)?(?:concurrent_futures::)?detail::(\w+)", base["type"]["qualType"])
                    if m and base.get("access") == "public" and not self.in_detail:
                        self.derived.append((full, m.group(1)))
            else:
                for child in node.get("inner", []):
                    self.skim(child)
            return
        if kind == "EnumDecl":
            self.add(prefix + name, "enum", file, documented)
            for child in node.get("inner", []):
                if child.get("kind") == "EnumConstantDecl":
                    self.loc_file(child)
                    self.add(prefix + name + "::" + child["name"], "enumerator", file, self.has_comment(child))
                    for grandchild in child.get("inner", []):
                        self.skim(grandchild)
                else:
                    self.skim(child)
            return
        if kind in ("FunctionDecl", "CXXMethodDecl", "CXXConstructorDecl", "CXXDestructorDecl", "CXXConversionDecl"):
            # Defaulted or deleted members (copy, move, destruction) are not
            # entries of their own: the class entry says what the type is.
            if not (node.get("explicitlyDefaulted") or node.get("explicitlyDeleted")):
                cls = prefix[:-2].split("::")[-1] if prefix else None
                if kind == "CXXConstructorDecl":
                    name = cls
                elif kind == "CXXDestructorDecl":
                    name = "~" + cls
                self.add(prefix + name, "member function" if prefix else "function", file, documented)
            return self.skim_children(node)
        if kind in ("TypeAliasDecl", "TypedefDecl"):
            self.add(prefix + name, "type alias", file, documented)
            return self.skim_children(node)
        if kind == "FieldDecl":
            self.add(prefix + name, "data member", file, documented)
            return self.skim_children(node)
        if kind == "VarDecl":
            self.add(prefix + name, "variable", file, documented)
            return self.skim_children(node)
        self.skim_children(node)

    def skim_children(self, node):
        for child in node.get("inner", []):
            self.skim(child)

    def record(self, node, prefix, is_struct):
        public = is_struct
        for child in node.get("inner", []):
            kind = child.get("kind")
            if kind == "AccessSpecDecl":
                self.track(child)
                public = child.get("access") == "public"
            elif kind == "FriendDecl":
                # Hidden friends (comparison, hashing, streaming) belong to the class.
                self.track(child)
                for f in child.get("inner", []):
                    if f.get("kind") in ("FunctionDecl", "FunctionTemplateDecl"):
                        self.declaration(f, prefix, self.has_comment(child))
                    else:
                        self.skim(f)
            elif public and kind != "FullComment":
                self.declaration(child, prefix)
            else:
                self.skim(child)


def guard_macro(text):
    m = re.search(r"^#\s*ifndef\s+(\w+)\s*\n#\s*define\s+\1\s*$", text, re.M)
    return m.group(1) if m else None


def macros(root):
    """Macros of the public headers (defined or read there), and overridable
    defaults of private headers (#ifndef X / #define X that is not a guard)."""
    found = {}
    word = re.compile(r"\b(" + MACRO_PREFIX + r"\w+)\b")
    for path in public_headers(root):
        text = open(path, encoding="utf-8").read()
        guard = guard_macro(text)
        for m in re.finditer(r"^#\s*(define|ifdef|ifndef|if|elif)\b(.*)$", text, re.M):
            for name in word.findall(m.group(2)) if m.group(1) != "define" else word.findall(m.group(2))[:1]:
                if name != guard:
                    # A /// comment on its #define, or a /// line that opens
                    # with the name (for a macro the headers only read).
                    documented = (m.group(1) == "define" and re.search(r"///[^\n]*\n#\s*define\s+" + name, text)) \
                        or re.search(r"^\s*/// " + name + r"\b", text, re.M)
                    found.setdefault(name, {"kind": "macro", "file": path, "documented": False})
                    found[name]["documented"] = found[name]["documented"] or bool(documented)
    for path in private_headers(root):
        text = open(path, encoding="utf-8").read()
        guard = guard_macro(text)
        for m in re.finditer(r"^#\s*ifndef\s+(" + MACRO_PREFIX + r"\w+)\s*\n#\s*define\s+\1\b", text, re.M):
            if m.group(1) != guard:
                found.setdefault(m.group(1), {"kind": "configuration macro", "file": path, "documented": True})
    return found


def collect(root):
    headers = public_headers(root)
    walker = Walker(headers)
    for obj in json_objects(dump_ast(root, headers)):
        if obj.get("kind") == "NamespaceDecl" and obj.get("name") == NAMESPACE:
            walker.namespace(obj, True)
        else:
            walker.skim(obj)
    walker.inherited()
    names = dict(walker.names)
    names.update(macros(root))
    for h in headers:
        rel = os.path.relpath(h, os.path.join(root, "include"))
        names["<%s>" % rel] = {"kind": "header", "file": h, "documented": True}
    return names


# Ids asciidoctor gives the page's own parts.
STRUCTURAL_IDS = {"header", "content", "footer", "toc", "toctitle", "preamble", "footnotes"}


def check(root, names, out_dir):
    import check_doc_links as links  # tools/, the script's folder, is on sys.path

    pages = links.pages_of(out_dir)
    if "reference.html" not in pages or "index.html" not in pages:
        return ["%s lacks index.html or reference.html: build the documentation first" % out_dir]
    ref_ids = pages["reference.html"].ids
    anchors = {anchor_of(n): n for n in names}
    problems = []
    for n in sorted(names):
        if anchor_of(n) not in ref_ids:
            problems.append("%s (%s, %s) has no reference entry: add one with the id [#%s] to doc/reference.adoc"
                            % (n, names[n]["kind"], os.path.relpath(names[n]["file"], root), anchor_of(n)))
    for i in sorted(ref_ids):
        if i not in anchors and not i.startswith("_") and "-" not in i and i not in STRUCTURAL_IDS:
            problems.append("reference entry #%s names nothing the public headers declare (renamed or removed?)" % i)

    def targets(page):
        # What a click on the page can reach; a heading's link to itself leads nowhere new.
        for i, (target, _) in enumerate(pages[page].links):
            if i in pages[page].heading_links:
                continue
            where = links.resolve(page, target)
            if where:
                yield where

    reachable = set(targets("index.html"))
    for page, _ in list(reachable):
        if page in pages:
            reachable.update(targets(page))
    for n in sorted(names):
        if anchor_of(n) in ref_ids and ("reference.html", anchor_of(n)) not in reachable:
            problems.append("%s: its entry is more than two clicks from index.html (list it in the reference's index)" % n)
    return problems


def main():
    parser = argparse.ArgumentParser(description="Checks that the reference documents every public name.")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("--html", help="the generated documentation to check")
    parser.add_argument("--list", action="store_true", help="list the names instead")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    names = collect(root)
    if args.list or not args.html:
        for n in sorted(names):
            v = names[n]
            print("%-55s %-20s %-45s %s" % (n, v["kind"], anchor_of(n), "" if v["documented"] else "(no /// comment)"))
        return
    problems = check(root, names, args.html)
    report(problems, "%d public names, %d problems" % (len(names), len(problems)))


if __name__ == "__main__":
    main()
