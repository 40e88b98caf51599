//! How a status looks wherever it is printed: a symbol and a fill colour, one table for the
//! PDF, the HTML report and the spreadsheets. A printed matrix is often read in black and
//! white, by someone who cannot tell red from orange, or by a screen reader, so colour alone
//! must never carry the status: every cell also carries its symbol, and each status has its
//! own symbol and its own fill (missing included), explained by the legend.

use crate::rules::{Reading, Status};

pub type Rgb = (u8, u8, u8);

/// The symbol printed before a cell's date. Plain text symbols, none of them an emoji (a
/// browser would swap an emoji for a coloured picture), all in the embedded DejaVu font.
pub fn symbol(s: Status) -> &'static str {
    match s {
        Status::Complete => "✓",
        Status::Expiring => "◐",
        Status::Expired => "⊘",
        Status::Failed => "✗",
        Status::Missing => "○",
        Status::NotRequired => "–",
    }
}

/// The symbol of what a status reads as: a certificate that lapses before deployment has
/// its own (between expiring's half circle and expired's), so a cell never reads as
/// "expired" while it is still valid.
pub fn reading_symbol(r: Reading) -> &'static str {
    match r {
        Reading::Status(s) => symbol(s),
        Reading::LapsesBeforeDeployment => "◔",
    }
}

/// The cell's fill. Light enough that black text keeps a contrast above 7:1 on every one;
/// far enough apart in lightness that failed and expired differ even in greyscale.
pub fn fill(s: Status) -> Option<Rgb> {
    match s {
        Status::Complete => Some((198, 239, 206)),
        Status::Expiring => Some((255, 235, 156)),
        Status::Expired => Some((250, 208, 160)),
        Status::Failed => Some((240, 160, 160)),
        Status::Missing => Some((214, 214, 214)),
        Status::NotRequired => None,
    }
}

/// The fill as `#rrggbb`, white where there is none, for CSS and spreadsheets.
pub fn fill_hex(s: Status) -> String {
    let (r, g, b) = fill(s).unwrap_or((255, 255, 255));
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The fill as one number `0xRRGGBB`, as spreadsheet writers take it.
pub fn fill_rgb(s: Status) -> u32 {
    let (r, g, b) = fill(s).unwrap_or((255, 255, 255));
    (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b)
}

/// WCAG 2.1 contrast ratio between two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    fn lum((r, g, b): Rgb) -> f64 {
        let ch = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
    }
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::layout::{BOLD, INK, REGULAR};
    use skrifa::{FontRef, MetadataProvider};
    use std::collections::HashSet;

    #[test]
    fn every_status_has_its_own_symbol_and_its_own_fill() {
        let readings: HashSet<_> = Reading::ALL.iter().map(|r| reading_symbol(*r)).collect();
        assert_eq!(readings.len(), Reading::ALL.len());
        let symbols: HashSet<_> = Status::ALL.iter().map(|s| symbol(*s)).collect();
        let fills: HashSet<_> = Status::ALL.iter().map(|s| fill_hex(*s)).collect();
        assert_eq!(symbols.len(), Status::ALL.len());
        assert_eq!(fills.len(), Status::ALL.len());
    }

    #[test]
    fn failed_and_expired_differ_in_greyscale_too() {
        let grey = |s| {
            let (r, g, b) = fill(s).unwrap();
            0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b)
        };
        assert!((grey(Status::Expired) - grey(Status::Failed)).abs() > 25.0);
        assert!(fill(Status::Missing).is_some(), "missing is coloured too");
    }

    #[test]
    fn ink_reads_on_every_fill_at_aaa_contrast() {
        for s in Status::ALL {
            let c = contrast(INK, fill(s).unwrap_or((255, 255, 255)));
            assert!(c >= 7.0, "{s:?}: {c:.2}");
        }
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn every_symbol_is_in_the_embedded_fonts_and_none_is_an_emoji() {
        for font in [REGULAR, BOLD] {
            let f = FontRef::new(font).unwrap();
            for r in Reading::ALL {
                for c in reading_symbol(r).chars() {
                    assert!(f.charmap().map(c).is_some(), "{c} missing from the font");
                    // Emoji-presentation blocks a browser would draw as pictures.
                    assert!(
                        !matches!(c as u32, 0x1F000..=0x1FAFF | 0x231A..=0x231B | 0x2600..=0x26FF)
                    );
                }
            }
        }
    }

    #[test]
    fn hex_and_number_forms_agree() {
        assert_eq!(fill_hex(Status::NotRequired), "#ffffff");
        assert_eq!(fill_rgb(Status::Complete), 0xC6EFCE);
        assert_eq!(fill_hex(Status::Complete), "#c6efce");
    }
}
