#!/usr/bin/env python3
"""Builds examples/cases.jsonl: hand-written complaints in many languages and markets,
plus cases built from the real Olist orders and reviews in ../shared/data/olist.

Deterministic: the same data gives the same file. Run from the repository root:
    python3 scripts/make_examples.py [--data ../shared/data]
"""
import argparse
import csv
import json
import os
from datetime import datetime, timedelta, timezone

BRT = timezone(timedelta(hours=-3))  # Olist times are local São Paulo time without a zone


def money(amount, currency):
    return {"amount": amount, "currency": currency}


def case(id, received, store, channel, text, **kw):
    c = {"id": id, "received_at": received, "store": store, "channel": channel, "text": text}
    c.update(kw)
    return c


def order(id, placed, total, cur, items, shipment=None, paid=None):
    o = {"id": id, "placed_at": placed, "total": money(total, cur),
         "items": [{"sku": s, "quantity": q, "unit_price": money(p, cur), **({"product_category": pc} if pc else {})}
                   for s, q, p, pc in items]}
    if paid:
        o["paid_at"] = paid
    if shipment:
        o["shipment"] = shipment
    return o


def ship(origin, dest, status, shipped=None, eta=None, delivered=None, carrier=None, proof=None, avg=None):
    s = {"origin": origin, "destination": dest, "status": status}
    if carrier: s["carrier"] = carrier
    if shipped: s["shipped_at"] = shipped
    if eta: s["estimated_delivery_at"] = eta
    if delivered: s["delivered_at"] = delivered
    if proof: s["proof_of_delivery"] = proof
    if avg: s["route_average_transit_days"] = avg
    return s


def buyer(id, tier="none", country=None, lang=None, orders=1, claims=0, nr=0, cb=0, created=None, linked=None):
    b = {"id": id, "tier": tier, "history": {"orders": orders, "claims": claims, "not_received_claims": nr, "chargebacks": cb}}
    if country: b["country"] = country
    if lang: b["language"] = lang
    if created: b["account_created_at"] = created
    if linked: b["linked_accounts"] = linked
    return b


def st(id, mp, country, group="northwind"):
    return {"id": id, "marketplace": mp, "country": country, "group": group}


