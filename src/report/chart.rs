//! The trend chart's geometry, shared by the SVG (HTML) and vector (PDF) drawings: dates
//! mapped to 0–1 across the time axis, percentages kept as 0–100.

use chrono::{Duration, NaiveDate};

use super::model::Report;

pub struct Chart<'a> {
    r: &'a Report,
    start: NaiveDate,
    days: f64,
}

impl<'a> Chart<'a> {
    /// The time axis runs from training start to deployment day (or the report date, if
    /// later), so the plan line is drawn in full.
    pub fn new(r: &'a Report) -> Chart<'a> {
        let h = &r.header;
        let first = r.trend.first().map(|p| p.date).unwrap_or(h.as_of);
        let start = h.training_start.min(first);
        let end = h.deploy_on.max(h.as_of);
        Chart {
            r,
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
        let h = &self.r.header;
        (self.x(h.training_start), self.x(h.deploy_on))
    }

    pub fn actual(&self) -> Vec<(f64, f64)> {
        self.r
            .trend
            .iter()
            .map(|p| (self.x(p.date), p.percent))
            .collect()
    }
}
