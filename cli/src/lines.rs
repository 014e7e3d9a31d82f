//! The one line reader of every subcommand that reads JSON Lines (`assess`, `journey run`,
//! `simulate`, `monitor`, `audit verify`, `audit append`).
//!
//! - **Bounded memory**: at most `max_bytes` of a line are held; the rest of an over-long
//!   line is skipped without being stored and the line becomes an `input.too_large` record.
//! - **Nothing dropped silently**: a line that is not UTF-8 becomes an
//!   `input.invalid_utf8` record and reading goes on with the next line.
//! - Blank lines (white space only) are skipped; a UTF-8 byte-order mark on line 1 is
//!   removed; a line may end in `\n` or `\r\n`.
//!
//! [`explain`] adds a hint naming JSON Lines to the errors that the everyday mistakes
//! produce: a pretty-printed (multi-line) document, a JSON array file, a stray byte-order
//! mark, a truncated line.

use std::io::{self, BufRead, Read};

use amends::{Diagnostic, Error};

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One non-blank input line.
#[derive(Debug)]
pub struct Record {
    /// The 1-based line number.
    pub line: u64,
    /// The line's text without its line end, or why it cannot be read.
    pub text: Result<String, Error>,
    /// The line is the last of the input and has no line end (a cut-off file?).
    pub unterminated: bool,
}

/// Reads JSON Lines with at most `max_bytes` held per line.
pub struct Lines<R> {
    inner: R,
    max_bytes: usize,
    line: u64,
    consumed: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    /// A reader holding at most `max_bytes` of a line (its line end not counted).
    pub fn new(inner: R, max_bytes: usize) -> Lines<R> {
        Lines {
            inner,
            max_bytes,
            line: 0,
            consumed: 0,
            buf: Vec::new(),
        }
    }

    /// The number of the last line read (blank lines included).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Bytes read so far (skipped bytes of over-long lines included).
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// The next non-blank line, `None` at the end of the input. An `Err` is a read
    /// error of the input itself (the file went away, a disk error), not a bad line.
    pub fn next_record(&mut self) -> io::Result<Option<Record>> {
        loop {
            self.buf.clear();
            // The line end may follow the last allowed byte: read one more than the
            // limit, plus one for a `\r` before it.
            let cap = self.max_bytes.saturating_add(2) as u64;
            let n = (&mut self.inner)
                .take(cap)
                .read_until(b'\n', &mut self.buf)?;
            if n == 0 {
                return Ok(None);
            }
            self.consumed = self.consumed.saturating_add(n as u64);
            self.line += 1;
            let line = self.line;
            let ended = self.buf.last() == Some(&b'\n');
            if !ended && n as u64 == cap {
                let skipped = self.inner.skip_until(b'\n')?;
                self.consumed = self.consumed.saturating_add(skipped as u64);
                let total = n.saturating_add(skipped);
                return Ok(Some(Record {
                    line,
                    text: Err(too_large(total, self.max_bytes)),
                    unterminated: false,
                }));
            }
            let mut bytes = self.buf.as_slice();
            if ended {
                bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
                bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            }
            if line == 1 {
                bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
            }
            if bytes.len() > self.max_bytes {
                return Ok(Some(Record {
                    line,
                    text: Err(too_large(bytes.len(), self.max_bytes)),
                    unterminated: false,
                }));
            }
            let text = match std::str::from_utf8(bytes) {
                Ok(t) if t.trim().is_empty() => continue,
                Ok(t) => Ok(t.to_owned()),
                Err(e) => Err(not_utf8(&e)),
            };
            return Ok(Some(Record {
                line,
                text,
                unterminated: !ended,
            }));
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = io::Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record().transpose()
    }
}

fn too_large(len: usize, max: usize) -> Error {
    Error::input(
        Diagnostic::new(
            "input.too_large",
            "",
            format!("the line is {len} bytes or more; a line is at most {max} bytes"),
        )
        .hint(format!(
            "amends reads JSON Lines, one document of at most {max} bytes per line \
             (docs/limits.md); the rest of this line was skipped"
        )),
    )
}

fn not_utf8(e: &std::str::Utf8Error) -> Error {
    Error::input(
        Diagnostic::new(
            "input.invalid_utf8",
            "",
            format!(
                "the line is not UTF-8: invalid byte at column {}",
                e.valid_up_to() + 1
            ),
        )
        .hint(
            "JSON Lines is UTF-8: re-encode the file, e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE`",
        ),
    )
}

/// The hint for a line that does not parse, when it shows one of the everyday mistakes.
fn hint_for(text: &str, unterminated: bool, code: &str) -> Option<&'static str> {
    let t = text.trim();
    let kind = code.rsplit('.').next().unwrap_or("");
    if !matches!(
        kind,
        "syntax" | "truncated" | "invalid_type" | "invalid_value"
    ) {
        return None;
    }
    if t.starts_with('\u{feff}') {
        return Some(
            "the line starts with a UTF-8 byte-order mark: only the first line of JSON Lines \
             may carry one; remove it (were two files joined?)",
        );
    }
    if t.starts_with('[') {
        return Some(
            "this line holds a JSON array: amends reads JSON Lines, one document per line \
             without enclosing [ ]; convert an array file with `jq -c '.[]' FILE`",
        );
    }
    let pretty = t == "{"
        || t.starts_with('}')
        || t.starts_with(']')
        || (t.starts_with('"') && t.contains("\":"))
        || (t.starts_with('"') && t.ends_with(','));
    if pretty {
        return Some(
            "this looks like one line of a pretty-printed (multi-line) JSON document: \
             amends reads JSON Lines, one whole document per line; compact the file with \
             `jq -c . FILE`",
        );
    }
    if kind == "truncated" && unterminated {
        return Some(
            "the last line ends in the middle of a document, as if the input was cut off: \
             each line of JSON Lines must be one complete document",
        );
    }
    if kind == "truncated" {
        return Some(
            "the line ends in the middle of a document: each line of JSON Lines must be one \
             complete document (compact a multi-line file with `jq -c . FILE`)",
        );
    }
    if kind == "syntax" {
        return Some(
            "each line must be one JSON document (JSON Lines): check the line at the column \
             shown",
        );
    }
    None
}

