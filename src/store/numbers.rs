//! The service numbers a write batch must keep apart: every one on file, and what each
//! looks like (`text::lookalike`), loaded once when a batch first meets a person, so a
//! roster of 100,000 people costs one query, not one per row.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use super::people;
use crate::error::Result;
use crate::text::{self, lookalike};

pub(super) struct Numbers {
    /// Match keys (`text::sn_key`) of everyone on file, and of everyone added in the batch.
    on_file: HashSet<String>,
    /// Skeleton → (match key, number as written) of the first number that looks so.
    looks: HashMap<String, (String, String)>,
    /// Match keys of new numbers that passed (asked about again when the person is saved).
    passed: HashSet<String>,
}

impl Numbers {
    pub fn load(conn: &Connection) -> Result<Numbers> {
        let mut n = Numbers {
            on_file: HashSet::new(),
            looks: HashMap::new(),
            passed: HashSet::new(),
        };
        for (key, number) in people::all_numbers(conn)? {
            n.looks
                .entry(lookalike::skeleton_of(&key))
                .or_insert_with(|| (key.clone(), number));
            n.on_file.insert(key);
        }
        Ok(n)
    }

    /// True for a number not on file (a new person), once it has passed the rules: one
    /// alphabet, and not looking like a number on file or met earlier in the batch. A number
    /// on file passes as it is: people keep their numbers. A new number is remembered, so
    /// asking again about it is fine and the batch's later numbers are compared with it.
    pub fn check(&mut self, sn: &str) -> Result<bool> {
        let key = text::sn_key(sn);
        if self.on_file.contains(&key) {
            return Ok(false);
        }
        if self.passed.contains(&key) {
            return Ok(true);
        }
        let skeleton = lookalike::skeleton_of(&key);
        match self.looks.get(&skeleton) {
            Some((k, existing)) if *k != key => {
                Err(lookalike::looks_like(sn.trim(), existing).into())
            }
            Some(_) => Ok(true),
            None => {
                lookalike::one_script(sn.trim())?;
                self.looks
                    .insert(skeleton, (key.clone(), sn.trim().to_string()));
                self.passed.insert(key);
                Ok(true)
            }
        }
    }

    /// A number received from another laptop, which checked it when it was made: never
    /// refused (a refusal would keep the two laptops apart for good), and now on file. The
    /// number it looks like, if any, as written there.
    pub fn received(&mut self, sn: &str) -> Option<String> {
        let key = text::sn_key(sn);
        let skeleton = lookalike::skeleton_of(&key);
        let twin = match self.looks.get(&skeleton) {
            Some((k, existing)) if *k != key => Some(existing.clone()),
            Some(_) => None,
            None => {
                self.looks
                    .insert(skeleton, (key.clone(), sn.trim().to_string()));
                None
            }
        };
        self.added(sn);
        twin
    }

    /// The number on file that a number not on file looks like (`KZ200026` for
    /// `KZ-200026` or `КZ200026`), to say so when it is not found.
    pub fn looks_like(&self, sn: &str) -> Option<&str> {
        let key = text::sn_key(sn);
        match self.looks.get(&lookalike::skeleton_of(&key)) {
            Some((k, existing)) if *k != key => Some(existing),
            _ => None,
        }
    }

    /// The person with this number is now on file.
    pub fn added(&mut self, sn: &str) {
        let key = text::sn_key(sn);
        self.passed.remove(&key);
        self.on_file.insert(key);
    }
}
