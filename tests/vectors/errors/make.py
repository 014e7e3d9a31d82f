#!/usr/bin/env python3
"""Writes the bad-input catalogue: one vector per hostile input, with `expected: null`.
Bless with `AMENDS_BLESS=1 cargo test -p amends --test vectors`, then read every
expectation. Existing files keep their blessed expectation unless the input changed."""
import copy, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = "2026-11-20T12:00:00Z"

BASE = {
    "id": "c-err-1",
    "received_at": "2026-11-20T09:00:00Z",
    "store": {"id": "de-amz-1", "marketplace": "amazon", "country": "DE", "group": "acme"},
    "channel": "email",
    "text": "Mein Paket ist nach drei Wochen immer noch nicht da.",
    "language_hint": "de",
    "claim": {"kind": "refund", "amount": {"amount": "59.90", "currency": "EUR"}, "skus": ["SOFA-COVER-L"]},
    "order": {
        "id": "o-1",
        "placed_at": "2026-10-28T10:00:00Z",
        "paid_at": "2026-10-28T10:05:00Z",
        "total": {"amount": "59.90", "currency": "EUR"},
        "items": [{"sku": "SOFA-COVER-L", "quantity": 1,
                   "unit_price": {"amount": "54.90", "currency": "EUR"},
                   "product_category": "home_textiles"}],
        "shipment": {"carrier": "yanwen", "origin": "CN", "destination": "DE",
                     "shipped_at": "2026-10-29T08:00:00Z",
                     "estimated_delivery_at": "2026-11-12T00:00:00Z",
                     "status": "in_transit"},
        "compensation_given": {"amount": "5.00", "currency": "EUR"},
    },
    "buyer": {"id": "b-9", "tier": "silver", "country": "DE", "language": "de",
              "account_created_at": "2025-01-01T00:00:00Z",
              "history": {"orders": 4, "claims": 1, "not_received_claims": 1,
                          "order_value": {"amount": "240.00", "currency": "EUR"},
                          "refunded_value": {"amount": "20.00", "currency": "EUR"}},
              "linked_accounts": ["h-1"]},
    "evidence": [{"kind": "photo", "from": "buyer",
                  "sha256": "dda43d1c3aa633b2c7a4d42d8eb95e92348f737ce48ed56d7d25f718ca028af3"}],
    "dispute": {"kind": "a_to_z", "opened_at": "2026-11-19T00:00:00Z"},
    "fx_rates": [{"from": "EUR", "to": "USD", "rate": "1.16"}],
}

BASE_TEXT = json.dumps(BASE, ensure_ascii=False)
VECTORS = []


def add(name, description, **kw):
    v = {"name": name, "description": description, "policy": "default"}
    v.update(kw)
    v.setdefault("now", NOW)
    VECTORS.append(v)


def step(obj, key):
    return obj[int(key)] if isinstance(obj, list) else obj[key]


def case(path=None, value=None, delete=False):
    c = copy.deepcopy(BASE)
    if path is None:
        return c
    keys = path.split(".")
    obj = c
    for k in keys[:-1]:
        obj = step(obj, k)
    last = keys[-1]
    if isinstance(obj, list):
        last = int(last)
    if delete:
        del obj[last]
    else:
        obj[last] = value
    return c


def mutate(name, description, path, value):
    add(name, description, input=case(path, value))


def missing(name, description, path):
    add(name, description, input=case(path, delete=True))


def text(name, description, t):
    add(name, description, input_text=t)


def policy(name, description, toml_text):
    add(name, description, op="policy_check", input_text=toml_text)
    VECTORS[-1].pop("now")
    VECTORS[-1].pop("policy")


