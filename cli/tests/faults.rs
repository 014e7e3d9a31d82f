//! Fault injection on every subcommand: a full disk (`/dev/full`), a closed pipe,
//! `SIGTERM` mid-run, unreadable inputs, over-long lines and hostile options.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::disallowed_methods
)] // a test harness

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

const NOW: &str = "2026-11-23T12:00:00Z";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("faults");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The binary under test; `AMENDS_BIN` runs these tests against another build (e.g. an
/// older one, to see which faults it failed).
fn cmd(args: &[&str]) -> Command {
    let bin = std::env::var_os("AMENDS_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_amends")),
        PathBuf::from,
    );
    let mut c = Command::new(bin);
    c.args(args).current_dir(repo());
    c
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = cmd(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

fn first_case() -> String {
    std::fs::read_to_string(repo().join("examples/cases.jsonl"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned()
}

/// A history file of `{"case": ...}` records from the sample cases.
fn history() -> PathBuf {
    let path = tmp("history.jsonl");
    let cases = std::fs::read_to_string(repo().join("examples/cases.jsonl")).unwrap();
    let body: String = cases
        .lines()
        .take(10)
        .map(|c| format!("{{\"case\": {c}}}\n"))
        .collect();
    std::fs::write(&path, body).unwrap();
    path
}

fn chain_copy(name: &str) -> PathBuf {
    let path = tmp(name);
    std::fs::copy(repo().join("tests/audit/chain.jsonl"), &path).unwrap();
    path
}

/// Every subcommand that writes to standard output, with arguments that make it write.
fn every_subcommand() -> Vec<(String, Vec<String>, Vec<u8>)> {
    let history = history().to_str().unwrap().to_owned();
    let chain = chain_copy("append_full.jsonl").to_str().unwrap().to_owned();
    let journey = b"{\"start\":\"2026-11-02T10:00:00Z\"}\n".to_vec();
    let record = b"{\"kind\":\"note\",\"case_id\":\"c1\",\"payload\":{}}\n".to_vec();
    let v = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    vec![
        (
            "assess".into(),
            v(&["assess", "examples/cases.jsonl", "--now", NOW]),
            vec![],
        ),
        ("policy default".into(), v(&["policy", "default"]), vec![]),
        (
            "policy check".into(),
            v(&["policy", "check", "core/policies/default.toml"]),
            vec![],
        ),
        ("schema".into(), v(&["schema", "case"]), vec![]),
        (
            "journey run".into(),
            v(&["journey", "run", "--machine", "order"]),
            journey,
        ),
        (
            "journey diagram".into(),
            v(&["journey", "diagram", "--machine", "order"]),
            vec![],
        ),
        (
            "audit verify".into(),
            v(&["audit", "verify", "tests/audit/chain.jsonl"]),
            vec![],
        ),
        (
            "audit append".into(),
            v(&["audit", "append", &chain, "--now", NOW]),
            record,
        ),
        (
            "simulate".into(),
            v(&["simulate", &history, "--vs", "tests/policies/strict.toml"]),
            vec![],
        ),
        ("monitor".into(), v(&["monitor", &history]), vec![]),
        ("--help".into(), v(&["assess", "--help"]), vec![]),
        ("--version".into(), v(&["--version"]), vec![]),
    ]
}

#[test]
fn a_full_disk_fails_every_subcommand_with_a_message() {
    for (name, args, stdin) in every_subcommand() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let mut child = cmd(&args.iter().map(String::as_str).collect::<Vec<_>>())
            .stdin(Stdio::piped())
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        let _ = input.write_all(&stdin);
        drop(input);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains("amends: output.write: cannot write to standard output"),
            "{name}: {err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn a_closed_pipe_is_quiet_for_every_subcommand() {
    for (name, args, stdin) in every_subcommand() {
        let mut child = cmd(&args.iter().map(String::as_str).collect::<Vec<_>>())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close our end of standard output before the command writes.
        drop(child.stdout.take());
        let mut input = child.stdin.take().unwrap();
        let _ = input.write_all(&stdin);
        drop(input);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("output.write"), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        // Commands that found no problem exit 0 even when their reader left.
        assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: {err}");
    }
}

#[test]
fn a_closed_pipe_mid_stream_stops_assess_quietly() {
    let mut child = cmd(&["assess", "-", "--now", NOW, "-j", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let case = first_case();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for _ in 0..20_000 {
            if writeln!(input, "{case}").is_err() {
                break;
            }
        }
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 4096];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Every line of `out` is whole (ends in a line end) and is one JSON document.
fn assert_jsonl_prefix(out: &[u8]) -> usize {
    assert!(
        out.is_empty() || out.ends_with(b"\n"),
        "a partial last line"
    );
    let text = std::str::from_utf8(out).unwrap();
    for line in text.lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
    text.lines().count()
}

#[test]
fn sigterm_mid_run_leaves_whole_lines() {
    for args in [
        vec!["assess", "-", "--now", NOW, "-j", "2"],
        vec!["journey", "run", "--machine", "order"],
    ] {
        let mut child = cmd(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let line = if args[0] == "assess" {
            first_case()
        } else {
            "{\"tick\":\"2026-11-05T12:00:00Z\"}".to_owned()
        };
        let mut input = child.stdin.take().unwrap();
        // Keep the input open: the command is mid-run, waiting for more.
        let writer = std::thread::spawn(move || {
            for _ in 0..3000 {
                if writeln!(input, "{line}").is_err() {
                    return None;
                }
            }
            Some(input)
        });
        let mut stdout = child.stdout.take().unwrap();
        let mut got = vec![0u8; 1000];
        stdout.read_exact(&mut got).unwrap();
        terminate(&child);
        stdout.read_to_end(&mut got).unwrap();
        let out = child.wait_with_output().unwrap();
        drop(writer.join().unwrap());
        assert_eq!(out.status.code(), Some(143), "{args:?}");
        assert!(assert_jsonl_prefix(&got) > 0);
        assert!(String::from_utf8_lossy(&out.stderr).contains("SIGTERM"));
    }
}

#[test]
fn unreadable_inputs_give_a_clear_error() {
    let missing = "no/such/file.jsonl";
    let dir = "examples";
    for args in [
        vec!["assess", missing],
        vec!["assess", "--policy", missing, "-"],
        vec!["assess", "--policy", dir, "-"],
        vec!["policy", "check", missing],
        vec!["policy", "check", dir],
        vec!["journey", "run", "--machine", "order", "--input", missing],
        vec!["journey", "run", "--machine", "order", "--policy", missing],
        vec!["simulate", missing, "--vs", "tests/policies/strict.toml"],
        vec!["monitor", missing],
    ] {
        let out = run(&args, b"");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("amends: io.read"), "{args:?}: {err}");
        assert!(err.contains("hint:"), "{args:?}: {err}");
    }
    for args in [
        vec!["audit", "verify", missing],
        vec!["audit", "verify", dir],
    ] {
        let out = run(&args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["code"], "io.read");
    }
}

#[test]
fn invalid_utf8_in_journey_run_is_an_error_record_and_the_run_goes_on() {
    let input = b"{\"start\":\"2026-11-02T10:00:00Z\"}\n\xff\xfe\n{\"tick\":\"2026-11-03T10:00:00Z\"}\n{\"tick\":\"2026-11-04T10:00:00Z\"}\n";
    let out = run(&["journey", "run", "--machine", "order"], input);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["type"], "failure");
    assert_eq!(lines[1]["error"]["code"], "input.invalid_utf8");
    assert!(lines[1]["error"]["diagnostics"][0]["hint"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));
    assert_eq!(lines[3]["line"], 4);
    assert_eq!(lines[3]["type"], "success");
}

#[test]
fn invalid_utf8_in_assess_is_an_error_record_with_its_line() {
    let input = format!("{}\n", first_case()).into_bytes();
    let mut bytes = input.clone();
    bytes.extend_from_slice(b"{\"id\": \"\xff\"}\n");
    bytes.extend_from_slice(&input);
    let out = run(&["assess", "--now", NOW], &bytes);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["error"]["code"], "input.invalid_utf8");
}

/// Peak resident memory of a running process, in kB, from `/proc`.
fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Runs `amends assess -j 2` on what `feed` writes to its standard input; returns the
/// output and the peak resident memory in kB, polled from `/proc` while it runs.
fn assess_peak(feed: impl FnOnce(std::process::ChildStdin) + Send + 'static) -> (Output, u64) {
    let mut child = cmd(&["assess", "-", "--now", NOW, "-j", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || feed(input));
    let watcher = std::thread::spawn(move || {
        let mut peak = 0;
        while let Some(kb) = peak_kb(pid) {
            peak = peak.max(kb);
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        peak
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (out, watcher.join().unwrap())
}

#[test]
fn a_one_gib_line_is_skipped_in_bounded_memory() {
    let case = first_case();
    let one = case.clone();
    // The same command on one ordinary case: the engine's own footprint.
    let (_, baseline) = assess_peak(move |mut input| {
        writeln!(input, "{one}").unwrap();
        // Stay alive long enough to be measured.
        std::thread::sleep(std::time::Duration::from_millis(300));
    });
    // 1 GiB generated on the fly into the pipe, never written to disk.
    let (out, peak) = assess_peak(move |mut input| {
        let block = vec![b'a'; 1 << 20];
        input.write_all(b"{\"id\": \"c1\", \"text\": \"").unwrap();
        for _ in 0..1024 {
            input.write_all(&block).unwrap();
        }
        input.write_all(b"\"}\n").unwrap();
        writeln!(input, "{case}").unwrap();
    });
    eprintln!("peak RSS: {baseline} kB on one case, {peak} kB with a 1 GiB line before it");
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["error"]["code"], "input.too_large");
    assert!(lines[1].get("case_id").is_some());
    assert!(peak > 0 && baseline > 0, "no memory figure read");
    assert!(peak < 100 * 1024, "peak RSS {peak} kB");
    // The line itself costs at most a few line buffers over the engine's footprint.
    assert!(
        peak < baseline + 24 * 1024,
        "{peak} kB against {baseline} kB"
    );
}

#[test]
fn an_oversized_policy_is_refused_before_it_is_read() {
    let path = tmp("huge_policy.toml");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(1 << 30).unwrap(); // sparse: no disk used
    drop(f);
    let p = path.to_str().unwrap();
    for args in [
        vec!["assess", "--policy", p, "-"],
        vec!["policy", "check", p],
        vec!["journey", "diagram", "--machine", "order", "--policy", p],
    ] {
        let out = run(&args, b"");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("policy.too_large"), "{args:?}: {err}");
    }
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn jobs_out_of_range_are_refused_without_a_panic() {
    for jobs in ["0", "257", "100000", "18446744073709551615", "-1", "x"] {
        let out = run(&["assess", &format!("--jobs={jobs}"), "-"], b"");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "-j {jobs}: {err}");
        assert!(err.contains("1 to 256"), "-j {jobs}: {err}");
    }
    let out = run(
        &["assess", "-j", "256", "--now", NOW],
        first_case().as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_duplicate_key_in_an_audit_record_fails_verification() {
    let chain = std::fs::read_to_string(repo().join("tests/audit/chain.jsonl")).unwrap();
    let line = chain.lines().find(|l| l.contains("case_sha256")).unwrap();
    let forged = line.replacen(
        "\"case_sha256\":",
        "\"case_sha256\":\"forged\",\"case_sha256\":",
        1,
    );
    let path = tmp("duplicate_key.jsonl");
    std::fs::write(&path, chain.replace(line, &forged)).unwrap();
    let out = run(&["audit", "verify", path.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["code"], "audit.duplicate_key");
    assert!(v["hint"].as_str().is_some());
}

#[test]
fn audit_append_verifies_the_head_then_appends() {
    let path = chain_copy("append.jsonl");
    let p = path.to_str().unwrap();
    let before: Value = serde_json::from_slice(&run(&["audit", "verify", p], b"").stdout).unwrap();
    let records = b"{\"kind\":\"approval\",\"case_id\":\"c-100\",\"payload\":{\"by\":\"agent-17\"}}\n\n{\"kind\":\"payout\",\"case_id\":\"c-100\",\"payload\":{\"ref\":\"p1\"},\"recorded_at\":\"2026-11-23T12:00:00Z\"}\n";
    let head = before["head"].as_str().unwrap();
    let out = run(
        &["audit", "append", p, "--head", head, "--now", NOW],
        records,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let appended: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(appended["appended"], 2);
    let after: Value = serde_json::from_slice(&run(&["audit", "verify", p], b"").stdout).unwrap();
    assert_eq!(after["valid"], true);
    assert_eq!(after["records"], before["records"].as_u64().unwrap() + 2);
    assert_eq!(after["head"], appended["head"]);

    // A stale head appends nothing.
    let len = std::fs::metadata(&path).unwrap().len();
    let out = run(
        &["audit", "append", p, "--head", head, "--now", NOW],
        records,
    );
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["code"], "audit.head_mismatch");
    assert_eq!(std::fs::metadata(&path).unwrap().len(), len);

    // A broken chain appends nothing.
    let broken = tmp("append_broken.jsonl");
    std::fs::copy(repo().join("tests/audit/tampered_amount.jsonl"), &broken).unwrap();
    let len = std::fs::metadata(&broken).unwrap().len();
    let out = run(
        &["audit", "append", broken.to_str().unwrap(), "--now", NOW],
        records,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::metadata(&broken).unwrap().len(), len);

    // A bad input line stops the append there, with its line and a hint.
    let out = run(
        &["audit", "append", p, "--now", NOW],
        b"{\"kind\":\"note\",\"case_id\":\"c1\",\"payload\":1}\n{\"kind\":\"note\"\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["appended"].as_u64(), v["line"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(v["source"], "input");
    let out = run(&["audit", "verify", p], b"");
    assert_eq!(out.status.code(), Some(0));
}

fn hint_of(record: &Value) -> String {
    record["error"]["diagnostics"][0]["hint"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn everyday_input_mistakes_get_a_hint_naming_json_lines() {
    let case: Value = serde_json::from_str(&first_case()).unwrap();
    let pretty = serde_json::to_string_pretty(&case).unwrap() + "\n";
    let array = format!("[{}, {}]\n", first_case(), first_case());
    let truncated = {
        let c = first_case();
        c[..c.len() / 2].to_owned()
    };
    for (what, input) in [
        ("pretty-printed", pretty),
        ("array", array),
        ("pretty array", format!("[\n{}\n]\n", first_case())),
        ("truncated", truncated),
    ] {
        let out = run(&["assess", "--now", NOW], input.as_bytes());
        assert_eq!(out.status.code(), Some(1), "{what}");
        let text = String::from_utf8(out.stdout).unwrap();
        let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        let hint = hint_of(&first);
        assert!(hint.contains("JSON Lines"), "{what}: {first}");
    }
    // A byte-order mark on line 1 is accepted; blank lines are not failures.
    let input = format!("\u{feff}{}\n\n   \n\r\n{}\n", first_case(), first_case());
    let out = run(&["assess", "--now", NOW], input.as_bytes());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);
}

#[test]
fn assess_with_an_invalid_policy_keeps_its_hint() {
    let out = run(
        &["assess", "--policy", "tests/policies/broken.toml", "-"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("amends: policy."), "{err}");
    assert!(err.contains("(hint: "), "{err}");
    assert!(err.contains("amends policy check"), "{err}");
}

#[test]
fn progress_shows_cases_rate_and_failures_on_stdin() {
    let input = format!("{}\n{{}}\n{}\n", first_case(), first_case());
    let out = run(&["assess", "--now", NOW, "--progress"], input.as_bytes());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("progress: 3 cases, 1 failed,") && err.contains("cases/s"),
        "{err}"
    );
}

#[test]
fn over_long_lines_are_reported_by_every_line_reader() {
    let long = format!("{{\"tick\": \"{}\"}}\n", "9".repeat(1 << 21));
    let out = run(&["journey", "run", "--machine", "order"], long.as_bytes());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "input.too_large");
    assert_eq!(out.status.code(), Some(1));

    let path = tmp("long_history.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(long.as_bytes()).unwrap();
    writeln!(f, "{{\"case\": {}}}", first_case()).unwrap();
    drop(f);
    let out = run(&["monitor", path.to_str().unwrap()], b"");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("input.too_large"), "{err}");
    assert!(err.contains(":1:"), "{err}");
}

/// Unmounts the tmpfs when the test ends, however it ends.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_small_tmpfs_fails_assess_with_a_message() {
    let dir = tmp(&format!("tmpfs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: mounting a tmpfs is not permitted here (/dev/full is tested)");
        return;
    }
    let _guard = Mounted(dir.clone());
    let cases = std::fs::read_to_string(repo().join("examples/cases.jsonl")).unwrap();
    let input = cases.repeat(10); // about 3.5 MB of assessments
    let file = std::fs::File::create(dir.join("out.jsonl")).unwrap();
    let mut child = cmd(&["assess", "-", "--now", NOW])
        .stdin(Stdio::piped())
        .stdout(file)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("output.write") && err.contains("incomplete"),
        "{err}"
    );
}
