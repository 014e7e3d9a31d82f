#!/usr/bin/env python3
"""Trains the language-identification model embedded in the core (core/models/langid.bin).

    pip install numpy                      # dev-only; the product never needs it
    python3 scripts/train_langid.py        # train, evaluate, write the model
    python3 scripts/train_langid.py --check  # retrain and fail if the committed file differs
    python3 scripts/train_langid.py --sweep  # accuracy for a few bucket counts, writes nothing
    python3 scripts/train_langid.py --eval core/models/langid.bin  # the held-out tables of a model file

The model decides among the languages written in Latin script; the core's script rules
decide Arabic, Cyrillic, Devanagari, Hangul, kana, Han and Thai before it runs (see
core/src/triage/language/). Features, identical to the Rust reader's:

- the text is cut at `max_chars` characters and lower-cased character by character;
- a word is a run of Latin-script letters (anything else ends it; Turkish İ is i); each
  word is padded with a space on both sides and every 1- to 4-character n-gram of the padded word (not a lone pad) is a
  feature, plus the whole padded word with its own seed;
- a feature is the FNV-1a hash (32 bits) of its code points, folded into `2**bits` buckets
  by Fibonacci hashing; every occurrence counts once.

A multinomial logistic regression (class-balanced, L2, Adam, fixed seed) learns one
weight per bucket and class; weights are quantised to int8 with one scale, biases to int32
at the same scale, so the reader sums integers and a score difference of `scale` is one
nat of log-odds.

Training data (openly licensed only; see docs/triage.md#training-data for attribution):
Tatoeba sentences (lid/, CC BY 2.0 FR), XED subtitles (sentiment/, emotion/, CC BY 4.0),
Multilingual HateCheck and HateCheck (abuse/, CC BY 4.0), PolyAI BANKING77 and NLU++
(intent/en-banking77, en-nlupp, CC BY 4.0). The project's own review-style texts
(core/tests/fixtures/review_probes, three copies) are trained on; the review_holdout texts
are only measured. Every text also gives an unaccented copy (German also with ae/oe/ue),
and some give a 2-3 word window or one word of 5+ letters. Share-alike sets (xSID, OpenSentimentCorpus)
and Olist and Bitext are never trained on; Olist (pt) and Bitext (en) are out-of-domain
checks. A text is held out for evaluation when the FNV-1a 64-bit hash of its UTF-8
bytes is 0 modulo 5; the Rust test core/tests/language_data.rs uses the same split.

Deterministic: the same data and numpy give the same bytes (float32 maths on one thread).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import struct
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

try:
    import numpy as np
except ImportError:  # pragma: no cover
    sys.exit("numpy is needed to train (pip install numpy); the product does not use it")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "core" / "models" / "langid.bin"
MAGIC = b"AMLID\x00\x01\x00"
MODEL_VERSION = "2026.11.3"
# Latin-script classes: the supported languages, then unsupported ones the data holds.
CLASSES = ["de", "en", "es", "fr", "it", "nl", "pl", "pt", "sv", "tr", "id", "vi"]
STRIDE = 16  # weights per bucket in the file (classes padded to a SIMD-friendly row)
NGRAM_MAX = 4
MAX_CHARS = 400
FNV32 = 0x811C9DC5
FNV32_PRIME = 0x01000193
WORD_SEED = 0x9E3779B9
FIB = 0x9E3779B1
M32 = 0xFFFFFFFF
csv.field_size_limit(1 << 24)


def data_dir() -> Path:
    for up in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"):
        if (up / "README.md").exists():
            return up
    sys.exit("error: ../shared/data not found next to the repository")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def fnv64(text: str) -> int:
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def held_out(text: str) -> bool:
    return fnv64(text) % 5 == 0


def is_latin(c: str) -> bool:
    o = ord(c)
    return 0x41 <= o <= 0x5A or 0x61 <= o <= 0x7A or 0xC0 <= o <= 0x24F or 0x1E00 <= o <= 0x1EFF


def features(text: str, bits: int) -> list[int]:
    """Bucket indices of every feature occurrence, as the Rust reader computes them."""
    shift = 32 - bits
    out: list[int] = []
    word: list[int] = []

    def flush() -> None:
        if not word:
            return
        padded = [32] + word + [32]
        n = len(padded)
        for i in range(n):
            h = FNV32
            for k in range(i, min(i + NGRAM_MAX, n)):
                h = ((h ^ padded[k]) * FNV32_PRIME) & M32
                if k == i and (i == 0 or i == n - 1):
                    continue  # a lone pad
                out.append(((h * FIB) & M32) >> shift)
        h = WORD_SEED
        for cp in padded:
            h = ((h ^ cp) * FNV32_PRIME) & M32
        out.append(((h * FIB) & M32) >> shift)
        word.clear()

    # Only Latin-script letters make words; every other character ends one. Rust's
    # char::is_alphabetic and str.isalpha agree on the Latin ranges.
    for ch in text[:MAX_CHARS]:
        if not is_latin(ch) or not ch.isalpha():
            flush()
            continue
        lowered = "i" if ch == "\u0130" else ch.lower()  # Turkish İ without the combining dot
        for c in lowered:
            if is_latin(c) and c.isalpha():
                word.append(ord(c))
            else:
                flush()
    flush()
    return out


# Latin letters a keyboard without the language's layout spells differently (NFD drops the
# other marks): Turkish dotless i, Polish ł, German ß, Nordic ø/æ.
FOLD = {"ı": "i", "ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "đ": "d", "Đ": "D", "œ": "oe"}
# German umlauts typed as their two-letter spelling.
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}


def strip_accents(text: str) -> str:
    """The text as typed without accents (scripts/triage_report.py folds its robustness row the same way)."""
    text = "".join(FOLD.get(c, c) for c in text)
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def spell_umlauts(text: str) -> str:
    return "".join(UMLAUTS.get(c, c) for c in text)


def load(data: Path) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(text, class, source) rows of the open training sets, and the files read."""
    ml = data / "multilingual"
    rows: list[tuple[str, str, str]] = []
    files: list[str] = []
    seen: set[tuple[str, str]] = set()

    def add(path: Path, lang: str, source: str) -> None:
        files.append(str(path.relative_to(data)))
        for r in read_rows(path):
            t = r["text"].strip()
            if t and (t.lower(), lang) not in seen:
                seen.add((t.lower(), lang))
                rows.append((t, lang, source))

    for lang in CLASSES:
        add(ml / "lid" / f"{lang}.csv", lang, "tatoeba")
        for folder in ("sentiment", "emotion"):
            p = ml / folder / f"{lang}-xed.csv"
            if p.exists():
                add(p, lang, "xed")
        p = ml / "abuse" / f"{lang}-hatecheck.csv"
        if p.exists():
            add(p, lang, "hatecheck")
    for name in ("en-banking77", "en-nlupp"):
        add(ml / "intent" / f"{name}.csv", "en", "polyai")
    return rows, files


