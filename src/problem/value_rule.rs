//! What a value received in a bundle should have been (`Problem::BundleBadValue`).

use serde::Serialize;

/// What a value should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ValueRule {
    /// A calendar day written yyyy-mm-dd, from 1970.
    Date,
    /// A training day no more than a year after this laptop's date.
    PastDate,
    /// A UTC time as Muster writes them (2026-12-05T18:58:28.123Z).
    Timestamp,
    /// A record id (a UUID).
    RecordId,
    /// An order-of-entry stamp no more than a year after this laptop's time.
    Stamp,
    /// Trimmed, one space between words, NFC, not empty (a service number: no space).
    Tidy,
    /// One of the values Muster writes there.
    OneOf,
    /// A number in the field's range.
    InRange,
    /// Text free of control, zero-width and bidi characters.
    Hidden,
    /// Text, not a number or a list (or nothing where a value is required).
    Text,
    /// A field Muster has, of a record it names; or a pair that goes together (an
    /// archiving's day and author, a roster place's end and who ended it, a deployment day
    /// not before the training start, a correction and its reason).
    Whole,
    /// A frozen report Muster wrote, whose SHA-256 is the one given.
    Report,
    /// A bundle's own time no more than a year after this laptop's clock.
    MadeAt,
}

impl ValueRule {
    /// What the value should have been, in English (the front ends translate the rule).
    pub fn english(self) -> &'static str {
        match self {
            ValueRule::Date => "not a calendar day written yyyy-mm-dd from 1970",
            ValueRule::PastDate => "a training day more than a year after this laptop's date",
            ValueRule::Timestamp => "not a UTC time as Muster writes one",
            ValueRule::RecordId => "not a record id",
            ValueRule::Stamp => "an order-of-entry stamp more than a year after this laptop's time",
            ValueRule::Tidy => "not trimmed and normalised as Muster writes it",
            ValueRule::OneOf => "not one of the values Muster writes there",
            ValueRule::InRange => "out of the field's range",
            ValueRule::Hidden => "text holding an invisible or control character",
            ValueRule::Text => "not text, or empty where a value is required",
            ValueRule::Whole => "not a field of that record, or not given with what goes with it",
            ValueRule::Report => "not the frozen report its hash says",
            ValueRule::MadeAt => {
                "a time more than a year after this laptop's clock (check the date on both laptops)"
            }
        }
    }
}
