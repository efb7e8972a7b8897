//! The summary text (`--format text`): the paragraph a provincial department writes about a
//! period, in the words of a [`Template`] and in Vietnamese notation.
//!
//! It says, for cases then money: how much was resolved out of how much was enforceable and
//! the rate, against the target (above, equal or below, by how many points), against the same
//! months of the previous year (up, the same or down, by how many points). Then, for a unit
//! above the offices, the offices with the lowest rates: the `lowest` lowest in cases, then
//! those of the `lowest` lowest in money not named yet, each with both its rates. Then the
//! offices that have not sent every form, named, or that every office has. Last, whether the
//! figures are approved (and on which day) or provisional.
//!
//! Differences are compared as written (two decimals), so a gap that rounds to 0,00 % reads
//! "bằng chỉ tiêu", never "thấp hơn chỉ tiêu 0,00 %".

use crate::consolidated::{Consolidated, Measure, OfficeLine};
use crate::error::ReportError;
use crate::notation::{count, money, percent};
use crate::template::Template;
use thads_domain::period::vietnam_date;
use thads_domain::{Form, UnitLevel};

/// The paragraph of a report.
pub fn summary(
    report: &Consolidated,
    template: &Template,
    lowest: usize,
) -> Result<String, ReportError> {
    let level = report.level.to_string();
    let period = report.period.label();
    let opening = template.format(
        "opening",
        &[
            ("period", &period),
            ("level", &level),
            ("unit", &report.unit.short_name),
        ],
    )?;
    let year = report.period.year() - 1;
    let cases = measure(template, Form::Cases, &report.whole.cases, year)?;
    let money = measure(template, Form::Money, &report.whole.money, year)?;
    let mut sentences = vec![template.format(
        "summary",
        &[("opening", &opening), ("cases", &cases), ("money", &money)],
    )?];
    if report.level != UnitLevel::Office {
        let lines = lowest_offices(&report.offices, lowest);
        if !lines.is_empty() {
            let offices = lines
                .iter()
                .map(|line| office_rates(template, line))
                .collect::<Result<Vec<_>, _>>()?;
            sentences.push(template.format("lowest", &[("offices", &offices.join("; "))])?);
        }
    }
    sentences.push(missing(template, report)?);
    sentences.push(approval(template, report)?);
    Ok(sentences.join(" "))
}

/// The clauses of one measure: its figures, the target, the previous year.
fn measure(
    template: &Template,
    form: Form,
    m: &Measure,
    previous_year: i32,
) -> Result<String, ReportError> {
    let (Some(rate), Some(enforceable), Some(resolved)) = (m.rate, m.enforceable, m.resolved)
    else {
        let reported = if m.enforceable.is_some() { "yes" } else { "no" };
        return template.format(
            "no-rate",
            &[("measure", &form.to_string()), ("reported", reported)],
        );
    };
    let amount = |n| match form {
        Form::Cases => count(n),
        Form::Money => money(n),
    };
    let figures = template.format(
        &form.to_string(),
        &[
            ("resolved", &amount(resolved)),
            ("enforceable", &amount(enforceable)),
            ("rate", &percent(rate)),
        ],
    )?;
    let target = match (m.target, m.gap) {
        // The gap is target − rate: positive below the target.
        (Some(target), Some(gap)) => template.format(
            "target",
            &[
                ("direction", direction(-gap, ["above", "equal", "below"])),
                ("target", &percent(target)),
                ("gap", &percent(gap.abs())),
            ],
        )?,
        _ => template.format("no-target", &[])?,
    };
    let year = previous_year.to_string();
    let previous = match (m.previous_rate, m.change) {
        (Some(previous), Some(change)) => template.format(
            "previous-year",
            &[
                ("year", &year),
                ("previous", &percent(previous)),
                ("direction", direction(change, ["up", "same", "down"])),
                ("change", &percent(change.abs())),
            ],
        )?,
        _ => template.format("no-previous-year", &[("year", &year)])?,
    };
    Ok([figures, target, previous].join(", "))
}

/// "Số liệu đã được duyệt ngày 02/12/2026." or "Số liệu tạm tính (chưa duyệt).".
fn approval(template: &Template, report: &Consolidated) -> Result<String, ReportError> {
    match &report.approved {
        Some(approved) => {
            let date = vietnam_date(approved.at).format("%d/%m/%Y").to_string();
            template.format("approved", &[("date", &date), ("by", &approved.by)])
        }
        None => template.format("provisional", &[]),
    }
}

