//! A demo contingent to explore Muster with: a company of 120 troops and 2 staff officers
//! (company HQ and three platoons) joining an Indian battalion in UNIFIL, three months into
//! six months of pre-deployment training. Generated from a fixed seed, so the same day
//! always gives the same people and records; loading it twice changes nothing.

use chrono::{Duration, NaiveDate};

use crate::domain::{Category, Contingent, Gender, NewAttempt, Outcome, Person};
use crate::error::Result;
use crate::store::Store;

pub const DEMO_CODE: &str = "DEMO";
const BY: &str = "demo";

/// A small deterministic generator: the demo must not change from run to run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len() as u64) as usize]
    }
}

const FAMILY: &[&str] = &[
    "Нұрқасов",
    "Жолдасбаев",
    "Сейітов",
    "Омаров",
    "Ахметов",
    "Бекмағамбетов",
    "Қасымов",
    "Тоқтаров",
    "Әбілов",
    "Ержанов",
    "Сәрсенбаев",
    "Мұратов",
    "Жақсылықов",
    "Исаев",
    "Құрманов",
    "Байжанов",
    "Төлеуов",
    "Оспанов",
    "Серікбаев",
    "Ғабдуллин",
    "Нұрланов",
    "Әлиев",
    "Қойшыбаев",
    "Смағұлов",
    "Ким",
    "Петров",
    "Шевченко",
    "Ибрагимов",
];
const MALE: &[&str] = &[
    "Аян",
    "Бауыржан",
    "Ерлан",
    "Нұрлан",
    "Қайрат",
    "Асылхан",
    "Дәурен",
    "Ержан",
    "Марат",
    "Санжар",
    "Темірлан",
    "Арман",
    "Ғалым",
    "Мирас",
    "Данияр",
    "Руслан",
    "Олжас",
    "Жандос",
];
const FEMALE: &[&str] = &[
    "Әсел",
    "Айгүл",
    "Мәдина",
    "Гүлнар",
    "Жанар",
    "Аружан",
    "Динара",
];
const FATHERS: &[&str] = &[
    "Марат",
    "Серік",
    "Болат",
    "Қанат",
    "Нұрлан",
    "Ерлан",
    "Талғат",
    "Бақыт",
    "Ғани",
];
const INSTRUCTORS: &[&str] = &[
    "майор Ахметов Қ.",
    "Capt. Mehta (INDBATT)",
    "капитан Серікбаева Г.",
    "KAZCENT",
];

/// Loads the demo contingent unless it is already there; true when it was loaded now.
pub fn load(store: &mut Store, today: NaiveDate) -> Result<bool> {
    if store.contingents()?.iter().any(|c| c.code == DEMO_CODE) {
        return Ok(false);
    }
    store.seed_default_curriculum(BY)?;
    let training_start = today - Duration::days(91);
    let contingent = Contingent {
        code: DEMO_CODE.into(),
        name: "Демо: казахстанская рота в составе INDBATT".into(),
        mission: "UNIFIL".into(),
        parent_unit: "INDBATT".into(),
        training_start,
        deploy_on: training_start + Duration::days(182),
        tour_months: 6,
    };
    let people = people();
    let attempts = attempts(&people, training_start, today);

    let mut w = store.writer()?;
    let cid = w.add_contingent(&contingent, BY)?;
    let mut ids = Vec::with_capacity(people.len());
    for p in &people {
        let (pid, _) = w.upsert_person(p, BY)?;
        w.assign(pid, cid, BY)?;
        ids.push(pid);
    }
    for (i, a) in attempts {
        let (mid, _) = w
            .module(&a.module)?
            .expect("default curriculum seeded above");
        w.add_attempt(ids[i], mid, &a, BY, None)?;
    }
    w.commit()?;
    Ok(true)
}

