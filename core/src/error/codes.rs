//! The registry of error codes: every code the engine and its hosts can report, with a
//! one-line summary, the hint a diagnostic carries when its call site gives none, and
//! its anchor in `docs/errors.md` (generated from this table and checked in the tests).
//!
//! A test scans the sources of the core, the CLI and both bindings, and the expectations
//! of the conformance vectors, and fails on any code missing here.

/// One registered error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The stable, dotted code (`input.too_large`).
    pub code: &'static str,
    /// What the code means, in one line.
    pub summary: &'static str,
    /// How to fix it: the hint a diagnostic of this code carries when its call site
    /// gives none.
    pub hint: &'static str,
}

impl CodeInfo {
    /// The anchor of the code's entry in `docs/errors.md` (the code itself).
    pub fn anchor(&self) -> &'static str {
        self.code
    }
}

/// The codes built at run time from serde's messages (`input.unknown_field`,
/// `policy.truncated` ...), which no string literal spells out.
pub fn serde_codes() -> Vec<String> {
    let kinds =
        super::SERDE_KINDS
            .iter()
            .map(|(_, k)| *k)
            .chain(["invalid_time", "truncated", "syntax"]);
    let mut out: Vec<String> = kinds
        .flat_map(|k| super::SERDE_PREFIXES.map(|p| format!("{p}.{k}")))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The code's entry, if it is registered.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    REGISTRY
        .binary_search_by(|c| c.code.cmp(code))
        .ok()
        .and_then(|i| REGISTRY.get(i))
}

/// The registry's hint for a code.
pub fn hint_for(code: &str) -> Option<&'static str> {
    lookup(code).map(|c| c.hint)
}

/// What each family of codes is about, for `docs/errors.md`.
const FAMILIES: [(&str, &str); 8] = [
    (
        "audit",
        "A tamper-evident audit chain does not verify (`amends audit verify`).",
    ),
    (
        "input",
        "A case, an event, a snapshot or another input document is malformed.",
    ),
    ("internal", "The engine itself failed: always a bug."),
    ("io", "A host could not read a file."),
    (
        "journey",
        "A journey definition does not validate, or a journey call cannot proceed.",
    ),
    (
        "money",
        "An amount, a currency or an exchange rate is wrong.",
    ),
    ("output", "An output could not be produced."),
    (
        "policy",
        "A policy does not load or does not validate (`amends policy check`).",
    ),
];

/// The text of `docs/errors.md`: every registered code with its summary and hint,
/// grouped by family.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Error codes\n\n\
         <!-- Generated from core/src/error/codes.rs; do not edit. Regenerate with\n\
         `AMENDS_BLESS=1 cargo test -p amends --test error_codes`. -->\n\n\
         Every error the engine, the CLI and the bindings report carries a stable `code`, the\n\
         `path` of the offending field (empty for the document itself), a `message` and a\n\
         `hint`. Codes never change meaning; new ones are added here. A call site may give a\n\
         more precise hint than the one below.\n\n\
         | family | what it covers |\n|---|---|\n",
    );
    for (family, about) in FAMILIES {
        out.push_str(&format!("| [`{family}`](#{family}) | {about} |\n"));
    }
    for (family, about) in FAMILIES {
        out.push_str(&format!("\n## {family}\n\n{about}\n"));
        let prefix = format!("{family}.");
        for c in REGISTRY.iter().filter(|c| c.code.starts_with(&prefix)) {
            out.push_str(&format!(
                "\n<a id=\"{}\"></a>\n### `{}`\n\n{}\n\nHint: {}\n",
                c.anchor(),
                c.code,
                c.summary,
                c.hint
            ));
        }
    }
    out
}

macro_rules! codes {
    ($($code:literal => $summary:literal, $hint:literal;)*) => {
        /// Every registered code, sorted.
        pub const REGISTRY: &[CodeInfo] = &[
            $(CodeInfo { code: $code, summary: $summary, hint: $hint },)*
        ];
    };
}

