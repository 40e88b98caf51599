//! Rule 6, corrections that compete (README, "The rules"). A record corrected on two
//! installations that had not yet exchanged bundles has more than one correction: several
//! amendments that supersede it, or amendments and its voiding. Every installation keeps
//! them all, so every installation must pick the same one to count:
//!
//! - **The latest correction by order of entry wins**: the greatest (stamp, record id),
//!   `Entry`, the order that breaks ties between attempts (rule 2). A voiding is named by
//!   the record it voids. The winner decides: a winning amendment is the record that counts;
//!   a winning voiding leaves none. The losing amendments (and any correction later made of
//!   them) are **overruled**: they count for nothing, and stay in the history.
//! - **Settled** once a person has acted on the outcome, with an ordinary correction that
//!   travels like any other: a winning amendment has itself been amended (to confirm it or
//!   put the right values in) or voided; a winning voiding has had every competing amendment
//!   voided. Until then the conflict is listed (`muster sync conflicts`). A record voided
//!   on two installations (for different reasons) and not amended is voided whichever
//!   counts: settled from the start, listed only with the settled ones.
//!
//! The store applies the same order in SQL (view `overruled`, migration 0013); a test keeps
//! the two in step.

use super::Entry;

/// What a competing correction does to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Amendment,
    Voiding,
}

/// One correction of a contested record, reduced to what the rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Competitor {
    pub kind: Kind,
    /// Order of entry; a voiding's id is the record it voids.
    pub entry: Entry,
    /// The correction has been voided since (only an amendment can be).
    pub voided: bool,
    /// The correction has been amended since (only an amendment can be).
    pub amended: bool,
}

/// Whether a record's corrections compete: more than one.
pub fn contested(corrections: &[Competitor]) -> bool {
    corrections.len() > 1
}

/// The index of the correction that counts: the latest by order of entry. None for none.
pub fn winner(corrections: &[Competitor]) -> Option<usize> {
    (0..corrections.len()).max_by_key(|&i| corrections[i].entry)
}

/// Whether a person has settled the conflict (see the module's doc).
pub fn settled(corrections: &[Competitor]) -> bool {
    let Some(w) = winner(corrections) else {
        return true;
    };
    let won = &corrections[w];
    match won.kind {
        Kind::Amendment => won.voided || won.amended,
        Kind::Voiding => corrections
            .iter()
            .filter(|c| c.kind == Kind::Amendment)
            .all(|c| c.voided),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amend(hlc: i64, id: u128) -> Competitor {
        Competitor {
            kind: Kind::Amendment,
            entry: Entry { hlc, id },
            voided: false,
            amended: false,
        }
    }

    fn void(hlc: i64, id: u128) -> Competitor {
        Competitor {
            kind: Kind::Voiding,
            ..amend(hlc, id)
        }
    }

    #[test]
    fn the_latest_correction_wins() {
        // By stamp first, whatever the ids.
        assert_eq!(winner(&[amend(7, 9), amend(8, 1)]), Some(1));
        assert_eq!(winner(&[amend(8, 1), amend(7, 9)]), Some(0));
        // Equal stamps (two installations' clocks agreed to the tick): the greater id.
        assert_eq!(winner(&[amend(5, 2), amend(5, 3)]), Some(1));
        // A voiding competes like an amendment, by its stamp and the voided record's id.
        assert_eq!(winner(&[amend(5, 2), void(6, 1)]), Some(1));
        assert_eq!(winner(&[void(6, 1), amend(6, 2)]), Some(1));
        assert_eq!(winner(&[amend(9, 2), void(6, 1), amend(3, 4)]), Some(0));
        assert_eq!(winner(&[]), None);
    }

    #[test]
    fn one_correction_is_no_conflict() {
        assert!(!contested(&[]));
        assert!(!contested(&[amend(1, 1)]));
        assert!(contested(&[amend(1, 1), void(2, 0)]));
    }

    #[test]
    fn settled_by_correcting_what_won() {
        let a = amend(1, 1);
        let b = amend(2, 2);
        assert!(!settled(&[a, b]));
        // The loser voided or amended: the winner still stands unconfirmed.
        assert!(!settled(&[Competitor { voided: true, ..a }, b]));
        assert!(!settled(&[Competitor { amended: true, ..a }, b]));
        // The winner amended or voided: settled.
        assert!(settled(&[a, Competitor { amended: true, ..b }]));
        assert!(settled(&[a, Competitor { voided: true, ..b }]));
        // A voiding won: settled once every amendment is voided.
        let v = void(3, 0);
        assert!(!settled(&[a, b, v]));
        assert!(!settled(&[Competitor { voided: true, ..a }, b, v]));
        assert!(settled(&[
            Competitor { voided: true, ..a },
            Competitor { voided: true, ..b },
            v
        ]));
        // An amendment won over a voiding: settled by correcting the amendment.
        let late = amend(4, 4);
        assert!(!settled(&[v, late]));
        assert!(settled(&[
            v,
            Competitor {
                amended: true,
                ..late
            }
        ]));
        // Voided on two installations, for different reasons, and nothing else: the record
        // is voided whichever counts; nothing to settle.
        assert!(settled(&[void(3, 0), void(5, 0)]));
    }
}