# ---------------------------------------------------------------- malformed JSON
text("json_empty_document", "An empty document is truncated JSON.", "")
text("json_whitespace_only", "White space alone is truncated JSON.", "  \n\t ")
text("json_open_brace_only", "A lone opening brace is truncated JSON.", "{")
text("json_truncated_in_string", "A document cut inside a string is truncated.", BASE_TEXT[:40])
text("json_truncated_in_nested_object", "A document cut inside the order is truncated.", BASE_TEXT[: BASE_TEXT.index('"shipment"')])
text("json_trailing_comma", "A trailing comma is a syntax error.", BASE_TEXT[:-1] + ",}")
text("json_single_quotes", "Single-quoted strings are not JSON.", "{'id': 'c1'}")
text("json_unquoted_key", "Unquoted keys are not JSON.", '{id: "c1"}')
text("json_bare_word", "A bare word is not JSON.", "hello")
text("json_null_document", "null is not a case.", "null")
text("json_array_document", "An array is not a case.", "[]")
text("json_number_document", "A number is not a case.", "42")
text("json_string_document", "A string is not a case.", '"c1"')
text("json_line_comment", "Comments are not JSON.", "// a case\n" + BASE_TEXT)
text("json_two_documents", "Two concatenated documents are trailing garbage.", BASE_TEXT + BASE_TEXT)
text("json_duplicate_key", "A field given twice is refused.", BASE_TEXT.replace('"id": "c-err-1"', '"id": "a", "id": "b"', 1))
text("json_nan_literal", "NaN is not a JSON value.", BASE_TEXT.replace('"amount": "59.90"', '"amount": NaN', 1))
text("json_raw_newline_in_string", "A raw control character inside a string is refused.", BASE_TEXT.replace("immer noch", "immer\nnoch"))
text("json_invalid_escape", "\\x is not a JSON escape.", BASE_TEXT.replace("immer noch", "immer \\x41 noch"))
text("json_lone_high_surrogate", "An escaped lone surrogate cannot become UTF-8.", BASE_TEXT.replace("immer noch", "immer \\ud800 noch"))
text("json_lone_low_surrogate", "An escaped lone low surrogate cannot become UTF-8.", BASE_TEXT.replace("immer noch", "immer \\udc00 noch"))
text("json_reversed_surrogate_pair", "A low surrogate before a high one cannot become UTF-8.", BASE_TEXT.replace("immer noch", "\\udc00\\ud800"))
text("json_byte_order_mark", "A byte order mark before the document is refused.", "\ufeff" + BASE_TEXT)
text("json_missing_colon", "A key without a colon is a syntax error.", '{"id" "c1"}')
text("json_unclosed_array", "An unclosed array inside the case is a syntax error.", BASE_TEXT.replace('"skus": ["SOFA-COVER-L"]', '"skus": ["SOFA-COVER-L"'))

# ---------------------------------------------------------------- wrong types
mutate("type_id_number", "The case id must be a string.", "id", 17)
mutate("type_id_null", "The case id must not be null.", "id", None)
mutate("type_received_at_number", "Times are RFC 3339 strings, not epoch numbers.", "received_at", 1763629200)
mutate("type_store_string", "The store is an object.", "store", "de-amz-1")
mutate("type_channel_number", "The channel is a string.", "channel", 3)
mutate("type_text_array", "The text is a string.", "text", ["a", "b"])
mutate("type_items_object", "Order lines are a list.", "order.items", {"sku": "A"})
mutate("type_quantity_string", "Quantities are integers, not strings.", "order.items.0.quantity", "1")
mutate("type_quantity_fraction", "Quantities are whole numbers.", "order.items.0.quantity", 1.5)
mutate("type_amount_integer", "Amounts are decimal strings, not numbers.", "order.total.amount", 59)
mutate("type_amount_bool", "Amounts are decimal strings, not booleans.", "order.total.amount", True)
mutate("type_currency_number", "Currencies are ISO 4217 codes, not numbers.", "order.total.currency", 978)
mutate("type_history_orders_string", "History counts are integers.", "buyer.history.orders", "4")
mutate("type_evidence_object", "Evidence is a list.", "evidence", {"kind": "photo"})
mutate("type_skus_string", "Claim SKUs are a list.", "claim.skus", "SOFA-COVER-L")
mutate("type_dispute_opened_at_null", "A dispute's opening time is required, not null.", "dispute.opened_at", None)
mutate("type_fx_rate_number", "Exchange rates are decimal strings.", "fx_rates.0.rate", 1.16)
mutate("type_bot_turns_negative", "Bot turns cannot be negative.", "unresolved_bot_turns", -1)
mutate("type_quantity_negative", "Quantities cannot be negative.", "order.items.0.quantity", -1)
mutate("type_quantity_over_u32", "Quantities beyond 4294967295 are out of range.", "order.items.0.quantity", 4294967296)
mutate("type_orders_huge_integer", "Counts beyond 32 bits are out of range.", "buyer.history.orders", 10**30)

