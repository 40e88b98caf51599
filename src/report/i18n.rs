//! Every label a report prints, in English, Russian and Kazakh. Data (names, units) is
//! printed as stored; a module's title in the report's language where the module has one
//! (`ModuleInfo::title_in`), else as typed. The status words (and ready, not ready) are
//! not written here: they are the glossary's (`crate::glossary`), capitalised by its rule
//! of position, since the report prints each opening a cell or a column title.

use std::sync::LazyLock;

use crate::domain::Decision;
use crate::domain::{Category, Gender};
use crate::glossary::headings;
use crate::rules::{Reading, Status};

pub use crate::domain::Lang;

impl Lang {
    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::En => &EN,
            Lang::Ru => &RU,
            Lang::Kk => &KK,
        }
    }
}

/// Serialisable so the app can show the report in the report's own words.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Labels {
    pub title: &'static str,
    pub contingent: &'static str,
    pub mission: &'static str,
    pub parent_unit: &'static str,
    pub training_start: &'static str,
    pub deployment: &'static str,
    pub tour_end: &'static str,
    /// Abbreviation after a number of months.
    pub months: &'static str,
    pub report_date: &'static str,
    pub curriculum_version: &'static str,
    pub days_to_deployment: &'static str,
    pub summary: &'static str,
    pub personnel: &'static str,
    /// The glossary's `ready`, capitalised.
    pub ready: &'static str,
    pub percent: &'static str,
    pub by_unit: &'static str,
    pub by_category: &'static str,
    pub by_gender: &'static str,
    pub by_module: &'static str,
    pub unit: &'static str,
    pub category: &'static str,
    pub gender: &'static str,
    pub women: &'static str,
    pub men: &'static str,
    /// One letter for a woman and for a man in the nominal roll, in the reader's alphabet.
    pub woman_short: &'static str,
    pub man_short: &'static str,
    pub module: &'static str,
    pub officer: &'static str,
    pub nco: &'static str,
    pub enlisted: &'static str,
    /// The status words: the glossary's, capitalised (`glossary::headings`).
    pub complete: &'static str,
    pub expiring: &'static str,
    pub expired: &'static str,
    pub failed: &'static str,
    pub missing: &'static str,
    pub not_required: &'static str,
    /// The glossary's `lapses` (an expired certificate still valid on the day), capitalised.
    pub lapses: &'static str,
    pub trend: &'static str,
    pub actual: &'static str,
    pub plan: &'static str,
    pub date: &'static str,
    pub gaps: &'static str,
    /// The glossary's `not_ready`, capitalised.
    pub not_ready: &'static str,
    pub lacks: &'static str,
    pub lapsing: &'static str,
    pub expires_on: &'static str,
    pub before_deployment: &'static str,
    pub during_tour: &'static str,
    pub nobody: &'static str,
    pub matrix: &'static str,
    pub legend: &'static str,
    /// How the PDF matrix writes dates.
    pub matrix_dates: &'static str,
    pub nominal_roll: &'static str,
    pub number: &'static str,
    pub service_number: &'static str,
    pub rank: &'static str,
    pub name: &'static str,
    pub family_name: &'static str,
    pub given_name: &'static str,
    pub patronymic: &'static str,
    pub role: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub signatures: &'static str,
    pub training_officer: &'static str,
    pub company_commander: &'static str,
    pub validator: &'static str,
    pub printed_name: &'static str,
    pub signature: &'static str,
    pub means_training_officer: &'static str,
    pub means_commander: &'static str,
    pub means_validator: &'static str,
    pub validation: &'static str,
    pub decision: &'static str,
    pub validated: &'static str,
    pub not_validated: &'static str,
    pub team: &'static str,
    pub signed_off: &'static str,
    pub sha256: &'static str,
    pub not_validated_yet: &'static str,
    /// Who issued the file: the signing installation's name and its key's fingerprint.
    pub issued_by: &'static str,
    pub key: &'static str,
    pub signing_key: &'static str,
    pub changed_since: &'static str,
    /// "Page {n} of {m}" with the numbers put in by `page`.
    pub page: &'static str,
}

