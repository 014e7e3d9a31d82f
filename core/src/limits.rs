//! Input limits: the engine refuses inputs past these sizes with `input.too_large`
//! instead of spending unbounded time or memory on them.

/// Largest JSON document for one case, in bytes.
pub const MAX_CASE_BYTES: usize = 1024 * 1024;
/// Longest complaint text, in bytes of UTF-8.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// Most order lines.
pub const MAX_ITEMS: usize = 1000;
/// Most evidence items.
pub const MAX_EVIDENCE: usize = 200;
/// Most linked accounts, SKUs in a claim, or FX rates.
pub const MAX_LIST: usize = 1000;
/// Longest id or short string field, in bytes.
pub const MAX_ID_BYTES: usize = 256;
