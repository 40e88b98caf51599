//! Text shaped with one parsed face and one shaping plan per font and script, for the
//! whole report. krilla's `draw_text` parses the font and compiles a plan for every string
//! it draws: for a report of 10,000 people (hundreds of thousands of table cells) that was
//! about 4 s of a 14 s PDF. The glyphs are the same: the same shaper (rustybuzz, which
//! krilla uses), the same properties guessed from each string, no features.

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, Face, Language, Script, ShapePlan, UnicodeBuffer};

/// The properties a shaping plan is made for.
type PlanKey = (Direction, Script, Option<Language>);

/// One font: its face, parsed once, and the plans made so far.
struct Shaped {
    face: Face<'static>,
    units_per_em: f32,
    plans: Vec<(PlanKey, ShapePlan)>,
}

/// Shapes the report's strings in its two fonts.
pub struct Shaper {
    regular: Shaped,
    bold: Shaped,
}

impl Shaped {
    fn new(data: &'static [u8]) -> Shaped {
        let face = Face::from_slice(data, 0).expect("embedded font parses");
        let units_per_em = face.units_per_em() as f32;
        Shaped {
            face,
            units_per_em,
            plans: Vec::new(),
        }
    }

    fn glyphs(&mut self, text: &str) -> Vec<KrillaGlyph> {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let key = (buffer.direction(), buffer.script(), buffer.language());
        let at = match self.plans.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                let (direction, script, language) = key.clone();
                let plan =
                    ShapePlan::new(&self.face, direction, Some(script), language.as_ref(), &[]);
                self.plans.push((key, plan));
                self.plans.len() - 1
            }
        };
        let forward = matches!(
            self.plans[at].0 .0,
            Direction::LeftToRight | Direction::TopToBottom
        );
        let out = rustybuzz::shape_with_plan(&self.face, &self.plans[at].1, buffer);
        let infos = out.glyph_infos();
        let em = self.units_per_em;
        out.glyph_positions()
            .iter()
            .zip(infos)
            .enumerate()
            .map(|(i, (pos, info))| {
                // A glyph's text runs from its cluster to the next cluster in reading
                // order (the end of the text after the last).
                let next = if forward {
                    infos[i + 1..].iter().find(|g| g.cluster != info.cluster)
                } else {
                    infos[..i].iter().rev().find(|g| g.cluster != info.cluster)
                };
                let end = next.map_or(text.len(), |g| g.cluster as usize);
                KrillaGlyph::new(
                    GlyphId::new(info.glyph_id),
                    pos.x_advance as f32 / em,
                    pos.x_offset as f32 / em,
                    pos.y_offset as f32 / em,
                    pos.y_advance as f32 / em,
                    info.cluster as usize..end,
                    None,
                )
            })
            .collect()
    }
}

impl Shaper {
    pub fn new(regular: &'static [u8], bold: &'static [u8]) -> Shaper {
        Shaper {
            regular: Shaped::new(regular),
            bold: Shaped::new(bold),
        }
    }

    /// The glyphs of `text` in the bold or the regular font, as krilla draws them.
    pub fn glyphs(&mut self, text: &str, bold: bool) -> Vec<KrillaGlyph> {
        if bold {
            self.bold.glyphs(text)
        } else {
            self.regular.glyphs(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use krilla::text::Glyph;

    /// The same glyphs, advances and text ranges as shaping each string on its own, as
    /// krilla's own `draw_text` does: Cyrillic, Kazakh, Latin, digits, marks, an
    /// right-to-left name, an empty string; the plan cache shared across them.
    #[test]
    fn shaping_with_kept_plans_gives_what_shaping_alone_gives() {
        let mut shaper = Shaper::new(super::super::layout::REGULAR, super::super::layout::BOLD);
        let texts = [
            "Ахметов Қайрат Жұмабекұлы",
            "KZ100001",
            "2026-12-03",
            "Not ready: ROE, first aid",
            "Ёлка é e\u{301} ﬁ",
            "عبد الله",
            "",
            "ready / готов / дайын",
        ];
        for bold in [false, true] {
            let face = Face::from_slice(
                if bold {
                    super::super::layout::BOLD
                } else {
                    super::super::layout::REGULAR
                },
                0,
            )
            .unwrap();
            let em = face.units_per_em() as f32;
            for text in texts.iter().chain(texts.iter()) {
                let mut b = UnicodeBuffer::new();
                b.push_str(text);
                let alone = rustybuzz::shape(&face, &[], b);
                let kept = shaper.glyphs(text, bold);
                assert_eq!(kept.len(), alone.len(), "{text}");
                for (k, (p, i)) in kept
                    .iter()
                    .zip(alone.glyph_positions().iter().zip(alone.glyph_infos()))
                {
                    assert_eq!(k.glyph_id(), GlyphId::new(i.glyph_id), "{text}");
                    assert_eq!(k.x_advance(1.0), p.x_advance as f32 / em, "{text}");
                    assert_eq!(k.text_range().start, i.cluster as usize, "{text}");
                    assert!(k.text_range().end <= text.len());
                }
                let covered: usize = kept.iter().map(|g| g.text_range().len()).sum();
                if !text.is_empty() {
                    assert!(
                        covered >= text.len(),
                        "every character is in a glyph: {text}"
                    );
                }
            }
        }
    }
}
