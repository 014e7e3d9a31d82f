// Sample complaints for the playground. Each has the `now` it is assessed at, so the
// page shows the same assessment every time.
export const SAMPLES = [
  {
    name: 'Amazon DE: parcel from China still missing (German)',
    now: '2026-11-20T12:00:00Z',
    case: {
      id: 'de-late-parcel',
      received_at: '2026-11-20T09:00:00Z',
      store: { id: 'de-amz-1', marketplace: 'amazon', country: 'DE', group: 'acme' },
      channel: 'email',
      text: 'Mein Paket ist nach drei Wochen immer noch nicht da. Ich möchte mein Geld zurück.',
      claim: { kind: 'refund', amount: { amount: '59.90', currency: 'EUR' } },
      order: {
        id: 'o-1001',
        placed_at: '2026-10-28T10:00:00Z',
        paid_at: '2026-10-28T10:05:00Z',
        total: { amount: '59.90', currency: 'EUR' },
        items: [{ sku: 'SOFA-COVER-L', quantity: 1, unit_price: { amount: '54.90', currency: 'EUR' }, product_category: 'home_textiles' }],
        shipment: {
          carrier: 'yanwen', origin: 'CN', destination: 'DE',
          shipped_at: '2026-10-29T08:00:00Z', estimated_delivery_at: '2026-11-12T00:00:00Z', status: 'in_transit',
        },
      },
      buyer: { id: 'b-9', tier: 'silver', country: 'DE', language: 'de', history: { orders: 1 } },
    },
  },
  {
    name: 'eBay UK: item arrived broken (English, chat)',
    now: '2026-11-20T12:00:00Z',
    case: {
      id: 'gb-broken',
      received_at: '2026-11-20T11:58:30Z',
      store: { id: 'uk-ebay-2', marketplace: 'ebay', country: 'GB', group: 'acme' },
      channel: 'chat',
      text: 'The lamp arrived smashed, glass everywhere. I want a full refund now or I will leave negative feedback.',
      claim: { kind: 'refund', amount: { amount: '23.99', currency: 'GBP' } },
      order: {
        id: 'o-2002',
        placed_at: '2026-11-10T18:20:00Z',
        total: { amount: '23.99', currency: 'GBP' },
        items: [{ sku: 'LAMP-GLASS-S', quantity: 1, unit_price: { amount: '23.99', currency: 'GBP' }, product_category: 'lighting' }],
        shipment: {
          carrier: 'royal_mail', origin: 'GB', destination: 'GB',
          shipped_at: '2026-11-11T09:00:00Z', delivered_at: '2026-11-19T13:00:00Z', status: 'delivered', proof_of_delivery: 'scan',
        },
      },
      buyer: { id: 'b-77', country: 'GB', language: 'en', history: { orders: 4 } },
      evidence: [],
    },
  },
  {
    name: 'Olist BR: 2 of 3 products received (real review, Portuguese)',
    now: '2017-06-27T15:00:00Z',
    // Review text and order times from the Olist public dataset (CC BY-NC-SA 4.0),
    // order 044d94a4…; local Brazil times converted to UTC.
    case: {
      id: 'br-olist-044d94a4',
      received_at: '2017-06-27T03:00:00Z',
      store: { id: 'olist-fc906263', marketplace: 'other', country: 'BR' },
      channel: 'review',
      text: 'recebi 2 dos 3 produtos desejados',
      order: {
        id: '044d94a4ac73b24fe28ff5293ac35bd8',
        placed_at: '2017-06-19T17:56:36Z',
        paid_at: '2017-06-20T17:50:17Z',
        total: { amount: '65.53', currency: 'BRL' },
        items: [{ sku: '06c6e01186af8b98ee1fc9e01f9471e9', quantity: 1, unit_price: { amount: '39.90', currency: 'BRL' } }],
        shipment: {
          origin: 'BR', destination: 'BR',
          shipped_at: '2017-06-21T11:11:54Z', estimated_delivery_at: '2017-07-19T03:00:00Z',
          delivered_at: '2017-06-26T11:23:37Z', status: 'delivered',
        },
      },
    },
  },
  {
    name: 'Own site JP: refund request in yen (Japanese, phone)',
    now: '2026-11-21T01:00:00Z',
    case: {
      id: 'jp-refund',
      received_at: '2026-11-21T00:57:00Z',
      store: { id: 'jp-own-1', marketplace: 'own_site', country: 'JP' },
      channel: 'phone',
      text: 'サイズが合わないので返品して返金してほしいです。',
      claim: { kind: 'refund', amount: { amount: '4800', currency: 'JPY' } },
      order: {
        id: 'o-3003',
        placed_at: '2026-11-01T03:00:00Z',
        total: { amount: '4800', currency: 'JPY' },
        items: [{ sku: 'TSHIRT-M', quantity: 2, unit_price: { amount: '2400', currency: 'JPY' }, product_category: 'apparel' }],
        shipment: { origin: 'JP', destination: 'JP', delivered_at: '2026-11-05T02:00:00Z', status: 'delivered' },
      },
    },
  },
];