impl Labels {
    /// "KAZBAT-4 training office — key 3F2A 9C01 77DE 5B40".
    pub fn issuer(&self, i: &crate::signing::Issuer) -> String {
        format!("{} — {} {}", i.name, self.key, i.fingerprint)
    }

    /// A status as the report prints it: the glossary's word (`crate::glossary`), opening
    /// a cell or a column title, so capitalised.
    pub fn status(&self, s: Status) -> &'static str {
        match s {
            Status::Complete => self.complete,
            Status::Expiring => self.expiring,
            Status::Expired => self.expired,
            Status::Failed => self.failed,
            Status::Missing => self.missing,
            Status::NotRequired => self.not_required,
        }
    }

    /// What a module status reads as (`ModuleStatus::reading`): its status, or "lapses
    /// before deployment" for an expired certificate still valid on the day.
    pub fn reading(&self, r: Reading) -> &'static str {
        match r {
            Reading::Status(s) => self.status(s),
            Reading::LapsesBeforeDeployment => self.lapses,
        }
    }

    pub fn category(&self, c: Category) -> &'static str {
        match c {
            Category::Officer => self.officer,
            Category::Nco => self.nco,
            Category::Enlisted => self.enlisted,
        }
    }

    /// A person's gender in one letter of the reader's language (the roll's column).
    pub fn gender_short(&self, g: Gender) -> &'static str {
        match g {
            Gender::F => self.woman_short,
            Gender::M => self.man_short,
        }
    }

    pub fn gender(&self, g: Gender) -> &'static str {
        match g {
            Gender::F => self.women,
            Gender::M => self.men,
        }
    }

    pub fn decision(&self, d: Decision) -> &'static str {
        match d {
            Decision::Validated => self.validated,
            Decision::NotValidated => self.not_validated,
        }
    }

    pub fn page(&self, n: usize, of: usize) -> String {
        self.page
            .replace("{n}", &n.to_string())
            .replace("{m}", &of.to_string())
    }
}

pub static EN: LazyLock<Labels> = LazyLock::new(|| Labels {
    title: "Pre-deployment training readiness report",
    contingent: "Contingent",
    mission: "Mission",
    parent_unit: "Parent unit",
    training_start: "Training start",
    deployment: "Deployment",
    tour_end: "Tour end",
    months: "months",
    report_date: "Report date",
    curriculum_version: "Curriculum version",
    days_to_deployment: "Days to deployment",
    summary: "Summary",
    personnel: "Personnel",
    ready: headings(Lang::En).ready,
    percent: "%",
    by_unit: "By unit",
    by_category: "By category",
    by_gender: "By gender",
    by_module: "By module",
    unit: "Unit",
    category: "Category",
    gender: "Gender",
    women: "Women",
    men: "Men",
    woman_short: "F",
    man_short: "M",
    module: "Module",
    officer: "Officers",
    nco: "NCOs",
    enlisted: "Enlisted",
    complete: headings(Lang::En).complete,
    expiring: headings(Lang::En).expiring,
    expired: headings(Lang::En).expired,
    failed: headings(Lang::En).failed,
    missing: headings(Lang::En).missing,
    not_required: headings(Lang::En).not_required,
    lapses: headings(Lang::En).lapses,
    trend: "Readiness trend",
    actual: "Ready (actual)",
    plan: "Plan",
    date: "Date",
    gaps: "Gaps",
    not_ready: headings(Lang::En).not_ready,
    lacks: "Lacks",
    lapsing: "Certificates lapsing before deployment or during the tour",
    expires_on: "Expires on",
    before_deployment: "before deployment",
    during_tour: "during the tour",
    nobody: "None.",
    matrix: "Training matrix",
    legend: "Legend",
    matrix_dates: "dates dd.mm.yy",
    nominal_roll: "Annex: nominal roll",
    number: "No.",
    service_number: "Service No.",
    rank: "Rank",
    name: "Name",
    family_name: "Family name",
    given_name: "Given name",
    patronymic: "Patronymic",
    role: "Role",
    yes: "yes",
    no: "no",
    signatures: "Signatures",
    training_officer: "Training officer",
    company_commander: "Company commander",
    validator: "Validator",
    printed_name: "Name",
    signature: "Signature",
    means_training_officer:
        "I certify that the training records in this report are complete and correct.",
    means_commander: "I have reviewed this readiness and accept it for the contingent.",
    means_validator:
        "I validate the contingent's pre-deployment training with the decision recorded above.",
    validation: "Validation",
    decision: "Decision",
    validated: "VALIDATED",
    not_validated: "NOT VALIDATED",
    team: "Team",
    signed_off: "Signed off",
    sha256: "SHA-256 of the frozen report",
    not_validated_yet: "Not signed off: a working copy.",
    issued_by: "Issued and signed by",
    key: "key",
    signing_key: "Signing key",
    changed_since: "Records changed since validation",
    page: "Page {n} of {m}",
});

