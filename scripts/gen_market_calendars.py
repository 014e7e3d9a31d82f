#!/usr/bin/env python3
"""Generates core/data/market_calendars.toml: each market's time zone, weekend and public
holidays for the current year and the next five, from the maintained Python `holidays`
package (https://github.com/vacanza/holidays), so no holiday list is written by hand; and
each market's currency in force on the first day of the data, from the Unicode CLDR as
shipped by the maintained `babel` package (`policy check` reports a market whose currency
has no rate).

    pip install -r scripts/requirements-data.txt
    python3 scripts/gen_market_calendars.py            # rewrite the data file
    python3 scripts/gen_market_calendars.py --check    # fail when the file is out of date

Run it every year (a Rust test fails when the data stops covering the next 12 months) and
whenever a government announces a new holiday; review the diff like any policy change.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import babel
import holidays
from babel.numbers import get_territory_currencies

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "core" / "data" / "market_calendars.toml"
FIRST_YEAR = 2026
YEARS = 6  # the first year and the next five

# Market -> (IANA zone where most of its commerce and its capital are, subdivision or None).
# Countries spanning zones take their business capital's zone; a seller with a team per
# region writes its own calendar in the policy, which wins over these.
MARKETS: dict[str, tuple[str, str | None]] = {
    # European Union
    "AT": ("Europe/Vienna", None), "BE": ("Europe/Brussels", None), "BG": ("Europe/Sofia", None),
    "HR": ("Europe/Zagreb", None), "CY": ("Asia/Nicosia", None), "CZ": ("Europe/Prague", None),
    "DK": ("Europe/Copenhagen", None), "EE": ("Europe/Tallinn", None), "FI": ("Europe/Helsinki", None),
    "FR": ("Europe/Paris", None), "DE": ("Europe/Berlin", None), "GR": ("Europe/Athens", None),
    "HU": ("Europe/Budapest", None), "IE": ("Europe/Dublin", None), "IT": ("Europe/Rome", None),
    "LV": ("Europe/Riga", None), "LT": ("Europe/Vilnius", None), "LU": ("Europe/Luxembourg", None),
    "MT": ("Europe/Malta", None), "NL": ("Europe/Amsterdam", None), "PL": ("Europe/Warsaw", None),
    "PT": ("Europe/Lisbon", None), "RO": ("Europe/Bucharest", None), "SK": ("Europe/Bratislava", None),
    "SI": ("Europe/Ljubljana", None), "ES": ("Europe/Madrid", None), "SE": ("Europe/Stockholm", None),
    # Rest of Europe
    "GB": ("Europe/London", "ENG"), "CH": ("Europe/Zurich", None), "NO": ("Europe/Oslo", None),
    "TR": ("Europe/Istanbul", None),
    # Americas
    "US": ("America/New_York", None), "CA": ("America/Toronto", None), "MX": ("America/Mexico_City", None),
    "BR": ("America/Sao_Paulo", None), "AR": ("America/Argentina/Buenos_Aires", None),
    "CL": ("America/Santiago", None), "CO": ("America/Bogota", None),
    # Asia-Pacific
    "AU": ("Australia/Sydney", None), "NZ": ("Pacific/Auckland", None), "JP": ("Asia/Tokyo", None),
    "CN": ("Asia/Shanghai", None), "HK": ("Asia/Hong_Kong", None), "TW": ("Asia/Taipei", None),
    "KR": ("Asia/Seoul", None), "SG": ("Asia/Singapore", None), "MY": ("Asia/Kuala_Lumpur", None),
    "TH": ("Asia/Bangkok", None), "VN": ("Asia/Ho_Chi_Minh", None), "ID": ("Asia/Jakarta", None),
    "PH": ("Asia/Manila", None), "IN": ("Asia/Kolkata", None),
    # Middle East and Africa
    "SA": ("Asia/Riyadh", None), "AE": ("Asia/Dubai", None), "QA": ("Asia/Qatar", None),
    "KW": ("Asia/Kuwait", None), "BH": ("Asia/Bahrain", None), "OM": ("Asia/Muscat", None),
    "IL": ("Asia/Jerusalem", None), "EG": ("Africa/Cairo", None), "MA": ("Africa/Casablanca", None),
    "ZA": ("Africa/Johannesburg", None), "NG": ("Africa/Lagos", None), "KE": ("Africa/Nairobi", None),
}

# Days that are not public holidays by law but on which shops, carriers and support teams
# close all the same (matched on the package's English holiday names, optional category).
OBSERVED_OPTIONAL = {"BR": ("Carnival", "Corpus Christi")}

# Religious observances that are not public holidays: no business day is lost, but no
# message meant for the buyer should arrive (DOMAIN §4, quiet windows). Taken from the
# package's religious categories where it has them for a market, and from its other
# categories by the English name of the observance (never written as dates by hand).
RELIGIOUS_CATEGORIES = ("catholic", "christian", "hebrew", "hindu", "islamic", "orthodox", "protestant")
OTHER_CATEGORIES = ("optional", "unofficial", "bank", "de_facto", "government", "half_day")
RELIGIOUS_NAMES = (
    "Christmas Eve", "Good Friday", "Holy Saturday", "Easter", "Eid", "Arafah", "Ramadan",
    "Pesach", "Passover", "Sukkot", "Purim", "Rosh Hashanah", "Yom Kippur", "Shavuot",
    "Diwali", "Deepavali", "Vesak", "Buddha", "Chinese New Year", "Lunar New Year",
)

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def market_holidays(code: str, subdiv: str | None) -> tuple[list[str], list[str]]:
    years = range(FIRST_YEAR, FIRST_YEAR + YEARS)
    public = holidays.country_holidays(code, subdiv=subdiv, years=years, language="en_US")
    dates = {d.isoformat() for d in public}
    keep = OBSERVED_OPTIONAL.get(code)
    if keep:
        optional = holidays.country_holidays(code, subdiv=subdiv, years=years, categories=("optional",), language="en_US")
        dates |= {d.isoformat() for d, name in optional.items() if any(k in name for k in keep)}
    weekend = sorted(public.weekend)
    return sorted(dates), [DAYS[d] for d in weekend]


def market_observances(code: str, subdiv: str | None, public: set[str]) -> list[str]:
    years = range(FIRST_YEAR, FIRST_YEAR + YEARS)
    supported = holidays.country_holidays(code, subdiv=subdiv, years=FIRST_YEAR).supported_categories
    found: set[str] = set()
    for cat in supported:
        if cat in RELIGIOUS_CATEGORIES:
            found |= {d.isoformat() for d in holidays.country_holidays(code, subdiv=subdiv, years=years, categories=(cat,))}
        elif cat in OTHER_CATEGORIES:
            days = holidays.country_holidays(code, subdiv=subdiv, years=years, categories=(cat,), language="en_US")
            found |= {d.isoformat() for d, name in days.items() if any(k in name for k in RELIGIOUS_NAMES)}
    return sorted(found - public)


def market_currency(code: str) -> str:
    found = get_territory_currencies(code, start_date=date(FIRST_YEAR, 1, 1), tender=True)
    if not found:
        sys.exit(f"no currency in CLDR for {code}")
    return found[0]


def render() -> str:
    lines = [
        "# Public holidays, weekends and time zones per market. Generated by",
        "# scripts/gen_market_calendars.py; do not edit by hand.",
        f'source = "Python holidays package {holidays.__version__} (public holidays; Brazil adds Carnival and Corpus Christi; observances: religious categories and religious days of other categories)"',
        f'holidays_version = "{holidays.__version__}"',
        f'currency_source = "Unicode CLDR via babel {babel.__version__}, currencies in force on {FIRST_YEAR}-01-01"',
        f"first_year = {FIRST_YEAR}",
        f"last_year = {FIRST_YEAR + YEARS - 1}",
        "",
    ]
    for code in sorted(MARKETS):
        zone, subdiv = MARKETS[code]
        dates, weekend = market_holidays(code, subdiv)
        lines.append(f"[markets.{code}]")
        lines.append(f'zone = "{zone}"')
        lines.append(f'currency = "{market_currency(code)}"')
        if subdiv:
            lines.append(f'subdivision = "{subdiv}"')
        lines.append("weekend = [" + ", ".join(f'"{d}"' for d in weekend) + "]")
        lines.append("holidays = [")
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            row = [d for d in dates if d.startswith(str(year))]
            lines.append("  " + ", ".join(f'"{d}"' for d in row) + ",")
        lines.append("]")
        observances = market_observances(code, subdiv, set(dates))
        if observances:
            lines.append("observances = [" + ", ".join(f'"{d}"' for d in observances) + "]")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail when the committed file differs")
    args = ap.parse_args()
    text = render()
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            sys.exit(f"{OUT.relative_to(ROOT)} is out of date: run scripts/gen_market_calendars.py")
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(MARKETS)} markets, {FIRST_YEAR}-{FIRST_YEAR + YEARS - 1}")


if __name__ == "__main__":
    main()
