//! End-to-end tests of the `amends` binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test harness

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn amends(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn schema(name: &str) -> jsonschema::Validator {
    let out = amends(&["schema", name], None);
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn sample_cases_validate_against_the_published_case_schema() {
    let validator = schema("case");
    let text = std::fs::read_to_string(repo().join("examples/cases.jsonl")).unwrap();
    let mut n = 0;
    for (i, line) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(line).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "line {}: {errors:?}", i + 1);
        n += 1;
    }
    assert!(n >= 50, "only {n} sample cases");
}

#[test]
fn assess_prints_one_assessment_per_case_in_order_with_every_section() {
    let out = amends(
        &[
            "assess",
            "examples/cases.jsonl",
            "--now",
            "2026-11-23T12:00:00Z",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let validator = schema("assessment");
    let cases = std::fs::read_to_string(repo().join("examples/cases.jsonl")).unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), cases.lines().count());
    for (case, line) in cases.lines().zip(stdout.lines()) {
        let a: Value = serde_json::from_str(line).unwrap();
        let c: Value = serde_json::from_str(case).unwrap();
        assert_eq!(a["case_id"], c["id"]);
        for section in [
            "policy", "triage", "risk", "remedy", "routing", "sla", "actions", "trace",
        ] {
            assert!(a.get(section).is_some(), "{section} missing");
        }
        assert!(validator.is_valid(&a), "{line}");
    }
}

#[test]
fn a_bad_line_yields_an_error_record_and_the_run_continues() {
    let good = std::fs::read_to_string(repo().join("examples/cases.jsonl"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let input = format!("{good}\n{{\"id\": 1}}\n\n{good}\n");
    let out = amends(
        &["assess", "-", "--now", "2026-11-23T12:00:00Z"],
        Some(&input),
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["error"]["code"], "input.invalid_type");
    assert_eq!(lines[1]["error"]["path"], "id");
    assert!(lines[2].get("case_id").is_some());
}

#[test]
fn fail_fast_stops_at_the_first_bad_line() {
    let input = "{}\n{}\n";
    let out = amends(
        &["assess", "--fail-fast", "--now", "2026-11-23T12:00:00Z"],
        Some(input),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}

#[test]
fn the_same_input_and_now_give_the_same_bytes() {
    let args = [
        "assess",
        "examples/cases.jsonl",
        "--now",
        "2026-11-23T12:00:00Z",
    ];
    assert_eq!(amends(&args, None).stdout, amends(&args, None).stdout);
}

/// `examples/cases.jsonl` repeated into a file of `n` lines, one of them (1-based) bad.
fn many_cases(n: usize, bad: usize) -> PathBuf {
    let examples = std::fs::read_to_string(repo().join("examples/cases.jsonl")).unwrap();
    let lines: Vec<&str> = examples.lines().collect();
    let body: Vec<&str> = (1..=n)
        .map(|i| {
            if i == bad {
                "{\"id\": 1}"
            } else {
                lines[i % lines.len()]
            }
        })
        .collect();
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cases_{n}_{bad}.jsonl"));
    std::fs::write(&path, body.join("\n") + "\n").unwrap();
    path
}

#[test]
fn parallel_runs_write_in_input_order_and_match_a_single_thread() {
    let file = many_cases(1500, 700);
    let run = |jobs: &str| {
        let f = file.to_str().unwrap();
        amends(
            &["assess", f, "--now", "2026-11-23T12:00:00Z", "-j", jobs],
            None,
        )
    };
    let one = run("1");
    assert_eq!(one.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&one.stderr).contains("1 of 1500 line(s) failed"));
    let lines: Vec<Value> = String::from_utf8(one.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1500);
    assert_eq!(lines[699]["line"], 700);
    for jobs in ["2", "5"] {
        let many = run(jobs);
        assert_eq!(many.status.code(), Some(1));
        assert!(many.stdout == one.stdout, "-j {jobs} differs from -j 1");
    }
}

#[test]
fn parallel_fail_fast_stops_right_after_the_first_bad_line() {
    let file = many_cases(1500, 600);
    let out = amends(
        &[
            "assess",
            file.to_str().unwrap(),
            "--fail-fast",
            "-j",
            "4",
            "--now",
            "2026-11-23T12:00:00Z",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 of 600 line(s) failed"));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 600);
    let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["line"], 600);
}

#[test]
fn policy_check_lists_every_problem_with_its_path() {
    let out = amends(&["policy", "check", "tests/policies/broken.toml"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    for path in [
        "policy.id",
        "fx.to_base.EUR",
        "risk.bands[1].min_score",
        "sla.targets[0].after",
    ] {
        assert!(
            err.contains(&format!("at {path}:")),
            "{path} not reported in:\n{err}"
        );
    }
}

#[test]
fn the_default_policy_prints_and_checks_clean() {
    let out = amends(&["policy", "default"], None);
    assert!(out.status.success());
    let dir = std::env::temp_dir().join(format!("amends-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("default.toml");
    std::fs::write(&file, &out.stdout).unwrap();
    let check = amends(&["policy", "check", file.to_str().unwrap()], None);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}
