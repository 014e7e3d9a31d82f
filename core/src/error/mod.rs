//! Errors as data: a stable code, the JSON path of the offending field, a message, a hint.
//! Every code is registered in [`codes`].

pub mod codes;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One problem found in an input or a policy.
///
/// `path` uses dotted JSON path syntax relative to the document root
/// (`order.items[0].unit_price.currency`); empty means the document itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    /// Stable, dotted error code (`money.unknown_currency`).
    pub code: String,
    /// Where the problem is.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the registry's hint for its code ([`codes::hint_for`]), so
    /// that every error says how to fix it; [`Diagnostic::hint`] gives a more precise
    /// one.
    pub fn new(
        code: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let code = code.into();
        let hint = codes::hint_for(&code).map(str::to_owned);
        Diagnostic {
            code,
            path: path.into(),
            message: message.into(),
            hint,
        }
    }

    /// Sets the hint, replacing the registry's.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code, self.message)
        } else {
            write!(f, "{} at {}: {}", self.code, self.path, self.message)
        }
    }
}

/// Everything the engine can refuse. Every variant carries at least one [`Diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The policy does not load or does not validate; every problem is listed.
    #[error("invalid policy: {}", first(.0))]
    Policy(Vec<Diagnostic>),
    /// An input (case, event, snapshot, `now`) is malformed or inconsistent.
    #[error("invalid input: {}", first(.0))]
    Input(Vec<Diagnostic>),
    /// Evaluation failed on valid input (e.g. an amount overflowed).
    #[error("evaluation failed: {}", first(.0))]
    Evaluation(Vec<Diagnostic>),
}

fn first(d: &[Diagnostic]) -> String {
    match d {
        [] => "no details".into(),
        [one] => one.to_string(),
        [one, rest @ ..] => format!("{one} (and {} more)", rest.len()),
    }
}

impl Error {
    /// All diagnostics, the first being the headline.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Policy(d) | Error::Input(d) | Error::Evaluation(d) => d,
        }
    }

    /// The first diagnostic's code.
    pub fn code(&self) -> &str {
        self.diagnostics()
            .first()
            .map_or("error", |d| d.code.as_str())
    }

    /// The first diagnostic's path.
    pub fn path(&self) -> &str {
        self.diagnostics().first().map_or("", |d| d.path.as_str())
    }

    /// The kind: `policy`, `input` or `evaluation`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Policy(_) => "policy",
            Error::Input(_) => "input",
            Error::Evaluation(_) => "evaluation",
        }
    }

    /// One input diagnostic.
    pub fn input(d: Diagnostic) -> Error {
        Error::Input(vec![d])
    }

    /// One evaluation diagnostic.
    pub fn evaluation(d: Diagnostic) -> Error {
        Error::Evaluation(vec![d])
    }

    /// The error a host reports when the engine panicked (a bug: the core is linted and
    /// fuzzed against panics): `internal.panic`, with the panic's message when it has one.
    /// Every host builds it here, so the CLI and the bindings report it alike.
    pub fn internal_panic(payload: &(dyn std::any::Any + Send)) -> Error {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned());
        let message = match what {
            Some(w) => format!("the engine failed unexpectedly: {w}"),
            None => "the engine failed unexpectedly".to_owned(),
        };
        Error::evaluation(
            Diagnostic::new("internal.panic", "", message)
                .hint("this is a bug in amends; please report it with the input"),
        )
    }
}

/// Canonical JSON form of an error: `{"kind", "code", "path", "message", "diagnostics"}`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ErrorReport<'a> {
    /// `policy`, `input` or `evaluation`.
    pub kind: &'static str,
    /// The first diagnostic's code.
    pub code: &'a str,
    /// The first diagnostic's path.
    pub path: &'a str,
    /// The error's one-line message.
    pub message: String,
    /// Every diagnostic.
    pub diagnostics: &'a [Diagnostic],
}

impl<'a> From<&'a Error> for ErrorReport<'a> {
    fn from(e: &'a Error) -> Self {
        ErrorReport {
            kind: e.kind(),
            code: e.code(),
            path: e.path(),
            message: e.to_string(),
            diagnostics: e.diagnostics(),
        }
    }
}

/// Messages of chrono's parse errors, which reach us through serde unchanged.
const CHRONO_ERRORS: [&str; 7] = [
    "input contains invalid characters",
    "premature end of input",
    "input is out of range",
    "trailing input",
    "no possible date and time",
    "input is not enough",
    "bad or unsupported format",
];

/// How serde's own messages are classified: the message's start, the code's last part.
/// Other messages are `invalid_time` (chrono's), `truncated` (`EOF ...`) or `syntax`.
pub(crate) const SERDE_KINDS: [(&str, &str); 8] = [
    ("unknown field", "unknown_field"),
    ("missing field", "missing_field"),
    ("duplicate field", "duplicate_field"),
    ("unknown variant", "unknown_variant"),
    ("invalid type", "invalid_type"),
    ("invalid value", "invalid_value"),
    ("invalid length", "invalid_value"),
    ("recursion limit", "too_deep"),
];

/// The code prefixes [`from_serde`] is called with.
pub(crate) const SERDE_PREFIXES: [&str; 2] = ["input", "policy"];

/// Turns a serde error (with its path) into a diagnostic. Our own deserializers put a
/// `[code] ` prefix in their messages; serde's own messages are classified by wording.
pub(crate) fn from_serde<E: std::fmt::Display>(path: String, err: &E, prefix: &str) -> Diagnostic {
    let msg = err.to_string();
    let (code, message) = match msg.strip_prefix('[').and_then(|m| m.split_once("] ")) {
        Some((code, rest)) => (code.to_owned(), rest.to_owned()),
        None => {
            let kind = SERDE_KINDS
                .iter()
                .find(|(start, _)| msg.starts_with(start))
                .map(|(_, kind)| *kind)
                .unwrap_or(if CHRONO_ERRORS.iter().any(|m| msg.starts_with(m)) {
                    "invalid_time"
                } else if msg.starts_with("EOF") {
                    "truncated"
                } else {
                    "syntax"
                });
            (format!("{prefix}.{kind}"), msg)
        }
    };
    let hint = match code.rsplit('.').next() {
        Some("unknown_field") => {
            Some("remove the field or check its spelling; inputs reject unknown fields")
        }
        Some("missing_field") => Some("add the required field"),
        Some("duplicate_field") => Some("give each field once"),
        Some("unknown_variant") => Some("use one of the listed values"),
        Some("invalid_type") => Some("check the field's type in the schema (`amends schema`)"),
        Some("invalid_amount") => Some("write amounts as decimal strings, e.g. \"12.30\""),
        Some("unknown_currency") => Some("use an ISO 4217 code such as \"EUR\""),
        _ => None,
    };
    // serde_path_to_error writes `.` for the root and `?` where it lost track; a missing
    // field is reported at its parent, so name the field itself.
    let mut path = if path == "." || path == "?" {
        String::new()
    } else {
        // Where serde_path_to_error lost track inside a document, keep the known part.
        path.strip_suffix(".?").map_or(path.clone(), str::to_owned)
    };
    if code.ends_with(".missing_field") || code.ends_with(".duplicate_field") {
        if let Some(field) = message.split('`').nth(1) {
            path = if path.is_empty() {
                field.to_owned()
            } else {
                format!("{path}.{field}")
            };
        }
    }
    let d = Diagnostic::new(code, path, message);
    match hint {
        Some(h) => d.hint(h),
        None => d,
    }
}
