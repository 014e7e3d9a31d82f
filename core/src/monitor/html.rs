//! The backtest report as one self-contained HTML page: inline CSS and SVG, no scripts,
//! no fonts, no network. Opens offline in any browser.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::backtest::{BacktestReport, CountRow};

/// Width in pixels of the longest bar.
const BAR_MAX: i64 = 360;
const LABEL_W: i64 = 170;
const ROW_H: i64 = 34;
const COLOR_A: &str = "#4c72b0";
const COLOR_B: &str = "#dd8452";

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn width(v: Decimal, max: Decimal) -> i64 {
    if max <= Decimal::ZERO || v <= Decimal::ZERO {
        return 0;
    }
    v.checked_mul(Decimal::from(BAR_MAX))
        .and_then(|x| x.checked_div(max))
        .map(|x| x.round())
        .and_then(|x| i64::try_from(x).ok())
        .unwrap_or(0)
        .max(1)
}

/// A grouped horizontal bar chart: for each label, a bar for A and one for B.
fn chart(title: &str, rows: &[(String, Decimal, Decimal)]) -> String {
    let max = rows
        .iter()
        .flat_map(|(_, a, b)| [*a, *b])
        .max()
        .unwrap_or(Decimal::ZERO);
    let n = i64::try_from(rows.len()).unwrap_or(0);
    let h = 30 + n * ROW_H + 10;
    let w = LABEL_W + BAR_MAX + 140;
    let mut s = format!(
        "<figure><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">",
        esc(title),
        esc(title)
    );
    let _ = write!(
        s,
        "<rect x=\"{LABEL_W}\" y=\"6\" width=\"10\" height=\"10\" fill=\"{COLOR_A}\"/>\
         <text x=\"{}\" y=\"15\">A</text>\
         <rect x=\"{}\" y=\"6\" width=\"10\" height=\"10\" fill=\"{COLOR_B}\"/>\
         <text x=\"{}\" y=\"15\">B</text>",
        LABEL_W + 14,
        LABEL_W + 40,
        LABEL_W + 54
    );
    for (i, (label, a, b)) in rows.iter().enumerate() {
        let y = 30 + i64::try_from(i).unwrap_or(0) * ROW_H;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{}\" height=\"13\" fill=\"{COLOR_A}\"/>\
             <text x=\"{}\" y=\"{}\" class=\"v\">{}</text>\
             <rect x=\"{LABEL_W}\" y=\"{}\" width=\"{}\" height=\"13\" fill=\"{COLOR_B}\"/>\
             <text x=\"{}\" y=\"{}\" class=\"v\">{}</text>",
            LABEL_W - 8,
            y + 20,
            esc(label),
            width(*a, max),
            LABEL_W + width(*a, max) + 6,
            y + 11,
            esc(&a.to_string()),
            y + 15,
            width(*b, max),
            LABEL_W + width(*b, max) + 6,
            y + 26,
            esc(&b.to_string()),
        );
    }
    s.push_str("</svg></figure>\n");
    s
}

fn count_rows(rows: &[CountRow]) -> Vec<(String, Decimal, Decimal)> {
    rows.iter()
        .map(|r| (r.key.clone(), Decimal::from(r.a), Decimal::from(r.b)))
        .collect()
}

fn count_table(title: &str, rows: &[CountRow]) -> String {
    let mut s = format!(
        "<table><caption>{}</caption><tr><th></th><th>A</th><th>B</th><th>B − A</th></tr>",
        esc(title)
    );
    for r in rows {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:+}</td></tr>",
            esc(&r.key),
            r.a,
            r.b,
            r.delta
        );
    }
    s.push_str("</table>\n");
    s
}

