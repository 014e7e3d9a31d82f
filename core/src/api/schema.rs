//! One registry of every JSON Schema the engine publishes: the documents of an
//! assessment, the journey documents and the clocks report. The CLI's `amends schema`,
//! Python's `schema()` and JavaScript's `schema()` all read it.

/// Which family a schema belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemaGroup {
    /// A case, an assessment or a policy.
    Document,
    /// A journey input or output (start input, event, snapshot, step, clocks report).
    Journey,
}

/// One published schema: its name and family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaInfo {
    /// The name a host asks for (`case`, `journey_step`).
    pub name: &'static str,
    /// Its family.
    pub group: SchemaGroup,
    /// What the document is, in one line.
    pub about: &'static str,
}

/// Every published schema, in a stable order.
pub const REGISTRY: [SchemaInfo; 9] = [
    SchemaInfo {
        name: "case",
        group: SchemaGroup::Document,
        about: "a complaint case (input of `assess`)",
    },
    SchemaInfo {
        name: "assessment",
        group: SchemaGroup::Document,
        about: "the assessment of a case (output of `assess`)",
    },
    SchemaInfo {
        name: "decision",
        group: SchemaGroup::Document,
        about: "what was decided about a case (output of `assess` with `sections = decision`)",
    },
    SchemaInfo {
        name: "policy",
        group: SchemaGroup::Document,
        about: "a policy (TOML or JSON)",
    },
    SchemaInfo {
        name: "journey_start",
        group: SchemaGroup::Journey,
        about: "the input of a journey's `start`",
    },
    SchemaInfo {
        name: "journey_event",
        group: SchemaGroup::Journey,
        about: "an event passed to a journey's `step`",
    },
    SchemaInfo {
        name: "journey_snapshot",
        group: SchemaGroup::Journey,
        about: "a journey's stored state",
    },
    SchemaInfo {
        name: "journey_step",
        group: SchemaGroup::Journey,
        about: "the result of `start`, `step` or `tick`",
    },
    SchemaInfo {
        name: "journey_clocks",
        group: SchemaGroup::Journey,
        about: "the SLA clocks of a journey at a time (output of `clocks`)",
    },
];

/// The names of every published schema, in [`REGISTRY`] order.
pub const SCHEMAS: [&str; 9] = [
    "case",
    "assessment",
    "decision",
    "policy",
    "journey_start",
    "journey_event",
    "journey_snapshot",
    "journey_step",
    "journey_clocks",
];

/// The names of one family of schemas, in [`REGISTRY`] order.
pub fn names(group: SchemaGroup) -> Vec<&'static str> {
    REGISTRY
        .iter()
        .filter(|s| s.group == group)
        .map(|s| s.name)
        .collect()
}

/// The text of every published schema, in [`SCHEMAS`] order. The files under
/// `core/schemas/` are generated from the types (`schemars`) and checked against them
/// by `core/tests/schemas.rs`; embedding the text keeps the schema generator out of
/// the engine, which matters most for the size of the WebAssembly module. They are
/// embedded compact (written so by `core/build.rs`) and pretty-printed on demand.
macro_rules! compact {
    ($name:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/schemas/", $name, ".json"))
    };
}
const TEXTS: [&str; 9] = [
    compact!("case"),
    compact!("assessment"),
    compact!("decision"),
    compact!("policy"),
    compact!("journey_start"),
    compact!("journey_event"),
    compact!("journey_snapshot"),
    compact!("journey_step"),
    compact!("journey_clocks"),
];

fn text(name: &str) -> Option<&'static str> {
    let i = SCHEMAS.iter().position(|n| *n == name)?;
    TEXTS.get(i).copied()
}

/// The JSON Schema named `name` (see [`SCHEMAS`]) as a value; `None` for an unknown name.
pub fn schema_value(name: &str) -> Option<serde_json::Value> {
    serde_json::from_str(text(name)?).ok()
}

/// The JSON Schema named `name` (see [`SCHEMAS`]), pretty-printed (the text of its
/// file under `core/schemas/`); `None` for an unknown name.
///
/// ```
/// assert!(amends::api::schema("journey_snapshot").unwrap().contains("clock_time"));
/// assert!(amends::api::schema("journey_clocks").unwrap().contains("remaining_seconds"));
/// ```
pub fn schema(name: &str) -> Option<String> {
    serde_json::to_string_pretty(&schema_value(name)?).ok()
}

/// The error a host gives for an unknown schema name: `input.unknown_schema`, listing
/// the names of `group` (every name when `None`).
pub fn unknown_schema(name: &str, group: Option<SchemaGroup>) -> crate::Error {
    let known = match group {
        Some(g) => names(g),
        None => SCHEMAS.to_vec(),
    };
    crate::Error::input(
        crate::Diagnostic::new(
            "input.unknown_schema",
            "name",
            format!(
                "no schema named `{}`",
                name.chars().take(40).collect::<String>()
            ),
        )
        .hint(format!("use one of: {}", known.join(", "))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_name_has_a_schema() {
        assert_eq!(REGISTRY.len(), SCHEMAS.len());
        for (info, name) in REGISTRY.iter().zip(SCHEMAS) {
            assert_eq!(info.name, name);
            assert!(schema(name).is_some(), "{name}");
        }
        assert!(schema("nope").is_none());
    }

    #[test]
    fn schemas_are_printed_as_their_files() {
        let files = [
            include_str!("../../schemas/case.json"),
            include_str!("../../schemas/assessment.json"),
            include_str!("../../schemas/decision.json"),
            include_str!("../../schemas/policy.json"),
            include_str!("../../schemas/journey_start.json"),
            include_str!("../../schemas/journey_event.json"),
            include_str!("../../schemas/journey_snapshot.json"),
            include_str!("../../schemas/journey_step.json"),
            include_str!("../../schemas/journey_clocks.json"),
        ];
        for (name, file) in SCHEMAS.iter().zip(files) {
            assert_eq!(schema(name).as_deref(), Some(file.trim_end()), "{name}");
        }
    }
}