codes! {
    "audit.duplicate_key" => "An audit record gives the same key twice in one object.",
        "the hash covers one copy of the key, so the other may be forged: restore the record from a trusted copy";
    "audit.hash_mismatch" => "An audit record's hash is not the hash of its contents.",
        "the record was changed after it was written; restore it from a trusted copy";
    "audit.head_mismatch" => "The audit chain does not end at the expected head hash.",
        "records were cut from the end or added; compare with the head kept apart from the file";
    "audit.malformed" => "A line of the audit chain is not an audit record.",
        "each line must be one record as written by the audit writer";
    "audit.prev_mismatch" => "An audit record does not point at the previous record's hash.",
        "a record was removed, inserted or reordered; restore the chain from a trusted copy";
    "audit.seq" => "An audit record's sequence number is not the next one.",
        "a record was removed, inserted or reordered; restore the chain from a trusted copy";
    "audit.serialize" => "An audit record could not be written as JSON.",
        "this is a bug in amends; please report it";
    "audit.time_order" => "An audit record is dated before the previous one.",
        "records are appended in time order; check the clock of the writer";
    "input.arrow_schema" => "An Arrow batch's columns cannot be read as cases.",
        "give a `case` column of JSON text, or the case's fields as columns (docs/scale-out.md)";
    "input.duplicate_field" => "A field is given twice in the same object.",
        "give each field once";
    "input.empty" => "A required text field is empty.",
        "fill in the field";
    "input.freed" => "An Engine or Machine was used after free() released it.",
        "create a new one; free() (or the end of a `using` block) is final";
    "input.inconsistent" => "Two fields of the input contradict each other.",
        "check the counts named in the message against each other";
    "input.invalid_country" => "A country is not an ISO 3166-1 alpha-2 code.",
        "use two upper-case letters, e.g. \"DE\"";
    "input.invalid_hash" => "A hash is not 64 hexadecimal digits.",
        "give the SHA-256 as 64 hexadecimal digits";
    "input.invalid_key" => "An object key is not a string.",
        "use str keys in dicts";
    "input.invalid_time" => "A time is not an RFC 3339 time with an offset.",
        "write times like 2026-11-23T10:00:00Z";
    "input.invalid_type" => "A value has the wrong JSON type.",
        "check the field's type in the schema (`amends schema`)";
    "input.invalid_utf8" => "The input is not valid UTF-8.",
        "send JSON encoded as UTF-8";
    "input.invalid_value" => "A value has the right type but is not allowed.",
        "check the allowed values in the schema (`amends schema`)";
    "input.missing" => "A required argument is missing.",
        "pass the argument";
    "input.missing_field" => "A required field is missing.",
        "add the required field";
    "input.naive_time" => "A datetime has no time zone.",
        "attach a tzinfo, e.g. datetime(..., tzinfo=timezone.utc)";
    "input.not_finite" => "A number is NaN or infinite.",
        "pass a finite number, or a decimal string for amounts";
    "input.not_json" => "A value cannot be written as JSON.",
        "pass plain data: objects, arrays, strings, numbers, booleans and null";
    "input.number_out_of_range" => "An integer does not fit in 64 bits.",
        "pass a smaller number, or a decimal string for amounts";
    "input.out_of_range" => "A number is outside its allowed range.",
        "see the range in the message";
    "input.protected_attribute" => "The input names a protected attribute (age, gender, ethnicity, religion, nationality ...), which amends never uses as a risk input.",
        "remove the field: decisions must not depend on it (docs/explain.md lists the fields never used)";
    "input.syntax" => "The input is not valid JSON.",
        "send one JSON document (one per line for JSON Lines)";
    "input.time_order" => "Two times of the input are in the wrong order.",
        "check the times named in the message; an event cannot precede its cause";
    "input.too_deep" => "The input nests deeper than the limit.",
        "flatten the document; no valid input nests this deep";
    "input.too_large" => "The input, or a text or list in it, exceeds its size limit.",
        "shorten it, or raise the limit in the engine's `Limits` (docs/limits.md)";
    "input.truncated" => "The input ends in the middle of a JSON document.",
        "send the whole document";
    "input.unknown_field" => "An object has a field the schema does not define.",
        "remove the field or check its spelling; inputs reject unknown fields";
    "input.unknown_schema" => "No schema is published under this name.",
        "use one of the names `amends schema --help` lists";
    "input.unknown_sections" => "The `sections` option is not one of the published forms.",
        "use `full` (every section and the trace, the default) or `decision`";
    "input.unknown_variant" => "A value is not one of the allowed names.",
        "use one of the listed values";
    "internal.panic" => "The engine failed unexpectedly.",
        "this is a bug in amends; please report it with the input";
    "io.read" => "A file could not be read.",
        "check the path and its permissions";
    "journey.bad_anchor" => "A timer's `from` is not an anchor.",
        "use entry, event.NAME or context.FIELD";
    "journey.bad_duration" => "A journey duration is not valid here.",
        "write durations like \"90m\", \"4h\" or \"3d\"";
    "journey.bad_guard" => "A guard does not read a context or event field.",
        "guards read the journey's context or the event's data";
    "journey.bad_holiday" => "A calendar holiday is not a date.",
        "write holidays like 2026-12-25";
    "journey.bad_hours" => "A calendar's opening hours are not valid.",
        "write hours like mon = [\"09:00-17:00\"]";
    "journey.bad_migration" => "A snapshot migration is not valid.",
        "a migration goes from an earlier version to states that exist";
    "journey.bad_name" => "A journey name is not in snake_case.",
        "use lower-case letters, digits and _, starting with a letter";
    "journey.bad_snapshot" => "A journey snapshot holds a value the engine never writes.",
        "pass back the snapshot the engine returned, unchanged";
    "journey.buyer_calendar" => "A seller-side deadline names a per-case calendar of the buyer.",
        "count clocks on the team's calendar; buyer quiet windows are [journeys.quiet]";
    "journey.dead_end" => "A state that is not final has no way out.",
        "add a transition or a timer with `to`, or mark it final";
    "journey.definition_changed" => "The machine changed since the snapshot was taken, under the same version.",
        "give the changed definition a new version and a migration";
    "journey.empty" => "A required name of a journey definition is empty.",
        "fill in the name";
    "journey.event_in_future" => "An event is dated after `now`.",
        "pass events once they have happened";
    "journey.final_has_exit" => "A final state has transitions or timers.",
        "remove them, or do not mark the state final";
    "journey.loop_limit" => "Too many timers fired in one call.",
        "a timer of 0s probably leads back into its own state";
    "journey.no_final_path" => "No final state can be reached from a state.",
        "add a path from the state to a final state";
    "journey.no_final_state" => "A machine has no final state.",
        "mark at least one state final = true";
    "journey.out_of_range" => "A deadline of the journey falls after the year 9999.",
        "check `now` and the durations: RFC 3339 writes years 0000 to 9999 only";
    "journey.unknown_calendar" => "A calendar is not defined.",
        "define it under [journeys.calendars]";
    "journey.unknown_format" => "The diagram format is not known.",
        "use mermaid or dot";
    "journey.unknown_holidays_market" => "A calendar's `holidays_of` names a market without built-in holidays.",
        "use an ISO country listed in core/data/market_calendars.toml";
    "journey.unknown_machine" => "The policy defines no machine of this name.",
        "use one of the machines under [journeys.machines]";
    "journey.unknown_state" => "A state is not defined by the machine.",
        "use a state under the machine's `states`";
    "journey.unknown_zone" => "A calendar's time zone is not an IANA time zone.",
        "e.g. \"Europe/Berlin\" or \"America/Sao_Paulo\"";
    "journey.unreachable" => "A state cannot be reached from the initial state.",
        "add a transition into it or remove it";
    "journey.version_mismatch" => "The snapshot is of another version of the machine, with no migration.",
        "declare a migration from the snapshot's version";
    "journey.waiting_without_timer" => "A state waits on someone but has no timer.",
        "add a timer that reminds or moves on";
    "journey.wrong_machine" => "The snapshot belongs to another machine.",
        "pass the snapshot to the machine that made it";
    "money.currency_mismatch" => "Amounts in different currencies are combined.",
        "give the amounts of one order in the order's currency";
    "money.inexact_number" => "A policy number has more significant digits than a binary number keeps exactly.",
        "write the number as a decimal string, e.g. rate = \"1.1612345678901234\"";
    "money.invalid_amount" => "An amount is not a decimal number.",
        "write amounts as decimal strings, e.g. \"12.30\"";
    "money.invalid_rate" => "An exchange rate is zero, negative or inconsistent.",
        "rates are positive, and a currency converts to itself at 1";
    "money.missing_rate" => "A rule needed an exchange rate the case and the policy lack (a warning; the policy's fallback applied).",
        "pass the day's rate in the case's fx_rates, or add the currency to [fx] to_base";
    "money.negative" => "An amount is negative.",
        "amounts are zero or more; a refund is its own field";
    "money.out_of_range" => "An amount exceeds the largest allowed.",
        "amounts are in currency units, not minor units";
    "money.overflow" => "A computed amount overflowed.",
        "check the amounts and rates of the case for absurd values";
    "money.precision" => "An amount has more decimals than its currency's minor unit.",
        "round the amount to the currency's minor unit (JPY has none, EUR two)";
    "money.unknown_currency" => "A currency is not an ISO 4217 code.",
        "use an ISO 4217 code such as \"EUR\"";
    "output.parse" => "A host could not read the engine's output.",
        "this is a bug in amends; please report it with the input";
    "output.serialize" => "An output could not be written as JSON.",
        "this is a bug in amends; please report it with the input";
    "output.write" => "A host could not write its output (a full disk, a closed file).",
        "free space or fix the destination and run again; the output written so far is incomplete";
    "policy.duplicate_field" => "A policy field is given twice.",
        "give each field once";
    "policy.empty" => "A required policy value is empty.",
        "fill in the value named by the path";
    "policy.explain.bound" => "An explanation bound is above its largest value.",
        "keep explain.per_group and explain.max_offers at 100 or below";
    "policy.explain.fallback_language" => "The buyer messages have no table in the fallback language.",
        "add [explain.messages.<fallback_language>] or name a language that has messages";
    "policy.explain.template" => "A buyer message template has an unbalanced brace.",
        "parameters are written {name}";
    "policy.inner_wildcard" => "A lexicon term has `*` anywhere but at its end, where it could never match.",
        "write the word whole, end the term with the prefix, or join two parts with a gap: \"a … b\"";
    "policy.invalid_country" => "A policy market is not an ISO 3166-1 alpha-2 code.",
        "use two upper-case letters, e.g. \"DE\"";
    "policy.invalid_duration" => "A policy duration is not valid.",
        "write durations like \"90m\", \"4h\" or \"3d\"";
    "policy.invalid_key" => "A key of a policy dict is not a string.",
        "use str keys in dicts";
    "policy.invalid_rate" => "A policy exchange rate is not positive.",
        "rates must be positive";
    "policy.invalid_rule" => "A policy rule does nothing.",
        "give the rule an effect, as the message says";
    "policy.invalid_time" => "A policy time is not an RFC 3339 time.",
        "write times like 2026-11-23T10:00:00Z";
    "policy.invalid_type" => "A policy value has the wrong type.",
        "check the field's type in the schema (`amends schema policy`)";
    "policy.invalid_utf8" => "The policy is not valid UTF-8.",
        "save the policy as UTF-8";
    "policy.invalid_value" => "A policy value has the right type but is not allowed.",
        "check the allowed values in the schema (`amends schema policy`)";
    "policy.language_model" => "The embedded language-identification model cannot be read (a broken build).",
        "rebuild from a clean checkout; scripts/train_langid.py --check verifies the model file";
    "policy.lexicon" => "A lexicon entry of the policy does not compile.",
        "check the entry named by the path";
    "policy.market_without_calendar" => "A market the policy names has no calendar (a policy check warning).",
        "add a [journeys.calendars] entry listing the market";
    "policy.market_without_rate" => "A market the policy names pays in a currency without a rate (a policy check warning).",
        "add the currency to [fx] to_base (scripts/fx_reference_rates.py)";
    "policy.misplaced_gap" => "A lexicon term's gap marker `…` does not stand once between two parts.",
        "write \"a … b\": the two parts match with 1 to [scope] phrase_gap_words words between";
    "policy.missing_field" => "A required policy field is missing.",
        "add the required field";
    "policy.missing_weight" => "A lexicon entry needs a weight.",
        "add weight = N (0 removes the entry)";
    "policy.not_finite" => "A number of a policy dict is NaN or infinite.",
        "pass a finite number, or a decimal string";
    "policy.number_out_of_range" => "An integer of a policy dict does not fit in 64 bits.",
        "pass a smaller number, or a decimal string";
    "policy.out_of_range" => "A policy number is outside its allowed range.",
        "see the range in the message";
    "policy.remedy.condition_shape" => "A remedy condition does not have exactly one form.",
        "split it: { all = [ {...}, {...} ] }";
    "policy.remedy.consistency" => "A remedy rule would treat the stores of one group differently.",
        "test store.group instead of store.id";
    "policy.remedy.duplicate" => "A remedy name is listed twice.",
        "give each role, option or market once";
    "policy.remedy.markets" => "A remedy market override lists no valid market.",
        "list markets as ISO 3166-1 alpha-2 codes";
    "policy.remedy.no_roles" => "Remedy rules grant money but no role may approve it.",
        "add [[remedy.roles]] entries";
    "policy.remedy.outcome" => "A remedy outcome is not well formed.",
        "see the message: an outcome gives `pct` or `fixed`, as its kind needs";
    "policy.remedy.pool_kinds" => "The guarantee pool funds no kind of outcome.",
        "e.g. guarantee_pool_kinds = [\"gift\"]";
    "policy.remedy.recommend" => "A rule recommends an option it does not offer.",
        "recommend one of the rule's own options";
    "policy.remedy.role_limits" => "A remedy role has no or invalid approval limits.",
        "e.g. limits = { USD = \"20\" } or { USD = \"unlimited\" }";
    "policy.remedy.too_deep" => "Remedy conditions nest deeper than the limit.",
        "flatten the condition with all/any lists";
    "policy.remedy.type_mismatch" => "A remedy condition compares a field with a value of another type.",
        "compare the field with a value of its type (docs/remedy.md)";
    "policy.remedy.unknown_cap" => "`approve_past` names a cap that cannot raise the approver.",
        "one of: per_claim, per_order, per_buyer, credit";
    "policy.remedy.unknown_field" => "A remedy condition tests a field that does not exist.",
        "use one of the fields docs/remedy.md lists";
    "policy.remedy.unknown_role" => "`approve_past` names a role that [[remedy.roles]] does not define.",
        "name one of the policy's remedy roles";
    "policy.remedy.unknown_value" => "A remedy condition compares with a value the field never takes.",
        "use one of the field's values (docs/remedy.md)";
    "policy.reused_id" => "A derived policy takes the id of the policy it extends.",
        "name the derived policy, e.g. \"acme.eu\", and give it its own version";
    "policy.risk.bands" => "The risk bands do not cover the scores in order.",
        "start the first band at 0 and raise min_score band by band";
    "policy.risk.proof_order" => "Proof strengths do not rise with the kind of proof.",
        "order strengths from scan to GPS and photo to signature";
    "policy.syntax" => "The policy is not valid TOML or JSON.",
        "check the syntax at the line shown";
    "policy.too_deep" => "The policy nests deeper than the limit.",
        "no valid policy nests this deep";
    "policy.too_large" => "The policy exceeds its size or rule-count limit.",
        "split the policy per store group, or raise the limit (docs/limits.md)";
    "policy.truncated" => "The policy ends in the middle of a document.",
        "send the whole policy";
    "policy.unknown_base" => "`extends` names a policy that cannot be extended.",
        "the base may be \"amends.default\"";
    "policy.unknown_category" => "A lexicon entry names no known category.",
        "use one of the categories of the triage section";
    "policy.unknown_field" => "The policy has a field the schema does not define.",
        "remove the field or check its spelling (`amends schema policy`)";
    "policy.unknown_language" => "No lexicon exists for a language the policy names.",
        "use a language with a lexicon (docs/multilingual.md)";
    "policy.unknown_variant" => "A policy value is not one of the allowed names.",
        "use one of the listed values";
    "policy.unread_section" => "A policy section has problems that stop it from being read, so its meaning is not checked.",
        "fix the problems reported before it; the section's meaning is checked once it reads";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_sorted_unique_and_complete() {
        for pair in REGISTRY.windows(2) {
            if let [a, b] = pair {
                assert!(a.code < b.code, "{} is not before {}", a.code, b.code);
            }
        }
        for c in REGISTRY {
            assert!(!c.summary.is_empty() && !c.hint.is_empty(), "{}", c.code);
            assert_eq!(lookup(c.code), Some(c));
        }
    }

    #[test]
    fn every_code_belongs_to_a_documented_family() {
        for c in REGISTRY {
            assert!(
                FAMILIES
                    .iter()
                    .any(|(f, _)| c.code.split('.').next() == Some(*f)),
                "{}",
                c.code
            );
        }
    }

    #[test]
    fn every_code_built_from_a_serde_message_is_registered() {
        for code in serde_codes() {
            assert!(lookup(&code).is_some(), "{code} is not registered");
        }
    }
}
