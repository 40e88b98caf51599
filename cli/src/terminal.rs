//! What reaches the terminal. A file's name, a cell or a bundle's text can hold characters
//! that drive a terminal (an escape sequence that retitles or clears it, hides the rest of
//! a line, or a carriage return that writes over what was printed) or reorder what is
//! shown (bidi overrides). Whatever a command prints passes through `printable`, so no
//! outside text can make a line read other than it is.

use std::borrow::Cow;

/// `text` with every control character but line feed and tab, and every bidi control,
/// written as `\uXXXX`: the form JSON reads as the same character, so JSON output stays
/// JSON (its strings escape control characters already; bidi controls are refused in
/// names before they are stored).
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(drives_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if drives_terminal(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn drives_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_drives_a_terminal_and_keeps_lines_and_letters() {
        assert!(matches!(printable("Ахметов Қ.\n\tok"), Cow::Borrowed(_)));
        assert_eq!(
            printable("r.json\rsignature valid\u{1b}[8m\u{202e}x"),
            "r.json\\u000dsignature valid\\u001b[8m\\u202ex"
        );
        assert_eq!(printable("\u{9b}2J\u{7f}"), "\\u009b2J\\u007f");
        // JSON stays JSON, and reads as the same text.
        let json = printable("{\"a\": \"\u{202e}b\"}").into_owned();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["a"], "\u{202e}b");
    }
}
