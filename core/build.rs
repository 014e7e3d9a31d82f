//! Converts the built-in lexicon files (`lexicons/<lang>.toml`) to JSON, which the engine
//! reads several times faster than TOML when it compiles its lexicons: a quarter of
//! the cost of the first `Engine::new`, the cold start of every process and page.
//! A lexicon file that is not valid TOML fails the build, not the first engine. The
//! default policy and the market calendars are converted the same way.

use std::{env, fs, path::Path};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = Path::new(&env::var("OUT_DIR")?).join("lexicons");
    fs::create_dir_all(&out)?;
    println!("cargo::rerun-if-changed=lexicons");
    for entry in fs::read_dir("lexicons")? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let name = path.with_extension("json");
        let name = name.file_name().ok_or("lexicon file without a name")?;
        let value = toml_as_json(&path, &out.join(name))?;
        // Its matching rules alone, what `Engine::new` reads (`triage::entries::Header`):
        // scanning the whole file for them was a quarter of the first engine.
        let header: serde_json::Map<_, _> = (value.as_object().into_iter().flatten())
            .filter(|(k, _)| LEXICON_HEADER.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        write_json(
            &header.into(),
            &out.join(name).with_extension("header.json"),
        )?;
    }
    let out_dir = env::var("OUT_DIR")?;
    let out_dir = Path::new(&out_dir);
    // The default policy: parsing its TOML was a seventh of the first engine on it. The
    // TOML text stays embedded for `default_policy_toml`.
    toml_as_json(
        Path::new("policies/default.toml"),
        &out_dir.join("default_policy.json"),
    )?;
    // The market calendars: parsing their TOML was a fifth of the first engine.
    toml_as_json(
        Path::new("data/market_calendars.toml"),
        &out_dir.join("market_calendars.json"),
    )?;
    schemas(&out_dir.join("schemas"))
}

/// The keys of a lexicon file that `triage::entries::Header` reads (a unit test checks
/// that the header file reads as the whole file does).
const LEXICON_HEADER: &[&str] = &[
    "language",
    "boundary",
    "negation_window",
    "intensifier_window",
    "scope",
    "morphology",
];

/// Writes the TOML file `path` as compact JSON to `dest`, the value the engine reads.
fn toml_as_json(path: &Path, dest: &Path) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed={}", path.display());
    let value: serde_json::Value = toml::from_str(&fs::read_to_string(path)?)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    write_json(&value, dest)?;
    Ok(value)
}

fn write_json(value: &serde_json::Value, dest: &Path) -> Result<(), Box<dyn std::error::Error>> {
    // Replace the file rather than rewrite it in place: a target directory copied with
    // hard links must not change its twin's output.
    let tmp = dest.with_extension("tmp");
    fs::write(&tmp, serde_json::to_string(value)?)?;
    fs::rename(&tmp, dest)?;
    Ok(())
}

/// Writes the published JSON Schemas (`schemas/*.json`, pretty-printed for readers)
/// compact, as the engine embeds them: a third fewer bytes in every build, the
/// WebAssembly module included. `api::schema` prints them pretty again, to the bytes
/// of the files.
fn schemas(out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    fs::create_dir_all(out)?;
    println!("cargo::rerun-if-changed=schemas");
    for entry in fs::read_dir("schemas")? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        println!("cargo::rerun-if-changed={}", path.display());
        let value: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path.file_name().ok_or("schema file without a name")?;
        write_json(&value, &out.join(name))?;
    }
    Ok(())
}
