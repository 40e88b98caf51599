//! The matrix's search, in the core: the same cases as the screen's `search.test.ts`.

use muster::text::search::{fold, matches};

#[test]
fn a_name_is_found_in_either_script() {
    for (name, q) in [
        ("Нұрқасов Аян Маратұлы", "нұрқасов"),
        ("Нұрқасов Аян Маратұлы", "НҰРҚАСОВ"),
        ("Нұрқасов Аян Маратұлы", "nurkasov"),
        ("Жолдасбаев Бауыржан", "zholdasbaev"),
        ("Жолдасбаев Бауыржан", "joldasbaev"),
        ("Жолдасбаев Бауыржан", "Бауыржан Жолдас"),
        ("Smith John KZ100101", "kz1001"),
        ("Ахметов Қанат", "akhmetov"),
        ("Ахметов Қанат", "ahmetov"),
        ("Иванова Юлия", "yuliya"),
        ("Müller Zoë", "muller zoe"),
        // Kazakh Latin: Қ as q, Ә Ө Ү Ұ Ғ Ң with marks, Ш and Ч as ş and ç.
        ("Қойшыбаев Ерлан", "Qoishybaev"),
        ("Қойшыбаев Ерлан", "Qoyshybaev"),
        ("Әбілқасымова Гүлнұр", "Äbilqasymova Gülnūr"),
        ("Шоқанов Шоқан", "Şoqanov"),
        ("Чапаев Ерғали", "Çapaev Erğali"),
        ("Сұлтанбек Ораз", "sultanbek"),
        // As UN and INDBATT lists spell them: Ye for Е, -bayev, gh for Ғ.
        ("Ержанов Ержан", "Yerzhan"),
        ("Жолдасбаев Бауыржан", "Zholdasbayev"),
        ("Қойшыбаев Ерлан", "Koishybayev"),
        ("Смағұлов Мирас", "Smaghulov"),
        ("Фёдоров Олег", "Fyodorov"),
        ("Алиев Руслан", "Aliyev"),
    ] {
        assert!(matches(name, q), "{name} by {q}");
    }
}

#[test]
fn a_name_is_not_found_by_another() {
    for (name, q) in [
        ("Нұрқасов Аян", "Жолдас"),
        ("Smith John", "smyth jon x"),
        ("KZ100101", "KZ100102"),
    ] {
        assert!(!matches(name, q), "{name} by {q}");
    }
}

#[test]
fn an_empty_query_matches_everyone() {
    assert!(matches("anyone", "   "));
    assert!(matches("", ""));
}

#[test]
fn kazakh_letters_fold_to_their_latin_base() {
    assert_eq!(fold("ӘҒҚҢӨҰҮІ"), "agknouui");
    assert_eq!(fold("  Щукин   Юрий "), "shchukin iurii");
}