pub static RU: LazyLock<Labels> = LazyLock::new(|| Labels {
    title: "Отчёт о готовности по предразвёртывательной подготовке",
    contingent: "Контингент",
    mission: "Миссия",
    parent_unit: "Вышестоящая часть",
    training_start: "Начало подготовки",
    deployment: "Развёртывание",
    tour_end: "Окончание миссии",
    months: "мес.",
    report_date: "Дата отчёта",
    curriculum_version: "Версия программы",
    days_to_deployment: "Дней до развёртывания",
    summary: "Сводка",
    personnel: "Личный состав",
    ready: headings(Lang::Ru).ready,
    percent: "%",
    by_unit: "По подразделениям",
    by_category: "По категориям",
    by_gender: "По полу",
    by_module: "По модулям",
    unit: "Подразделение",
    category: "Категория",
    gender: "Пол",
    women: "Женщины",
    men: "Мужчины",
    woman_short: "Ж",
    man_short: "М",
    module: "Модуль",
    officer: "Офицеры",
    nco: "Сержанты",
    enlisted: "Рядовые",
    complete: headings(Lang::Ru).complete,
    expiring: headings(Lang::Ru).expiring,
    expired: headings(Lang::Ru).expired,
    failed: headings(Lang::Ru).failed,
    missing: headings(Lang::Ru).missing,
    not_required: headings(Lang::Ru).not_required,
    lapses: headings(Lang::Ru).lapses,
    trend: "Динамика готовности",
    actual: "Готовы (факт)",
    plan: "План",
    date: "Дата",
    gaps: "Недостатки",
    not_ready: headings(Lang::Ru).not_ready,
    lacks: "Не хватает",
    lapsing: "Сертификаты, истекающие до развёртывания или во время миссии",
    expires_on: "Истекает",
    before_deployment: "до развёртывания",
    during_tour: "во время миссии",
    nobody: "Нет.",
    matrix: "Матрица подготовки",
    legend: "Условные обозначения",
    matrix_dates: "даты дд.мм.гг",
    nominal_roll: "Приложение: именной список",
    number: "№",
    service_number: "Личный номер",
    rank: "Звание",
    name: "ФИО",
    family_name: "Фамилия",
    given_name: "Имя",
    patronymic: "Отчество",
    role: "Должность",
    yes: "да",
    no: "нет",
    signatures: "Подписи",
    training_officer: "Офицер по подготовке",
    company_commander: "Командир роты",
    validator: "Валидатор",
    printed_name: "ФИО",
    signature: "Подпись",
    means_training_officer: "Подтверждаю, что сведения о подготовке в отчёте полны и верны.",
    means_commander: "Готовность рассмотрел и принимаю её для контингента.",
    means_validator:
        "Подтверждаю оценку предразвёртывательной подготовки контингента с указанным выше решением.",
    validation: "Валидация",
    decision: "Решение",
    validated: "ВАЛИДИРОВАН",
    not_validated: "НЕ ВАЛИДИРОВАН",
    team: "Группа",
    signed_off: "Подписано",
    sha256: "SHA-256 зафиксированного отчёта",
    not_validated_yet: "Не подписан: рабочая копия.",
    issued_by: "Выдан и подписан",
    key: "ключ",
    signing_key: "Ключ подписи",
    changed_since: "Записи, изменённые после валидации",
    page: "Стр. {n} из {m}",
});