/// Renders a backtest report as a self-contained HTML page with inline SVG charts.
pub fn backtest_html(r: &BacktestReport) -> String {
    let p = &r.policies;
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>amends backtest</title><style>\
         body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}\
         table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}\
         td:first-child,th:first-child{text-align:left}caption{font-weight:bold;text-align:left}\
         figure{margin:1em 0}figcaption{font-weight:bold}svg text{font-size:12px;font-family:sans-serif}\
         .v{fill:#555}code{background:#f4f4f4;padding:0 .2em}\
         </style></head><body>\n",
    );
    let _ = write!(
        s,
        "<h1>Backtest</h1>\n<p>A = <code>{} {}</code> (hash <code>{}</code>)<br>\
         B = <code>{} {}</code> (hash <code>{}</code>)</p>\n\
         <p>{} cases replayed; {} changed; {} with different offers; \
         errors: A {}, B {}.</p>\n",
        esc(&p.a.id),
        esc(&p.a.version),
        esc(p.a.hash.get(..12).unwrap_or(&p.a.hash)),
        esc(&p.b.id),
        esc(&p.b.version),
        esc(p.b.hash.get(..12).unwrap_or(&p.b.hash)),
        r.cases,
        r.cases_changed,
        r.offers_changed,
        r.errors.a,
        r.errors.b
    );

    s.push_str("<h2>Compensation</h2>\n");
    if r.cost.is_empty() {
        s.push_str("<p>Neither policy offers compensation with an amount on these cases.</p>\n");
    } else {
        let mut currencies: Vec<&str> = r.cost.iter().map(|c| c.currency.as_str()).collect();
        currencies.dedup();
        for cur in currencies {
            let rows: Vec<(String, Decimal, Decimal)> = r
                .cost
                .iter()
                .filter(|c| c.currency == cur)
                .map(|c| (c.tier.clone(), c.a, c.b))
                .collect();
            s.push_str(&chart(&format!("Compensation in {cur} by tier"), &rows));
        }
        s.push_str(
            "<table><caption>Compensation</caption><tr><th>currency</th><th>tier</th>\
             <th>cases A</th><th>cases B</th><th>A</th><th>B</th><th>B − A</th></tr>",
        );
        for c in &r.cost {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&c.currency),
                esc(&c.tier),
                c.cases_a,
                c.cases_b,
                c.a,
                c.b,
                c.delta
            );
        }
        s.push_str("</table>\n");
    }

    for (title, rows) in [
        ("Approvals needed per role", &r.approvals),
        ("Risk actions", &r.risk_actions),
        ("Tier put forward", &r.tiers),
        ("Categories", &r.categories),
    ] {
        let _ = writeln!(s, "<h2>{}</h2>", esc(title));
        if rows.is_empty() {
            s.push_str("<p>None.</p>\n");
        } else {
            s.push_str(&chart(title, &count_rows(rows)));
            s.push_str(&count_table(title, rows));
        }
    }

    s.push_str("<h2>Deadlines met by the recorded outcomes</h2>\n");
    if r.sla.is_empty() {
        s.push_str("<p>No case in the history carries an outcome.</p>\n");
    } else {
        let rows: Vec<(String, Decimal, Decimal)> = r
            .sla
            .iter()
            .map(|x| {
                (
                    x.deadline.clone(),
                    Decimal::from(x.a.numerator),
                    Decimal::from(x.b.numerator),
                )
            })
            .collect();
        s.push_str(&chart("Deadlines met", &rows));
        s.push_str(
            "<table><caption>Deadlines met</caption><tr><th>deadline</th><th>met A</th>\
             <th>rate A</th><th>met B</th><th>rate B</th></tr>",
        );
        let rate = |x: &super::Ratio| x.rate.map_or_else(|| "–".to_owned(), |r| r.to_string());
        for x in &r.sla {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{} / {}</td><td>{}</td><td>{} / {}</td><td>{}</td></tr>",
                esc(&x.deadline),
                x.a.numerator,
                x.a.denominator,
                rate(&x.a),
                x.b.numerator,
                x.b.denominator,
                rate(&x.b)
            );
        }
        s.push_str("</table>\n");
    }

    s.push_str("<h2>Cases that changed most</h2>\n");
    if r.top_changes.is_empty() {
        s.push_str("<p>No case changed.</p>\n");
    } else {
        s.push_str(
            "<table><tr><th>case</th><th>changed</th><th>risk A → B</th><th>tier A → B</th>\
             <th>cost A</th><th>cost B</th></tr>",
        );
        for c in &r.top_changes {
            let money =
                |m: &Option<crate::money::Money>| m.map_or(String::new(), |m| m.to_string());
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{} → {}</td><td>{} → {}</td><td>{}</td><td>{}</td></tr>",
                esc(&c.case_id),
                esc(&c.changed.join(", ")),
                c.risk_score[0],
                c.risk_score[1],
                esc(&c.tier[0]),
                esc(&c.tier[1]),
                esc(&money(&c.cost_a)),
                esc(&money(&c.cost_b))
            );
        }
        s.push_str("</table>\n");
    }
    s.push_str("</body></html>\n");
    s
}