/// The word of a difference as written with two decimals: `[positive, zero, negative]`.
fn direction(difference: f64, words: [&'static str; 3]) -> &'static str {
    let hundredths = (difference * 100.0).round();
    if hundredths > 0.0 {
        words[0]
    } else if hundredths < 0.0 {
        words[2]
    } else {
        words[1]
    }
}

/// The `n` offices with the lowest rate in cases, then those of the `n` lowest in money not
/// among them; offices without a rate are not ranked. Equal rates keep the offices' order.
fn lowest_offices(offices: &[OfficeLine], n: usize) -> Vec<&OfficeLine> {
    let lowest_in = |form: Form| {
        let mut rated: Vec<(&OfficeLine, f64)> = offices
            .iter()
            .filter_map(|o| Some((o, o.figures.measure(form).rate?)))
            .collect();
        rated.sort_by(|a, b| a.1.total_cmp(&b.1));
        rated.into_iter().take(n).map(|(o, _)| o)
    };
    let mut chosen: Vec<&OfficeLine> = lowest_in(Form::Cases).collect();
    for office in lowest_in(Form::Money) {
        if !chosen.iter().any(|c| c.office.code == office.office.code) {
            chosen.push(office);
        }
    }
    chosen
}

/// "Kiến Tường 45,62 % về việc, 17,67 % về tiền".
fn office_rates(template: &Template, line: &OfficeLine) -> Result<String, ReportError> {
    let rate = |form: Form| match line.figures.measure(form).rate {
        Some(rate) => Ok(percent(rate)),
        None => template.format("no-office-rate", &[]),
    };
    template.format(
        "lowest-office",
        &[
            ("unit", &line.office.short_name),
            ("cases", &rate(Form::Cases)?),
            ("money", &rate(Form::Money)?),
        ],
    )
}

/// The offices that have not sent every form, or that all have.
fn missing(template: &Template, report: &Consolidated) -> Result<String, ReportError> {
    let expected = report.offices_expected.to_string();
    if report.missing.is_empty() {
        return template.format("all-reported", &[("expected", &expected)]);
    }
    let offices = report
        .missing
        .iter()
        .map(|m| {
            let forms = match m.forms.as_slice() {
                [form] => form.to_string(),
                _ => "both".to_owned(),
            };
            template.format(
                "missing-office",
                &[("unit", &m.office.short_name), ("forms", &forms)],
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    template.format(
        "missing",
        &[
            ("count", &report.missing.len().to_string()),
            ("expected", &expected),
            ("offices", &offices.join("; ")),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consolidated::{Figures, MissingOffice, Named};
    use thads_domain::Period;

    fn named(code: &str, name: &str) -> Named {
        Named {
            code: code.to_owned(),
            name: name.to_owned(),
            short_name: crate::names::short_name(name),
        }
    }

    fn measure(enforceable: Option<i64>, resolved: Option<i64>, rate: Option<f64>) -> Measure {
        Measure {
            enforceable,
            resolved,
            rate,
            target: None,
            gap: None,
            previous_rate: None,
            change: None,
        }
    }

    /// An office whose cases rate equals its target and last year's to the hundredth, that
    /// had no money enforceable, and that has not sent its money form of the year before.
    fn office() -> Consolidated {
        let cases = Measure {
            target: Some(80.0),
            // 80,001 % is written 80,00 %: equal to the target and to last year.
            gap: Some(-0.001),
            previous_rate: Some(80.0),
            change: Some(0.001),
            ..measure(Some(100_000), Some(80_001), Some(80.001))
        };
        Consolidated {
            unit: named("T-1", "Chi cục Thi hành án dân sự huyện Thử"),
            level: UnitLevel::Office,
            period: Period::new(2021, 3).unwrap(),
            as_of: None,
            whole: Figures {
                cases,
                money: measure(Some(0), Some(0), None),
            },
            // The text reads neither the case types nor the receipts.
            case_types: Vec::new(),
            offices: Vec::new(),
            offices_expected: 1,
            missing: vec![MissingOffice {
                office: named("T-1", "Chi cục Thi hành án dân sự huyện Thử"),
                forms: vec![Form::Money],
            }],
            received: Vec::new(),
            approved: None,
        }
    }

    #[test]
    fn equal_to_the_hundredth_reads_equal_and_an_absent_rate_is_said() {
        let text = summary(&office(), &Template::built_in().unwrap(), 4).unwrap();
        assert_eq!(
            text,
            "3 tháng năm 2021, Thử thi hành xong 80.001 việc trên tổng số 100.000 việc có \
             điều kiện thi hành, đạt 80,00 %, bằng chỉ tiêu được giao (80,00 %), so với cùng \
             kỳ năm 2020 (80,00 %) không thay đổi; về tiền, chưa có tiền có điều kiện thi \
             hành. Chưa nhận được báo cáo của 1/1 đơn vị: Thử (chưa gửi Mẫu 02/TK-THA); số \
             liệu trên chưa gồm các báo cáo này. Số liệu tạm tính (chưa duyệt)."
        );
    }

    #[test]
    fn approved_figures_say_on_which_day_in_vietnam() {
        let mut report = office();
        // 20:30 UTC on 2 December is already 3 December in Vietnam.
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-02T20:30:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        report.approved = Some(crate::consolidated::Approval {
            at,
            by: "Cục THADS Long An".to_owned(),
        });
        let text = summary(&report, &Template::built_in().unwrap(), 4).unwrap();
        assert!(
            text.ends_with("báo cáo này. Số liệu đã được duyệt ngày 03/12/2026."),
            "{text}"
        );
    }

    #[test]
    fn a_measure_not_reported_at_all() {
        let mut report = office();
        report.whole.money = measure(None, None, None);
        report.whole.cases.target = None;
        let text = summary(&report, &Template::built_in().unwrap(), 4).unwrap();
        assert!(
            text.contains("đạt 80,00 %, chưa có chỉ tiêu được giao, so với cùng kỳ"),
            "{text}"
        );
        assert!(
            text.contains("; về tiền, chưa có báo cáo. Chưa nhận"),
            "{text}"
        );
    }
}