pub static KK: LazyLock<Labels> = LazyLock::new(|| {
    Labels {
    title: "Орналастыру алдындағы даярлық бойынша дайындық есебі",
    contingent: "Контингент",
    mission: "Миссия",
    parent_unit: "Жоғары тұрған бөлім",
    training_start: "Даярлықтың басталуы",
    deployment: "Орналастыру",
    tour_end: "Миссияның аяқталуы",
    months: "ай",
    report_date: "Есеп күні",
    curriculum_version: "Бағдарлама нұсқасы",
    days_to_deployment: "Орналастыруға дейінгі күндер",
    summary: "Жиынтық",
    personnel: "Жеке құрам",
    ready: headings(Lang::Kk).ready,
    percent: "%",
    by_unit: "Бөлімшелер бойынша",
    by_category: "Санаттар бойынша",
    by_gender: "Жынысы бойынша",
    by_module: "Модульдер бойынша",
    unit: "Бөлімше",
    category: "Санат",
    gender: "Жынысы",
    women: "Әйелдер",
    men: "Ерлер",
    woman_short: "Ә",
    man_short: "Е",
    module: "Модуль",
    officer: "Офицерлер",
    nco: "Сержанттар",
    enlisted: "Қатардағылар",
    complete: headings(Lang::Kk).complete,
    expiring: headings(Lang::Kk).expiring,
    expired: headings(Lang::Kk).expired,
    failed: headings(Lang::Kk).failed,
    missing: headings(Lang::Kk).missing,
    not_required: headings(Lang::Kk).not_required,
    lapses: headings(Lang::Kk).lapses,
    trend: "Дайындық серпіні",
    actual: "Дайын (нақты)",
    plan: "Жоспар",
    date: "Күні",
    gaps: "Олқылықтар",
    not_ready: headings(Lang::Kk).not_ready,
    lacks: "Жетіспейді",
    lapsing: "Орналастыруға дейін немесе миссия кезінде мерзімі бітетін сертификаттар",
    expires_on: "Мерзімі бітеді",
    before_deployment: "орналастыруға дейін",
    during_tour: "миссия кезінде",
    nobody: "Жоқ.",
    matrix: "Даярлық матрицасы",
    legend: "Шартты белгілер",
    matrix_dates: "күндер кк.аа.жж",
    nominal_roll: "Қосымша: жеке құрамның атаулы тізімі",
    number: "№",
    service_number: "Жеке нөмір",
    rank: "Әскери атағы",
    name: "Аты-жөні",
    family_name: "Тегі",
    given_name: "Аты",
    patronymic: "Әкесінің аты",
    role: "Лауазымы",
    yes: "иә",
    no: "жоқ",
    signatures: "Қолтаңбалар",
    training_officer: "Даярлық жөніндегі офицер",
    company_commander: "Рота командирі",
    validator: "Валидатор",
    printed_name: "Аты-жөні",
    signature: "Қолы",
    means_training_officer: "Есептегі даярлық туралы мәліметтердің толық әрі дұрыс екенін растаймын.",
    means_commander: "Дайындықты қарап шықтым және оны контингент үшін қабылдаймын.",
    means_validator: "Контингенттің орналастыру алдындағы даярлығын жоғарыда көрсетілген шешіммен бағалағанымды растаймын.",
    validation: "Валидация",
    decision: "Шешім",
    validated: "ВАЛИДАЦИЯДАН ӨТТІ",
    not_validated: "ВАЛИДАЦИЯДАН ӨТПЕДІ",
    team: "Топ",
    signed_off: "Қол қойылды",
    sha256: "Бекітілген есептің SHA-256",
    not_validated_yet: "Қол қойылмаған: жұмыс көшірмесі.",
    issued_by: "Берген және қол қойған",
    key: "кілт",
    signing_key: "Қолтаңба кілті",
    changed_since: "Валидациядан кейін өзгерген жазбалар",
    page: "{m} беттің {n}-беті",
}
});

