//! The canonical JSON writer behind [`super::to_canonical`]: a `serde` serializer that
//! writes the same bytes as `serde_json`'s compact writer straight into a `Vec<u8>`.
//!
//! The output types keep their one definition (their `Serialize` impls, which the JSON
//! Schemas are also derived from); only the writing is cheaper. `serde_json` writes
//! every key and string as three separate `io::Write` calls (quote, escaped contents,
//! quote) and every punctuation mark as one more, each a bounds check, a capacity check
//! and a copy; here a string that needs no escaping (every key, and nearly every value)
//! is one scan and one copy, punctuation is a byte push, integers go through `itoa` and
//! `collect_str` formats into the output instead of an owned `String`.
//!
//! What this writer does not handle (a map key that is not a string or a number, a
//! float as a map key, `serde_json`'s raw values) is an error, on which
//! [`super::to_canonical_into`] writes the value again with `serde_json`: the bytes are
//! the same either way.

use std::fmt::{self, Display};

use serde::ser::{self, Impossible, Serialize};

/// Something this writer leaves to `serde_json` (or a `Serialize` impl's own error).
#[derive(Debug)]
pub(crate) struct Unsupported;

impl Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not written by the canonical writer")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: Display>(_msg: T) -> Self {
        Unsupported
    }
}

type Result<T = ()> = std::result::Result<T, Unsupported>;

/// Writes `value` as compact JSON at the end of `out`.
pub(crate) fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result {
    value.serialize(Writer { out })
}

/// What each byte needs in a JSON string: 0 nothing, else the escape letter (`u` for
/// `\u00XX`), as `serde_json` writes them.
#[allow(clippy::indexing_slicing)] // constant indices, checked when compiling
const ESCAPE: [u8; 256] = {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

fn needs_escape(b: u8) -> u8 {
    ESCAPE.get(usize::from(b)).copied().unwrap_or(0)
}

/// Whether none of the 8 bytes in `x` needs escaping (a control character, `"` or `\`).
/// Each test is the usual "has a byte below n" bit trick: it can report a byte that is
/// not there only when another byte of the word does need escaping, so `true` is exact.
fn clean8(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |y: u64, n: u64| y.wrapping_sub(ONES * n) & !y;
    let control = below(x, 0x20);
    let quote = below(x ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(x ^ (ONES * u64::from(b'\\')), 1);
    (control | quote | backslash) & HIGH == 0
}

/// Whether no byte of `bytes` needs escaping: eight at a time (the last word overlapping
/// the one before), byte by byte below eight.
fn clean(bytes: &[u8]) -> bool {
    let word = |i: usize| {
        bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map_or(0, u64::from_le_bytes)
    };
    let n = bytes.len();
    if n < 8 {
        return bytes.iter().all(|&b| needs_escape(b) == 0);
    }
    let mut i = 0;
    while i + 8 <= n {
        if !clean8(word(i)) {
            return false;
        }
        i += 8;
    }
    i == n || clean8(word(n - 8))
}

/// The contents of a JSON string (without its quotes), escaped as `serde_json` does: a
/// string that needs nothing (nearly all) is one test and one copy.
fn escaped(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if clean(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let e = needs_escape(b);
        if e == 0 {
            continue;
        }
        out.extend_from_slice(bytes.get(start..i).unwrap_or_default());
        start = i + 1;
        if e == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hi = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
            let lo = HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0');
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hi, lo]);
        } else {
            out.extend_from_slice(&[b'\\', e]);
        }
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
}

/// A quoted, escaped JSON string.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escaped(out, s);
    out.push(b'"');
}

/// `collect_str` into the output: each fragment of the formatting escaped in place.
struct Fragments<'a>(&'a mut Vec<u8>);

impl fmt::Write for Fragments<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escaped(self.0, s);
        Ok(())
    }
}

fn display(out: &mut Vec<u8>, value: &(impl Display + ?Sized)) -> Result {
    use fmt::Write as _;
    out.push(b'"');
    write!(Fragments(out), "{value}").map_err(|_| Unsupported)?;
    out.push(b'"');
    Ok(())
}

fn integer(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Floats as `serde_json` writes them (shortest round trip; `null` when not finite).
fn float<F: Serialize>(out: &mut Vec<u8>, v: F) -> Result {
    serde_json::to_writer(out, &v).map_err(|_| Unsupported)
}

/// The serializer of one value.
struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    fn number(self, n: impl itoa::Integer) -> Result {
        integer(self.out, n);
        Ok(())
    }
}