# ---------------------------------------------------------------- unknown variants
mutate("variant_marketplace", "Marketplaces are a closed list.", "store.marketplace", "etsy")
mutate("variant_channel", "Channels are a closed list.", "channel", "fax")
mutate("variant_channel_case", "Channel names are snake_case, case-sensitive.", "channel", "Email")
mutate("variant_category_hint", "Category hints are a closed list.", "category_hint", "lost_in_space")
mutate("variant_shipment_status", "Shipment statuses are a closed list.", "order.shipment.status", "teleported")
mutate("variant_tier", "Loyalty tiers are a closed list.", "buyer.tier", "diamond")
mutate("variant_claim_kind", "Claim kinds are a closed list.", "claim.kind", "free_money")
mutate("variant_evidence_kind", "Evidence kinds are a closed list.", "evidence.0.kind", "hearsay")
mutate("variant_party", "Evidence parties are a closed list.", "evidence.0.from", "neighbour")
mutate("variant_proof_of_delivery", "Proofs of delivery are a closed list.", "order.shipment.proof_of_delivery", "pinky_promise")
mutate("variant_dispute_kind", "Dispute kinds are a closed list.", "dispute.kind", "small_claims")

# ---------------------------------------------------------------- missing fields
missing("missing_id", "A case needs an id.", "id")
missing("missing_received_at", "A case needs its receipt time.", "received_at")
missing("missing_channel", "A case needs its channel.", "channel")
missing("missing_order_total", "An order needs its total.", "order.total")
missing("missing_unit_price", "An order line needs its unit price.", "order.items.0.unit_price")
missing("missing_shipment_status", "A shipment needs its status.", "order.shipment.status")
missing("missing_claim_kind", "A claim needs its kind.", "claim.kind")
missing("missing_money_currency", "Money needs its currency.", "order.total.currency")
missing("missing_evidence_from", "An evidence item needs its party.", "evidence.0.from")

# ---------------------------------------------------------------- amounts
mutate("amount_negative_total", "An order total cannot be negative.", "order.total.amount", "-59.90")
mutate("amount_negative_unit_price", "A unit price cannot be negative.", "order.items.0.unit_price.amount", "-1.00")
mutate("amount_negative_claim", "A claimed amount cannot be negative.", "claim.amount.amount", "-10.00")
mutate("amount_negative_compensation", "Compensation given cannot be negative.", "order.compensation_given.amount", "-5.00")
mutate("amount_negative_history", "Refunded value cannot be negative.", "buyer.history.refunded_value.amount", "-1.00")
mutate("amount_exponent_upper", "Exponent notation is refused in amounts.", "order.total.amount", "5.99E1")
mutate("amount_decimal_comma", "A decimal comma is not a decimal point.", "order.total.amount", "59,90")
mutate("amount_empty", "An empty amount is invalid.", "order.total.amount", "")
mutate("amount_leading_space", "Amounts have no surrounding spaces.", "order.total.amount", " 59.90")
mutate("amount_plus_sign", "Amounts carry no plus sign.", "order.total.amount", "+59.90")
mutate("amount_nan_string", "NaN is not an amount.", "order.total.amount", "NaN")
mutate("amount_infinity_string", "Infinity is not an amount.", "order.total.amount", "Infinity")
mutate("amount_hex", "Hexadecimal is not an amount.", "order.total.amount", "0x3B")
mutate("amount_two_points", "An amount has at most one decimal point.", "order.total.amount", "59.9.0")
mutate("amount_double_minus", "A doubled minus sign is invalid.", "order.total.amount", "--59.90")
mutate("amount_precision_eur", "EUR has two decimals.", "order.total.amount", "59.901")
mutate("amount_precision_eur_tiny", "A thousandth of a euro does not exist.", "order.compensation_given.amount", "0.001")
mutate("amount_absurd_total", "Amounts above 10^15 units are refused.", "order.total.amount", "1000000000000000.01")
mutate("amount_absurd_claim", "A claim of a quadrillion euros is refused.", "claim.amount.amount", "5000000000000000")
mutate("amount_beyond_decimal", "An amount beyond 96-bit decimals is invalid.", "order.total.amount", "99999999999999999999999999999")
mutate("amount_forty_digits", "An amount longer than 40 characters is invalid.", "order.total.amount", "1" * 41)
mutate("amount_absurd_history", "An absurd order history value is refused.", "buyer.history.order_value.amount", "100000000000000000")
mutate("amount_fx_rate_zero", "An exchange rate of zero is invalid.", "fx_rates.0.rate", "0")
mutate("amount_fx_rate_negative", "A negative exchange rate is invalid.", "fx_rates.0.rate", "-1.16")
mutate("amount_fx_rate_exponent", "Exchange rates are plain decimals.", "fx_rates.0.rate", "1e3")
add("amount_fx_rate_self_not_one", "A rate from a currency to itself must be 1.",
    input=case("fx_rates", [{"from": "EUR", "to": "EUR", "rate": "1.10"}]))