/// A change under a frozen report, as one line in the reader's language.
pub fn describe_change(c: &super::Change, lang: Lang) -> String {
    use super::{ChangeKind, RecordRef};
    use crate::domain::Outcome;
    let l = lang.labels();
    let result = |o: Outcome| match (lang, o) {
        (Lang::En, Outcome::Pass) => "pass",
        (Lang::En, Outcome::Fail) => "fail",
        (Lang::Ru, Outcome::Pass) => "сдал",
        (Lang::Ru, Outcome::Fail) => "не сдал",
        (Lang::Kk, Outcome::Pass) => "өтті",
        (Lang::Kk, Outcome::Fail) => "өтпеді",
    };
    let rec = |r: &Option<RecordRef>| match r {
        Some(r) => format!("{} ({}, {})", r.id, lang.date(r.date), result(r.result)),
        None => "?".into(),
    };
    let who = match &c.module {
        Some(m) => format!("{} {m}", c.service_number),
        None => c.service_number.clone(),
    };
    let (en, ru, kk) = match c.kind {
        ChangeKind::Amended => ("amended", "исправлена", "түзетілді"),
        ChangeKind::Voided => ("voided", "аннулирована", "күші жойылды"),
        ChangeKind::Added => (
            "added after the sign-off",
            "добавлена после подписания",
            "қол қойылғаннан кейін қосылды",
        ),
        ChangeKind::Dropped => (
            "no longer counts",
            "больше не учитывается",
            "енді есептелмейді",
        ),
        ChangeKind::Joined => (
            "assigned after the sign-off",
            "назначен после подписания",
            "қол қойылғаннан кейін тағайындалды",
        ),
        ChangeKind::Left => (
            "no longer assigned",
            "больше не в составе",
            "құрамнан шықты",
        ),
        ChangeKind::Status => ("standing changed", "изменился статус", "мәртебесі өзгерді"),
        ChangeKind::Altered => (
            "file altered after export",
            "файл изменён после выгрузки",
            "файл экспорттан кейін өзгертілген",
        ),
        ChangeKind::Rewritten => (
            "rewritten in the database outside Muster",
            "переписана в базе данных в обход Muster",
            "дерекқорда Muster-ді айналып өтіп қайта жазылды",
        ),
        ChangeKind::History => (
            "the records behind this report were rewritten outside Muster, hashes and all: the chain entry it pinned no longer holds the hash it had",
            "записи, на которых основан отчёт, переписаны в обход Muster вместе с хешами: звено цепочки, закреплённое отчётом, больше не имеет прежнего хеша",
            "есеп негізделген жазбалар хештерімен бірге Muster-ді айналып өтіп қайта жазылған: есеп бекіткен тізбек буынының хеші бұрынғыдай емес",
        ),
    };
    let what = match lang {
        Lang::En => en,
        Lang::Ru => ru,
        Lang::Kk => kk,
    };
    let record_word = match lang {
        Lang::En => "record",
        Lang::Ru => "запись",
        Lang::Kk => "жазба",
    };
    match c.kind {
        ChangeKind::Amended | ChangeKind::Rewritten => {
            let mut line = format!(
                "{what}: {who} {record_word} {} → {}",
                rec(&c.record),
                rec(&c.replacement)
            );
            let diffs = record_diffs(c.record.as_ref(), c.replacement.as_ref(), lang);
            if !diffs.is_empty() {
                line.push_str(": ");
                line.push_str(&diffs.join("; "));
            }
            line
        }
        ChangeKind::History => format!(
            "{what} ({} {})",
            c.name.as_deref().unwrap_or(""),
            c.hashes
                .as_ref()
                .map(|(_, then)| &then[..16.min(then.len())])
                .unwrap_or("")
        ),
        ChangeKind::Voided | ChangeKind::Added | ChangeKind::Dropped => {
            format!("{what}: {who} {record_word} {}", rec(&c.record))
        }
        ChangeKind::Joined | ChangeKind::Left => {
            format!("{what}: {who} {}", c.name.as_deref().unwrap_or(""))
        }
        ChangeKind::Status => format!(
            "{what}: {who}: {} → {} ({} {})",
            c.was.map(|s| l.status(s)).unwrap_or("—"),
            c.now.map(|s| l.status(s)).unwrap_or("—"),
            l.report_date,
            c.as_of.map(|d| lang.date(d)).unwrap_or_default()
        ),
        ChangeKind::Altered => {
            let (file, signed) = c.hashes.clone().unwrap_or_default();
            format!("{what}: SHA-256 {file} ≠ {signed}")
        }
    }
}

