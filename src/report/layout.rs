//! A small page-layout engine for the PDF: text measured with the embedded font's own
//! advances, tables that wrap text in their cells and continue on the next page under a
//! repeated heading row, and a running header and footer on every page. Pages are kept
//! as lists of drawing operations first, so "page n of m" is known before anything is
//! written; then `finish` turns them into PDF with krilla (fonts subset and embedded).

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, Node, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagTree,
};
use krilla::text::Font;
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use std::num::NonZeroU16;

use super::shaper::Shaper;

use crate::error::{Error, Result};

/// DejaVu Sans Condensed (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt):
/// every Russian and Kazakh letter, compact enough for a training matrix on A4.
pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");
pub static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN: f32 = 36.0;
pub const TOP: f32 = 62.0;
pub const BOTTOM: f32 = PAGE_H - 44.0;
pub const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;

pub type Rgb = (u8, u8, u8);
pub const INK: Rgb = (17, 17, 17);
pub const MUTED: Rgb = (90, 90, 90);
pub const RULE: Rgb = (170, 170, 170);
pub const HEAD_FILL: Rgb = (235, 235, 235);

/// Where a drawing sits in the document's structure. A screen reader reads a tagged PDF's
/// structure tree, not its pages: text and table cells belong to a block (a leaf of it),
/// the running header and footer, rules and repeated heading rows are artifacts it skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Header,
    Footer,
    Decoration,
    /// Part of leaf `n` of a block in `Layout::blocks`.
    Leaf(usize),
}

/// One block of the structure tree, in reading order; the numbers are leaves.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u16, usize),
    Para(usize),
    Table {
        head: Vec<usize>,
        rows: Vec<Vec<usize>>,
    },
}

#[derive(Debug, Clone)]
pub enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
        role: Role,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
        role: Role,
    },
    Line {
        points: Vec<(f32, f32)>,
        color: Rgb,
        width: f32,
        dashed: bool,
    },
}

/// Advance widths from the embedded fonts, so wrapping matches what is drawn.
pub struct Metrics {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics {
            regular: FontRef::new(REGULAR).expect("embedded font parses"),
            bold: FontRef::new(BOLD).expect("embedded font parses"),
        }
    }

    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let f = if bold { &self.bold } else { &self.regular };
        let upem = f
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em as f32;
        let cmap = f.charmap();
        let gm = f.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = text
            .chars()
            .map(|c| {
                cmap.map(c)
                    .and_then(|g| gm.advance_width(g))
                    .unwrap_or(upem * 0.5)
            })
            .sum();
        units / upem * size
    }

    /// Breaks text into lines no wider than `width` (not counting a line's trailing space):
    /// at spaces, or inside a word that alone is too wide. Never drops or changes a
    /// character.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split(' ') {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, bold) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    // The space the break replaces stays at the line's end (unseen), so
                    // that text read out of the PDF keeps its words apart.
                    line.push(' ');
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, size, bold) > width && line.chars().count() > 1 {
                        let last = line.pop().expect("non-empty");
                        lines.push(std::mem::take(&mut line));
                        line.push(last);
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
}

#[derive(Debug, Clone)]
pub struct Col {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

pub fn col(title: &str, width: f32, align: Align) -> Col {
    Col {
        title: title.to_string(),
        width,
        align,
    }
}

#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub fill: Option<Rgb>,
    pub bold: bool,
}

pub fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        ..Cell::default()
    }
}

/// The document being laid out: finished pages, the cursor on the current one, and the
/// structure tree's blocks in reading order.
pub struct Layout {
    pub m: Metrics,
    pub pages: Vec<Vec<Op>>,
    pub y: f32,
    pub blocks: Vec<Block>,
    leaves: usize,
}

impl Layout {
    pub fn new() -> Layout {
        Layout {
            m: Metrics::new(),
            pages: vec![Vec::new()],
            y: TOP,
            blocks: Vec::new(),
            leaves: 0,
        }
    }

    fn leaf(&mut self) -> usize {
        self.leaves += 1;
        self.leaves - 1
    }

    /// How many leaves the blocks use (`finish` collects each leaf's marked content).
    pub fn leaf_count(&self) -> usize {
        self.leaves
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `h` more points fit on this one.
    pub fn need(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.new_page();
        }
    }