def hand_written():
    """Realistic complaints written for this file, one market and language each."""
    C = []
    C.append(case("ex-en-01", "2026-11-20T14:05:00Z", st("us-amz-1", "amazon", "US"), "marketplace_message",
        "My order was supposed to arrive last week and tracking hasn't moved in 9 days. This is ridiculous, I want a refund.",
        claim={"kind": "refund", "amount": money("89.99", "USD")},
        order=order("113-4455", "2026-10-30T18:00:00Z", "89.99", "USD", [("LAMP-ARC-BLK", 1, "89.99", "lighting")],
                    ship("CN", "US", "in_transit", "2026-11-01T02:00:00Z", "2026-11-12T00:00:00Z", carrier="yunexpress", avg=12)),
        buyer=buyer("b-us-1", "silver", "US", "en", orders=1)))
    C.append(case("ex-en-02", "2026-11-21T09:30:00Z", st("us-amz-1", "amazon", "US"), "marketplace_message",
        "Tracking says delivered but I never got the package. Nothing at my door, nothing with neighbours. I will file an A-to-z claim.",
        claim={"kind": "refund", "amount": money("649.00", "USD")},
        order=order("113-9921", "2026-11-10T12:00:00Z", "649.00", "USD", [("ESPRESSO-PRO-2", 1, "649.00", "kitchen_appliances")],
                    ship("US", "US", "delivered", "2026-11-12T08:00:00Z", "2026-11-18T00:00:00Z", "2026-11-17T15:40:00Z", "ups", "photo")),
        buyer=buyer("b-us-2", "none", "US", "en", orders=6, claims=3, nr=2, created="2026-03-01T00:00:00Z")))
    C.append(case("ex-en-03", "2026-11-19T22:10:00Z", st("uk-ebay-1", "ebay", "GB"), "email",
        "The mug arrived smashed into pieces, box was crushed. Photos attached. Could you send a replacement?",
        claim={"kind": "reship"},
        order=order("ebay-22-1", "2026-11-12T10:00:00Z", "18.50", "GBP", [("MUG-STONE-350", 2, "9.25", "kitchenware")],
                    ship("GB", "GB", "delivered", "2026-11-13T09:00:00Z", "2026-11-16T00:00:00Z", "2026-11-15T11:00:00Z", "royal_mail", "scan")),
        buyer=buyer("b-uk-1", "gold", "GB", "en", orders=14, claims=1), evidence=[{"kind": "photo", "from": "buyer", "sha256": "3f" * 32}]))
    C.append(case("ex-en-04", "2026-11-22T07:45:00Z", st("au-shop-1", "shopify", "AU"), "chat",
        "hi, why was I charged twice for the same order?? two payments on my card",
        category_hint="payment", order=order("sh-5521", "2026-11-21T22:00:00Z", "120.00", "AUD", [("YOGA-MAT-XL", 2, "60.00", "sports")], paid="2026-11-21T22:01:00Z"),
        buyer=buyer("b-au-1", "silver", "AU", "en")))
    C.append(case("ex-en-05", "2026-11-20T16:00:00Z", st("ca-own-1", "own_site", "CA"), "social",
        "@northwind worst customer service ever. 3 emails and no answer. Scam company, avoid!!",
        order=order("ns-7781", "2026-10-20T10:00:00Z", "240.00", "CAD", [("BOOTS-WINTER-44", 1, "240.00", "footwear")],
                    ship("CN", "CA", "customs", "2026-10-22T10:00:00Z", "2026-11-05T00:00:00Z", carrier="cainiao")),
        buyer=buyer("b-ca-1", "none", "CA", "en"), unresolved_bot_turns=2))
    C.append(case("ex-de-01", "2026-11-20T08:12:00Z", st("de-amz-1", "amazon", "DE"), "email",
        "Sehr geehrte Damen und Herren, die Sofabezug-Größe L passt überhaupt nicht, die Maße in der Beschreibung sind falsch. Ich möchte das Produkt zurückgeben.",
        claim={"kind": "refund", "amount": money("54.90", "EUR")},
        order=order("302-118", "2026-11-05T10:00:00Z", "54.90", "EUR", [("SOFA-COVER-L", 1, "54.90", "home_textiles")],
                    ship("CN", "DE", "delivered", "2026-11-06T10:00:00Z", "2026-11-18T00:00:00Z", "2026-11-17T13:00:00Z", "dhl", "signature")),
        buyer=buyer("b-de-1", "silver", "DE", "de")))
    C.append(case("ex-de-02", "2026-11-21T10:00:00Z", st("de-amz-1", "amazon", "DE"), "marketplace_message",
        "Die Lieferung ist seit zwei Wochen überfällig. Wenn ich bis Freitag nichts höre, eröffne ich einen A-bis-z-Antrag.",
        order=order("302-907", "2026-10-25T10:00:00Z", "129.00", "EUR", [("DRILL-18V", 1, "129.00", "tools")],
                    ship("CN", "DE", "in_transit", "2026-10-27T10:00:00Z", "2026-11-06T00:00:00Z", carrier="yanwen", avg=10)),
        buyer=buyer("b-de-2", "gold", "DE", "de", orders=9)))
    C.append(case("ex-de-03", "2026-11-18T12:00:00Z", st("de-own-1", "own_site", "DE"), "email",
        "Der Akku des Staubsaugers hält nur 5 Minuten statt 40. Bitte um eine technische Erklärung und Ersatz.",
        claim={"kind": "exchange"},
        order=order("nw-de-33", "2026-10-01T10:00:00Z", "199.00", "EUR", [("VAC-CORDLESS-X", 1, "199.00", "home_appliances")],
                    ship("DE", "DE", "delivered", "2026-10-02T10:00:00Z", "2026-10-04T00:00:00Z", "2026-10-03T12:00:00Z", "dhl", "signature")),
        buyer=buyer("b-de-3", "platinum", "DE", "de", orders=31, claims=1)))
    C.append(case("ex-fr-01", "2026-11-20T13:30:00Z", st("fr-amz-1", "amazon", "FR"), "marketplace_message",
        "Bonjour, je n'ai toujours pas reçu ma commande, le suivi n'a pas bougé depuis dix jours. Merci de me rembourser.",
        claim={"kind": "refund", "amount": money("39.90", "EUR")},
        order=order("171-2201", "2026-10-28T10:00:00Z", "39.90", "EUR", [("CASE-PHONE-14", 1, "39.90", "phone_accessories")],
                    ship("CN", "FR", "in_transit", "2026-10-30T10:00:00Z", "2026-11-12T00:00:00Z", carrier="4px", avg=12)),
        buyer=buyer("b-fr-1", "silver", "FR", "fr")))
    C.append(case("ex-fr-02", "2026-11-21T19:00:00Z", st("fr-shop-1", "shopify", "FR"), "email",
        "On me demande de payer 23 € de frais de douane à la livraison, ce n'était pas indiqué ! Je refuse de payer.",
        category_hint="customs_duties",
        order=order("frs-991", "2026-11-08T10:00:00Z", "149.00", "EUR", [("JACKET-DOWN-M", 1, "149.00", "apparel")],
                    ship("GB", "FR", "customs", "2026-11-09T10:00:00Z", "2026-11-18T00:00:00Z", carrier="dpd")),
        buyer=buyer("b-fr-2", "none", "FR", "fr")))
    C.append(case("ex-es-01", "2026-11-20T11:00:00Z", st("es-ali-1", "aliexpress", "ES"), "marketplace_message",
        "El producto llegó roto y falta una pieza. Quiero un reembolso parcial.",
        claim={"kind": "partial_refund", "amount": money("15.00", "EUR")},
        order=order("ali-8812", "2026-10-20T10:00:00Z", "45.60", "EUR", [("SHELF-3T-WHT", 1, "45.60", "furniture")],
                    ship("CN", "ES", "delivered", "2026-10-21T10:00:00Z", "2026-11-10T00:00:00Z", "2026-11-09T10:00:00Z", "cainiao", "scan")),
        buyer=buyer("b-es-1", "none", "ES", "es", orders=3)))
    C.append(case("ex-es-02", "2026-11-22T02:00:00Z", st("mx-ml-1", "other", "MX"), "chat",
        "¿Dónde está mi pedido? Ya pasaron 45 días y nada. Estoy muy molesto.",
        order=order("mx-4410", "2026-10-05T10:00:00Z", "1899.00", "MXN", [("HEADSET-GAMER", 1, "1899.00", "electronics")],
                    ship("CN", "MX", "in_transit", "2026-10-07T10:00:00Z", "2026-10-25T00:00:00Z", carrier="yanwen", avg=18)),
        buyer=buyer("b-mx-1", "silver", "MX", "es")))
    C.append(case("ex-it-01", "2026-11-20T15:20:00Z", st("it-amz-1", "amazon", "IT"), "marketplace_message",
        "Ho ricevuto un articolo sbagliato: ho ordinato il colore blu e mi è arrivato quello rosso.",
        claim={"kind": "exchange"},
        order=order("405-331", "2026-11-10T10:00:00Z", "27.99", "EUR", [("TOWEL-SET-BLU", 1, "27.99", "home_textiles")],
                    ship("IT", "IT", "delivered", "2026-11-11T10:00:00Z", "2026-11-14T00:00:00Z", "2026-11-13T10:00:00Z", "brt", "scan")),
        buyer=buyer("b-it-1", "none", "IT", "it")))
    C.append(case("ex-nl-01", "2026-11-21T08:00:00Z", st("nl-own-1", "own_site", "NL"), "email",
        "Mijn pakket is niet aangekomen en de bezorger zegt dat het is afgeleverd. Ik wil mijn geld terug.",
        claim={"kind": "refund", "amount": money("74.95", "EUR")},
        order=order("nl-2231", "2026-11-12T10:00:00Z", "74.95", "EUR", [("KETTLE-GLASS", 1, "74.95", "kitchen_appliances")],
                    ship("NL", "NL", "delivered", "2026-11-13T10:00:00Z", "2026-11-15T00:00:00Z", "2026-11-14T16:00:00Z", "postnl", "gps")),
        buyer=buyer("b-nl-1", "none", "NL", "nl", orders=2)))
    C.append(case("ex-pl-01", "2026-11-20T09:00:00Z", st("pl-ali-1", "aliexpress", "PL"), "marketplace_message",
        "Zamówienie spóźnia się już trzy tygodnie. Proszę o informację, kiedy dotrze.",
        claim={"kind": "information"},
        order=order("ali-pl-55", "2026-10-15T10:00:00Z", "159.00", "PLN", [("LED-STRIP-10M", 2, "79.50", "lighting")],
                    ship("CN", "PL", "in_transit", "2026-10-16T10:00:00Z", "2026-10-30T00:00:00Z", carrier="cainiao", avg=14)),
        buyer=buyer("b-pl-1", "none", "PL", "pl")))
    C.append(case("ex-ja-01", "2026-11-20T03:00:00Z", st("jp-amz-1", "amazon", "JP"), "marketplace_message",
        "届いた商品が破損していました。とても残念です。交換をお願いします。",
        claim={"kind": "exchange"},
        order=order("503-771", "2026-11-14T03:00:00Z", "4980", "JPY", [("TEAPOT-CAST-IRON", 1, "4980", "kitchenware")],
                    ship("CN", "JP", "delivered", "2026-11-15T03:00:00Z", "2026-11-20T00:00:00Z", "2026-11-19T05:00:00Z", "yamato", "signature")),
        buyer=buyer("b-jp-1", "gold", "JP", "ja", orders=8)))
    C.append(case("ex-ja-02", "2026-11-21T01:00:00Z", st("jp-rak-1", "other", "JP"), "email",
        "注文した商品がまだ届きません。いつ届きますか？",
        order=order("rk-2290", "2026-11-01T01:00:00Z", "12800", "JPY", [("RICE-COOKER-3", 1, "12800", "kitchen_appliances")],
                    ship("CN", "JP", "in_transit", "2026-11-03T01:00:00Z", "2026-11-12T00:00:00Z", carrier="sagawa", avg=8)),
        buyer=buyer("b-jp-2", "none", "JP", "ja")))
    C.append(case("ex-zh-01", "2026-11-20T06:00:00Z", st("tw-shop-1", "shopify", "TW"), "chat",
        "我的包裹已經三個星期了還沒收到，請問什麼時候會到？",
        order=order("tw-101", "2026-10-28T06:00:00Z", "1290", "TWD", [("BAG-CANVAS-L", 1, "1290", "bags")],
                    ship("CN", "TW", "in_transit", "2026-10-29T06:00:00Z", "2026-11-05T00:00:00Z", carrier="sf_express", avg=6)),
        buyer=buyer("b-tw-1", "none", "TW", "zh-Hant")))
    C.append(case("ex-zh-02", "2026-11-21T05:00:00Z", st("sg-own-1", "own_site", "SG"), "email",
        "收到的衣服尺码不对，比描述的小很多，我要退货退款。",
        claim={"kind": "refund", "amount": money("58.00", "SGD")},
        order=order("sg-551", "2026-11-10T05:00:00Z", "58.00", "SGD", [("DRESS-LINEN-S", 1, "58.00", "apparel")],
                    ship("CN", "SG", "delivered", "2026-11-11T05:00:00Z", "2026-11-16T00:00:00Z", "2026-11-15T05:00:00Z", "ninja_van", "photo")),
        buyer=buyer("b-sg-1", "silver", "SG", "zh-Hans")))
    C.append(case("ex-ko-01", "2026-11-20T02:00:00Z", st("kr-own-1", "own_site", "KR"), "chat",
        "배송이 너무 늦어요. 주문한 지 한 달이 넘었는데 아직도 안 왔어요.",
        order=order("kr-771", "2026-10-15T02:00:00Z", "45000", "KRW", [("KEYBOARD-MECH", 1, "45000", "electronics")],
                    ship("CN", "KR", "customs", "2026-10-16T02:00:00Z", "2026-10-25T00:00:00Z", carrier="cj_logistics", avg=7)),
        buyer=buyer("b-kr-1", "none", "KR", "ko")))
    C.append(case("ex-ar-01", "2026-11-20T10:00:00Z", st("ae-amz-1", "amazon", "AE"), "marketplace_message",
        "المنتج وصل تالف ولا يعمل. أريد استرداد المبلغ كاملاً.",
        claim={"kind": "refund", "amount": money("349.00", "AED")},
        order=order("ae-901", "2026-11-08T10:00:00Z", "349.00", "AED", [("BLENDER-PRO", 1, "349.00", "kitchen_appliances")],
                    ship("CN", "AE", "delivered", "2026-11-09T10:00:00Z", "2026-11-18T00:00:00Z", "2026-11-17T10:00:00Z", "aramex", "signature")),
        buyer=buyer("b-ae-1", "none", "AE", "ar")))
    C.append(case("ex-ar-02", "2026-11-21T12:00:00Z", st("kw-own-1", "own_site", "KW"), "email",
        "لم أستلم طلبي حتى الآن وقد مر شهر. أرجو الرد بسرعة.",
        order=order("kw-112", "2026-10-20T12:00:00Z", "12.750", "KWD", [("PERFUME-OUD-50", 1, "12.750", "beauty")],
                    ship("AE", "KW", "in_transit", "2026-10-21T12:00:00Z", "2026-10-28T00:00:00Z", carrier="aramex", avg=5)),
        buyer=buyer("b-kw-1", "gold", "KW", "ar", orders=11)))
    C.append(case("ex-ru-01", "2026-11-20T07:00:00Z", st("ru-ali-1", "aliexpress", "KZ"), "marketplace_message",
        "Посылка не пришла, трек не обновляется уже месяц. Верните деньги.",
        claim={"kind": "refund", "amount": money("29.99", "USD")},
        order=order("ali-ru-7", "2026-10-01T07:00:00Z", "29.99", "USD", [("WATCH-BAND-22", 3, "9.99", "accessories")],
                    ship("CN", "KZ", "in_transit", "2026-10-03T07:00:00Z", "2026-10-30T00:00:00Z", carrier="cainiao", avg=20)),
        buyer=buyer("b-kz-1", "none", "KZ", "ru")))
    C.append(case("ex-tr-01", "2026-11-20T12:00:00Z", st("tr-own-1", "own_site", "TR"), "social",
        "Ürün açıklamadaki gibi değil, kalitesi çok kötü. Paramı geri istiyorum, yoksa şikayet edeceğim.",
        claim={"kind": "refund", "amount": money("899.00", "TRY")},
        order=order("tr-301", "2026-11-05T12:00:00Z", "899.00", "TRY", [("CARPET-WOOL-S", 1, "899.00", "home_textiles")],
                    ship("TR", "TR", "delivered", "2026-11-06T12:00:00Z", "2026-11-10T00:00:00Z", "2026-11-09T12:00:00Z", "yurtici", "signature")),
        buyer=buyer("b-tr-1", "none", "TR", "tr")))
    C.append(case("ex-sv-01", "2026-11-21T09:00:00Z", st("se-own-1", "own_site", "SE"), "email",
        "Jag har inte fått min beställning. Spårningen säger att paketet fastnat i tullen.",
        order=order("se-88", "2026-11-01T09:00:00Z", "799.00", "SEK", [("LAMP-DESK-OAK", 1, "799.00", "lighting")],
                    ship("CN", "SE", "customs", "2026-11-02T09:00:00Z", "2026-11-14T00:00:00Z", carrier="postnord", avg=11)),
        buyer=buyer("b-se-1", "silver", "SE", "sv")))
    C.append(case("ex-pt-01", "2026-11-20T17:00:00Z", st("br-ml-1", "other", "BR"), "marketplace_message",
        "Comprei há 30 dias e até agora não recebi. Quero o reembolso imediato, senão vou abrir reclamação no Procon.",
        claim={"kind": "refund", "amount": money("249.90", "BRL")},
        order=order("ml-9981", "2026-10-21T17:00:00Z", "249.90", "BRL", [("FAN-TOWER-110", 1, "249.90", "home_appliances")],
                    ship("CN", "BR", "customs", "2026-10-23T17:00:00Z", "2026-11-10T00:00:00Z", carrier="correios", avg=20)),
        buyer=buyer("b-br-1", "none", "BR", "pt")))
    C.append(case("ex-en-06", "2026-11-22T11:00:00Z", st("us-ebay-1", "ebay", "US"), "marketplace_message",
        "Opened a case with eBay. Item not as described: it's a cheap copy, not the brand shown.",
        claim={"kind": "refund", "amount": money("312.00", "USD")},
        dispute={"kind": "ebay_money_back", "opened_at": "2026-11-22T10:30:00Z"},
        order=order("ebay-us-77", "2026-11-01T11:00:00Z", "312.00", "USD", [("SNEAKER-RUN-10", 1, "312.00", "footwear")],
                    ship("US", "US", "delivered", "2026-11-02T11:00:00Z", "2026-11-06T00:00:00Z", "2026-11-05T11:00:00Z", "usps", "scan")),
        buyer=buyer("b-us-3", "none", "US", "en", orders=2, created="2026-10-30T00:00:00Z", linked=["h:7f1c", "h:91aa"])))
    C.append(case("ex-en-07", "2026-11-21T15:00:00Z", st("uk-amz-1", "amazon", "GB"), "phone",
        "Caller wants to cancel an order placed an hour ago before it ships.",
        category_hint="cancellation",
        order=order("uk-cx-1", "2026-11-21T14:00:00Z", "64.00", "GBP", [("PLANTER-CERAMIC", 2, "32.00", "garden")]),
        buyer=buyer("b-uk-2", "platinum", "GB", "en", orders=40)))
    C.append(case("ex-en-08", "2026-11-22T18:00:00Z", st("us-own-1", "own_site", "US"), "review",
        "1 star. Took forever, arrived late and customer service never replied. Will never order again.",
        order=order("us-rv-3", "2026-10-30T18:00:00Z", "45.00", "USD", [("CANDLE-SET-3", 1, "45.00", "home_decor")],
                    ship("CN", "US", "delivered", "2026-11-01T18:00:00Z", "2026-11-12T00:00:00Z", "2026-11-20T18:00:00Z", "usps", "scan")),
        buyer=buyer("b-us-4", "none", "US", "en")))
    C.append(case("ex-en-09", "2026-11-20T20:00:00Z", st("us-amz-1", "amazon", "US"), "self_service",
        "Where is my refund? You confirmed the return 10 days ago.", category_hint="refund_status",
        order=order("113-7001", "2026-10-10T20:00:00Z", "35.00", "USD", [("SOCKS-WOOL-6P", 1, "35.00", "apparel")],
                    ship("US", "US", "returned", "2026-10-11T20:00:00Z", "2026-10-15T00:00:00Z", carrier="ups")),
        buyer=buyer("b-us-5", "silver", "US", "en")))
    C.append(case("ex-fr-03", "2026-11-20T09:00:00Z", st("ca-own-1", "own_site", "CA"), "email",
        "Bonjour, je souhaite exercer mon droit de rétractation et retourner la chaise reçue hier.", category_hint="return_request",
        order=order("ns-qc-4", "2026-11-10T09:00:00Z", "189.00", "CAD", [("CHAIR-OAK", 1, "189.00", "furniture")],
                    ship("CA", "CA", "delivered", "2026-11-12T09:00:00Z", "2026-11-20T00:00:00Z", "2026-11-19T09:00:00Z", "purolator", "signature")),
        buyer=buyer("b-ca-2", "none", "CA", "fr")))
    return C


