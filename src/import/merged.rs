//! Merged cells, read as the person who merged them sees them. A hand-kept roster merges
//! "1 взвод" down over the platoon's rows, a training log merges the module and day over a
//! session's attendees; a workbook keeps the value in the area's first cell only, and the
//! others read as empty: a unit cleared for every soldier but the first, a session refused
//! as "module is empty".
//!
//! Below the header, each merged area reads as Excel shows it: its first cell's value down
//! its first column, and nothing in its other columns (a family name merged across the
//! given name's column is one value, not two; a value left in a covered cell is hidden by
//! the merge). Areas that begin at or above the header are titles and are left alone: a
//! column title merged down into the data is no soldier's unit. Only the columns under the
//! header are filled, whatever the area's width.

use std::sync::{Arc, Mutex};

/// A merged area, 0-based and inclusive, as the workbook states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Area {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

/// The merged areas below a header, by their first row. A reader may give them all before
/// its first row (.xlsx, .xls) or each as it reads its first row (.ods): they are taken from
/// `source` as rows come, and an area is always known before the rows it covers.
#[derive(Debug, Default)]
pub(super) struct Merged {
    source: Arc<Mutex<Vec<Area>>>,
    taken: usize,
    header: u32,
    areas: Vec<Area>,
    next: usize,
    /// The areas over the rows being read, with the value of each (from its first cell).
    open: Vec<(Area, String)>,
    /// Columns under the header: the only ones filled.
    width: usize,
}

impl Merged {
    /// The areas of `source` that begin below the header row `header` (0-based), over
    /// `width` columns.
    pub fn below(source: Arc<Mutex<Vec<Area>>>, header: u32, width: usize) -> Merged {
        Merged {
            source,
            taken: 0,
            header,
            areas: Vec::new(),
            next: 0,
            open: Vec::new(),
            width,
        }
    }

    /// Takes the areas the reader has given since.
    fn take_new(&mut self) {
        let source = self.source.lock().unwrap_or_else(|e| e.into_inner());
        if source.len() == self.taken {
            return;
        }
        let (header, width) = (self.header, self.width);
        self.areas
            .extend(source[self.taken..].iter().copied().filter(|a| {
                a.top > header
                    && a.bottom >= a.top
                    && a.right >= a.left
                    && (a.bottom, a.right) != (a.top, a.left)
                    && (a.left as usize) < width
            }));
        self.taken = source.len();
        self.areas[self.next..].sort_by_key(|a| (a.top, a.left));
    }

    /// Row `row` (0-based) as Excel shows it under the areas over it.
    pub fn fill(&mut self, row: u32, cells: &mut Vec<String>) {
        self.take_new();
        if self.areas.len() == self.next && self.open.is_empty() {
            return;
        }
        while let Some(a) = self.areas.get(self.next).filter(|a| a.top <= row) {
            let value = if a.top == row {
                cells.get(a.left as usize).cloned().unwrap_or_default()
            } else {
                String::new() // its first row held nothing at all
            };
            self.open.push((*a, value));
            self.next += 1;
        }
        self.open.retain(|(a, _)| a.bottom >= row);
        for (a, value) in &self.open {
            let last = (a.right as usize).min(self.width - 1);
            for c in a.left as usize..=last {
                let first_cell = c == a.left as usize && row == a.top;
                if first_cell {
                    continue;
                }
                let shown = if c == a.left as usize {
                    value.as_str()
                } else {
                    ""
                };
                if c >= cells.len() {
                    if shown.is_empty() {
                        continue;
                    }
                    cells.resize(c + 1, String::new());
                }
                cells[c] = shown.to_string();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    fn area(top: u32, left: u32, bottom: u32, right: u32) -> Area {
        Area {
            top,
            left,
            bottom,
            right,
        }
    }

    #[test]
    fn an_area_below_the_header_reads_as_excel_shows_it() {
        let mut m = Merged::below(
            Arc::new(Mutex::new(vec![
                area(0, 5, 2, 5), // a column title merged down into the data: left alone
                area(2, 1, 4, 1), // a unit down three rows
                area(6, 0, 6, 2), // a name merged across three columns
                area(8, 1, 9, 1), // an empty first cell over a stale value
                area(10, 0, 1_048_575, 16_383), // the whole sheet: only the header's width
            ])),
            1,
            4,
        );
        let mut r2 = row(&["KZ1", "1 взвод", "x"]);
        m.fill(2, &mut r2);
        assert_eq!(r2, row(&["KZ1", "1 взвод", "x"]));
        let mut r3 = row(&["KZ2"]);
        m.fill(3, &mut r3);
        assert_eq!(r3, row(&["KZ2", "1 взвод"]));
        // A value left in a covered cell is hidden by the merge.
        let mut r4 = row(&["KZ3", "2 взвод"]);
        m.fill(4, &mut r4);
        assert_eq!(r4, row(&["KZ3", "1 взвод"]));
        let mut r5 = row(&["KZ4"]);
        m.fill(5, &mut r5);
        assert_eq!(r5, row(&["KZ4"]), "past the area's last row");
        let mut r6 = row(&["Омаров", "Ерлан", "x", "M"]);
        m.fill(6, &mut r6);
        assert_eq!(
            r6,
            row(&["Омаров", "", "", "M"]),
            "across: one value, the rest empty"
        );
        let mut r8 = row(&["KZ8", ""]);
        m.fill(8, &mut r8);
        let mut r9 = row(&["KZ9", "3 взвод"]);
        m.fill(9, &mut r9);
        assert_eq!(
            r9,
            row(&["KZ9", ""]),
            "an empty first cell shows nothing below"
        );
        let mut r10 = row(&["A"]);
        m.fill(10, &mut r10);
        let mut r11 = row(&["B", "x", "y", "z", "w"]);
        m.fill(11, &mut r11);
        assert_eq!(r11, row(&["A", "", "", "", "w"]), "only the header's width");
    }
}