    /// A piece of text on its own: a paragraph of the structure tree.
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: &str) {
        if text.is_empty() {
            return;
        }
        let leaf = self.leaf();
        self.blocks.push(Block::Para(leaf));
        self.text_as(x, y, size, bold, color, text, Role::Leaf(leaf));
    }

    /// A new paragraph whose pieces are drawn apart (a label and its value, wrapped lines
    /// placed by hand): pass it to `text_in` for each piece.
    pub fn new_para(&mut self) -> usize {
        let leaf = self.leaf();
        self.blocks.push(Block::Para(leaf));
        leaf
    }

    /// A piece of the paragraph `leaf` made by `new_para`.
    #[allow(clippy::too_many_arguments)]
    pub fn text_in(
        &mut self,
        leaf: usize,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: &str,
    ) {
        self.text_as(x, y, size, bold, color, text, Role::Leaf(leaf));
    }

    /// Text that only repeats or decorates what the structure already holds.
    pub fn decoration(&mut self, x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: &str) {
        self.text_as(x, y, size, bold, color, text, Role::Decoration);
    }

    #[allow(clippy::too_many_arguments)]
    fn text_as(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: &str,
        role: Role,
    ) {
        if text.is_empty() {
            return;
        }
        self.ops().push(Op::Text {
            x,
            y,
            size,
            bold,
            color,
            text: text.to_string(),
            role,
        });
    }

    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        self.rect_as(x, y, w, h, fill, stroke, Role::Decoration);
    }

    #[allow(clippy::too_many_arguments)]
    fn rect_as(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
        role: Role,
    ) {
        self.ops().push(Op::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
            role,
        });
    }

    pub fn line(&mut self, points: Vec<(f32, f32)>, color: Rgb, width: f32, dashed: bool) {
        self.ops().push(Op::Line {
            points,
            color,
            width,
            dashed,
        });
    }

    /// A paragraph at the cursor, wrapped to `width`.
    pub fn para(&mut self, x: f32, width: f32, size: f32, bold: bool, color: Rgb, text: &str) {
        let leaf = self.leaf();
        self.blocks.push(Block::Para(leaf));
        self.lines(x, width, size, bold, color, text, leaf);
    }

    /// The document's title: a paragraph that is the first-level heading.
    pub fn title(&mut self, x: f32, width: f32, size: f32, color: Rgb, text: &str) {
        let leaf = self.leaf();
        self.blocks.push(Block::Heading(1, leaf));
        self.lines(x, width, size, true, color, text, leaf);
    }

    #[allow(clippy::too_many_arguments)]
    fn lines(
        &mut self,
        x: f32,
        width: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: &str,
        leaf: usize,
    ) {
        let lh = size * 1.3;
        for line in self.m.wrap(text, size, bold, width) {
            self.need(lh);
            self.y += lh;
            let y = self.y - size * 0.25;
            self.text_as(x, y, size, bold, color, &line, Role::Leaf(leaf));
        }
    }

    /// A heading of `level` at x on the cursor's line (a table's own title).
    pub fn heading_at(&mut self, level: u16, x: f32, size: f32, text: &str) {
        self.heading_text(level, x, size, text);
    }

    fn heading_text(&mut self, level: u16, x: f32, size: f32, text: &str) {
        let leaf = self.leaf();
        self.blocks.push(Block::Heading(level, leaf));
        self.text_as(x, self.y, size, true, INK, text, Role::Leaf(leaf));
    }

    /// A section heading, kept on the same page as at least `keep` points after it.
    pub fn heading(&mut self, text: &str, keep: f32) {
        self.need(30.0 + keep);
        self.y += 20.0;
        self.heading_text(2, MARGIN, 12.5, text);
        self.y += 4.0;
        self.line(
            vec![(MARGIN, self.y), (MARGIN + WIDTH, self.y)],
            INK,
            1.2,
            false,
        );
        self.y += 4.0;
    }

    pub fn subheading(&mut self, text: &str, keep: f32) {
        self.need(20.0 + keep);
        self.y += 14.0;
        self.heading_text(3, MARGIN, 10.0, text);
        self.y += 4.0;
    }

    /// A table at x, breaking across pages between rows; the heading row is repeated on
    /// every page the table reaches (the repeats are artifacts: the structure holds it once).
    pub fn table(&mut self, x: f32, cols: &[Col], rows: &[Vec<Cell>], size: f32) {
        let pad = 2.5;
        let cols = &self.fit_words(cols, rows, size, pad);
        let lh = size * 1.25;
        let wrap = |m: &Metrics, c: &Col, text: &str, bold: bool| {
            m.wrap(text, size, bold, c.width - 2.0 * pad)
        };
        let head_lines: Vec<Vec<String>> = cols
            .iter()
            .map(|c| wrap(&self.m, c, &c.title, true))
            .collect();
        let head_leaves: Vec<usize> = cols.iter().map(|_| self.leaf()).collect();
        let mut body_leaves = Vec::with_capacity(rows.len());
        let head = |first: bool| Row {
            lines: head_lines.clone(),
            fills: vec![Some(HEAD_FILL); cols.len()],
            roles: if first {
                head_leaves.iter().map(|l| Role::Leaf(*l)).collect()
            } else {
                vec![Role::Decoration; cols.len()]
            },
            bold: true,
        };
        let head_h = Row::height(&head_lines, lh, pad);
        let mut first = true;
        for row in rows {
            let leaves: Vec<usize> = row.iter().map(|_| self.leaf()).collect();
            let body = Row {
                lines: cols
                    .iter()
                    .zip(row)
                    .map(|(c, cell)| wrap(&self.m, c, &cell.text, cell.bold))
                    .collect(),
                fills: row.iter().map(|c| c.fill).collect(),
                roles: leaves.iter().map(|l| Role::Leaf(*l)).collect(),
                bold: row.iter().any(|c| c.bold),
            };
            let h = Row::height(&body.lines, lh, pad);
            if first {
                if self.y + head_h + h > BOTTOM {
                    self.new_page();
                }
                self.draw_row(x, cols, &head(true), head_h, size, pad, lh);
                first = false;
            } else if self.y + h > BOTTOM {
                self.new_page();
                self.draw_row(x, cols, &head(false), head_h, size, pad, lh);
            }
            self.draw_row(x, cols, &body, h, size, pad, lh);
            body_leaves.push(leaves);
        }
        if rows.is_empty() {
            self.need(head_h);
            self.draw_row(x, cols, &head(true), head_h, size, pad, lh);
        }
        self.blocks.push(Block::Table {
            head: head_leaves,
            rows: body_leaves,
        });
        self.y += 4.0;
    }

    /// Widens any column too narrow for its longest word (a heading such as «Жынысы», a
    /// date) by taking the room from columns that have more than they need, so that no word
    /// is broken inside. The table keeps its total width; only when no column can give
    /// enough does a word break, as a last resort.
    fn fit_words(&self, cols: &[Col], rows: &[Vec<Cell>], size: f32, pad: f32) -> Vec<Col> {
        let longest = |text: &str, bold: bool| {
            text.split([' ', '\n'])
                .map(|w| self.m.width(w, size, bold))
                .fold(0.0f32, f32::max)
        };
        let need: Vec<f32> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cells = rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|cell| longest(&cell.text, cell.bold))
                    .fold(longest(&c.title, true), f32::max);
                cells + 2.0 * pad + 0.5
            })
            .collect();
        let mut out = cols.to_vec();
        let short: f32 = out
            .iter()
            .zip(&need)
            .map(|(c, n)| (n - c.width).max(0.0))
            .sum();
        if short <= 0.0 {
            return out;
        }
        let spare: f32 = out
            .iter()
            .zip(&need)
            .map(|(c, n)| (c.width - n).max(0.0))
            .sum();
        let give = short.min(spare);
        if give <= 0.0 {
            return out;
        }
        // Each roomy column gives in proportion to its spare room; each cramped one gets in
        // proportion to what it lacks.
        for (c, n) in out.iter_mut().zip(&need) {
            if c.width > *n {
                c.width -= (c.width - n) / spare * give;
            } else {
                c.width += (n - c.width) / short * give;
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_row(&mut self, x: f32, cols: &[Col], row: &Row, h: f32, size: f32, pad: f32, lh: f32) {
        let mut cx = x;
        for (i, c) in cols.iter().enumerate() {
            let role = row.roles.get(i).copied().unwrap_or(Role::Decoration);
            // The cell's box is part of the cell, so an empty cell still has its place in
            // the structure's row.
            let fill = row.fills.get(i).copied().flatten();
            self.rect_as(cx, self.y, c.width, h, fill, Some((RULE, 0.4)), role);
            for (j, l) in row.lines[i].iter().enumerate() {
                let w = self.m.width(l.trim_end(), size, row.bold);
                let tx = match c.align {
                    Align::Left => cx + pad,
                    Align::Right => cx + c.width - pad - w,
                    Align::Center => cx + (c.width - w) / 2.0,
                };
                let ty = self.y + pad + (j as f32 + 1.0) * lh - lh * 0.25;
                self.text_as(tx, ty, size, row.bold, INK, l, role);
            }
            cx += c.width;
        }
        self.y += h;
    }
}

/// One row as drawn: each cell's wrapped lines, fill and place in the structure.
struct Row {
    lines: Vec<Vec<String>>,
    fills: Vec<Option<Rgb>>,
    roles: Vec<Role>,
    bold: bool,
}

impl Row {
    fn height(lines: &[Vec<String>], lh: f32, pad: f32) -> f32 {
        lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * pad
    }
}

impl Default for Layout {
    fn default() -> Self {
        Layout::new()
    }
}

fn color(c: Rgb) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

/// The structure tree: each block with the marked content its leaves collected, in
/// reading order, in the report's language.
fn tag_tree(blocks: &[Block], mut ids: Vec<Vec<Identifier>>, lang: &str) -> TagTree {
    let mut take = |leaf: usize| -> Vec<Node> {
        std::mem::take(&mut ids[leaf])
            .into_iter()
            .map(Node::from)
            .collect()
    };
    let mut tree = TagTree::new().with_lang(Some(lang.to_string()));
    for b in blocks {
        let group = match b {
            Block::Heading(level, leaf) => TagGroup::with_children(
                Tag::Hn(NonZeroU16::new(*level).expect("levels start at 1"), None),
                take(*leaf),
            ),
            Block::Para(leaf) => TagGroup::with_children(Tag::P, take(*leaf)),
            Block::Table { head, rows } => {
                let th = head
                    .iter()
                    .map(|l| {
                        TagGroup::with_children(Tag::TH(TableHeaderScope::Column), take(*l)).into()
                    })
                    .collect();
                let mut thead = TagGroup::new(Tag::THead);
                thead.push(TagGroup::with_children(Tag::TR, th));
                let mut tbody = TagGroup::new(Tag::TBody);
                for row in rows {
                    let tds = row
                        .iter()
                        .map(|l| TagGroup::with_children(Tag::TD, take(*l)).into())
                        .collect();
                    tbody.push(TagGroup::with_children(Tag::TR, tds));
                }
                let mut table = TagGroup::new(Tag::Table);
                table.push(thead);
                if !rows.is_empty() {
                    table.push(tbody);
                }
                table
            }
        };
        tree.push(group);
    }
    tree
}

/// Writes the laid-out pages as an A4 PDF with the fonts embedded (subset), tagged: the
/// structure tree of `blocks` in `lang`, everything else marked as an artifact.
pub fn finish(lay: Layout, metadata: Metadata, lang: &str) -> Result<Vec<u8>> {
    let regular = Font::new(REGULAR.into(), 0).expect("embedded font parses");
    let bold = Font::new(BOLD.into(), 0).expect("embedded font parses");
    let mut shaper = Shaper::new(REGULAR, BOLD);
    let mut ids: Vec<Vec<Identifier>> = vec![Vec::new(); lay.leaf_count()];
    let mut doc = Document::new();
    doc.set_metadata(metadata);
    for ops in lay.pages {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).expect("A4 is a valid size");
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        for op in ops {
            let role = match &op {
                Op::Text { role, .. } | Op::Rect { role, .. } => *role,
                Op::Line { .. } => Role::Decoration,
            };
            let content = match role {
                Role::Header => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Header)),
                Role::Footer => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Footer)),
                Role::Decoration => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)),
                Role::Leaf(_) if matches!(op, Op::Text { .. }) => {
                    ContentTag::Span(SpanTag::empty())
                }
                Role::Leaf(_) => ContentTag::Other,
            };
            let id = s.start_tagged(content);
            if let Role::Leaf(leaf) = role {
                ids[leaf].push(id);
            }
            draw(&mut s, op, &regular, &bold, &mut shaper);
            s.end_tagged();
        }
        s.finish();
        page.finish();
    }
    doc.set_tag_tree(tag_tree(&lay.blocks, ids, lang));
    doc.finish()
        .map_err(|e| Error::invalid(format!("could not write the PDF: {e:?}")))
}

