//! One share of a contingent's people through the rules. A 100,000-person contingent is
//! split across the machine's cores; each share counts its own people and the counts are
//! added up afterwards, so the result is the same however many shares there are.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use super::{PersonReadiness, Tally};
use crate::domain::{Category, Gender, Person};
use crate::module_map::{Codes, ModuleMap};
use crate::rules::{self, Reading, Status, Window};
use crate::store::ReadinessInput;

/// Fewer people than this are not worth a thread.
const SMALLEST_SHARE: usize = 4_096;

/// Where a module's counts keep the expired certificates still valid on the day (counted
/// there, not as expired: `ModuleStatus::reading`).
pub(super) const LAPSING: usize = Status::ALL.len();
const COUNTS: usize = LAPSING + 1;

/// What one share of the people came to.
pub(super) struct Part {
    pub personnel: Vec<PersonReadiness>,
    pub ready: usize,
    /// Per module, a count per reading: each status (indexed by `Status as usize`), the
    /// expired still valid on the day apart (at `LAPSING`).
    pub modules: Vec<[usize; COUNTS]>,
    /// Per unit, as placed in `ReadinessInput::units`.
    pub by_unit: Vec<Tally>,
    pub by_category: [Tally; Category::ALL.len()],
    pub by_gender: [Tally; Gender::ALL.len()],
}

impl Part {
    pub fn empty(input: &ReadinessInput) -> Part {
        Part {
            personnel: Vec::new(),
            ready: 0,
            modules: vec![[0; COUNTS]; input.modules.len()],
            by_unit: vec![Tally::default(); input.units().len()],
            by_category: Default::default(),
            by_gender: Default::default(),
        }
    }

    /// Appends a later share: its people after these, its counts added.
    pub fn add(&mut self, mut later: Part) {
        self.personnel.append(&mut later.personnel);
        self.ready += later.ready;
        for (mine, theirs) in self.modules.iter_mut().zip(&later.modules) {
            mine.iter_mut().zip(theirs).for_each(|(a, b)| *a += b);
        }
        let tallies = self
            .by_unit
            .iter_mut()
            .zip(&later.by_unit)
            .chain(self.by_category.iter_mut().zip(&later.by_category))
            .chain(self.by_gender.iter_mut().zip(&later.by_gender));
        for (mine, theirs) in tallies {
            mine.personnel += theirs.personnel;
            mine.ready += theirs.ready;
        }
    }
}

/// Splits `n` people into consecutive shares, one per core, none smaller than
/// SMALLEST_SHARE (a small contingent is one share).
pub(super) fn shares(n: usize) -> Vec<Range<usize>> {
    split(
        n,
        std::thread::available_parallelism().map_or(1, |c| c.get()),
    )
}

/// `shares` on a machine of `cores` cores.
fn split(n: usize, cores: usize) -> Vec<Range<usize>> {
    let count = cores.min(n / SMALLEST_SHARE).max(1);
    let size = n.div_ceil(count);
    (0..count)
        .map(|k| (k * size).min(n)..((k + 1) * size).min(n))
        .collect()
}

