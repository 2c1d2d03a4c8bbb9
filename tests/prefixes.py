#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Two checks on the names of analyzer/ (issue 41), read from the built objects with nm.

1. Stage prefixes: every external function a stage's .c defines starts with one of the
   stage's name spaces (NAME_SPACES below) and '_'; the longest name space a name starts
   with says the stage that defines it, so `eval_cache_open` in run/ would be an offender
   (it reads as eval/'s). Names not fixed yet are listed in tests/prefixes.allow; an entry
   that is no longer an offender is an error too, so the list only shrinks.
2. Private headers' sections: a comment `/* FILE.c */` or `/* stage/FILE.c: ... */`
   opens a section whose declarations FILE.c defines; in a section, a declaration whose
   own comment names one file in parentheses, `(stage/FILE.c)`, is defined there. Each
   declared function must be defined in the file its comment names.

usage: prefixes.py SOURCE_ROOT BUILD_DIR [NM]
"""
import os
import re
import subprocess
import sys

# Each stage's name spaces: its name, and what it owns (a header's subject or a structure
# it defines, as git's strbuf_). A name space belongs to one stage only.
NAME_SPACES = {
    "base": "alloc bytes cache cleanup line_cache locate output problem problems process sha256 "
            "hmac_sha256 source strbuf strvec strindex ptrmap u64set utf8 path hash str text",
    "json": "json",
    "project": "project inputs driver_facts msbuild",
    "front": "frontend parsed_unit cursor cxstring ddi clashes etw header_index header_model "
             "include_directive include_scan langstd macro macros pch_cache prelude_names "
             "readcheck stubs synth unit_deps wpp imports opruns",
    "cfg": "cfg",
    "facts": "facts entry entry_list entry_point unit_facts classify decls program call_walk "
             "pointer reads sections textscan driver_model",
    "rules": "rules rule rule_set settings kind",
    "findings": "finding findings baseline changes fingerprint fingerprints fix fixes "
              "gate suppressions",
    "eval": "eval evaluate explorer confirm liveness state tails frames",
    "kinds": "kinds pairs releasers given prepared unstored failing devices hidden revealed framework call_params",
    "run": "run session resultcache evalcache jobs scope selection shard",
    "emit": "emit html merge patch fix_plan",
    "cli": "cli options suggest version",
}
# The one function the C runtime names for us.
EXEMPT = {"main"}


def objects(root, build):
    """{(stage, 'file.c'): path of its object}, from the core library and the CLI; an
    object whose source is gone (moved or deleted since that build) is left out."""
    found = {}
    for target in ("entrycheck_core.dir", "entrycheck.dir"):
        top = os.path.join(build, "CMakeFiles", target, "analyzer")
        if not os.path.isdir(top):
            continue
        for stage in sorted(os.listdir(top)):
            for name in sorted(os.listdir(os.path.join(top, stage))):
                if not (name.endswith(".c.o") or name.endswith(".c.obj")):
                    continue
                source = name[:name.rindex(".c.")] + ".c"
                if os.path.isfile(os.path.join(root, "analyzer", stage, source)):
                    found[(stage, source)] = os.path.join(top, stage, name)
    return found


def defined_functions(nm, obj):
    out = subprocess.run([nm, "-g", "--defined-only", obj], check=True, capture_output=True,
                         text=True).stdout
    names = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[-2] == "T":
            names.append(parts[-1])
    return names


def owner(name, spaces):
    """The stage whose longest name space `name` starts with, or None."""
    best, stage = 0, None
    for space, s in spaces.items():
        if (name == space or name.startswith(space + "_")) and len(space) > best:
            best, stage = len(space), s
    return stage


def check_prefixes(root, defs, problems):
    spaces = {}
    for stage, words in NAME_SPACES.items():
        for space in words.split():
            if space in spaces:
                problems.append(f"tests/prefixes.py: name space '{space}' given to {spaces[space]} and {stage}")
            spaces[space] = stage
    allow_path = os.path.join(root, "tests", "prefixes.allow")
    allowed = {}
    with open(allow_path) as f:
        for number, line in enumerate(f, 1):
            name = line.split("#", 1)[0].strip()
            if name:
                allowed[name] = number
    offenders = {}
    for (stage, file), names in sorted(defs.items()):
        if stage not in NAME_SPACES:
            problems.append(f"analyzer/{stage}/: no name spaces in tests/prefixes.py")
            continue
        for name in names:
            if name in EXEMPT or owner(name, spaces) == stage:
                continue
            offenders[name] = (stage, file)
    counts = {}
    named = set()
    for name, (stage, file) in sorted(offenders.items()):
        counts[stage] = counts.get(stage, 0) + 1
        if name not in allowed:
            claimed = owner(name, spaces)
            why = f"reads as {claimed}/'s" if claimed else "no name space of the stage"
            problems.append(f"analyzer/{stage}/{file}: {name}: {why}")
            named.add(stage)
    for stage in sorted(named):
        problems.append(f"  (the name spaces of {stage}/: {NAME_SPACES[stage]})")
    for name, number in sorted(allowed.items(), key=lambda kv: kv[1]):
        if name not in offenders:
            problems.append(f"tests/prefixes.allow:{number}: {name} is no longer an offender: "
                            "remove the line")
    return counts


SECTION = re.compile(r"^/\* ((?:[a-z]+/)?[a-z_0-9]+\.c)(?: \*/|:)")
NAMED_FILE = re.compile(r"\(((?:[a-z]+/)?[a-z_0-9]+\.c)\)")
DECLARED = re.compile(r"^(?!typedef\b|(?:struct|enum|union)\s+\w+\s*\{|static\b|#)"
                      r"[A-Za-z_][\w\s\*]*?\b([A-Za-z_]\w*)\s*\(")


def check_sections(root, defs, problems):
    """Section and parenthesized file comments of every analyzer header."""
    checked = 0
    analyzer = os.path.join(root, "analyzer")
    for stage in sorted(os.listdir(analyzer)):
        folder = os.path.join(analyzer, stage)
        if not os.path.isdir(folder) or stage not in NAME_SPACES:
            continue
        for header in sorted(n for n in os.listdir(folder) if n.endswith(".h")):
            path = f"analyzer/{stage}/{header}"
            section = None
            comment = []        # the comment block right above the current line
            in_comment = False
            depth = 0           # braces: declarations inside a structure are members
            with open(os.path.join(folder, header)) as f:
                lines = f.read().split("\n")
            for number, line in enumerate(lines, 1):
                if in_comment or line.startswith("/*"):
                    if not in_comment:
                        comment = []
                        m = SECTION.match(line)
                        opens_section = bool(m)
                        if m:
                            section = m.group(1)
                    comment.append(line)
                    in_comment = "*/" not in line
                    if not in_comment and opens_section:
                        comment = []    # a section's own comment is no declaration's
                    continue
                if depth == 0 and not line[:1].isspace():
                    m = DECLARED.match(line)
                    if m:
                        named = NAMED_FILE.findall(" ".join(comment))
                        want = named[0] if section and len(named) == 1 else section
                        if want:
                            checked += 1
                            wstage, _, wfile = want.rpartition("/")
                            key = (wstage or stage, wfile)
                            name = m.group(1)
                            if key not in defs:
                                problems.append(f"{path}:{number}: {name}: its comment names "
                                                f"{want}, which is not an analyzer source")
                            elif name not in defs[key]:
                                where = [f"{s}/{fl}" for (s, fl), ns in sorted(defs.items()) if name in ns]
                                problems.append(f"{path}:{number}: {name}: its comment names {want}; "
                                                f"defined in {', '.join(where) or 'no analyzer source'}")
                depth += line.count("{") - line.count("}")
                if line.strip():
                    comment = []
    return checked


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: prefixes.py SOURCE_ROOT BUILD_DIR [NM]")
    root, build = sys.argv[1], sys.argv[2]
    nm = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else "nm"
    objs = objects(root, build)
    if not objs:
        print(f"prefixes: no analyzer objects under {build}/CMakeFiles: build first")
        return 1
    defs = {key: defined_functions(nm, obj) for key, obj in objs.items()}
    problems = []
    counts = check_prefixes(root, defs, problems)
    checked = check_sections(root, defs, problems)
    for p in problems:
        print(p)
    if problems:
        return 1
    left = ", ".join(f"{s} {n}" for s, n in sorted(counts.items())) or "none"
    print(f"prefixes: {sum(len(v) for v in defs.values())} external functions, "
          f"allowlisted offenders by stage: {left}; {checked} header declarations in the file "
          "their comment names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