/// "score 91 → 85", "instructor A → B": what a correction or a rewrite changed, field by
/// field, so a change that leaves the date and result alone is still named.
fn record_diffs(
    then: Option<&super::RecordRef>,
    now: Option<&super::RecordRef>,
    lang: Lang,
) -> Vec<String> {
    let (Some(then), Some(now)) = (then, now) else {
        return Vec::new();
    };
    let word = |en: &'static str, ru: &'static str, kk: &'static str| match lang {
        Lang::En => en,
        Lang::Ru => ru,
        Lang::Kk => kk,
    };
    let num = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
    let text = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let mut out = Vec::new();
    if then.date != now.date {
        out.push(format!(
            "{} {} → {}",
            word("date", "дата", "күні"),
            lang.date(then.date),
            lang.date(now.date)
        ));
    }
    if let (Some(a), Some(b)) = (&then.detail, &now.detail) {
        if a.score != b.score {
            out.push(format!(
                "{} {} → {}",
                word("score", "балл", "ұпай"),
                num(a.score),
                num(b.score)
            ));
        }
        if a.hours != b.hours {
            out.push(format!(
                "{} {} → {}",
                word("hours", "часы", "сағат"),
                num(a.hours),
                num(b.hours)
            ));
        }
        if a.instructor != b.instructor {
            out.push(format!(
                "{} {} → {}",
                word("instructor", "инструктор", "нұсқаушы"),
                text(&a.instructor),
                text(&b.instructor)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{capitalised, glossary};

    /// The report prints each status as the glossary (and so the screens) words it, with a
    /// capital because it opens a cell: for every status and language.
    #[test]
    fn the_report_words_a_status_as_the_glossary_does() {
        for lang in Lang::ALL {
            let l = lang.labels();
            let g = glossary(lang);
            for st in Status::ALL {
                assert_eq!(l.status(st), capitalised(g.status(st)), "{lang:?} {st:?}");
            }
            assert_eq!(l.ready, capitalised(g.ready));
            assert_eq!(l.not_ready, capitalised(g.not_ready));
        }
        assert_eq!(Lang::Kk.labels().status(Status::Expired), "Мерзімі өткен");
        assert_eq!(Lang::Ru.labels().status(Status::Failed), "Не сдан");
        assert_eq!(
            Lang::En.labels().status(Status::NotRequired),
            "Not required"
        );
        assert_eq!(Lang::Ru.labels().ready, "Готовы");
    }
}