fn people() -> Vec<Person> {
    let mut rng = Rng(0x4D55_5354_4552); // "MUSTER"
    let mut out = Vec::new();
    let mut n = 0;
    let mut add =
        |rng: &mut Rng, rank: &str, cat: Category, role: &str, unit: &str, female: bool| {
            n += 1;
            let gender = if female { Gender::F } else { Gender::M };
            let mut family = rng.pick(FAMILY).to_string();
            let father = rng.pick(FATHERS);
            let patronymic = if female {
                if family.ends_with("ов") || family.ends_with("ев") || family.ends_with("ин")
                {
                    family.push('а');
                }
                format!("{father}қызы")
            } else {
                format!("{father}ұлы")
            };
            let given = if female {
                rng.pick(FEMALE)
            } else {
                rng.pick(MALE)
            };
            out.push(Person {
                service_number: format!("KZ2{n:05}"),
                family_name: family,
                given_name: given.into(),
                patronymic: (!rng.chance(8)).then_some(patronymic),
                rank: rank.into(),
                category: cat,
                gender,
                role: role.into(),
                unit: unit.into(),
            });
        };
    let hq = "Управление роты";
    use Category::*;
    add(&mut rng, "майор", Officer, "командир роты", hq, false);
    add(
        &mut rng,
        "капитан",
        Officer,
        "заместитель командира роты",
        hq,
        false,
    );
    add(
        &mut rng,
        "капитан",
        Officer,
        "штабной офицер (INDBATT HQ)",
        hq,
        false,
    );
    add(
        &mut rng,
        "капитан",
        Officer,
        "штабной офицер (INDBATT HQ)",
        hq,
        true,
    );
    add(
        &mut rng,
        "старший лейтенант",
        Officer,
        "офицер по работе с населением",
        hq,
        true,
    );
    add(&mut rng, "старшина", Nco, "старшина роты", hq, false);
    add(&mut rng, "сержант", Nco, "фельдшер", hq, true);
    add(&mut rng, "ефрейтор", Enlisted, "связист", hq, true);
    add(&mut rng, "рядовой", Enlisted, "писарь", hq, false);
    add(&mut rng, "рядовой", Enlisted, "водитель", hq, false);
    add(&mut rng, "рядовой", Enlisted, "водитель", hq, false);
    for platoon in ["1 взвод", "2 взвод", "3 взвод"] {
        add(
            &mut rng,
            "лейтенант",
            Officer,
            "командир взвода",
            platoon,
            false,
        );
        add(
            &mut rng,
            "старший сержант",
            Nco,
            "заместитель командира взвода",
            platoon,
            false,
        );
        for _ in 0..3 {
            add(
                &mut rng,
                "сержант",
                Nco,
                "командир отделения",
                platoon,
                false,
            );
        }
        for i in 0..32 {
            let (rank, role) = match i % 8 {
                0 => ("ефрейтор", "старший стрелок"),
                1 => ("рядовой", "пулемётчик"),
                2 => ("рядовой", "водитель"),
                3 => ("рядовой", "санитар"),
                _ => ("рядовой", "стрелок"),
            };
            let female = i % 8 == 3 && rng.chance(50);
            add(&mut rng, rank, Enlisted, role, platoon, female);
        }
    }
    out
}

/// Realistic partial progress: early modules nearly done, later ones under way, some old
/// certificates lapsing, a few fails and retakes.
fn attempts(people: &[Person], start: NaiveDate, today: NaiveDate) -> Vec<(usize, NewAttempt)> {
    let mut rng = Rng(0x0052_4541_4459); // "READY"
    let mut out = Vec::new();
    let mut scores = Rng(0x0053_434F_5245); // "SCORE"
    let mut rec = |i: usize, module: &str, date: NaiveDate, pass: bool| {
        let rng = &mut scores;
        let date = date.min(today);
        out.push((
            i,
            NewAttempt {
                service_number: people[i].service_number.clone(),
                module: module.into(),
                date,
                result: if pass { Outcome::Pass } else { Outcome::Fail },
                score: Some(if pass {
                    70 + rng.below(30)
                } else {
                    40 + rng.below(25)
                } as f64),
                hours: None,
                instructor: rng.pick(INSTRUCTORS).into(),
                notes: String::new(),
            },
        ));
    };
    let day = |d: i64| start + Duration::days(d);
    for (i, p) in people.iter().enumerate() {
        let staff = p.role.contains("INDBATT");
        // How far along each sub-unit is: the first platoon trains first.
        let progress = match p.unit.as_str() {
            "1 взвод" => 97,
            "2 взвод" => 70,
            "3 взвод" => 35,
            _ => 90,
        };
        // Cultural awareness: week 2, nearly everyone.
        if rng.chance(97) {
            rec(i, "CULT", day(10 + rng.below(5) as i64), true);
        }
        // Rules of engagement: week 4, with some fails and retakes.
        if rng.chance(95) {
            let first_pass = !rng.chance(10);
            rec(i, "ROE", day(24 + rng.below(4) as i64), first_pass);
            if !first_pass && rng.chance(70) {
                rec(i, "ROE", day(45), true);
            }
        }
        // Patrolling: under way platoon by platoon.
        if rng.chance(progress) {
            rec(i, "PATROL", day(60 + rng.below(25) as i64), true);
        }
        // First aid (36 months): refreshers this rotation; older certificates lapse.
        if rng.chance(progress) {
            if rng.chance(8) {
                rec(i, "BFAC", day(40), false);
            }
            rec(i, "BFAC", day(45 + rng.below(20) as i64), true);
        } else {
            match rng.below(4) {
                0 => rec(
                    i,
                    "BFAC",
                    start - Duration::days(850 + rng.below(150) as i64),
                    true,
                ),
                1 => rec(
                    i,
                    "BFAC",
                    start - Duration::days(1000 + rng.below(150) as i64),
                    true,
                ),
                2 => rec(i, "BFAC", day(50), false),
                _ => {}
            }
        }
        // SEA (12 months): last year's course lapses around deployment or in theatre.
        if rng.chance(progress.min(80)) {
            rec(i, "SEA", day(5 + rng.below(10) as i64), true);
        } else if rng.chance(60) {
            rec(
                i,
                "SEA",
                start - Duration::days(100 + rng.below(150) as i64),
                true,
            );
        }
        // Protection of civilians: started last month.
        if rng.chance(progress) {
            rec(i, "POC", day(70 + rng.below(20) as i64), true);
        }
        // KINPOT: the staff officers went to India early; HQ and the first platoon took
        // the first serial, the other platoons go later.
        if staff || (progress >= 90 && rng.chance(95)) {
            rec(
                i,
                "KINPOT",
                day(if staff { 30 } else { 75 + rng.below(5) as i64 }),
                true,
            );
        }
    }
    out
}
