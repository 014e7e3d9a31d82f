#!/usr/bin/env python3
"""Generates docs/data-model.md from the JSON Schemas the CLI publishes, so the reference
names every field with the description written on it in the code.

    python3 scripts/gen_data_model_doc.py          # rewrite the page
    python3 scripts/gen_data_model_doc.py --check  # fail if the page is out of date
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PAGE = os.path.join(ROOT, "docs", "data-model.md")


def schema(name):
    # The files the CLI embeds and prints; the `schemas` test holds them to the code's types.
    with open(os.path.join(ROOT, "core", "schemas", f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


def type_of(s):
    if "$ref" in s:
        n = s["$ref"].split("/")[-1]
        return f"[`{n}`](#{n.lower()})"
    for key in ("anyOf", "oneOf"):
        if key in s:
            parts = [type_of(x) for x in s[key]]
            return " or ".join(p for p in parts if p != "`null`") + (" (nullable)" if "`null`" in parts else "")
    t = s.get("type")
    if isinstance(t, list):
        return " or ".join(f"`{x}`" for x in t)
    if t == "array":
        return f"array of {type_of(s.get('items', {}))}"
    if t == "object" and "additionalProperties" in s and isinstance(s["additionalProperties"], dict):
        return f"map of {type_of(s['additionalProperties'])}"
    if "enum" in s:
        return " \\| ".join(f"`{v}`" for v in s["enum"])
    if "const" in s:
        return f"`{s['const']}`"
    return f"`{t}`" if t else "any"


def one_line(text):
    return " ".join((text or "").split()).replace("|", "\\|")


def render_def(name, s, out):
    out.append(f"### {name}\n")
    if s.get("description"):
        out.append(one_line(s["description"]) + "\n")
    if "properties" in s:
        req = set(s.get("required", []))
        out.append("| field | type | required | meaning |\n|---|---|---|---|")
        for f, fs in s["properties"].items():
            out.append(f"| `{f}` | {type_of(fs)} | {'yes' if f in req else ''} | {one_line(fs.get('description'))} |")
        out.append("")
    elif "oneOf" in s or "enum" in s or "anyOf" in s:
        variants = s.get("oneOf") or s.get("anyOf") or [{"const": v} for v in s["enum"]]
        out.append("| value | meaning |\n|---|---|")
        for v in variants:
            val = v.get("const", v.get("enum", [None])[0] if "enum" in v else type_of(v))
            out.append(f"| `{val}` | {one_line(v.get('description'))} |")
        out.append("")
    else:
        out.append(f"Type: {type_of(s)}.\n")


def render():
    out = ["# Data model reference", "",
           "Generated from the JSON Schemas that `amends schema case|assessment|decision` prints "
           "(`python3 scripts/gen_data_model_doc.py`); every description is the one written on the type in the code.",
           "", "All documents are JSON with snake_case names. Inputs reject unknown fields. Times are RFC 3339. "
           "Money is `{\"amount\": \"12.30\", \"currency\": \"EUR\"}` with the amount a decimal string "
           "and at most the currency's ISO 4217 minor-unit decimals.", ""]
    for title, name in (("Input: the case", "case"), ("Output: the assessment", "assessment"),
                        ("Output: the decision (`sections = decision`)", "decision")):
        s = schema(name)
        out.append(f"## {title}\n")
        render_def(s.get("title", name), s, out)
        for d, ds in sorted(s.get("$defs", {}).items()):
            if name != "case" and d in seen:
                continue
            seen.add(d)
            render_def(d, ds, out)
    return "\n".join(out).rstrip() + "\n"


seen = set()

if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        current = open(PAGE, encoding="utf-8").read() if os.path.exists(PAGE) else ""
        if current != text:
            sys.exit("docs/data-model.md is out of date: run python3 scripts/gen_data_model_doc.py")
        print("docs/data-model.md is up to date")
    else:
        open(PAGE, "w", encoding="utf-8").write(text)
        print("wrote", PAGE)