# ---------------------------------------------------------------- currencies
mutate("currency_unknown", "EUX is not an ISO 4217 code.", "order.total.currency", "EUX")
mutate("currency_lower_case", "Currency codes are upper case.", "order.total.currency", "eur")
mutate("currency_gold", "Gold (XAU) has no minor unit and is refused.", "order.total.currency", "XAU")
mutate("currency_empty", "An empty currency is refused.", "order.total.currency", "")
mutate("currency_four_letters", "Currency codes have three letters.", "order.total.currency", "EURO")
mutate("currency_fx_unknown", "Exchange rates need known currencies.", "fx_rates.0.from", "BTC")
mutate("currency_precision_kwd", "KWD has three decimals.", "claim.amount", {"amount": "1.2345", "currency": "KWD"})

# ---------------------------------------------------------------- mixed currencies
mutate("mixed_compensation_currency", "Compensation given must be in the order's currency.", "order.compensation_given.currency", "USD")
mutate("mixed_item_currency_gbp", "Order lines must be in the order's currency.", "order.items.0.unit_price.currency", "GBP")

# ---------------------------------------------------------------- impossible dates
mutate("date_february_30", "February 30 does not exist.", "received_at", "2026-02-30T09:00:00Z")
mutate("date_february_29_common_year", "2026 is not a leap year.", "order.placed_at", "2026-02-29T10:00:00Z")
mutate("date_month_13", "There is no month 13.", "received_at", "2026-13-01T09:00:00Z")
mutate("date_hour_25", "There is no hour 25.", "received_at", "2026-11-20T25:00:00Z")
mutate("date_minute_60", "There is no minute 60.", "received_at", "2026-11-20T09:60:00Z")
mutate("date_no_offset", "A time without an offset is ambiguous.", "received_at", "2026-11-20T09:00:00")
mutate("date_only", "A date alone is not a time.", "order.placed_at", "2026-10-28")
mutate("date_words", "Words are not a time.", "received_at", "yesterday")
mutate("date_offset_out_of_range", "Offsets beyond 24 hours are invalid.", "received_at", "2026-11-20T09:00:00+25:00")
mutate("date_empty", "An empty time is invalid.", "dispute.opened_at", "")
add("date_now_invalid", "`now` must be an RFC 3339 time.", input=case(), now="2026-11-31T00:00:00Z")

# ---------------------------------------------------------------- times out of order
mutate("order_paid_before_placed", "Payment cannot precede the order.", "order.paid_at", "2026-10-27T10:00:00Z")
mutate("order_shipped_before_placed", "Shipping cannot precede the order.", "order.shipment.shipped_at", "2026-10-01T00:00:00Z")
add("order_delivered_before_shipped", "Delivery cannot precede shipping.",
    input=case("order.shipment.delivered_at", "2026-10-28T12:00:00Z"))
c = case("order.shipment.shipped_at", delete=True)
c["order"]["shipment"]["delivered_at"] = "2026-10-01T00:00:00Z"
add("order_delivered_before_placed", "Delivery cannot precede the order, even without a shipping time.", input=c)
mutate("order_estimate_before_placed", "A delivery estimate cannot precede the order.", "order.shipment.estimated_delivery_at", "2026-10-01T00:00:00Z")
mutate("order_received_before_placed", "A complaint cannot precede its order.", "received_at", "2026-10-01T00:00:00Z")
mutate("order_dispute_before_placed", "A dispute cannot precede its order.", "dispute.opened_at", "2026-10-01T00:00:00Z")
mutate("order_account_after_complaint", "The buyer's account cannot be created after the complaint.", "buyer.account_created_at", "2026-11-21T00:00:00Z")