def olist(data):
    """Cases from real Olist orders and reviews (CC BY-NC-SA 4.0)."""
    d = os.path.join(data, "olist")
    orders = {r["order_id"]: r for r in csv.DictReader(open(os.path.join(d, "olist_orders_dataset.csv"), encoding="utf-8"))}
    items = {}
    for r in csv.DictReader(open(os.path.join(d, "olist_order_items_dataset.csv"), encoding="utf-8")):
        items.setdefault(r["order_id"], []).append(r)
    products = {r["product_id"]: r for r in csv.DictReader(open(os.path.join(d, "olist_products_dataset.csv"), encoding="utf-8"))}
    reviews = list(csv.DictReader(open(os.path.join(d, "olist_order_reviews_dataset.csv"), encoding="utf-8")))

    def t(s):
        return datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BRT).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if s else None

    def build(o, text, received, cid, channel):
        lines = items.get(o["order_id"], [])
        total = sum(round(float(x["price"]) * 100) + round(float(x["freight_value"]) * 100) for x in lines)
        its = {}  # Olist lists each unit as its own line: fold them into quantities
        for x in lines:
            cat = products.get(x["product_id"], {}).get("product_category_name") or None
            key = (x["product_id"][:16], x["price"] if "." in x["price"] else x["price"] + ".00", cat)
            its[key] = its.get(key, 0) + 1
        its = [(sku, q, p, c) for (sku, p, c), q in its.items()]
        status = {"delivered": "delivered", "shipped": "in_transit", "canceled": "exception"}.get(o["order_status"], "label_created")
        sh = None
        if o["order_delivered_carrier_date"]:
            sh = ship("BR", "BR", status, t(o["order_delivered_carrier_date"]), t(o["order_estimated_delivery_date"]),
                      t(o["order_delivered_customer_date"]), "correios", "scan" if o["order_delivered_customer_date"] else None)
        placed = t(o["order_purchase_timestamp"])
        if received < placed:
            received = placed
        return case(cid, received, st("olist-" + (lines[0]["seller_id"][:8] if lines else "x"), "other", "BR", "olist"), channel, text,
                    order=order(o["order_id"][:16], placed, f"{total // 100}.{total % 100:02d}", "BRL",
                                [(s, q, p.split(".")[0] + "." + (p.split(".")[1] + "00")[:2], c) for s, q, p, c in its],
                                sh, t(o["order_approved_at"])),
                    buyer=buyer(o["customer_id"][:16], "none", "BR", "pt"))

    out = []
    # 1. Reviews whose order is in the sample: the buyer's own words about their own order.
    matched = [r for r in reviews if r["order_id"] in orders and r["order_id"] in items and r["review_comment_message"].strip()]
    for r in sorted(matched, key=lambda r: r["review_id"]):
        o = orders[r["order_id"]]
        out.append(build(o, r["review_comment_message"].strip(), t(r["review_creation_date"]), "olist-" + r["review_id"][:10], "review"))
    # 2. Late or undelivered orders, each paired with a real low-score review about a delay.
    late = sorted((o for o in orders.values() if o["order_id"] in items and o["order_estimated_delivery_date"] and
                   (not o["order_delivered_customer_date"] or o["order_delivered_customer_date"] > o["order_estimated_delivery_date"])),
                  key=lambda o: o["order_id"])
    delay_words = ("prazo", "não chegou", "nao chegou", "não recebi", "nao recebi", "atraso", "ainda não")
    texts = sorted({r["review_comment_message"].strip() for r in reviews if r["review_score"] in ("1", "2") and
                    any(w in r["review_comment_message"].lower() for w in delay_words)})
    for o, text in zip(late[:16], texts):
        est = datetime.strptime(o["order_estimated_delivery_date"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=BRT)
        received = (est + timedelta(days=5)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append(build(o, text, received, "olist-late-" + o["order_id"][:8], "marketplace_message"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "examples", "cases.jsonl"))
    a = ap.parse_args()
    cases = hand_written() + olist(a.data)
    with open(a.out, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {len(cases)} cases to {a.out}")


if __name__ == "__main__":
    main()
