#!/usr/bin/env python3
"""Extracts the code snippets of the READMEs so the tests can run them verbatim.

A fenced block's info string is its language and optional words:

- ```python, ```js, ```ts, ```sh / ```bash: run by the tests (Python in the test
  virtual environment, JavaScript under Node against the packed npm tarball, TypeScript
  type-checked by tsc there, shell from a scratch folder with the built `amends` on PATH);
- ```sh dist: an install snippet, run from a folder holding only the `make dist`
  artefacts (scripts/dist-install-test.sh);
- ```sh no-test: not run (building everything, or `make test` itself).

Usage:
  readme_snippets.py list [--lang L,...] [--tag T]     JSON lines {file, line, lang, tags, code}
  readme_snippets.py write DIR --lang L,... [--tag T]  one file per snippet into DIR
                                                       (snippet-NN.<ext>); prints the paths
Without --tag, snippets with any tag are left out.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READMES = ["README.md", "bindings-python/README.md", "bindings-wasm/README.md"]
LANGS = {"python": "python", "py": "python", "js": "js", "javascript": "js",
         "ts": "ts", "typescript": "ts", "sh": "sh", "bash": "sh", "shell": "sh"}
EXT = {"python": "py", "js": "mjs", "ts": "mts", "sh": "sh"}
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```\s*$", re.S | re.M)


def snippets(files: list[str] | None = None) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for name in files or READMES:
        text = (ROOT / name).read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            words = m.group(1).split()
            if not words or words[0] not in LANGS:
                continue
            out.append({
                "file": name,
                "line": text.count("\n", 0, m.start()) + 1,
                "lang": LANGS[words[0]],
                "tags": words[1:],
                "code": m.group(2),
            })
    return out


def select(langs: list[str] | None, tag: str | None) -> list[dict[str, object]]:
    chosen = []
    for s in snippets():
        if langs and s["lang"] not in langs:
            continue
        tags = s["tags"]
        assert isinstance(tags, list)
        if (tag is None and tags) or (tag is not None and tag not in tags):
            continue
        chosen.append(s)
    return chosen


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["list", "write"])
    ap.add_argument("dir", nargs="?")
    ap.add_argument("--lang", default="")
    ap.add_argument("--tag")
    args = ap.parse_args()
    langs = [x for x in args.lang.split(",") if x] or None
    chosen = select(langs, args.tag)
    if args.command == "list":
        for s in chosen:
            print(json.dumps(s))
        return 0
    if not args.dir:
        ap.error("write needs a folder")
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    for i, s in enumerate(chosen):
        lang = str(s["lang"])
        path = folder / f"snippet-{i:02d}.{EXT[lang]}"
        origin = f"{s['file']}:{s['line']}"
        comment = "#" if lang in ("python", "sh") else "//"
        path.write_text(f"{comment} {origin}\n{s['code']}", encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
