//! Negation, clauses and politeness per language (ar, ja, ko, ru, zh): post-verbal and
//! pre-verbal negation on both sides, "no problem" as no complaint, negated complaint
//! phrases not read as praise, negated requests kept, courtesy that does not cancel a
//! complaint, and the normalisation and matching steps these rely on.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a test

use amends::{api, Engine};
use serde_json::json;

struct Triage {
    sentiment: f64,
    category: String,
    signals: Vec<String>,
}

fn triage(text: &str) -> Triage {
    let case = json!({
        "id": "t", "received_at": "2026-11-20T09:00:00Z",
        "store": {"id": "s1", "marketplace": "own_site", "country": "CH"},
        "channel": "email", "text": text
    });
    let case = api::parse_case(&case.to_string()).unwrap();
    let now = api::parse_now("2026-11-20T10:00:00Z").unwrap();
    let a = Engine::default().assess(&case, now).unwrap();
    let t = serde_json::to_value(&a.triage).unwrap();
    Triage {
        sentiment: t["sentiment"].as_str().unwrap().parse().unwrap(),
        category: t["category"].as_str().unwrap().to_string(),
        signals: t["signals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect(),
    }
}

fn negative(texts: &[&str]) {
    for t in texts {
        let s = triage(t).sentiment;
        assert!(s < 0.0, "{t:?} should be negative, got {s}");
    }
}

fn positive(texts: &[&str]) {
    for t in texts {
        let s = triage(t).sentiment;
        assert!(s > 0.0, "{t:?} should be positive, got {s}");
    }
}

/// Negated complaint words are neither complaint nor praise.
fn not_praise(texts: &[&str]) {
    for t in texts {
        let s = triage(t).sentiment;
        assert!(s <= 0.0, "{t:?} should not read as praise, got {s}");
    }
}

fn category(pairs: &[(&str, &str)]) {
    for (t, c) in pairs {
        assert_eq!(triage(t).category, *c, "{t:?}");
    }
}

fn escalates(texts: &[&str]) {
    for t in texts {
        let r = triage(t);
        assert!(
            r.signals.iter().any(|s| s == "escalation.request"),
            "{t:?} should keep its escalation request, got {:?}",
            r.signals
        );
    }
}

#[test]
fn japanese_post_verbal_negation_and_politeness() {
    // Praise negated after the verb (〜ない, 〜ません, 〜なかった) is a complaint.
    negative(&[
        "満足していません",
        "良くなかったです",
        "おすすめしません",
        "二度とリピしません",
    ]);
    // "No problem" and negated complaints after a nominaliser are not complaints.
    positive(&[
        "問題ありません",
        "問題なく使えています",
        "特に不満もなく使えています",
        "壊れることもなく、長く使えています",
        "お願いいたします。とても良い商品でした",
    ]);
    not_praise(&["壊れていません"]);
    // A complaint whose own negation is part of it stays a complaint.
    category(&[
        ("サイズが合わないので交換したい", "size_fit"),
        ("部品が足りないです", "missing_parts"),
    ]);
    // Thanks do not cancel the complaint.
    negative(&["ありがとうございました。でも商品は壊れていました"]);
    // "説明書" (the manual) is not "説明" (the description).
    category(&[("説明書も分かりやすかったです", "other")]);
}

#[test]
fn korean_negation_both_sides() {
    negative(&[
        "만족하지 않아요",
        "안 좋아요",
        "추천하지 않아요",
        "효과 하나도 없어요",
    ]);
    positive(&[
        "문제 없어요",
        "나쁘지 않아요",
        "불만 없어요",
        "하자 없이 잘 왔어요",
    ]);
    negative(&["감사합니다만 제품이 불량이에요"]);
    escalates(&["상담원 연결이 안 돼요"]);
}

#[test]
fn chinese_negation_scope_and_no_problem() {
    negative(&["不是很满意", "不推荐", "不好用", "質量不好，不推薦"]);
    positive(&[
        "没有问题",
        "沒有問題，很好用",
        "完全没有瑕疵",
        "收到了，完全沒有瑕疵",
    ]);
    not_praise(&["没有损坏，但是发错货了"]);
    category(&[("没有损坏，但是发错货了", "wrong_item")]);
    negative(&["谢谢，但是东西是坏的", "卖家很负责，但是质量太差"]);
}

#[test]
fn russian_negation_clauses_and_tweet_forms() {
    negative(&["не доволен", "не рекомендую", "не понравилось"]);
    positive(&["нет проблем", "не пожалел, что купил", "претензий нет"]);
    not_praise(&["не плохо, но не работает", "не поврежден"]);
    // A clause break ends the negation: the praise after "но" stands.
    positive(&["не быстро, но качество отличное"]);
    negative(&["Спасибо, конечно, но телефон так и не включился"]);
    escalates(&["не могу дозвониться до оператора, соедините с руководителем"]);
    // Elongated letters and bracket emoticons.
    negative(&["ужааас", "опять не работает((("]);
    positive(&["спасибо)))", "суперрр"]);
    // Praise is not one edit from the stem of a complaint word ("отличается").
    category(&[("отлично", "other"), ("Отличный товар", "other")]);
}

#[test]
fn arabic_negation_and_dialect() {
    negative(&["لم يعجبني", "ما عجبني", "مو عاجبني", "لا انصح به", "مش اصلي"]);
    positive(&[
        "لا توجد مشكلة",
        "ما فيه اي مشكلة، كل شي تمام",
        "لا يوجد أي عيب في المنتج",
        "اول مرة اطلب منهم وما خاب ظني",
        "حلووو",
        "ليس سيئا",
    ]);
    not_praise(&["مو سيء بس ما يشتغل"]);
    // A negated "as described" is a complaint about the description.
    category(&[("القماش خفيف ومو مثل الوصف", "not_as_described")]);
    negative(&["شكرا على التواصل، لكن الجهاز وصل خربان"]);
    // "تماما" (completely) is not "تمام" (fine).
    negative(&["اللون مختلف عن الصورة تماما"]);
}
