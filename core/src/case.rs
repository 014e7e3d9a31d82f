//! The complaint and its context: store, channel, text, claim, order, buyer, evidence,
//! an open platform dispute.
//!
//! Inputs reject unknown fields. Times are RFC 3339. Money is `{amount, currency}` with
//! the amount a decimal string. Everything optional may be left out.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// ISO 3166-1 alpha-2 country code in upper case (`"DE"`, `"BR"`, `"JP"`).
pub type Country = String;

/// One customer complaint with everything the engine may use to decide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The host's id for the complaint; echoed in the assessment.
    pub id: String,
    /// When the complaint reached the seller.
    pub received_at: DateTime<Utc>,
    /// The store that received it.
    pub store: Store,
    /// The channel it arrived through.
    pub channel: Channel,
    /// The buyer's words, in any language. May be empty.
    #[serde(default)]
    pub text: String,
    /// The language the host believes the text is in (BCP 47, e.g. `pt`, `zh-Hant`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_hint: Option<String>,
    /// A category the host already assigned (a form field, a marketplace reason code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_hint: Option<Category>,
    /// The market whose rules apply (ISO country). Defaults to the shipment destination,
    /// then the buyer's country, then the store's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<Country>,
    /// What the buyer asks for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<Claim>,
    /// The order the complaint is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Order>,
    /// Who complains, and their history with the store group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Buyer>,
    /// Evidence items attached so far, by either side.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// An open marketplace or payment dispute about this order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispute: Option<Dispute>,
    /// Bot turns in this conversation that did not resolve the issue.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unresolved_bot_turns: u32,
    /// Exchange rates the host wants used, overriding the policy's reference rates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fx_rates: Vec<FxRate>,
    /// What only the host knows and the risk score reads: address flags, claims of linked
    /// accounts, evidence seen on other claims, high-resale SKUs, returns, product counts.
    /// Everything in it is optional; a missing signal simply does not fire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_context: Option<RiskContext>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A store of the seller's group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Store {
    /// The host's store id.
    pub id: String,
    /// The marketplace the store sells on.
    pub marketplace: Marketplace,
    /// The marketplace site's country (e.g. `DE` for amazon.de).
    pub country: Country,
    /// The store group it belongs to; remedies are kept consistent within a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// Where the store sells.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Marketplace {
    /// Amazon.
    Amazon,
    /// eBay.
    Ebay,
    /// AliExpress.
    Aliexpress,
    /// A Shopify storefront.
    Shopify,
    /// The seller's own site.
    OwnSite,
    /// Any other marketplace.
    Other,
}

/// How the complaint arrived.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Channel {
    /// E-mail.
    Email,
    /// Live chat (human or bot).
    Chat,
    /// Social media.
    Social,
    /// Telephone.
    Phone,
    /// The marketplace's buyer-seller messages.
    MarketplaceMessage,
    /// A self-service form or portal.
    SelfService,
    /// A public product or seller review.
    Review,
}

/// The closed set of complaint categories every module uses.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// The parcel never arrived.
    NotReceived,
    /// The parcel is late against the estimate.
    DeliveryDelay,
    /// Arrived broken.
    Damaged,
    /// A different item arrived.
    WrongItem,
    /// The item differs from its listing.
    NotAsDescribed,
    /// Size or fit problem.
    SizeFit,
    /// The item is defective or of poor quality.
    QualityDefect,
    /// Parts or items are missing.
    MissingParts,
    /// Import duties, taxes, customs holds.
    CustomsDuties,
    /// Payment problems: double charge, wrong exchange rate, failed payment.
    Payment,
    /// Where is my refund.
    RefundStatus,
    /// The buyer wants to return the item.
    ReturnRequest,
    /// The buyer wants to cancel.
    Cancellation,
    /// The service itself: rudeness, no answer, language.
    Service,
    /// Anything else.
    #[default]
    Other,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 15] = [
        Category::NotReceived,
        Category::DeliveryDelay,
        Category::Damaged,
        Category::WrongItem,
        Category::NotAsDescribed,
        Category::SizeFit,
        Category::QualityDefect,
        Category::MissingParts,
        Category::CustomsDuties,
        Category::Payment,
        Category::RefundStatus,
        Category::ReturnRequest,
        Category::Cancellation,
        Category::Service,
        Category::Other,
    ];

    /// The snake_case name used in JSON and policies.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::NotReceived => "not_received",
            Category::DeliveryDelay => "delivery_delay",
            Category::Damaged => "damaged",
            Category::WrongItem => "wrong_item",
            Category::NotAsDescribed => "not_as_described",
            Category::SizeFit => "size_fit",
            Category::QualityDefect => "quality_defect",
            Category::MissingParts => "missing_parts",
            Category::CustomsDuties => "customs_duties",
            Category::Payment => "payment",
            Category::RefundStatus => "refund_status",
            Category::ReturnRequest => "return_request",
            Category::Cancellation => "cancellation",
            Category::Service => "service",
            Category::Other => "other",
        }
    }
}

/// What the buyer asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The kind of remedy asked for.
    pub kind: ClaimKind,
    /// The amount asked for, if any (in the order's currency, normally).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// SKUs the claim concerns; empty means the whole order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<String>,
}

