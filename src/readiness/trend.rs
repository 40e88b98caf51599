//! Readiness week by week, each point computed with the real rules as of that day over
//! the records as they stand, beside the plan line to 100 % on deployment day. One trend
//! for the dashboard and the report; they differ only in the day it runs to.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::store::ReadinessInput;

/// One point of the readiness trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrendPoint {
    pub date: NaiveDate,
    pub ready: usize,
    pub personnel: usize,
    pub percent: f64,
    /// The plan: a straight line from 0 % at training start to 100 % on deployment day.
    pub plan_percent: f64,
}

/// The dates of the trend: training start, then every 7 days, then the report date
/// itself if it does not fall on a week boundary. A report dated before training starts
/// has one point, its own date.
pub fn dates(training_start: NaiveDate, as_of: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = training_start;
    while d <= as_of {
        out.push(d);
        d += Duration::days(7);
    }
    if out.last() != Some(&as_of) {
        out.push(as_of);
    }
    out
}

/// The planned share ready on a date: 0 % at training start rising evenly to 100 % on
/// deployment day, one decimal.
pub fn plan_percent(training_start: NaiveDate, deploy_on: NaiveDate, d: NaiveDate) -> f64 {
    let span = (deploy_on - training_start).num_days();
    if span <= 0 || d >= deploy_on {
        return 100.0;
    }
    let done = (d - training_start).num_days().max(0);
    (done as f64 * 1000.0 / span as f64).round() / 10.0
}

/// The trend from training start to `as_of` (the report's: to its date). Only the count
/// of the ready is taken of each week (`readiness::ready_count`), and the weeks are
/// shared among the cores: a rotation's 26 weeks of 10,000 people take a few rules' runs.
pub fn trend(input: &ReadinessInput, as_of: NaiveDate) -> Vec<TrendPoint> {
    let c = &input.contingent;
    let days = dates(c.training_start, as_of);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_core = days.len().div_ceil(cores).max(1);
    let ready: Vec<usize> = std::thread::scope(|s| {
        let jobs: Vec<_> = days
            .chunks(per_core)
            .map(|week| {
                s.spawn(move || {
                    week.iter()
                        .map(|d| super::ready_count(input, *d))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        jobs.into_iter()
            .flat_map(|j| j.join().expect("the rules do not panic"))
            .collect()
    });
    let personnel = input.people.len();
    days.into_iter()
        .zip(ready)
        .map(|(d, ready)| TrendPoint {
            date: d,
            ready,
            personnel,
            percent: super::percent(ready, personnel),
            plan_percent: plan_percent(c.training_start, c.deploy_on, d),
        })
        .collect()
}

/// The trend as the dashboard shows it on `today`: to today, or to deployment day once
/// the contingent has deployed; before training starts, the one point of its first day.
pub fn trend_to_date(input: &ReadinessInput, today: NaiveDate) -> Vec<TrendPoint> {
    let c = &input.contingent;
    trend(input, today.min(c.deploy_on).max(c.training_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekly_dates_end_on_the_report_date() {
        let v = dates(d(2026, 1, 5), d(2026, 1, 20));
        assert_eq!(
            v,
            [
                d(2026, 1, 5),
                d(2026, 1, 12),
                d(2026, 1, 19),
                d(2026, 1, 20)
            ]
        );
        assert_eq!(dates(d(2026, 1, 5), d(2026, 1, 19)).len(), 3);
        assert_eq!(dates(d(2026, 1, 5), d(2026, 1, 1)), [d(2026, 1, 1)]);
    }

    #[test]
    fn plan_runs_from_zero_to_one_hundred() {
        let (s, dep) = (d(2026, 1, 1), d(2026, 1, 11));
        assert_eq!(plan_percent(s, dep, s), 0.0);
        assert_eq!(plan_percent(s, dep, d(2026, 1, 6)), 50.0);
        assert_eq!(plan_percent(s, dep, dep), 100.0);
        assert_eq!(plan_percent(s, dep, d(2026, 3, 1)), 100.0);
        assert_eq!(plan_percent(s, s, s), 100.0);
    }
}
