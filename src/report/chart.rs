//! The trend chart's geometry, shared by the SVG (HTML) and vector (PDF) drawings: dates
//! mapped to 0–1 across the time axis, percentages kept as 0–100.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::model::Report;
use crate::readiness::TrendPoint;

pub struct Chart<'a> {
    trend: &'a [TrendPoint],
    training_start: NaiveDate,
    deploy_on: NaiveDate,
    start: NaiveDate,
    days: f64,
}

impl<'a> Chart<'a> {
    pub fn new(r: &'a Report) -> Chart<'a> {
        let h = &r.header;
        Chart::over(h.training_start, h.deploy_on, h.as_of, &r.trend)
    }

    /// The time axis runs from training start (or the first point, if earlier) to
    /// deployment day (or the report date, if later), so the plan line is drawn in full.
    pub fn over(
        training_start: NaiveDate,
        deploy_on: NaiveDate,
        as_of: NaiveDate,
        trend: &'a [TrendPoint],
    ) -> Chart<'a> {
        let first = trend.first().map(|p| p.date).unwrap_or(as_of);
        let start = training_start.min(first);
        let end = deploy_on.max(as_of);
        Chart {
            trend,
            training_start,
            deploy_on,
            start,
            days: ((end - start).num_days().max(1)) as f64,
        }
    }

    pub fn x(&self, d: NaiveDate) -> f64 {
        (d - self.start).num_days() as f64 / self.days
    }

    /// Five evenly spaced date labels, first and last included.
    pub fn ticks(&self) -> Vec<(f64, NaiveDate)> {
        (0..5)
            .map(|i| {
                let d = self.start + Duration::days((self.days * i as f64 / 4.0).round() as i64);
                (self.x(d), d)
            })
            .collect()
    }

    /// The plan line: from 0 % at training start to 100 % on deployment day.
    pub fn plan_line(&self) -> (f64, f64) {
        (self.x(self.training_start), self.x(self.deploy_on))
    }

    /// The same geometry as data, for a front end that draws the chart itself (the app).
    pub fn view(&self) -> ChartView {
        let (plan_from, plan_to) = self.plan_line();
        ChartView {
            ticks: self
                .ticks()
                .into_iter()
                .map(|(x, date)| ChartTick { x, date })
                .collect(),
            plan_from,
            plan_to,
            points: self.trend.iter().map(|p| self.x(p.date)).collect(),
        }
    }

    pub fn actual(&self) -> Vec<(f64, f64)> {
        self.trend
            .iter()
            .map(|p| (self.x(p.date), p.percent))
            .collect()
    }
}

/// Where the trend chart's parts fall across its time axis, 0 to 1, as the HTML and PDF draw
/// them: so the app's chart is the report's, and no front end works out the axis itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChartView {
    /// Five date labels, first and last included.
    pub ticks: Vec<ChartTick>,
    /// The plan line runs from 0 % here to 100 % at `plan_to` (training start, deployment).
    pub plan_from: f64,
    pub plan_to: f64,
    /// Each trend point's place, in the trend's order.
    pub points: Vec<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChartTick {
    pub x: f64,
    pub date: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn point(date: &str) -> TrendPoint {
        TrendPoint {
            date: d(date),
            ready: 1,
            personnel: 2,
            percent: 50.0,
            plan_percent: 40.0,
        }
    }

    #[test]
    fn the_axis_runs_from_training_start_to_deployment_day() {
        let trend = [point("2026-01-01"), point("2026-03-01")];
        let c = Chart::over(d("2026-01-01"), d("2026-07-01"), d("2026-03-01"), &trend);
        let v = c.view();
        assert_eq!((v.plan_from, v.plan_to), (0.0, 1.0));
        assert_eq!(v.points, [0.0, 59.0 / 181.0]);
    }

    #[test]
    fn it_reaches_a_later_report_date_and_an_earlier_first_point() {
        let trend = [point("2026-01-05"), point("2026-08-01")];
        let c = Chart::over(d("2026-01-10"), d("2026-07-01"), d("2026-08-01"), &trend);
        let v = c.view();
        assert_eq!(v.points, [0.0, 1.0]);
        assert_eq!(v.plan_from, 5.0 / 208.0);
        assert_eq!(v.plan_to, 177.0 / 208.0);
    }

    #[test]
    fn a_one_day_axis_never_divides_by_zero() {
        let day = d("2026-01-01");
        let v = Chart::over(day, day, day, &[]).view();
        assert_eq!((v.plan_from, v.plan_to), (0.0, 0.0));
        assert!(v.ticks.iter().all(|t| t.x.is_finite()));
    }

    #[test]
    fn five_ticks_first_and_last_on_the_ends_across_a_month_end_and_a_leap_day() {
        let v = Chart::over(d("2028-01-31"), d("2028-03-31"), d("2028-02-01"), &[]).view();
        let dates: Vec<String> = v.ticks.iter().map(|t| t.date.to_string()).collect();
        assert_eq!(
            dates,
            [
                "2028-01-31",
                "2028-02-15",
                "2028-03-01",
                "2028-03-16",
                "2028-03-31"
            ]
        );
        assert_eq!((v.ticks[0].x, v.ticks[4].x), (0.0, 1.0));
    }
}
