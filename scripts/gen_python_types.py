#!/usr/bin/env python3
"""Generates bindings-python/python/amends/types.py: TypedDicts and Literal unions for
every document the engine reads or returns, from the JSON Schemas it publishes.

The schemas come from the installed `amends` package (`amends.schema(name)`), so run it
with the Python that has the freshly built package (bindings-python/test.sh does):

    .venv/bin/python scripts/gen_python_types.py           # rewrite the module
    .venv/bin/python scripts/gen_python_types.py --check   # fail if it is out of date

Outputs are typed as the Python binding returns them: money amounts (`format: decimal` or
the decimal pattern) as `Decimal`, `date-time` strings as aware `datetime`s. Inputs
(`Case`, journey inputs) accept what the binding accepts: `Decimal` or `str`, `datetime`
or `str`. A field the schema does not require is `NotRequired`; a nullable one `Optional`.
"""

from __future__ import annotations

import argparse
import json
import keyword
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bindings-python" / "python" / "amends" / "types.py"
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"

# schema name -> (Python name of its root, is it an input document?)
# Results first: where a result and an input share a name but not a Python shape (money
# is `Decimal` in a result, `Decimal | str` in an input), the input's is qualified
# (`CaseMoney`).
DOCUMENTS: List[Tuple[str, str, bool]] = [
    ("assessment", "Assessment", False),
    ("decision", "Decision", False),
    ("journey_step", "JourneyStep", False),
    ("journey_snapshot", "JourneySnapshot", False),
    ("journey_clocks", "JourneyClocks", False),
    ("case", "Case", True),
    ("journey_start", "JourneyStartInput", True),
    ("journey_event", "JourneyEvent", True),
]


class Gen:
    def __init__(self) -> None:
        self.defs: Dict[str, Any] = {}          # Python name -> schema node
        self.mode: Dict[str, bool] = {}         # Python name -> input?
        self.out: Dict[str, str] = {}           # Python name -> definition text
        self.deps: Dict[str, set[str]] = {}
        self.order: List[str] = []

    def add_document(self, schema: Dict[str, Any], root: str, is_input: bool) -> None:
        rename: Dict[str, str] = {}
        for name, node in schema.get("$defs", {}).items():
            py = name
            differs = self.defs.get(py, node) != node or (
                py in self.defs and self.mode[py] != is_input and sensitive(node, schema, set()))
            if differs:
                # Same name, other shape (or read as input vs returned): qualify it.
                py = f"{root}{name}" if not name.startswith(root) else f"{name}_"
            if py == root:
                py = f"{root}Def"
            rename[name] = py
        for name, node in schema.get("$defs", {}).items():
            py = rename[name]
            if py not in self.defs:
                self.defs[py] = node
                self.mode[py] = is_input
                self.emit(py, node, rename, is_input)
        body = {k: v for k, v in schema.items() if k not in ("$defs", "$schema", "title")}
        title = str(schema.get("title"))
        same = rename.get(title, title)
        if same and self.defs.get(same) == body:
            self.out[root] = f"{root} = {same}\n"  # the document is one of its own $defs
            self.deps[root] = {same}
            self.order.append(root)
            return
        self.emit(root, body, rename, is_input)

    def emit(self, name: str, node: Dict[str, Any], rename: Dict[str, str], is_input: bool) -> None:
        deps: set[str] = set()
        if node.get("type") == "object" and "properties" in node:
            text = self.typed_dict(name, node, rename, is_input, deps)
        else:
            text = f"{name} = {self.type_of(node, rename, is_input, deps, name)}\n"
            doc = node.get("description")
            if doc:
                text = comment(doc) + text
        self.out[name] = text
        self.deps[name] = deps
        self.order.append(name)

    def typed_dict(self, name: str, node: Dict[str, Any], rename: Dict[str, str],
                   is_input: bool, deps: set[str]) -> str:
        required = set(node.get("required", []))
        fields = []
        for key, prop in node.get("properties", {}).items():
            t = self.type_of(prop, rename, is_input, deps, name + camel(key))
            if key not in required:
                t = f"NotRequired[{t}]"
            doc = first_line(prop.get("description", ""))
            fields.append(f"        {key!r}: {t},{'  # ' + doc if doc else ''}\n")
        doc = node.get("description")
        head = comment(doc) if doc else ""
        return f"{head}{name} = TypedDict(\n    {name!r},\n    {{\n{''.join(fields)}    }},\n)\n"

    def type_of(self, node: Any, rename: Dict[str, str], is_input: bool, deps: set[str],
                hint: str) -> str:
        if not isinstance(node, dict) or not node:
            return "Any"
        if "$ref" in node:
            target = rename.get(node["$ref"].rsplit("/", 1)[-1], node["$ref"].rsplit("/", 1)[-1])
            deps.add(target)
            return target
        if "const" in node:
            return f"Literal[{json.dumps(node['const'])}]"
        if "enum" in node:
            return f"Literal[{', '.join(json.dumps(v) for v in node['enum'])}]"
        for key in ("oneOf", "anyOf"):
            if key in node:
                alts = node[key]
                if all(isinstance(a, dict) and "const" in a for a in alts):
                    return f"Literal[{', '.join(json.dumps(a['const']) for a in alts)}]"
                kinds = [self.type_of(a, rename, is_input, deps, hint) for a in alts]
                return union(kinds)
        t = node.get("type")
        if isinstance(t, list):
            kinds = [self.type_of({**node, "type": one}, rename, is_input, deps, hint) for one in t]
            return union(kinds)
        if t == "string":
            if node.get("format") == "date-time":
                return "Union[datetime, str]" if is_input else "datetime"
            if node.get("format") == "decimal" or node.get("pattern") == DECIMAL_PATTERN:
                return "Union[Decimal, str]" if is_input else "Decimal"
            return "str"
        if t == "integer":
            return "int"
        if t == "number":
            return "float"
        if t == "boolean":
            return "bool"
        if t == "null":
            return "None"
        if t == "array":
            return f"List[{self.type_of(node.get('items', {}), rename, is_input, deps, hint)}]"
        if t == "object":
            if "properties" in node:
                # An inline object: a TypedDict of its own, named after where it sits.
                self.emit(hint, node, rename, is_input)
                deps.add(hint)
                return hint
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                return f"Dict[str, {self.type_of(extra, rename, is_input, deps, hint)}]"
            return "Dict[str, Any]"
        return "Any"

    def render(self) -> str:
        done: List[str] = []
        seen: set[str] = set()

        def visit(n: str, stack: set[str]) -> None:
            if n in seen or n not in self.out:
                return
            if n in stack:
                raise SystemExit(f"recursive type {n}: not supported by the generator")
            stack.add(n)
            for d in sorted(self.deps[n]):
                visit(d, stack)
            stack.discard(n)
            seen.add(n)
            done.append(n)

        for n in self.order:
            visit(n, set())
        public = sorted([n for n in done if not n.startswith("_")] + EXTRA_NAMES)
        parts = [HEADER, "__all__ = [\n", *[f"    {n!r},\n" for n in public], "]\n"]
        for n in done:
            parts.append("\n\n" + self.out[n])
        parts.append(ENTRY_POINTS)
        return "".join(parts)


