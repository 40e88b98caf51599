//! Dates as the screens write them, and days counted from one.

/// `iso` moved by `n` days, as yyyy-mm-dd.
pub fn shift(iso: &str, n: i64) -> String {
    let mut d = muster::dates::parse(iso).unwrap();
    for _ in 0..n.abs() {
        d = if n > 0 { d.succ_opt() } else { d.pred_opt() }.unwrap();
    }
    d.to_string()
}

/// yyyy-mm-dd as the screens write it.
pub fn dmy(iso: &str) -> String {
    muster::dates::parse(iso)
        .unwrap()
        .format("%d.%m.%Y")
        .to_string()
}

/// yyyy-mm-dd as the English screens write it: "1 Nov 2021".
pub fn en_date(iso: &str) -> String {
    muster::dates::parse(iso)
        .unwrap()
        .format("%-d %b %Y")
        .to_string()
}
