//! Protected attributes: field names the case model refuses, so that no host passes one
//! as a risk input by mistake.

/// Field names the case model rejects anywhere in a case, with the code
/// `input.protected_attribute`: amends never uses protected attributes, so a host cannot
/// pass one by mistake as a risk input. Matched on the whole key, case-insensitively.
pub const PROTECTED_ATTRIBUTES: [&str; 22] = [
    "age",
    "birth_date",
    "birthdate",
    "date_of_birth",
    "dob",
    "gender",
    "sex",
    "sexual_orientation",
    "ethnicity",
    "ethnic_origin",
    "race",
    "religion",
    "belief",
    "nationality",
    "citizenship",
    "disability",
    "health",
    "pregnancy",
    "marital_status",
    "political_opinion",
    "trade_union",
    "genetic_data",
];

/// Whether `field` names a protected attribute ([`PROTECTED_ATTRIBUTES`]).
pub fn is_protected_attribute(field: &str) -> bool {
    PROTECTED_ATTRIBUTES
        .iter()
        .any(|p| p.eq_ignore_ascii_case(field))
}