def sensitive(node: Any, schema: Dict[str, Any], seen: set[str]) -> bool:
    """Whether a node reads differently as input and as result (times, decimals)."""
    if isinstance(node, dict):
        if node.get("format") in ("date-time", "decimal") or node.get("pattern") == DECIMAL_PATTERN:
            return True
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name in seen:
                return False
            seen.add(name)
            return sensitive(schema.get("$defs", {}).get(name), schema, seen)
        return any(sensitive(v, schema, seen) for v in node.values())
    if isinstance(node, list):
        return any(sensitive(v, schema, seen) for v in node)
    return False


def union(kinds: List[str]) -> str:
    uniq: List[str] = []
    for k in kinds:
        if k not in uniq:
            uniq.append(k)
    if "None" in uniq and len(uniq) == 2:
        other = [k for k in uniq if k != "None"][0]
        return f"Optional[{other}]"
    return uniq[0] if len(uniq) == 1 else f"Union[{', '.join(uniq)}]"


def camel(key: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in key.split("_"))


def first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0][:100]


def comment(text: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in text.strip().split("\n"))


HEADER = '''"""Types of the documents amends reads and returns, as Python sees them.

Generated by scripts/gen_python_types.py from the engine's JSON Schemas: do not edit.
Results are plain dicts at run time; these TypedDicts let a type checker follow every
field (``a["remedy"]["options"][0]["outcomes"]``) and reject a misspelt key.
"""

from __future__ import annotations

import sys
from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

if sys.version_info >= (3, 11):
    from typing import NotRequired
else:  # pragma: no cover
    from typing_extensions import NotRequired

'''


# Shapes of the JSON entry points rather than of one document (the core's api module).
EXTRA_NAMES = ["BatchEntry", "BatchFailure", "BatchSuccess", "DiagnosticReport", "ErrorReport",
               "PolicyCheck"]
ENTRY_POINTS = '''


# --- The shapes of the entry points (written by hand in scripts/gen_python_types.py) ---

# One problem found in an input or a policy.
DiagnosticReport = TypedDict(
    'DiagnosticReport',
    {
        'code': str,  # Stable, dotted error code (`money.unknown_currency`).
        'path': str,  # JSON path of the offending field; empty for the document.
        'message': str,  # What is wrong.
        'hint': NotRequired[str],  # How to fix it.
    },
)


# An error as data (a failed batch entry).
ErrorReport = TypedDict(
    'ErrorReport',
    {
        'kind': Literal["policy", "input", "evaluation"],
        'code': str,
        'path': str,
        'message': str,
        'diagnostics': List[DiagnosticReport],
    },
)


BatchSuccess = TypedDict('BatchSuccess', {'type': Literal["success"], 'assessment': Assessment})
BatchFailure = TypedDict('BatchFailure', {'type': Literal["failure"], 'error': ErrorReport})
# One entry of `Engine.assess_batch`, in input order; narrow it on `entry["type"]`.
BatchEntry = Union[BatchSuccess, BatchFailure]


# The result of `check_policy`: every problem at once.
PolicyCheck = TypedDict(
    'PolicyCheck',
    {
        'valid': bool,
        'policy': NotRequired[PolicyRef],  # Present when the policy parsed.
        'diagnostics': List[DiagnosticReport],
    },
)
'''


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if the committed module differs")
    args = ap.parse_args()
    import amends  # the installed package: its schemas are the published ones

    gen = Gen()
    for name, root, is_input in DOCUMENTS:
        s = amends.schema(name)
        schema = json.loads(s) if isinstance(s, str) else s
        gen.add_document(schema, root, is_input)
    text = gen.render()
    for n in gen.out:
        assert n.isidentifier() and not keyword.iskeyword(n), n
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is out of date: run scripts/gen_python_types.py", file=sys.stderr)
            return 1
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
