//! Cell values as offices write them: English codes, Russian and Kazakh words, any case.

use crate::domain::{Category, Gender, Outcome};
use crate::error::{Error, Result};

fn norm(s: &str) -> String {
    s.trim().to_lowercase().replace('ё', "е")
}

pub fn category(s: &str) -> Result<Category> {
    match norm(s).as_str() {
        "officer" | "офицер" | "офицерлер" => Ok(Category::Officer),
        "nco" | "sergeant" | "сержант" | "сержанттар" => Ok(Category::Nco),
        "enlisted" | "soldier" | "private" | "солдат" | "рядовой" | "сарбаз" => {
            Ok(Category::Enlisted)
        }
        "" => Err(Error::invalid(
            "category is empty (officer, nco or enlisted)",
        )),
        _ => Err(Error::invalid(format!(
            "category {:?} is not officer, nco or enlisted",
            s.trim()
        ))),
    }
}

pub fn gender(s: &str) -> Result<Gender> {
    match norm(s).as_str() {
        "m" | "male" | "м" | "муж" | "мужской" | "е" | "ер" => Ok(Gender::M),
        "f" | "female" | "ж" | "жен" | "женский" | "ә" | "әйел" => Ok(Gender::F),
        "" => Err(Error::invalid("gender is empty (F or M)")),
        _ => Err(Error::invalid(format!(
            "gender {:?} is not F or M",
            s.trim()
        ))),
    }
}

pub fn outcome(s: &str) -> Result<Outcome> {
    match s {
        "pass" => return Ok(Outcome::Pass),
        "fail" => return Ok(Outcome::Fail),
        _ => {}
    }
    match norm(s).as_str() {
        "pass" | "passed" | "зачет" | "сдал" | "сдала" | "өтті" => {
            Ok(Outcome::Pass)
        }
        "fail" | "failed" | "незачет" | "не сдал" | "не сдала" | "өтпеді" => {
            Ok(Outcome::Fail)
        }
        "" => Err(Error::invalid("result is empty (pass or fail)")),
        _ => Err(Error::invalid(format!(
            "result {:?} is not pass or fail",
            s.trim()
        ))),
    }
}

/// A number as Excel on a Russian-locale machine writes it: `84,5` as well as `84.5`.
pub fn number(field: &str, s: &str) -> Result<Option<f64>> {
    if let Ok(v) = s.parse::<f64>() {
        if v.is_finite() {
            return Ok(Some(v));
        }
    }
    let t = s.trim().replace(',', ".").replace(['\u{a0}', ' '], "");
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| Error::invalid(format!("{field} {:?} is not a number", s.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases() {
        assert_eq!(category(" Офицер ").unwrap(), Category::Officer);
        assert_eq!(category("NCO").unwrap(), Category::Nco);
        assert_eq!(gender("Ж").unwrap(), Gender::F);
        assert_eq!(gender("муж").unwrap(), Gender::M);
        assert_eq!(outcome("зачёт").unwrap(), Outcome::Pass);
        assert_eq!(outcome("не сдал").unwrap(), Outcome::Fail);
        assert!(category("general")
            .unwrap_err()
            .to_string()
            .contains("\"general\""));
    }

    #[test]
    fn numbers() {
        assert_eq!(number("score", "84,5").unwrap(), Some(84.5));
        assert_eq!(number("score", " ").unwrap(), None);
        assert!(number("score", "eighty").is_err());
        assert!(number("score", "NaN").is_err());
    }
}