/// The integer methods of a serializer, each written by `$write`.
macro_rules! integers {
    ($write:ident) => {
        integers!($write: serialize_i8 i8, serialize_i16 i16, serialize_i32 i32,
            serialize_i64 i64, serialize_i128 i128, serialize_u8 u8, serialize_u16 u16,
            serialize_u32 u32, serialize_u64 u64, serialize_u128 u128);
    };
    ($write:ident: $($name:ident $t:ty),*) => {
        $(fn $name(self, v: $t) -> Result {
            self.$write(v)
        })*
    };
}

/// An open array or object.
pub(crate) struct Compound<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    /// What closes it (`]`, `}`, or `]}` / `}}` for an enum variant's wrapper).
    close: &'static [u8],
}

impl<'a> Compound<'a> {
    /// An enum variant's wrapper: `{"variant"` then `open`, closed by `close`.
    fn variant(
        out: &'a mut Vec<u8>,
        variant: &str,
        open: &[u8],
        close: &'static [u8],
    ) -> Compound<'a> {
        out.push(b'{');
        string(out, variant);
        out.extend_from_slice(open);
        Compound {
            out,
            first: true,
            close,
        }
    }

    fn comma(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.out.push(b',');
        }
    }

    fn end(self) -> Result {
        self.out.extend_from_slice(self.close);
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.comma();
        value.serialize(Writer {
            out: &mut *self.out,
        })
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result {
        self.comma();
        string(self.out, key);
        self.out.push(b':');
        value.serialize(Writer {
            out: &mut *self.out,
        })
    }
}

/// The name `serde_json` gives its raw values, which are written as they are.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    integers!(number);
    fn serialize_f32(self, v: f32) -> Result {
        float(self.out, v)
    }
    fn serialize_f64(self, v: f64) -> Result {
        float(self.out, v)
    }
    fn serialize_char(self, v: char) -> Result {
        string(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        string(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            ser::SerializeSeq::serialize_element(&mut seq, b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Result {
        string(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result {
        if name == RAW_VALUE {
            return Err(Unsupported);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.out.push(b'{');
        string(self.out, variant);
        self.out.push(b':');
        value.serialize(Writer {
            out: &mut *self.out,
        })?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push(b'[');
        Ok(Compound {
            out: self.out,
            first: true,
            close: b"]",
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        Ok(Compound::variant(self.out, variant, b":[", b"]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push(b'{');
        Ok(Compound {
            out: self.out,
            first: true,
            close: b"}",
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a>> {
        if name == RAW_VALUE {
            return Err(Unsupported);
        }
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        Ok(Compound::variant(self.out, variant, b":{", b"}}"))
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result {
        display(self.out, value)
    }
}

/// The sequence and struct forms serde distinguishes are written alike: one impl each,
/// delegating to `Compound::element` or `Compound::field`.
macro_rules! compound {
    (element $trait:ident :: $method:ident) => {
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Unsupported;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.element(value)
            }
            fn end(self) -> Result {
                Compound::end(self)
            }
        }
    };
    (field $trait:ident :: $method:ident) => {
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Unsupported;
            fn $method<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
                self.field(key, value)
            }
            fn end(self) -> Result {
                Compound::end(self)
            }
        }
    };
}

compound!(element SerializeSeq::serialize_element);
compound!(element SerializeTuple::serialize_element);
compound!(element SerializeTupleStruct::serialize_field);
compound!(element SerializeTupleVariant::serialize_field);
compound!(field SerializeStruct::serialize_field);
compound!(field SerializeStructVariant::serialize_field);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.comma();
        key.serialize(Key {
            out: &mut *self.out,
        })?;
        self.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(Writer {
            out: &mut *self.out,
        })
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

/// A map key: a string, or a number or flag written as one (as `serde_json` does).
struct Key<'a> {
    out: &'a mut Vec<u8>,
}

impl Key<'_> {
    fn quoted(self, n: impl itoa::Integer) -> Result {
        self.out.push(b'"');
        integer(self.out, n);
        self.out.push(b'"');
        Ok(())
    }
}

impl ser::Serializer for Key<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Impossible<(), Unsupported>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out
            .extend_from_slice(if v { b"\"true\"" } else { b"\"false\"" });
        Ok(())
    }
    integers!(quoted);
    fn serialize_f32(self, _v: f32) -> Result {
        Err(Unsupported)
    }
    fn serialize_f64(self, _v: f64) -> Result {
        Err(Unsupported)
    }
    fn serialize_char(self, v: char) -> Result {
        string(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        string(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result {
        Err(Unsupported)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result {
        Err(Unsupported)
    }
    fn serialize_unit(self) -> Result {
        Err(Unsupported)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(Unsupported)
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Result {
        string(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        Err(Unsupported)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unsupported)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(Unsupported)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unsupported)
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result {
        display(self.out, value)
    }
}

#[cfg(test)]
mod tests;
