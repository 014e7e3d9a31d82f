//! `amends monitor` and `amends simulate` inputs: history lines (JSON Lines of
//! `{"case"?, "now"?, "outcome"?, "volume"?}`), each read on its own, the cases assessed
//! under the default policy and a derived one, observed by the store-group monitor and
//! compared by the backtest; then both reports are written (JSON and HTML). Never a
//! panic.
#![no_main]

use std::sync::OnceLock;

use amends::monitor::{backtest_html, BacktestBuilder, HistoryLine, Monitor};
use amends::{api, Engine};
use libfuzzer_sys::fuzz_target;

fn engines() -> &'static (Engine, Engine) {
    static E: OnceLock<(Engine, Engine)> = OnceLock::new();
    E.get_or_init(|| {
        let strict = Engine::from_policy_text(include_str!("../../../tests/policies/strict.toml"))
            .unwrap_or_default();
        (Engine::default(), strict)
    })
}

fuzz_target!(|text: &str| {
    let (a, b) = engines();
    let mut monitor = Monitor::new(&a.policy().monitor);
    let mut backtest = BacktestBuilder::new(a.policy_ref().clone(), b.policy_ref().clone(), 5);
    for line in text.lines().filter(|l| !l.trim().is_empty()).take(64) {
        let Ok(rec) = api::parse_input::<HistoryLine>(line) else {
            continue;
        };
        if let Some(v) = &rec.volume {
            monitor.add_volume(v);
        }
        if let Some(case) = &rec.case {
            let now = rec.now.unwrap_or(case.received_at);
            let ra = a.assess(case, now);
            let rb = b.assess(case, now);
            if let Ok(x) = &ra {
                monitor.observe(case, x, rec.outcome.as_ref());
            }
            backtest.add_results(ra.as_ref(), rb.as_ref(), rec.outcome.as_ref());
        }
    }
    let report = monitor.report();
    let _ = serde_json::to_string(&report);
    let bt = backtest.finish();
    let _ = serde_json::to_string(&bt);
    let _ = backtest_html(&bt);
});
