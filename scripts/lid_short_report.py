#!/usr/bin/env python3
"""Language identification on short texts (1-3 words), per language, in one command.

    cargo build -p amends-cli
    python3 scripts/lid_short_report.py --bin target/debug/amends            # no prior
    python3 scripts/lid_short_report.py --bin target/debug/amends --priors   # market priors too
    python3 scripts/lid_short_report.py --bin target/debug/amends --misses   # list the misses

Two sets, each run through `amends assess` (the whole decision: model, margins, priors):

- fixture: core/tests/fixtures/lid_short/<lang>.tsv, one short review-style text a line
  (verdicts, star ratings, "never arrived", ALL-CAPS, repeated words, typed without
  accents), written for amends and never trained on: it measures;
- cut: the Tatoeba sentences the language model holds out (FNV-1a 64 of the text = 0 mod
  5, as scripts/train_langid.py splits) cut to their first 1, 2 and 3 words
  (../shared/data/multilingual/lid; skipped when the data is missing, an error under CI).

Per language: the share named right, and the shares named wrong (another language) and
named none (`language.unknown`). With --priors the same texts run again in a store whose
market names the right language, and in one whose market names a wrong one (German, or
English for German texts): a short ambiguous text should follow the market, a clear one
should not.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from triage_report import ROOT, data_dir, file_lang, read_rows, run  # noqa: E402

LATIN = ["de", "en", "es", "fr", "it", "nl", "pl", "pt", "sv", "tr"]
MARKET = {"de": "DE", "en": "GB", "es": "ES", "fr": "FR", "it": "IT", "nl": "NL", "pl": "PL", "pt": "PT", "sv": "SE", "tr": "TR", "ru": "RU"}


def fnv64(text: str) -> int:
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def cases(texts: list[str], country: str) -> list[dict]:
    store = {"id": "short", "marketplace": "own_site", "country": country}
    return [{"id": f"s{i}", "received_at": "2026-11-20T09:00:00Z", "store": store, "channel": "email", "text": t} for i, t in enumerate(texts)]


def sets(langs: list[str]) -> dict[tuple[str, str], list[str]]:
    """(set, lang) -> texts."""
    out: dict[tuple[str, str], list[str]] = {}
    for lang in langs:
        p = ROOT / "core" / "tests" / "fixtures" / "lid_short" / f"{lang}.tsv"
        if p.exists():
            out[("fixture", lang)] = [t.strip() for t in p.read_text(encoding="utf-8").splitlines() if t.strip()]
    try:
        ml = data_dir() / "multilingual" / "lid"
    except SystemExit:
        if os.environ.get("CI") == "true":
            raise
        print("../shared/data missing: the cut set is skipped", file=sys.stderr)
        return out
    for path in sorted(ml.glob("*.csv")):
        lang = file_lang(path)
        if lang not in langs:
            continue
        held = [r["text"].strip() for r in read_rows(path) if r["text"].strip() and fnv64(r["text"].strip()) % 5 == 0]
        for k in (1, 2, 3):
            cut = {" ".join(t.split()[:k]) for t in held if len(t.split()) >= k}
            out[(f"cut{k}", lang)] = sorted(cut)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target" / "debug" / "amends"))
    ap.add_argument("--langs", default=",".join(LATIN))
    ap.add_argument("--priors", action="store_true", help="also run with a right and a wrong market prior")
    ap.add_argument("--misses", action="store_true", help="print every text named wrong or none (no prior)")
    args = ap.parse_args()
    langs = args.langs.split(",")
    data = sets(langs)
    modes = [("none", lambda lang: "CH")]
    if args.priors:
        modes += [("right market", lambda lang: MARKET[lang]), ("wrong market", lambda lang: "GB" if lang == "de" else "DE")]
    for mode, country in modes:
        rows: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
        for (name, lang), texts in data.items():
            res = run(args.bin, cases(texts, country(lang)))
            for t, r in zip(texts, res):
                got = r.get("language") if r else None
                ok, none = got is not None and got.split("-")[0] == lang, got is None
                for key in (lang, "all"):
                    cell = rows[key][name]
                    cell[0] += ok
                    cell[1] += not ok and not none
                    cell[2] += none
                    cell[3] += 1
                if args.misses and mode == "none" and not ok and name == "fixture":
                    print(f"{lang} {got or '-'}: {t}", file=sys.stderr)
        names = sorted({n for n, _ in data})
        print(f"\n### market prior: {mode} (right / wrong / none)\n")
        print("| language | " + " | ".join(names) + " |")
        print("|---|" + "---|" * len(names))
        for key in [*langs, "all"]:
            if key not in rows:
                continue
            cells = []
            for n in names:
                c = rows[key].get(n)
                cells.append(f"{c[0] / c[3]:.2f} / {c[1] / c[3]:.2f} / {c[2] / c[3]:.2f} ({c[3]})" if c and c[3] else "—")
            print(f"| {key} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