/// The kind of remedy a buyer asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ClaimKind {
    /// Full refund.
    Refund,
    /// Part of the price back.
    PartialRefund,
    /// Send it again.
    Reship,
    /// Swap for another size, colour or unit.
    Exchange,
    /// Compensation for the trouble.
    Compensation,
    /// Only wants information.
    Information,
}

/// The order a complaint is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// The host's order id.
    pub id: String,
    /// When the order was placed.
    pub placed_at: DateTime<Utc>,
    /// When payment was confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<DateTime<Utc>>,
    /// What the buyer paid in total (items, shipping, taxes).
    pub total: Money,
    /// Order lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// The shipment, once there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment: Option<Shipment>,
    /// Compensation already granted on this order (same currency as `total`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compensation_given: Option<Money>,
}

/// An order line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stock-keeping unit, shared by all stores of the group.
    pub sku: String,
    /// Units ordered (at least 1).
    pub quantity: u32,
    /// Price of one unit.
    pub unit_price: Money,
    /// Product category or line (free text, e.g. `home_textiles`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_category: Option<String>,
}

/// The parcel and its carrier's view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Shipment {
    /// Carrier name (e.g. `dhl`, `correios`, `yanwen`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    /// Country the parcel leaves from.
    pub origin: Country,
    /// Country it goes to.
    pub destination: Country,
    /// Handed to the carrier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped_at: Option<DateTime<Utc>>,
    /// The delivery date promised to the buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_delivery_at: Option<DateTime<Utc>>,
    /// When the carrier reports delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<DateTime<Utc>>,
    /// The carrier's latest status.
    pub status: ShipmentStatus,
    /// The strongest proof of delivery the carrier holds.
    #[serde(default)]
    pub proof_of_delivery: ProofOfDelivery,
    /// The route's average transit time in days, for predictive care.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_average_transit_days: Option<u32>,
}

/// Carrier status of a shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ShipmentStatus {
    /// Label printed, not yet handed over.
    LabelCreated,
    /// Moving.
    InTransit,
    /// Held at customs.
    Customs,
    /// With the last-mile courier.
    OutForDelivery,
    /// Delivered, per the carrier.
    Delivered,
    /// A carrier exception (failed attempt, address problem).
    Exception,
    /// On its way back to the seller.
    Returned,
    /// Declared lost by the carrier.
    Lost,
}

/// Proof of delivery, from weakest to strongest.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProofOfDelivery {
    /// No proof.
    #[default]
    None,
    /// A delivery scan.
    Scan,
    /// A GPS position at the address.
    Gps,
    /// A photo of the parcel at the door.
    Photo,
    /// A signature.
    Signature,
}

/// The buyer and their history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Buyer {
    /// The host's buyer id (hash it if it is personal data).
    pub id: String,
    /// Loyalty tier, when the host knows it; left out, the engine derives it from the
    /// buyer's history with the policy's `[loyalty]` thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<LoyaltyTier>,
    /// The buyer's country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// The buyer's preferred language (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// When the buyer's account was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_created_at: Option<DateTime<Utc>>,
    /// What the buyer did before this complaint.
    #[serde(default)]
    pub history: BuyerHistory,
    /// Ids of accounts the host links to this buyer across the group's stores (hashed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub linked_accounts: Vec<String>,
}

/// Loyalty tier.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LoyaltyTier {
    /// No tier.
    #[default]
    None,
    /// One purchase.
    Silver,
    /// Spends 500 USD a year: dedicated channel, free return shipping.
    Gold,
    /// Spends 1,500 USD a year: also early access and gifts.
    Platinum,
}

/// Counts and sums over the buyer's past with the group (before this complaint).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuyerHistory {
    /// Orders placed.
    #[serde(default)]
    pub orders: u32,
    /// Complaints or claims filed.
    #[serde(default)]
    pub claims: u32,
    /// Claims that the item never arrived.
    #[serde(default)]
    pub not_received_claims: u32,
    /// Payment chargebacks.
    #[serde(default)]
    pub chargebacks: u32,
    /// Marketplace disputes (A-to-z, eBay Money Back ...).
    #[serde(default)]
    pub disputes: u32,
    /// Value of the orders placed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_value: Option<Money>,
    /// Value of the orders placed in the last 12 months (loyalty tiers are yearly spend).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend_last_year: Option<Money>,
    /// Value refunded or compensated so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refunded_value: Option<Money>,
    /// Compensation granted to the buyer before this complaint, with its dates; the
    /// remedy stage sums those inside its rolling per-buyer window.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compensations: Vec<PastCompensation>,
}

/// One compensation granted to a buyer in the past.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PastCompensation {
    /// When it was granted.
    pub granted_at: DateTime<Utc>,
    /// Its value.
    pub amount: Money,
}

/// An evidence item attached to the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What it is.
    pub kind: EvidenceKind,
    /// Who supplied it.
    pub from: Party,
    /// SHA-256 of the content, hex, computed by the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// When it was received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<DateTime<Utc>>,
}

