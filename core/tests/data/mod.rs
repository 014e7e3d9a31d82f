//! Helpers shared by the tests that read the real data in `../shared/data`.

#![allow(dead_code)] // each test binary uses what it needs

use std::path::{Path, PathBuf};

/// Finds `shared/data` next to the repository (main checkout or worktree).
pub fn data_dir() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for up in [
        "../../shared/data",
        "../../../shared/data",
        "../../../../shared/data",
    ] {
        let p = manifest.join(up);
        if p.join("README.md").exists() {
            return Some(p);
        }
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "shared/data is missing: the real-data measurements cannot run under CI"
    );
    eprintln!("notice: ../shared/data not found; real-data tests skipped");
    None
}

/// A small RFC 4180 reader: quoted fields, doubled quotes, line breaks inside quotes.
pub fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                _ => field.push(c),
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}