# ---------------------------------------------------------------- sizes and emptiness
mutate("size_text_over_64k", "Complaint text over 64 KiB is refused.", "text", "x" * (64 * 1024 + 1))
mutate("size_id_over_256", "Ids over 256 bytes are refused.", "id", "i" * 257)
mutate("size_sku_over_256", "SKUs over 256 bytes are refused.", "order.items.0.sku", "S" * 257)
mutate("size_carrier_over_256", "Carrier names over 256 bytes are refused.", "order.shipment.carrier", "c" * 257)
mutate("size_language_hint_over_256", "Language hints over 256 bytes are refused.", "language_hint", "de-" * 90)
item = {"sku": "A", "quantity": 1, "unit_price": {"amount": "1.00", "currency": "EUR"}}
mutate("size_items_over_1000", "More than 1000 order lines are refused.", "order.items", [item] * 1001)
ev = BASE["evidence"][0]
mutate("size_evidence_over_200", "More than 200 evidence items are refused.", "evidence", [ev] * 201)
mutate("size_skus_over_1000", "More than 1000 claimed SKUs are refused.", "claim.skus", ["S"] * 1001)
mutate("empty_store_id", "The store id must not be empty.", "store.id", "")
mutate("empty_order_id_blank", "An order id of spaces is empty.", "order.id", "   ")
mutate("empty_sku", "An order line's SKU must not be empty.", "order.items.0.sku", "")
mutate("empty_claim_sku", "A claimed SKU must not be empty.", "claim.skus.0", "")
mutate("empty_linked_account", "A linked account id must not be empty.", "buyer.linked_accounts.0", "")
mutate("empty_buyer_id", "The buyer id must not be empty.", "buyer.id", "")
mutate("inconsistent_not_received_claims", "Not-received claims are a subset of all claims.", "buyer.history.not_received_claims", 3)
mutate("country_lower_case", "Country codes are upper case.", "store.country", "de")
mutate("country_three_letters", "Country codes have two letters.", "order.shipment.destination", "DEU")
mutate("country_market_digits", "A market is a country code.", "market", "49")
mutate("hash_short", "Evidence hashes have 64 hex digits.", "evidence.0.sha256", "abc123")
mutate("hash_not_hex", "Evidence hashes are hexadecimal.", "evidence.0.sha256", "g" * 64)

# ---------------------------------------------------------------- deep nesting
text("deep_array_in_text", "Deep nesting is refused before parsing.", BASE_TEXT.replace('"text": "', '"text": ' + "[" * 40 + "]" * 40 + ', "x": "', 1))
text("deep_objects_in_unknown_field", "Deep nesting in an unknown field is refused before parsing.", BASE_TEXT[:-1] + ', "extra": ' + '{"a":' * 1000 + "1" + "}" * 1000 + "}")
text("deep_unbalanced_brackets", "Ten thousand open brackets are refused at once.", "[" * 10000)
text("deep_brackets_in_strings_are_fine_but_type_wrong", "Brackets inside strings do not count as nesting; the wrong type is reported.", BASE_TEXT.replace('"id": "c-err-1"', '"id": ["' + "[" * 100 + '"]', 1))

# ---------------------------------------------------------------- unknown fields
mutate("unknown_top_level", "Unknown top-level fields are refused.", "colour", "red")
mutate("unknown_store_field", "Unknown store fields are refused.", "store.rating", 5)
mutate("unknown_item_field", "Unknown order line fields are refused.", "order.items.0.discount", "10%")
mutate("unknown_history_field", "Unknown history fields are refused.", "buyer.history.returns", 2)
mutate("unknown_money_field", "Money has only amount and currency.", "order.total.amount_minor", 5990)
mutate("unknown_shipment_field", "Unknown shipment fields are refused.", "order.shipment.tracking_number", "YT123")
mutate("unknown_field_case_sensitive", "Field names are case-sensitive.", "ID", "c-err-1")

# ---------------------------------------------------------------- policy contradictions
HEAD = '[policy]\nid = "acme.test"\nversion = "1"\n'
policy("policy_risk_first_band_not_zero", "The first risk band must start at 0.",
       HEAD + '[risk]\nbands = [{ name = "low", min_score = 10, action = "proceed" }]\n')
policy("policy_risk_bands_descending", "Risk bands must ascend.",
       HEAD + '[risk]\nbands = [{ name = "low", min_score = 0, action = "proceed" }, { name = "high", min_score = 70, action = "manual_review" }, { name = "mid", min_score = 40, action = "collect_evidence" }]\n')
policy("policy_risk_bands_equal", "Two risk bands cannot start at the same score.",
       HEAD + '[risk]\nbands = [{ name = "low", min_score = 0, action = "proceed" }, { name = "a", min_score = 50, action = "proceed" }, { name = "b", min_score = 50, action = "manual_review" }]\n')
