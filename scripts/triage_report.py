#!/usr/bin/env python3
"""Triage quality on the real data in ../shared/data, per language, in one command.

    python3 scripts/triage_report.py                 # every set, every language
    python3 scripts/triage_report.py --langs de,fr   # a few languages
    python3 scripts/triage_report.py --json out.json # the figures as JSON as well
    python3 scripts/triage_report.py --sets probes   # the team's own review probes only

It writes each text as a case, runs `amends assess` over all of them (a release build of
the CLI unless --bin names another binary) and prints, per language:

- lid: language accuracy without a buyer hint, by text length (<=20, 21-60, >60 chars);
- sentiment (XED, NSMC, OpenSentiment, Olist): negativity ROC AUC (-sentiment against the
  negative label), the share of texts with sentiment exactly 0, the share of negative
  texts whose category is `other`;
- bitext: category accuracy over the 27 intents (tests/fixtures/bitext_intent_category.json);
- abuse (HateCheck) and emotion (XED anger): the share of texts with an anger, threat,
  scam or escalation signal, for the positive and the negative label;
- probes (not in the default sets; needs no shared data): the hand-written review- and
  tweet-style texts of core/tests/fixtures/review_probes/<lang>.tsv (`neg`/`pos` TAB
  text, written for development, not taken from any data set), the same figures as the
  sentiment sets; --show prints every probe with its sentiment and category, --misses
  the probes scored zero, of the wrong sign or left as `other` (for development only:
  the engine is never tuned to single probe sentences).
- holdout (not in the default sets; needs no shared data): review-style texts in the same
  format in core/tests/fixtures/review_holdout/<lang>.tsv, written before the lexicon
  round they measure and never used to choose entries, so their figures are the honest
  estimate of what real reviews will show. Its language figures (no hint, label = the
  file's language, by length) are printed as well, and again on the same texts folded to
  ASCII-like Latin letters (accents, Turkish ı, Polish ł, German ß dropped or spelled
  out) as buyers type them without a keyboard layout: the `lid holdout` table.

With CI=true a missing data folder is an error, never a silent pass.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-21T09:00:00Z"
# A store in a multilingual market (no language in `market_languages`), so no market
# prior helps the text.
STORE = {"id": "report", "marketplace": "own_site", "country": "CH"}
SUPPORTED = ["ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "sv", "tr", "zh-Hans", "zh-Hant"]
csv.field_size_limit(1 << 24)


def data_dir() -> Path:
    for up in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"):
        if (up / "README.md").exists():
            return up
    if os.environ.get("CI") == "true":
        sys.exit("error: ../shared/data is missing (required under CI)")
    sys.exit("error: ../shared/data not found next to the repository")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def file_lang(path: Path) -> str:
    stem = path.stem  # e.g. "de-xed", "zh-Hans-xed", "zh-Hans", "ko-nsmc"
    parts = stem.split("-")
    if parts[0] == "zh" and len(parts) > 1:
        return "zh-" + parts[1]
    return parts[0]


# Latin letters a diacritic-free keyboard spells differently (NFD drops the other marks).
FOLD = {"ı": "i", "ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "đ": "d", "Đ": "D", "œ": "oe"}


def fold(text: str) -> str:
    """The text as typed without accents: Latin letters lose their marks, other scripts stay."""
    out = []
    for ch in text:
        if ch in FOLD:
            out.append(FOLD[ch])
        elif "LATIN" in unicodedata.name(ch, ""):
            out.append("".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn"))
        else:
            out.append(ch)
    return "".join(out)


def lid_buckets(texts: list[str], res: list[dict | None], lang: str) -> dict[str, float]:
    """Language accuracy without a hint by length: le20, le60 (21-60), gt60, gt20, all."""
    buckets: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for t, r in zip(texts, res):
        n = len(t)
        b = "le20" if n <= 20 else "le60" if n <= 60 else "gt60"
        ok = r is not None and r["language"] == lang
        for key in (b, "all", "gt20" if n > 20 else "le20_"):
            buckets[key][0] += ok
            buckets[key][1] += 1
    out: dict[str, float] = {k: v[0] / v[1] for k, v in buckets.items() if v[1]}
    out["n"] = buckets["all"][1]
    return out


def auc(scores_pos: list[float], scores_neg: list[float]) -> float | None:
    """ROC AUC that a negative-labelled text scores higher than a positive one (ties 1/2)."""
    if not scores_pos or not scores_neg:
        return None
    ranked = sorted([(s, 1) for s in scores_neg] + [(s, 0) for s in scores_pos])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + 1 + j) / 2
        rank_sum += mid * sum(1 for k in range(i, j) if ranked[k][1] == 1)
        i = j
    n1, n0 = len(scores_neg), len(scores_pos)
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def case(i: int, text: str, hint: str | None = None) -> dict:
    c = {"id": f"r{i}", "received_at": "2026-11-20T09:00:00Z", "store": STORE, "channel": "email", "text": text[:60000]}
    if hint:
        c["language_hint"] = hint
    return c


POLICY: list[str] = []


def run(binary: str, cases: list[dict]) -> list[dict | None]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
        name = f.name
    try:
        out = subprocess.run([binary, "assess", name, "--now", NOW, *POLICY], capture_output=True, text=True, check=False)
    finally:
        os.unlink(name)
    results: list[dict | None] = []
    for line in out.stdout.splitlines():
        a = json.loads(line)
        results.append(a.get("triage") if "error" not in a else None)
    if len(results) != len(cases):
        sys.exit(f"error: {len(cases)} cases in, {len(results)} lines out\n{out.stderr[-2000:]}")
    return results


SIGNALS = ("anger", "threat.", "accusation.", "escalation.")


def has_signal(t: dict) -> bool:
    return any(s.startswith(SIGNALS) for s in t.get("signals", []))


def pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", help="amends binary (default: a release build of the CLI)")
    ap.add_argument("--langs", help="comma-separated languages (default: all)")
    ap.add_argument("--sets", default="lid,sentiment,olist,bitext,abuse,emotion")
    ap.add_argument("--policy", help="policy file passed to `amends assess` (default: the built-in policy)")
    ap.add_argument("--limit", type=int, default=0, help="at most this many texts per file")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--show", action="store_true", help="with --sets probes: print every probe's sentiment and category")
    ap.add_argument("--misses", action="store_true", help="print the probes scored zero, of the wrong sign or left as `other`")
    args = ap.parse_args()
    sets = set(args.sets.split(","))
    data = data_dir() if sets - {"probes", "holdout"} else ROOT
    binary = args.bin
    if args.policy:
        POLICY.extend(["--policy", args.policy])
    if not binary:
        subprocess.run(["cargo", "build", "-q", "--release", "-p", "amends-cli"], cwd=ROOT, check=True)
        target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
        binary = str(target / "release" / "amends")
    langs = set(args.langs.split(",")) if args.langs else None
    keep = lambda lang: langs is None or lang in langs or lang.split("-")[0] in langs  # noqa: E731
    limit = lambda rows: rows[: args.limit] if args.limit else rows  # noqa: E731
    ml = data / "multilingual"
    figures: dict[str, dict[str, object]] = defaultdict(dict)

    if "lid" in sets:
        for path in sorted((ml / "lid").glob("*.csv")):
            lang = file_lang(path)
            if lang not in SUPPORTED or not keep(lang):
                continue
            texts = [r["text"] for r in limit(read_rows(path))]
            res = run(binary, [case(i, t) for i, t in enumerate(texts)])
            figures[lang]["lid"] = lid_buckets(texts, res, lang)

    def sentiment_figures(tag: str, lang: str, texts: list[str], neg: list[bool], show: bool = False) -> None:
        res = run(binary, [case(i, t) for i, t in enumerate(texts)])
        if tag == "holdout":
            figures[lang]["lid:holdout"] = lid_buckets(texts, res, lang)
            folded = [fold(t) for t in texts]
            figures[lang]["lid:holdout-folded"] = lid_buckets(folded, run(binary, [case(i, t) for i, t in enumerate(folded)]), lang)
        if show:
            for t, r, is_neg in zip(texts, res, neg):
                s = "error" if r is None else f"{r['sentiment']:>6} {r['category']:<16} {r['language'] or '-':<7}"
                print(f"{lang:<7} {'neg' if is_neg else 'pos'} {s} {t}")
        if args.misses and tag in ("probes", "holdout"):
            for t, r, is_neg in zip(texts, res, neg):
                if r is None:
                    continue
                s, cat = float(r["sentiment"]), r["category"]
                if s == 0 or (s > 0) == is_neg or (is_neg and cat == "other"):
                    print(f"{lang} {'neg' if is_neg else 'pos'} s={s:+.2f} {cat} {r['language']}: {t}", file=sys.stderr)
        s_neg, s_pos, zero, zero_neg, other_neg = [], [], 0, 0, 0
        for r, is_neg in zip(res, neg):
            if r is None:
                continue
            s = -float(r["sentiment"])
            (s_neg if is_neg else s_pos).append(s)
            zero += s == 0
            if is_neg:
                zero_neg += s == 0
                other_neg += r["category"] == "other"
        n, nn = len(s_neg) + len(s_pos), max(len(s_neg), 1)
        figures[lang][tag] = {
            "n": n,
            "auc": auc(s_pos, s_neg),
            "zero": zero / max(n, 1),
            "zero_neg": zero_neg / nn,
            "other_neg": other_neg / nn,
        }

    if "sentiment" in sets:
        for path in sorted((ml / "sentiment").glob("*.csv")):
            lang = file_lang(path)
            if lang not in SUPPORTED or not keep(lang):
                continue
            rows = [r for r in limit(read_rows(path)) if r["label"] in ("pos", "neg")]
            tag = "sentiment:" + path.stem.split("-")[-1]
            sentiment_figures(tag, lang, [r["text"] for r in rows], [r["label"] == "neg" for r in rows])

    for tag, folder in (("probes", "review_probes"), ("holdout", "review_holdout")):
        if tag not in sets:
            continue
        for path in sorted((ROOT / "core/tests/fixtures" / folder).glob("*.tsv")):
            lang = path.stem
            if not keep(lang):
                continue
            rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line]
            rows = [(label, text) for label, text in rows if label in ("pos", "neg")]
            sentiment_figures(tag, lang, [t for _, t in rows], [label == "neg" for label, _ in rows], args.show)

    if "olist" in sets and keep("pt"):
        rows = read_rows(data / "olist" / "olist_order_reviews_dataset.csv")
        rows = [r for r in rows if (r.get("review_comment_message") or "").strip() and r["review_score"] != "3"]
        rows = limit(rows)
        texts = [" ".join(x for x in (r.get("review_comment_title"), r["review_comment_message"]) if x) for r in rows]
        sentiment_figures("olist", "pt", texts, [int(r["review_score"]) <= 2 for r in rows])

    if "bitext" in sets and keep("en"):
        mapping = json.loads((ROOT / "tests/fixtures/bitext_intent_category.json").read_text())["mapping"]
        for split in ("Training", "Validation"):
            rows = limit(read_rows(data / "bitext" / f"Bitext_Sample_Customer_Service_{split}_Dataset.csv"))
            rows = [r for r in rows if r["intent"] in mapping]
            res = run(binary, [case(i, r["utterance"]) for i, r in enumerate(rows)])
            ok = sum(1 for r, t in zip(rows, res) if t is not None and t["category"] == mapping[r["intent"]])
            figures["en"]["bitext:" + split.lower()] = {"n": len(rows), "accuracy": ok / max(len(rows), 1)}

    for tag, folder, label_of in (
        ("abuse", "abuse", lambda r: r["label"] == "hateful"),
        ("emotion", "emotion", lambda r: "anger" in r["emotions"].split(";")),
    ):
        if tag not in sets:
            continue
        for path in sorted((ml / folder).glob("*.csv")):
            lang = file_lang(path)
            if lang not in SUPPORTED or not keep(lang):
                continue
            rows = limit(read_rows(path))
            res = run(binary, [case(i, r["text"]) for i, r in enumerate(rows)])
            hit = defaultdict(lambda: [0, 0])
            for r, t in zip(rows, res):
                k = label_of(r)
                hit[k][0] += t is not None and has_signal(t)
                hit[k][1] += 1
            figures[lang][tag] = {
                "signal_pos": hit[True][0] / max(hit[True][1], 1),
                "signal_neg": hit[False][0] / max(hit[False][1], 1),
            }

    print("| language | lid all | lid <=20 | lid 21-60 | lid >60 | set | n | neg. AUC | sentiment 0 | 0 on neg. | neg. as other | signals: abusive / not | anger / not |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for lang in sorted(figures):
        f = figures[lang]
        lid = f.get("lid", {})
        sets_ = [k for k in f if k.startswith(("sentiment:", "olist", "probes", "holdout"))] or [""]
        for tag in sets_:
            s = f.get(tag, {}) if tag else {}
            ab, em = f.get("abuse", {}), f.get("emotion", {})
            print(
                f"| {lang} | {pct(lid.get('all'))} | {pct(lid.get('le20'))} | {pct(lid.get('le60'))} | {pct(lid.get('gt60'))} "
                f"| {tag.replace('sentiment:', '') or '—'} | {s.get('n', '—')} | {fmt(s.get('auc'))} | {pct(s.get('zero'))} "
                f"| {pct(s.get('zero_neg'))} | {pct(s.get('other_neg'))} "
                f"| {pct(ab.get('signal_pos'))} / {pct(ab.get('signal_neg'))} | {pct(em.get('signal_pos'))} / {pct(em.get('signal_neg'))} |"
            )
    lid_rows = [(lang, k) for lang in sorted(figures) for k in ("lid:holdout", "lid:holdout-folded") if k in figures[lang]]
    if lid_rows:
        print("\nlid holdout: language without a hint on core/tests/fixtures/review_holdout (label = the file's language)")
        print("| language | texts | <= 20 chars | 21-60 | > 60 | > 20 | all |\n|---|---|---|---|---|---|---|")
        for lang, k in lid_rows:
            v = figures[lang][k]
            cell = lambda b: f"{v[b]:.3f}" if b in v else "—"  # noqa: E731
            name = lang + (" (folded)" if k.endswith("folded") else "")
            print(f"| {name} | {v['n']} | {cell('le20')} | {cell('le60')} | {cell('gt60')} | {cell('gt20')} | {cell('all')} |")
    for key in ("bitext:training", "bitext:validation"):
        if key in figures.get("en", {}):
            b = figures["en"][key]
            print(f"\nBitext {key.split(':')[1]}: category accuracy {b['accuracy']:.3f} over {b['n']} utterances")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