/// Gives the headline of `err`, raised by the line `text`, the hint of the everyday
/// mistake it shows (a pretty-printed document, a JSON array, a byte-order mark, a cut
/// line), when the error is about the document as a whole.
pub fn explain(err: &mut Error, text: &str, unterminated: bool) {
    let ds = match err {
        Error::Input(ds) | Error::Policy(ds) | Error::Evaluation(ds) => ds,
        _ => return,
    };
    if let Some(d) = ds.first_mut() {
        if let Some(h) = hint_for(text, unterminated, &d.code) {
            d.hint = Some(h.to_owned());
        }
    }
}

/// Reads a whole file (`-` is standard input) of at most `max_bytes`: the size is checked
/// before reading, and the read stops one byte past the limit (a pipe or a growing file
/// has no size to check), so memory stays bounded. `code` is the error of a file over
/// the limit (`policy.too_large` …); an unreadable file is `io.read`.
pub fn read_file(
    path: &std::path::Path,
    max_bytes: usize,
    code: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let shown = path.display().to_string();
    let cannot = |e: io::Error| {
        Diagnostic::new(
            "io.read",
            shown.clone(),
            format!("cannot read {shown}: {e}"),
        )
    };
    let too_large = |len: String| {
        Diagnostic::new(
            code,
            "",
            format!("{shown} is {len} bytes; the limit is {max_bytes} bytes (docs/limits.md)"),
        )
    };
    let limit = max_bytes as u64;
    let mut reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file = std::fs::File::open(path).map_err(cannot)?;
        let meta = file.metadata().map_err(cannot)?;
        if meta.is_dir() {
            return Err(cannot(io::Error::other("it is a directory")));
        }
        if meta.len() > limit {
            return Err(too_large(meta.len().to_string()));
        }
        Box::new(file)
    };
    let mut buf = Vec::new();
    (&mut reader)
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(cannot)?;
    if buf.len() as u64 > limit {
        return Err(too_large(format!("more than {max_bytes}")));
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn read(input: &[u8], max: usize) -> Vec<Record> {
        Lines::new(input, max).map(Result::unwrap).collect()
    }

    #[test]
    fn blank_lines_are_skipped_and_numbers_kept() {
        let r = read(b"a\n\n  \r\nb\r\nc", 10);
        let got: Vec<(u64, &str, bool)> = r
            .iter()
            .map(|r| (r.line, r.text.as_deref().unwrap(), r.unterminated))
            .collect();
        assert_eq!(got, [(1, "a", false), (4, "b", false), (5, "c", true)]);
    }

    #[test]
    fn an_over_long_line_is_reported_and_skipped() {
        let r = read(b"12345\n123456\n1234567890abc\nok\n", 6);
        assert_eq!(r[0].text.as_deref().unwrap(), "12345");
        assert_eq!(r[1].text.as_deref().unwrap(), "123456");
        assert_eq!(r[2].line, 3);
        assert_eq!(r[2].text.as_ref().unwrap_err().code(), "input.too_large");
        assert_eq!((r[3].line, r[3].text.as_deref().unwrap()), (4, "ok"));
        let r = read(b"1234567\r\n", 6);
        assert_eq!(r[0].text.as_ref().unwrap_err().code(), "input.too_large");
        assert_eq!(read(b"123456\r\n", 6)[0].text.as_deref().unwrap(), "123456");
    }

    #[test]
    fn invalid_utf8_is_a_record_and_reading_goes_on() {
        let r = read(b"a\n\xff\xfe\nb\n", 10);
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].text.as_ref().unwrap_err().code(), "input.invalid_utf8");
        assert_eq!(r[2].text.as_deref().unwrap(), "b");
    }

    #[test]
    fn a_byte_order_mark_is_accepted_on_line_one_only() {
        let r = read(b"\xEF\xBB\xBF{}\n\xEF\xBB\xBF{}\n", 10);
        assert_eq!(r[0].text.as_deref().unwrap(), "{}");
        assert_eq!(r[1].text.as_deref().unwrap(), "\u{feff}{}");
    }

    #[test]
    fn everyday_mistakes_get_a_hint_naming_json_lines() {
        for (line, code) in [
            ("{", "input.truncated"),
            ("  \"id\": \"c1\",", "input.syntax"),
            ("}", "input.syntax"),
            ("[{\"id\": 1}]", "input.invalid_value"),
            ("[", "input.truncated"),
            ("\u{feff}{}", "input.syntax"),
            ("{\"id\": \"c", "input.truncated"),
        ] {
            let mut e = Error::input(Diagnostic::new(code, "", "x"));
            explain(&mut e, line, false);
            let hint = e.diagnostics()[0].hint.clone().unwrap();
            assert!(hint.contains("JSON Lines"), "{line}: {hint}");
        }
        let mut e = Error::input(Diagnostic::new("input.missing_field", "id", "x"));
        explain(&mut e, "{}", false);
        assert_eq!(
            e.diagnostics()[0].hint.as_deref(),
            Some("add the required field")
        );
    }
}
