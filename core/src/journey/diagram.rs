//! Diagram export: Mermaid `stateDiagram-v2` and Graphviz DOT. Each transition is drawn
//! exactly once (identical edges are merged); timers are labelled with their name and
//! duration; action-only timers and transitions without a target are self-loops.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::def::{MachineDef, TimerDef};
use super::machine::Machine;
use crate::error::{Diagnostic, Error};

/// A diagram format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Mermaid `stateDiagram-v2`.
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Format, Error> {
        match s {
            "mermaid" => Ok(Format::Mermaid),
            "dot" => Ok(Format::Dot),
            other => Err(Error::input(
                Diagnostic::new(
                    "journey.unknown_format",
                    "format",
                    format!("`{other}` is not a diagram format"),
                )
                .hint("use mermaid or dot"),
            )),
        }
    }
}

fn timer_label(t: &TimerDef) -> String {
    let amount = match (t.after, t.factor, &t.of) {
        (Some(d), _, _) => match &t.calendar {
            Some(c) => format!("{d} business ({c})"),
            None => d.to_string(),
        },
        (None, Some(f), Some(of)) => format!("{}x {of}", f.0.normalize()),
        _ => String::new(),
    };
    let from = match t.from.as_deref() {
        None | Some("entry") => String::new(),
        Some(f) => format!(" from {f}"),
    };
    let during = t
        .send_during
        .as_ref()
        .map_or(String::new(), |c| format!(" during {c}"));
    format!("timer {} {amount}{from}{during}", t.name)
}

/// The edges of a machine: (from, to, label), each once, in a stable order.
pub fn edges(def: &MachineDef) -> Vec<(String, String, String)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (name, s) in &def.states {
        for t in &s.on {
            let to = t.to.clone().unwrap_or_else(|| name.clone());
            let label = if t.guard.is_some() {
                format!("{} [guarded]", t.event)
            } else {
                t.event.clone()
            };
            if seen.insert((name.clone(), to.clone(), label.clone())) {
                out.push((name.clone(), to, label));
            }
        }
        for t in &s.timers {
            let to = t.to.clone().unwrap_or_else(|| name.clone());
            let label = timer_label(t);
            if seen.insert((name.clone(), to.clone(), label.clone())) {
                out.push((name.clone(), to, label));
            }
        }
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('"', "'").replace(':', " ")
}

/// Draws a machine.
pub fn render(def: &MachineDef, format: Format) -> String {
    let mut o = String::new();
    let es = edges(def);
    match format {
        Format::Mermaid => {
            let _ = writeln!(o, "stateDiagram-v2");
            let _ = writeln!(o, "    [*] --> {}", def.initial);
            for (a, b, l) in &es {
                let _ = writeln!(o, "    {a} --> {b} : {}", esc(l));
            }
            for (name, s) in &def.states {
                if s.is_final {
                    let _ = writeln!(o, "    {name} --> [*]");
                }
            }
        }
        Format::Dot => {
            let _ = writeln!(o, "digraph journey {{");
            let _ = writeln!(o, "    rankdir=LR;");
            let _ = writeln!(o, "    __start [shape=point];");
            for (name, s) in &def.states {
                let shape = if s.is_final { "doublecircle" } else { "box" };
                let _ = writeln!(o, "    {name} [shape={shape}];");
            }
            let _ = writeln!(o, "    __start -> {};", def.initial);
            for (a, b, l) in &es {
                let style = if l.starts_with("timer ") {
                    ", style=dashed"
                } else {
                    ""
                };
                let _ = writeln!(
                    o,
                    "    {a} -> {b} [label=\"{}\"{style}];",
                    l.replace('"', "'")
                );
            }
            let _ = writeln!(o, "}}");
        }
    }
    o
}

impl Machine {
    /// The machine drawn as `mermaid` or `dot`.
    ///
    /// ```
    /// let engine = amends::Engine::default();
    /// let m = amends::journey::Machine::from_policy(&engine, "complaint").unwrap();
    /// assert!(m.diagram("mermaid").unwrap().starts_with("stateDiagram-v2"));
    /// ```
    pub fn diagram(&self, format: &str) -> Result<String, Error> {
        Ok(render(self.definition(), format.parse()?))
    }
}