/// Rules 1–5 for the people at `range` of the input (`people` are those people), with
/// room in the result for `room` people.
pub(super) fn evaluate<'a>(
    input: &ReadinessInput,
    range: Range<usize>,
    people: impl Iterator<Item = Cow<'a, Person>>,
    w: &Window,
    room: usize,
) -> Part {
    // Codes of this share's own: every person's map and list of gaps holds a reference to
    // them, and references counted on one core do not contend with the other shares'.
    let codes = Codes::new(
        input
            .modules
            .iter()
            .map(|m| Arc::from(m.code.as_str()))
            .collect(),
    );
    let mut part = Part::empty(input);
    part.personnel.reserve_exact(room);
    let mut per_module = PerModule::new(input);
    for (i, p) in range.zip(people) {
        let mut lacking = Vec::new();
        let mut lapsing = Vec::new();
        let mut statuses = Vec::with_capacity(input.modules.len());
        let ready = per_module.statuses(input, i, p.category, w, |j, s| {
            part.modules[j][match s.reading() {
                Reading::Status(st) => st as usize,
                Reading::LapsesBeforeDeployment => LAPSING,
            }] += 1;
            if !s.status.is_ready() {
                lacking.push(codes.code(j).clone());
            }
            if s.lapses_later() {
                lapsing.push(codes.code(j).clone());
            }
            statuses.push(s);
        });
        part.ready += ready as usize;
        part.by_unit[input.unit_of(i)].add(ready);
        part.by_category[p.category as usize].add(ready);
        part.by_gender[p.gender as usize].add(ready);
        let p = p.into_owned();
        part.personnel.push(PersonReadiness {
            service_number: p.service_number,
            family_name: p.family_name,
            given_name: p.given_name,
            patronymic: p.patronymic,
            rank: p.rank,
            category: p.category,
            gender: p.gender,
            role: p.role,
            unit: p.unit,
            ready,
            modules: ModuleMap::new(codes.clone(), statuses),
            lacking,
            lapsing,
        });
    }
    part
}

/// How many of the people at `range` are ready as of the window's day: the same rules as
/// `evaluate`, without the list of people (what the weekly trend needs of each week).
pub(super) fn count_ready(input: &ReadinessInput, range: Range<usize>, w: &Window) -> usize {
    let mut per_module = PerModule::new(input);
    range
        .filter(|&i| per_module.statuses(input, i, input.people[i].category, w, |_, _| ()))
        .count()
}

/// One person's facts sorted by module, the room reused from person to person.
struct PerModule(Vec<Vec<rules::Fact>>);

impl PerModule {
    fn new(input: &ReadinessInput) -> PerModule {
        PerModule(vec![Vec::new(); input.modules.len()])
    }

    /// Rules 1–5 for person `i` (of `category`): each module's status, in the
    /// curriculum's order, through `each`; true when every one counts as ready.
    fn statuses(
        &mut self,
        input: &ReadinessInput,
        i: usize,
        category: Category,
        w: &Window,
        mut each: impl FnMut(usize, rules::ModuleStatus),
    ) -> bool {
        self.0.iter_mut().for_each(Vec::clear);
        for (m, f) in input.facts_of(i) {
            self.0[*m].push(*f);
        }
        let mut ready = true;
        for (j, m) in input.modules.iter().enumerate() {
            let s = rules::module_status(m, category, &self.0[j], w);
            ready &= s.status.is_ready();
            each(j, s);
        }
        ready
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_everyone_once_in_order() {
        for n in [0, 1, SMALLEST_SHARE - 1, SMALLEST_SHARE * 2 + 1, 100_000] {
            let s = shares(n);
            assert_eq!(s.first().map(|r| r.start), Some(0), "{n}");
            assert_eq!(s.last().map(|r| r.end), Some(n), "{n}");
            assert!(s.windows(2).all(|w| w[0].end == w[1].start), "{n}: {s:?}");
            assert!(s.len() == 1 || s.iter().all(|r| r.len() >= SMALLEST_SHARE / 2));
        }
    }

    /// One share per core, none smaller than SMALLEST_SHARE, the last one the shortest.
    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one share: a list holding one range
    fn shares_are_one_per_core_and_never_small() {
        assert_eq!(split(0, 8), [0..0]);
        assert_eq!(split(1, 8), [0..1]);
        assert_eq!(split(8_191, 8), [0..8_191]);
        assert_eq!(split(8_192, 8), [0..4_096, 4_096..8_192]);
        assert_eq!(split(100_000, 1), [0..100_000]);
        assert_eq!(split(100_000, 2), [0..50_000, 50_000..100_000]);
        assert_eq!(
            split(100_000, 3),
            [0..33_334, 33_334..66_668, 66_668..100_000]
        );
        let many = split(100_000, 64);
        assert_eq!(many.len(), 24);
        assert_eq!(many[0], 0..4_167);
        assert_eq!(many[23], 95_841..100_000);
    }
}