/// Kinds of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvidenceKind {
    /// A photo.
    Photo,
    /// A video (e.g. an unboxing).
    Video,
    /// A test certificate.
    Certificate,
    /// A contract or terms.
    Contract,
    /// The carrier's proof (scan log, POD).
    CarrierProof,
    /// A customs document or invoice.
    CustomsDocument,
    /// A message transcript.
    Message,
    /// Anything else.
    Other,
}

/// A party to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Party {
    /// The buyer.
    Buyer,
    /// The seller.
    Seller,
    /// The carrier.
    Carrier,
    /// The marketplace or payment platform.
    Platform,
}

/// An open marketplace or payment dispute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dispute {
    /// Which kind.
    pub kind: DisputeKind,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
}

/// Dispute programmes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DisputeKind {
    /// Amazon A-to-z Guarantee claim.
    AToZ,
    /// eBay Money Back Guarantee case.
    EbayMoneyBack,
    /// AliExpress dispute.
    AliexpressDispute,
    /// PayPal dispute.
    Paypal,
    /// Card chargeback.
    Chargeback,
    /// Any other.
    Other,
}

/// An exchange rate the host supplies: `rate` units of `to` per unit of `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FxRate {
    /// Source currency.
    pub from: crate::money::Currency,
    /// Target currency.
    pub to: crate::money::Currency,
    /// Units of `to` per unit of `from`, a positive decimal string.
    #[serde(with = "crate::money::decimal_str")]
    #[schemars(with = "String")]
    pub rate: rust_decimal::Decimal,
}

/// Facts for the risk score that only the host can know. Every field is optional and
/// defaults to "nothing seen".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskContext {
    /// Fraud scores the host already has from its own provider (Signifyd, Riskified,
    /// Stripe Radar ...); the policy's `[risk.external_scores]` weighs them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_scores: Vec<ExternalScore>,
    /// The shipping address is a known parcel forwarder or reshipping service.
    #[serde(default, skip_serializing_if = "is_false")]
    pub forwarder_address: bool,
    /// The billing address differs from the shipping address (country or postcode).
    #[serde(default, skip_serializing_if = "is_false")]
    pub billing_shipping_mismatch: bool,
    /// The buyer changed the delivery address after the parcel was handed to the carrier.
    #[serde(default, skip_serializing_if = "is_false")]
    pub address_changed_after_dispatch: bool,
    /// Whether the carrier's proof of delivery (GPS point, photo, signature) was taken at
    /// the shipping address; `None` when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof_address_match: Option<bool>,
    /// Claims filed by this buyer's linked accounts (other stores of the group, same hashed
    /// identifiers) in the 7 days before this complaint, this complaint excluded.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub linked_claims_7d: u32,
    /// The same over the 30 days before this complaint (includes the 7-day count).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub linked_claims_30d: u32,
    /// How many of this claim's image hashes or text fingerprints the host has seen on
    /// another claim (by any buyer).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fingerprints_seen_elsewhere: u32,
    /// SKUs of this order the seller deems easy to resell (electronics, luxury goods).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub high_resale_skus: Vec<String>,
    /// Returns the buyer made before this complaint (counted over `buyer.history.orders`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub returns: u32,
    /// Sales and complaint counts of the order's SKUs and of their category peers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<ProductStats>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Sales and complaint counts of one SKU and of its category peers, over the same period,
/// as the host counts them. Feeds the product (SKU) risk index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductStats {
    /// The SKU.
    pub sku: String,
    /// Orders (or units) of the SKU sold in the period.
    pub orders: u32,
    /// Complaints about the SKU in the period.
    pub complaints: u32,
    /// Orders of the other SKUs of the same product category in the period.
    #[serde(default)]
    pub peer_orders: u32,
    /// Complaints about those peers in the period.
    #[serde(default)]
    pub peer_complaints: u32,
}

impl Case {
    /// The market whose rules apply: explicit, else destination, else buyer, else store.
    pub fn market(&self) -> &str {
        self.market
            .as_deref()
            .or_else(|| {
                self.order
                    .as_ref()
                    .and_then(|o| o.shipment.as_ref())
                    .map(|s| s.destination.as_str())
            })
            .or_else(|| self.buyer.as_ref().and_then(|b| b.country.as_deref()))
            .unwrap_or(&self.store.country)
    }

    /// The shipment, if any.
    pub fn shipment(&self) -> Option<&Shipment> {
        self.order.as_ref().and_then(|o| o.shipment.as_ref())
    }
}

/// One fraud score from an external provider, on its own scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalScore {
    /// The provider (`signifyd`, `riskified`, `stripe_radar`), matched against the
    /// policy's weights.
    pub source: String,
    /// The score, from 0 (no risk) to `scale`.
    #[serde(with = "crate::money::decimal_str")]
    #[schemars(with = "String")]
    pub value: rust_decimal::Decimal,
    /// The top of the provider's scale (Signifyd 1000, Stripe Radar 100, a probability 1).
    #[serde(with = "crate::money::decimal_str")]
    #[schemars(with = "String")]
    pub scale: rust_decimal::Decimal,
}
