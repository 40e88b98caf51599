//! Merged cells, read as the person who merged them sees them. A hand-kept roster merges
//! "1 взвод" down over the platoon's rows, a training log merges the module and day over a
//! session's attendees; a workbook keeps the value in the area's first cell only, and the
//! others read as empty: a unit cleared for every soldier but the first, a session refused
//! as "module is empty". Each merged area's value is repeated into its empty cells, row by
//! row as the rows are read (`rows::Sink`).

/// A merged area, 0-based and inclusive, as the workbook states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Area {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

/// The merged areas of the sheet being read, by their first row.
#[derive(Debug, Default)]
pub(super) struct Merged {
    areas: Vec<Area>,
    next: usize,
    /// The areas over the rows being read, with the value of each (from its first cell).
    open: Vec<(Area, String)>,
}

impl Merged {
    pub fn new(mut areas: Vec<Area>) -> Merged {
        areas.retain(|a| {
            a.bottom >= a.top && a.right >= a.left && (a.bottom, a.right) != (a.top, a.left)
        });
        areas.sort_by_key(|a| (a.top, a.left));
        Merged {
            areas,
            next: 0,
            open: Vec::new(),
        }
    }

    /// Fills row `row` (its cells by column) from the areas over it, columns below
    /// `max_columns` only; returns the cells and bytes added.
    pub fn fill(
        &mut self,
        row: u32,
        cells: &mut Vec<String>,
        max_columns: usize,
    ) -> (usize, usize) {
        while let Some(a) = self.areas.get(self.next).filter(|a| a.top <= row) {
            // An area whose first row held nothing has nothing to repeat.
            let value = if a.top == row {
                cells.get(a.left as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            };
            self.open.push((*a, value));
            self.next += 1;
        }
        self.open.retain(|(a, v)| a.bottom >= row && !v.is_empty());
        let (mut added, mut bytes) = (0, 0);
        for (a, value) in &self.open {
            let last = (a.right as usize).min(max_columns.saturating_sub(1));
            for c in a.left as usize..=last {
                if c == a.left as usize && row == a.top {
                    continue;
                }
                if c >= cells.len() {
                    cells.resize(c + 1, String::new());
                }
                if cells[c].is_empty() {
                    cells[c] = value.clone();
                    added += 1;
                    bytes += value.len();
                }
            }
        }
        (added, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn an_area_repeats_its_first_value_into_its_empty_cells_and_nowhere_else() {
        // B2:B4 merged ("1 взвод"), A6:C6 merged across (a title), B8:B9 with nothing.
        let mut m = Merged::new(vec![
            Area {
                top: 1,
                left: 1,
                bottom: 3,
                right: 1,
            },
            Area {
                top: 5,
                left: 0,
                bottom: 5,
                right: 2,
            },
            Area {
                top: 7,
                left: 1,
                bottom: 8,
                right: 1,
            },
            Area {
                top: 9,
                left: 0,
                bottom: 9,
                right: 0,
            },
        ]);
        let mut r1 = row(&["KZ1", "1 взвод", "x"]);
        assert_eq!(m.fill(1, &mut r1, 100), (0, 0));
        let mut r2 = row(&["KZ2"]);
        m.fill(2, &mut r2, 100);
        assert_eq!(r2, row(&["KZ2", "1 взвод"]));
        // A row the area skips (none read) does not end it; a value there stays.
        let mut r3 = row(&["KZ3", "2 взвод"]);
        m.fill(3, &mut r3, 100);
        assert_eq!(r3, row(&["KZ3", "2 взвод"]));
        let mut r4 = row(&["KZ4"]);
        m.fill(4, &mut r4, 100);
        assert_eq!(r4, row(&["KZ4"]), "past the area's last row");
        let mut r5 = row(&["ВЕДОМОСТЬ"]);
        assert_eq!(m.fill(5, &mut r5, 2), (1, "ВЕДОМОСТЬ".len()));
        assert_eq!(
            r5,
            row(&["ВЕДОМОСТЬ", "ВЕДОМОСТЬ"]),
            "columns past the limit are not filled"
        );
        let mut r8 = row(&["KZ8"]);
        m.fill(8, &mut r8, 100);
        assert_eq!(
            r8,
            row(&["KZ8"]),
            "an area whose first cell is empty repeats nothing"
        );
    }
}