policy("policy_risk_band_over_100", "Risk scores run to 100.",
       HEAD + '[risk]\nbands = [{ name = "low", min_score = 0, action = "proceed" }, { name = "high", min_score = 150, action = "manual_review" }]\n')
policy("policy_sla_zero_duration", "A deadline of zero is no deadline.",
       HEAD + '[sla]\ntargets = [{ name = "first_response", after = "0s" }]\n')
policy("policy_sla_empty_name", "A deadline needs a name.",
       HEAD + '[sla]\ntargets = [{ name = " ", after = "4h" }]\n')
policy("policy_sla_negative_duration", "Durations cannot be negative.",
       HEAD + '[sla]\ntargets = [{ name = "first_response", after = "-4h" }]\n')
policy("policy_sla_words_duration", "Durations are written like 4h, not in words.",
       HEAD + '[sla]\ntargets = [{ name = "first_response", after = "4 hours" }]\n')
policy("policy_sla_units_out_of_order", "Duration units go largest first.",
       HEAD + '[sla]\ntargets = [{ name = "first_response", after = "30m4h" }]\n')
policy("policy_sla_over_ten_years", "Durations over ten years are refused.",
       HEAD + '[sla]\ntargets = [{ name = "forever", after = "4000d" }]\n')
policy("policy_sla_unknown_channel", "SLA channels are a closed list.",
       HEAD + '[sla]\ntargets = [{ name = "fax_reply", after = "4h", channels = ["fax"] }]\n')
policy("policy_sla_unknown_field", "Unknown fields in a deadline are refused.",
       HEAD + '[sla]\ntargets = [{ name = "first_response", after = "4h", business_hours = true }]\n')
policy("policy_routing_empty_queue", "Routing needs a default queue.",
       HEAD + '[routing]\ndefault_queue = ""\n')
policy("policy_fx_negative_rate", "Reference rates must be positive.",
       HEAD + '[fx]\nbase = "USD"\nto_base = { EUR = "-1.16" }\n')
policy("policy_fx_zero_rate", "A zero reference rate is refused.",
       HEAD + '[fx]\nbase = "USD"\nto_base = { EUR = 0 }\n')
policy("policy_fx_nan_rate", "NaN is not a rate.",
       HEAD + '[fx]\nbase = "USD"\nto_base = { EUR = nan }\n')
policy("policy_fx_unknown_base", "The base must be an ISO 4217 currency.",
       HEAD + '[fx]\nbase = "EUX"\nto_base = {}\n')
policy("policy_empty_id", "A policy needs an id.", '[policy]\nid = ""\nversion = "1"\n')
policy("policy_missing_version", "A policy needs a version.", '[policy]\nid = "acme.test"\n')
policy("policy_unknown_section", "Unknown sections are refused.", HEAD + '[loyalty]\npoints = 5\n')
policy("policy_toml_syntax", "TOML syntax errors are reported.", HEAD + "[sla\n")
policy("policy_toml_duplicate_key", "A key given twice is a TOML error.", HEAD + 'id = "again"\n')
policy("policy_json_syntax", "JSON syntax errors are reported.", '{"policy": {"id": "x", "version": "1"}')
policy("policy_json_wrong_type", "A JSON policy with a wrong type names the path.", '{"policy": {"id": "x", "version": 1}}')
policy("policy_too_deep", "Deeply nested policies are refused before parsing.", HEAD + "x = " + "[" * 100 + "]" * 100 + "\n")
policy("policy_too_deep_dotted_key", "A dotted key a hundred levels long is too deep.", HEAD + "[fx]\n" + ".".join(["a"] * 100) + " = 1\n")


def main():
    names = set()
    for v in VECTORS:
        assert v["name"] not in names, v["name"]
        names.add(v["name"])
        path = os.path.join(HERE, v["name"] + ".json")
        if os.path.exists(path):
            old = json.load(open(path, encoding="utf-8"))
            same = all(old.get(k) == v.get(k) for k in ("input", "input_text", "op", "policy", "now"))
            if same:
                v["expected"] = old.get("expected")
        v.setdefault("expected", None)
        body = json.dumps(v, indent=2, ensure_ascii=False)
        if len(body) > 16 * 1024:  # the size vectors: keep them compact
            body = json.dumps(v, ensure_ascii=False)
        with open(path, "w", encoding="utf-8") as f:
            f.write(body + "\n")
    print(len(VECTORS), "vectors")


main()