def review_texts(folder: str) -> list[tuple[str, str, str]]:
    """(text, class, source) of the review-style fixture texts, core/tests/fixtures/<folder>/<lang>.tsv."""
    out = []
    for lang in CLASSES:
        path = ROOT / "core" / "tests" / "fixtures" / folder / f"{lang}.tsv"
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            label, _, text = line.partition("\t")
            if label in ("pos", "neg") and text.strip():
                out.append((text.strip(), lang, folder))
    return out


def sha256_of(data: Path, files: list[str]) -> str:
    h = hashlib.sha256()
    for f in sorted(set(files)):
        h.update(f.encode())
        h.update(hashlib.sha256((data / f).read_bytes()).digest())
    return h.hexdigest()


class Feats:
    """Feature occurrences of many texts, as flat arrays."""

    def __init__(self, texts: list[str], bits: int):
        idx: list[int] = []
        ptr = [0]
        for t in texts:
            idx.extend(features(t, bits))
            ptr.append(len(idx))
        self.idx = np.asarray(idx, dtype=np.int64)
        self.ptr = np.asarray(ptr, dtype=np.int64)
        self.n = len(texts)

    def rows(self, sel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices of the selected texts and the batch row of each."""
        starts, ends = self.ptr[sel], self.ptr[sel + 1]
        lens = ends - starts
        rowid = np.repeat(np.arange(len(sel)), lens)
        offs = np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)
        return self.idx[np.repeat(starts, lens) + offs], rowid


def logits(w: np.ndarray, b: np.ndarray, f: Feats, sel: np.ndarray) -> np.ndarray:
    idx, rowid = f.rows(sel)
    out = np.zeros((len(sel), w.shape[1]), dtype=w.dtype)
    contrib = w[idx]
    for c in range(w.shape[1]):
        out[:, c] = np.bincount(rowid, weights=contrib[:, c], minlength=len(sel))
    return out + b


def train(f: Feats, y: np.ndarray, bits: int, epochs: int, l2: float, seed: int = 20261129) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    nb, nc = 1 << bits, len(CLASSES)
    w = np.zeros((nb, nc), dtype=np.float64)
    b = np.zeros(nc, dtype=np.float64)
    counts = np.bincount(y, minlength=nc).astype(np.float64)
    cw = (len(y) / (nc * np.maximum(counts, 1)))[y]  # class-balanced sample weights
    mw, vw, mb, vb = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    lr, b1, b2, eps, step = 0.02, 0.9, 0.999, 1e-8, 0
    batch = 512
    # The step size decays linearly to a tenth over the run, so the weights settle instead
    # of ending wherever the last batches pushed them.
    total = epochs * ((f.n + batch - 1) // batch)
    for _ in range(epochs):
        order = rng.permutation(f.n)
        for s in range(0, f.n, batch):
            sel = order[s : s + batch]
            z = logits(w, b, f, sel)
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(sel)), y[sel]] -= 1.0
            p *= cw[sel][:, None] / len(sel)
            idx, rowid = f.rows(sel)
            gw = np.zeros_like(w)
            for c in range(nc):
                gw[:, c] = np.bincount(idx, weights=p[rowid, c], minlength=nb)
            gw += l2 * w
            gb = p.sum(axis=0)
            step += 1
            rate = lr * (1.0 - 0.9 * (step - 1) / max(total - 1, 1))
            for g, m, v, x in ((gw, mw, vw, w), (gb, mb, vb, b)):
                m *= b1
                m += (1 - b1) * g
                v *= b2
                v += (1 - b2) * g * g
                x -= rate * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + eps)
    return w, b


def quantise(w: np.ndarray, b: np.ndarray, max_scale: float) -> tuple[np.ndarray, np.ndarray, float]:
    # One int8 step is at most 1/max_scale nat: finer steps make the weights less
    # compressible (the gzipped browser module grows) and, measured, right no more texts.
    scale = min(127.0 / float(np.quantile(np.abs(w[w != 0]), 0.9999)), max_scale)
    scale = round(scale, 3)
    wq = np.clip(np.rint(w * scale), -127, 127).astype(np.int8)
    bq = np.rint(b * scale).astype(np.int32)
    return wq, bq, scale


def predict_q(wq: np.ndarray, bq: np.ndarray, f: Feats) -> tuple[np.ndarray, np.ndarray]:
    """Class and margin (in quantised units) of each text, with integer sums as in Rust."""
    sel = np.arange(f.n)
    z = logits(wq.astype(np.int64), bq.astype(np.int64), f, sel)
    order = np.argsort(-z, axis=1, kind="stable")
    top = order[:, 0]
    margin = z[sel, top] - z[sel, order[:, 1]]
    return top, margin


def min_margin(text: str, scale: float, nats: float = 1.0, full: int = 16) -> int:
    """The margin the core needs to name a language without a prior (language_min_margin,
    grown by full / letters on a short text), in quantised units."""
    letters = sum(1 for ch in text[:200] if is_latin(ch) and ch.isalpha())
    return round(nats * scale) * full // max(1, min(letters, full))


def bucket(n: int) -> str:
    return "<=20" if n <= 20 else "21-60" if n <= 60 else ">60"


def report(title: str, texts: list[str], gold: list[str], pred: np.ndarray) -> dict[str, dict[str, float]]:
    acc: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for t, g, p in zip(texts, gold, pred):
        ok = p >= 0 and CLASSES[p] == g
        for k in (bucket(len(t)), "all", ">20" if len(t) > 20 else None):
            if k:
                acc[g][k][0] += ok
                acc[g][k][1] += 1
    print(f"\n{title}\n| language | n | <=20 | 21-60 | >60 | >20 | all |\n|---|---|---|---|---|---|---|")
    out = {}
    for g in sorted(acc):
        a = acc[g]
        cell = lambda k: f"{a[k][0] / a[k][1]:.3f}" if a[k][1] else "—"  # noqa: E731
        print(f"| {g} | {a['all'][1]} | {cell('<=20')} | {cell('21-60')} | {cell('>60')} | {cell('>20')} | {cell('all')} |")
        out[g] = {k: v[0] / v[1] for k, v in a.items() if v[1]}
    return out


def write_model(wq: np.ndarray, bq: np.ndarray, scale: float, bits: int, provenance: dict) -> bytes:
    header = {
        "format": 1,
        "version": MODEL_VERSION,
        "classes": CLASSES,
        "stride": STRIDE,
        "bucket_bits": bits,
        "ngram_min": 1,
        "ngram_max": NGRAM_MAX,
        "word_feature": True,
        "max_chars": MAX_CHARS,
        "hash": "fnv1a32 over code points, seed 0x811c9dc5 (n-grams) / 0x9e3779b9 (words), bucket = (h * 0x9e3779b1) >> (32 - bits)",
        "scale": f"{scale:.3f}",
        "provenance": provenance,
    }
    hb = json.dumps(header, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    nb, nc = wq.shape
    rows = np.zeros((nb, STRIDE), dtype=np.int8)
    rows[:, :nc] = wq
    bias = np.zeros(STRIDE, dtype=np.int32)
    bias[:nc] = bq
    return MAGIC + struct.pack("<I", len(hb)) + hb + bias.astype("<i4").tobytes() + rows.tobytes()


def ood_sets(data: Path) -> dict[str, tuple[str, list[str]]]:
    olist = [
        " ".join(x for x in (r.get("review_comment_title"), r.get("review_comment_message")) if x and x.strip())
        for r in read_rows(data / "olist" / "olist_order_reviews_dataset.csv")
    ]
    bitext = [
        r["utterance"]
        for s in ("Training", "Validation")
        for r in read_rows(data / "bitext" / f"Bitext_Sample_Customer_Service_{s}_Dataset.csv")
    ]
    return {"olist (pt)": ("pt", [t for t in olist if t.strip()]), "bitext (en)": ("en", bitext)}


def read_model(path: Path) -> tuple[np.ndarray, np.ndarray, float, int]:
    """Weights, biases, scale and bucket bits of a model file written by write_model."""
    blob = path.read_bytes()
    (n,) = struct.unpack("<I", blob[8:12])
    h = json.loads(blob[12 : 12 + n])
    bias = np.frombuffer(blob[12 + n : 12 + n + 4 * STRIDE], dtype="<i4")[: len(h["classes"])]
    rows = np.frombuffer(blob[12 + n + 4 * STRIDE :], dtype=np.int8).reshape(-1, STRIDE)
    return rows[:, : len(h["classes"])], bias, float(h["scale"]), int(h["bucket_bits"])


def evaluate(wq: np.ndarray, bq: np.ndarray, scale: float, bits: int, test_rows: list, ood: dict) -> None:
    for src in ("tatoeba", "xed", "hatecheck", "polyai"):
        part = [r for r in test_rows if r[2] == src]
        if part:
            top, _ = predict_q(wq, bq, Feats([t for t, _, _ in part], bits))
            report(f"held out: {src}", [t for t, _, _ in part], [c for _, c, _ in part], top)
    for name, (lang, texts) in ood.items():
        top, _ = predict_q(wq, bq, Feats(texts, bits))
        report(f"out of domain: {name}", texts, [lang] * len(texts), top)
    # Measured only, never trained on: the review holdout, as written and folded.
    review = review_texts("review_holdout")
    for name, texts in (("", [t for t, _, _ in review]), (", folded", [strip_accents(t) for t, _, _ in review])):
        top, margin = predict_q(wq, bq, Feats(texts, bits))
        named = np.asarray([p if m >= min_margin(t, scale) else -1 for t, p, m in zip(texts, top, margin)])
        report(f"review holdout{name} (no hint; an unclear text names none)", texts, [c for _, c, _ in review], named)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bits", type=int, default=13, help="log2 of the bucket count")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--l2", type=float, default=1e-6)
    ap.add_argument("--fragments", type=float, default=0.5, help="share of texts that also give a short word window")
    ap.add_argument("--words", type=float, default=0.25, help="share of texts that also give one word")
    ap.add_argument("--word-min", type=int, default=5, help="letters a one-word fragment has at least")
    ap.add_argument("--en-bias", type=float, default=1.5, help="nats added to the English bias after training")
    ap.add_argument("--max-scale", type=float, default=38.0, help="int8 steps per nat at most")
    ap.add_argument("--probe-copies", type=int, default=3, help="times the review probes are repeated")
    ap.add_argument("--no-unsupported", action="store_true", help="train without the id/vi classes")
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--eval", help="print the held-out tables of this model file instead of training")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    np.seterr(all="ignore")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    data = data_dir()
    rows, files = load(data)
    if args.no_unsupported:
        rows = [r for r in rows if r[1] not in ("id", "vi")]
    train_rows = [r for r in rows if not held_out(r[0])]
    test_rows = [r for r in rows if held_out(r[0])]
    # The review-style development texts (core/tests/fixtures/review_probes; never the
    # review_holdout texts, which measure), repeated: few next to the sentence sets, but
    # written the way buyers write.
    train_rows += review_texts("review_probes") * args.probe_copies
    # Accent-stripped copies: buyers often type without accents (German also as ae/oe/ue).
    folded = [(strip_accents(t), c, s) for t, c, s in train_rows if c != "vi" and strip_accents(t) != t]
    folded += [(spell_umlauts(t), c, s) for t, c, s in train_rows if c == "de" and spell_umlauts(t) != t]
    train_rows += [r for r in folded if not held_out(r[0])]
    # Short windows of longer texts: buyers write two-word messages too; and single words
    # (compounds, one-word verdicts) of any text.
    rng = np.random.default_rng(7)
    frags = []
    for t, c, src in train_rows:
        words = t.split()
        if len(words) >= 4 and rng.random() < args.fragments:
            k = int(rng.integers(2, 4))
            i = int(rng.integers(0, len(words) - k + 1))
            frag = " ".join(words[i : i + k])
            if not held_out(frag):  # never train on a text the evaluation holds out
                frags.append((frag, c, src))
        long_words = [w for w in words if sum(ch.isalpha() for ch in w) >= args.word_min]
        if long_words and rng.random() < args.words:
            frag = long_words[int(rng.integers(0, len(long_words)))]
            if not held_out(frag):
                frags.append((frag, c, src))
    train_rows += frags
    print(f"{len(train_rows)} training texts, {len(test_rows)} held out", file=sys.stderr)
    ci = {c: i for i, c in enumerate(CLASSES)}
    ood = ood_sets(data)
    if args.eval:
        wq, bq, scale, bits = read_model(Path(args.eval))
        evaluate(wq, bq, scale, bits, test_rows, ood)
        return
    for bits in [11, 12, 13, 14] if args.sweep else [args.bits]:
        ftr = Feats([t for t, _, _ in train_rows], bits)
        y = np.asarray([ci[c] for _, c, _ in train_rows])
        w, b = train(ftr, y, bits, args.epochs, args.l2)
        # The augmentation makes foreign text look more English (no accents, short English-
        # looking words): English gets back `en_bias` nats of prior, measured on held-out
        # Tatoeba and Bitext texts (docs/triage.md#training-data).
        b[ci["en"]] += args.en_bias
        wq, bq, scale = quantise(w, b, args.max_scale)
        print(f"\n## bits={bits} scale={scale}")
        evaluate(wq, bq, scale, bits, test_rows, ood)
        if args.sweep:
            continue
        provenance = {
            "trained_by": "scripts/train_langid.py",
            "data_sha256": sha256_of(data, files),
            "files": sorted(set(files)),
            "sources": {
                "tatoeba": "facebookresearch/LASER@74bc6ae7ffb7cba670fe0f428d0ede9f666fb821 data/tatoeba/v1 (Tatoeba, CC BY 2.0 FR)",
                "xed": "Helsinki-NLP/XED@76666d251f147cf518071bef4f8415dab6b96115 (CC BY 4.0)",
                "hatecheck": "rewire-online/multilingual-hatecheck@a03f2caf2023a402d85064bda243e46d280408f0, paul-rottger/hatecheck-data@d84302298ceeb34f4b0dde2d8a1f4932c2caa612 (CC BY 4.0)",
                "polyai": "PolyAI-LDN/task-specific-datasets@57ec275d8078af65b7731c2a98be812d844a6d6b (CC BY 4.0)",
            },
            "held_out": "fnv1a64(utf-8 text) % 5 == 0",
            "train_texts": len(train_rows),
            "epochs": args.epochs,
            "fragments": args.fragments,
            "words": args.words,
            "word_min": args.word_min,
            "probe_copies": args.probe_copies,
            "review_probes": "core/tests/fixtures/review_probes/<lang>.tsv (the project's own texts)",
            "l2": args.l2,
            "max_scale": args.max_scale,
            "en_bias": args.en_bias,
        }
        blob = write_model(wq, bq, scale, bits, provenance)
        out = Path(args.out)
        if args.check:
            same = out.exists() and out.read_bytes() == blob
            print(f"\n{out}: {'identical' if same else 'DIFFERS'}")
            sys.exit(0 if same else 1)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(blob)
        print(f"\nwrote {out} ({len(blob)} bytes)")


if __name__ == "__main__":
    main()