fn draw(s: &mut Surface, op: Op, regular: &Font, bold: &Font, shaper: &mut Shaper) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold: b,
            color: c,
            text,
            ..
        } => {
            s.set_stroke(None);
            s.set_fill(Some(Fill {
                paint: color(c),
                opacity: NormalizedF32::ONE,
                rule: Default::default(),
            }));
            let font = if b { bold.clone() } else { regular.clone() };
            let glyphs = shaper.glyphs(&text, b);
            s.draw_glyphs(Point::from_xy(x, y), &glyphs, font, &text, size, false);
        }
        Op::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
            ..
        } => {
            let Some(rect) = Rect::from_xywh(x, y, w.max(0.01), h.max(0.01)) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            let Some(path) = pb.finish() else { return };
            s.set_fill(fill.map(|f| Fill {
                paint: color(f),
                opacity: NormalizedF32::ONE,
                rule: Default::default(),
            }));
            s.set_stroke(stroke.map(|(c, w)| Stroke {
                paint: color(c),
                width: w,
                ..Default::default()
            }));
            s.draw_path(&path);
        }
        Op::Line {
            points,
            color: c,
            width,
            dashed,
        } => {
            let mut pb = PathBuilder::new();
            for (i, (x, y)) in points.iter().enumerate() {
                if i == 0 {
                    pb.move_to(*x, *y);
                } else {
                    pb.line_to(*x, *y);
                }
            }
            let Some(path) = pb.finish() else { return };
            s.set_fill(None);
            s.set_stroke(Some(Stroke {
                paint: color(c),
                width,
                dash: dashed.then(|| StrokeDash {
                    array: vec![5.0, 3.0],
                    offset: 0.0,
                }),
                ..Default::default()
            }));
            s.draw_path(&path);
        }
    }
}
