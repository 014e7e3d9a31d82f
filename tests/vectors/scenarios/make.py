#!/usr/bin/env python3
"""Writes the scenario vectors: 40 realistic complaints across markets, each compared as a
whole assessment under the default policy. docs/scenarios.md is rendered from them
(scripts/gen_scenarios_doc.py), so the support-lead review page never drifts.

    python3 tests/vectors/scenarios/make.py
    AMENDS_BLESS=1 cargo test -p amends --test vectors   # then read every expectation

Existing files keep their blessed expectation unless the input changed.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOW = "2026-11-20T12:00:00Z"
RECEIVED = "2026-11-20T08:30:00Z"

# (slug, title, market, currency, marketplace, channel, text, order total, product category,
#  shipment, extra) — shipment: (status, placed, shipped, eta, delivered) dates in November
#  2026 unless written in full; extra: claim / buyer / dispute / evidence / bot turns.
S = [
    ("us_late_tracking_stuck", "Late parcel, tracking stuck", "US", "USD", "amazon", "marketplace_message",
     "Tracking hasn't moved in 9 days and my order is a week late. Where is it?", "89.99", "lighting",
     ("in_transit", "2026-10-28", "2026-10-30", "2026-11-12", None), {}),
    ("us_not_received_high_value_refund", "Not received, 650 USD, asks for a refund", "US", "USD", "shopify", "email",
     "I paid $650 and never got my order. I want a full refund now.", "650.00", "electronics",
     ("in_transit", "2026-10-20", "2026-10-22", "2026-11-05", None), {"claim": {"kind": "refund"}}),
    ("us_a_to_z_open", "Amazon A-to-z claim open", "US", "USD", "amazon", "marketplace_message",
     "I opened an A-to-z claim because the package never arrived.", "120.00", "home",
     ("in_transit", "2026-10-25", "2026-10-27", "2026-11-10", None),
     {"claim": {"kind": "refund"}, "dispute": {"kind": "a_to_z", "opened_at": "2026-11-19T15:00:00Z"}}),
    ("us_tv_broken_1500", "Broken 1,500 USD TV, no buyer history", "US", "USD", "own_site", "email",
     "The TV arrived with a cracked screen. It doesn't turn on.", "1500.00", "electronics",
     ("delivered", "2026-11-10", "2026-11-12", "2026-11-17", "2026-11-17"), {"claim": {"kind": "refund"}}),
    ("us_chargeback_threat", "Chargeback threat after no reply", "US", "USD", "shopify", "email",
     "Nobody answers my emails. If I don't hear back today I will call my bank and do a chargeback.", "75.00", "apparel",
     ("in_transit", "2026-11-05", "2026-11-07", "2026-11-18", None), {}),
    ("ca_wrong_colour", "Wrong colour delivered", "CA", "CAD", "amazon", "marketplace_message",
     "I ordered the blue one and received a red one. Please send the right colour.", "49.00", "apparel",
     ("delivered", "2026-11-08", "2026-11-09", "2026-11-16", "2026-11-15"), {"claim": {"kind": "exchange"}}),
    ("mx_no_llego", "Mexico: parcel never arrived", "MX", "MXN", "aliexpress", "marketplace_message",
     "Mi paquete nunca llegó y ya pasaron tres semanas. Quiero mi reembolso.", "899.00", "electronics",
     ("in_transit", "2026-10-20", "2026-10-23", "2026-11-08", None), {"claim": {"kind": "refund"}}),
    ("br_atraso_reembolso", "Brazil: late, asks for a refund", "BR", "BRL", "own_site", "email",
     "Meu pedido está atrasado há 10 dias e ninguém responde. Quero o reembolso.", "259.90", "electronics",
     ("in_transit", "2026-10-20", "2026-10-22", "2026-11-10", None), {"claim": {"kind": "refund"}}),
    ("br_procon_defeito", "Brazil: defect and a Procon threat", "BR", "BRL", "own_site", "review",
     "Produto veio com defeito, não liga. Vou reclamar no Procon e no Reclame Aqui.", "189.00", "electronics",
     ("delivered", "2026-11-01", "2026-11-03", "2026-11-12", "2026-11-11"), {}),
    ("gb_damaged_box", "UK: arrived damaged", "GB", "GBP", "ebay", "marketplace_message",
     "The box was crushed and the lamp inside is broken.", "45.00", "lighting",
     ("delivered", "2026-11-10", "2026-11-11", "2026-11-15", "2026-11-14"),
     {"evidence": [{"kind": "photo", "from": "buyer", "sha256": "a" * 64}]}),
    ("gb_right_to_reject", "UK: faulty within 30 days", "GB", "GBP", "own_site", "email",
     "The kettle stopped working after a week. I want my money back.", "39.99", "kitchen",
     ("delivered", "2026-11-02", "2026-11-03", "2026-11-06", "2026-11-06"), {"claim": {"kind": "refund"}}),
    ("ie_customs_fee", "Ireland: unexpected customs charge", "IE", "EUR", "aliexpress", "email",
     "I had to pay 25 euro customs before the courier would deliver. Nobody told me about this.", "80.00", "apparel",
     ("delivered", "2026-11-01", "2026-11-03", "2026-11-14", "2026-11-16"), {}),
    ("de_nicht_angekommen", "Germany: not received", "DE", "EUR", "amazon", "marketplace_message",
     "Mein Paket ist immer noch nicht angekommen, die Sendungsverfolgung zeigt seit Tagen nichts.", "59.90", "home",
     ("in_transit", "2026-10-30", "2026-11-01", "2026-11-12", None), {}),
    ("de_beschaedigt_anwalt", "Germany: damaged, mentions a lawyer", "DE", "EUR", "own_site", "email",
     "Die Ware kam beschädigt an. Wenn ich bis Freitag keine Lösung habe, schalte ich meinen Anwalt ein.", "349.00", "furniture",
     ("delivered", "2026-11-05", "2026-11-06", "2026-11-12", "2026-11-12"), {}),
    ("at_widerruf", "Austria: return within 14 days", "AT", "EUR", "own_site", "email",
     "Ich möchte die Schuhe zurückschicken, sie gefallen mir nicht.", "89.00", "shoes",
     ("delivered", "2026-11-10", "2026-11-11", "2026-11-14", "2026-11-14"), {"claim": {"kind": "refund"}}),
    ("fr_pas_recu", "France: not received", "FR", "EUR", "amazon", "marketplace_message",
     "Je n'ai toujours pas reçu ma commande, ça fait deux semaines de retard. C'est inadmissible.", "64.00", "toys",
     ("in_transit", "2026-10-25", "2026-10-27", "2026-11-06", None), {}),
    ("fr_taille", "France: wrong size", "FR", "EUR", "shopify", "chat",
     "La robe est beaucoup trop petite, je voudrais l'échanger contre une taille au-dessus.", "55.00", "apparel",
     ("delivered", "2026-11-08", "2026-11-09", "2026-11-13", "2026-11-13"), {"claim": {"kind": "exchange"}}),
    ("es_roto", "Spain: broken on arrival", "ES", "EUR", "amazon", "marketplace_message",
     "El producto llegó roto, la pantalla está rajada. Es una vergüenza.", "129.00", "electronics",
     ("delivered", "2026-11-09", "2026-11-10", "2026-11-15", "2026-11-15"), {}),
    ("it_truffa", "Italy: fake product, scam accusation", "IT", "EUR", "ebay", "marketplace_message",
     "Il prodotto è falso, non è originale. Siete dei truffatori, voglio il rimborso.", "210.00", "apparel",
     ("delivered", "2026-11-06", "2026-11-07", "2026-11-12", "2026-11-12"), {"claim": {"kind": "refund"}}),
    ("nl_niet_ontvangen", "Netherlands: not received", "NL", "EUR", "own_site", "email",
     "Ik heb mijn bestelling nog steeds niet ontvangen. Waar blijft mijn pakket?", "42.50", "home",
     ("in_transit", "2026-11-01", "2026-11-03", "2026-11-11", None), {}),
    ("pl_uszkodzony", "Poland: damaged", "PL", "PLN", "aliexpress", "marketplace_message",
     "Paczka dotarła uszkodzona, produkt jest połamany. Proszę o zwrot pieniędzy.", "249.00", "home",
     ("delivered", "2026-11-05", "2026-11-07", "2026-11-16", "2026-11-16"), {"claim": {"kind": "refund"}}),
    ("se_trasig", "Sweden: broken", "SE", "SEK", "own_site", "email",
     "Lampan var trasig när den kom. Jag vill ha en ny.", "499.00", "lighting",
     ("delivered", "2026-11-09", "2026-11-10", "2026-11-14", "2026-11-14"), {"claim": {"kind": "reship"}}),
    ("tr_gelmedi", "Turkey: not delivered", "TR", "TRY", "own_site", "email",
     "Siparişim hâlâ gelmedi, kargo takip numarası çalışmıyor.", "1450.00", "electronics",
     ("in_transit", "2026-10-28", "2026-10-30", "2026-11-10", None), {}),
    ("jp_kowarete", "Japan: damaged on arrival", "JP", "JPY", "amazon", "marketplace_message",
     "届いた商品が壊れていました。交換をお願いします。", "4980", "home",
     ("delivered", "2026-11-10", "2026-11-11", "2026-11-14", "2026-11-14"), {"claim": {"kind": "exchange"}}),
    ("jp_okureteiru", "Japan: late", "JP", "JPY", "own_site", "email",
     "注文した商品がまだ届いていません。いつ届きますか。", "12800", "kitchen",
     ("in_transit", "2026-10-30", "2026-11-01", "2026-11-12", None), {}),
    ("kr_hwanbul", "Korea: refund not received", "KR", "KRW", "own_site", "chat",
     "반품한 지 2주가 지났는데 아직 환불을 못 받았어요.", "59000", "apparel",
     ("returned", "2026-10-20", "2026-10-21", "2026-10-25", "2026-10-25"), {"claim": {"kind": "refund"}}),
    ("cn_zhiliang", "China: quality defect", "CN", "CNY", "own_site", "chat",
     "质量太差了，用了两天就坏了，我要退货退款。", "399.00", "electronics",
     ("delivered", "2026-11-08", "2026-11-09", "2026-11-12", "2026-11-12"), {"claim": {"kind": "refund"}}),
    ("hk_customs", "Hong Kong: held at customs", "HK", "HKD", "own_site", "email",
     "我的包裹卡在海關一個星期了，請問什麼時候可以收到？", "780.00", "electronics",
     ("customs", "2026-11-01", "2026-11-03", "2026-11-12", None), {}),
    ("tw_wrong_item", "Taiwan: wrong item", "TW", "TWD", "shopify", "email",
     "收到的商品跟我訂的不一樣，寄錯了。", "1290.00", "apparel",
     ("delivered", "2026-11-09", "2026-11-10", "2026-11-15", "2026-11-15"), {}),
    ("sg_not_received_900", "Singapore: 900 SGD not received", "SG", "SGD", "own_site", "email",
     "My order has not arrived and the tracking says delivered. I did not receive anything.", "900.00", "electronics",
     ("delivered", "2026-11-02", "2026-11-04", "2026-11-12", "2026-11-12"), {"claim": {"kind": "refund"}}),
    ("au_missing_parts", "Australia: missing parts", "AU", "AUD", "ebay", "marketplace_message",
     "The shelf arrived but the screws and two brackets are missing.", "129.00", "furniture",
     ("delivered", "2026-11-10", "2026-11-11", "2026-11-18", "2026-11-18"), {}),
    ("in_payment_double", "India: charged twice", "IN", "INR", "own_site", "email",
     "I was charged twice for the same order. Please refund the extra payment.", "2499.00", "electronics",
     ("label_created", "2026-11-18", None, "2026-11-28", None), {"claim": {"kind": "partial_refund"}}),
    ("sa_lam_yasil", "Saudi Arabia: not received", "SA", "SAR", "own_site", "email",
     "لم يصل طلبي حتى الآن وقد تأخر أسبوعين. أريد استرداد المبلغ.", "450.00", "home",
     ("in_transit", "2026-10-25", "2026-10-27", "2026-11-06", None), {"claim": {"kind": "refund"}}),
    ("ae_maksur", "UAE: broken", "AE", "AED", "amazon", "marketplace_message",
     "المنتج وصل مكسور والعلبة ممزقة.", "320.00", "home",
     ("delivered", "2026-11-11", "2026-11-12", "2026-11-16", "2026-11-16"), {}),
    ("kw_three_decimals", "Kuwait: late, three-decimal currency", "KW", "KWD", "own_site", "email",
     "The order is two weeks late. When will it come?", "12.750", "apparel",
     ("in_transit", "2026-10-25", "2026-10-27", "2026-11-06", None), {}),
    ("gold_buyer_late", "Gold buyer three weeks late on 650 USD", "US", "USD", "own_site", "email",
     "My desk is three weeks late. I've been a customer for years, this is disappointing.", "650.00", "furniture",
     ("in_transit", "2026-10-10", "2026-10-12", "2026-10-30", None),
     {"buyer": {"id": "b-gold", "tier": "gold", "history": {"orders": 9, "claims": 0}}}),
    ("serial_claimer", "Serial not-received claimer against a signature", "US", "USD", "own_site", "email",
     "Never got it. Refund me.", "420.00", "electronics",
     ("delivered", "2026-11-05", "2026-11-06", "2026-11-12", "2026-11-12"),
     {"claim": {"kind": "refund"}, "proof": "signature",
      "buyer": {"id": "b-serial", "history": {"orders": 6, "claims": 5, "not_received_claims": 4}}}),
    ("two_bot_turns_angry", "Angry after two unresolved bot turns", "GB", "GBP", "own_site", "chat",
     "This bot is useless. I want to speak to a human, I am really angry.", "30.00", "apparel",
     ("in_transit", "2026-11-10", "2026-11-11", "2026-11-19", None), {"unresolved_bot_turns": 2}),
    ("cancel_before_shipping", "Cancellation before shipping", "DE", "EUR", "shopify", "email",
     "Bitte stornieren Sie meine Bestellung, ich brauche sie nicht mehr.", "35.00", "home",
     ("label_created", "2026-11-19", None, "2026-11-27", None), {}),
    ("public_review_threat", "Threat of a one-star review", "US", "USD", "amazon", "marketplace_message",
     "Poor quality, it broke after one use. I'm leaving a 1 star review unless you fix this.", "25.00", "kitchen",
     ("delivered", "2026-11-08", "2026-11-09", "2026-11-13", "2026-11-13"), {}),
]

assert len(S) == 40, len(S)


def day(d: str | None) -> str | None:
    if d is None:
        return None
    return d + ("T12:00:00Z" if len(d) == 10 else "")


def case(i: int, s: tuple) -> dict:
    slug, _, market, cur, mp, channel, text, total, pcat, ship, extra = s
    status, placed, shipped, eta, delivered = ship
    shipment = {"origin": "CN", "destination": market, "status": status, "carrier": "yunexpress"}
    for k, v in (("shipped_at", shipped), ("estimated_delivery_at", eta), ("delivered_at", delivered)):
        if v:
            shipment[k] = day(v) if k != "estimated_delivery_at" else v + "T00:00:00Z"
    if extra.get("proof"):
        shipment["proof_of_delivery"] = extra["proof"]
    price = {"amount": total, "currency": cur}
    c = {
        "id": f"sc-{i + 1:02d}",
        "received_at": RECEIVED,
        "store": {"id": f"{market.lower()}-{mp}", "marketplace": mp, "country": market, "group": "northwind"},
        "channel": channel,
        "text": text,
        "order": {
            "id": f"o-{i + 1:02d}",
            "placed_at": day(placed),
            "total": price,
            "items": [{"sku": f"{pcat.upper()}-{i + 1:02d}", "quantity": 1, "unit_price": price, "product_category": pcat}],
            "shipment": shipment,
        },
        "buyer": extra.get("buyer", {"id": f"b-{i + 1:02d}", "history": {"orders": 1}}),
    }
    if "claim" in extra:
        c["claim"] = extra["claim"]
    for k in ("dispute", "evidence", "unresolved_bot_turns"):
        if k in extra:
            c[k] = extra[k]
    return c


def main() -> None:
    for i, s in enumerate(S):
        path = HERE / f"{i + 1:02d}_{s[0]}.json"
        c = case(i, s)
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        keep = old is not None and old.get("input") == c
        v = {
            "name": f"scenario_{s[0]}",
            "description": s[1],
            "op": "assess",
            "policy": "default",
            "input": c,
            "now": NOW,
            "expected": old["expected"] if keep else None,
        }
        path.write_text(json.dumps(v, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(S)} scenarios to {HERE}")


if __name__ == "__main__":
    main()
