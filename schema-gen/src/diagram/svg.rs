//! A standalone SVG, laid out here rather than by Graphviz.
//!
//! Layout rules:
//! - Each table gets a layer: the length of the longest chain of foreign keys below it.
//!   Tables that reference nothing (or only themselves) are layer 0. Layers are columns,
//!   left to right, so every referenced table sits left of the tables referencing it.
//!   A reference cycle is broken where a depth-first search in diagram order closes it.
//! - Within a layer, tables are stacked top to bottom in diagram order.
//! - A box is as wide as its longest line in a monospace font of fixed advance, so no
//!   text measuring is needed: a header with the table name, then one row per column
//!   with name, type (`?` suffix when nullable) and key marker in aligned columns.
//! - Each relation is a cubic Bézier from the referencing column's row to the referenced
//!   column's row, leaving and entering on the facing sides of the two boxes; a
//!   self-reference (or two boxes in one column) loops out on the right. A hollow circle
//!   marks the referencing end, an arrowhead the referenced one, and a dashed line a
//!   nullable foreign key.
//!
//! Coordinates are whole numbers or have one decimal, so the output is stable across
//! platforms and diffs stay small.

use super::{
    column_position, shown_type, xml_escape, FieldWidths, Index, Relation, Table, HEADER_FILL,
};

const FONT_FAMILY: &str = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
const FONT_SIZE: u32 = 12;
/// The advance of one character at `FONT_SIZE` in the usual monospace fonts (0.6 em).
const CHAR_WIDTH: f64 = 7.2;
const ROW_HEIGHT: f64 = 20.0;
const HEADER_HEIGHT: f64 = 24.0;
/// From the top of a row to the text baseline: centres 12px text in the row.
const ROW_BASELINE: f64 = 14.0;
const HEADER_BASELINE: f64 = 16.0;
/// Left and right padding inside a box.
const PADDING: f64 = 10.0;
const MARGIN: f64 = 20.0;
/// Horizontal space between layers: room for the curves, their markers and the loops.
const LAYER_GAP: f64 = 80.0;
/// Vertical space between tables of one layer.
const TABLE_GAP: f64 = 24.0;
/// The least horizontal pull of a curve's control points, so short links still leave and
/// enter their boxes horizontally and the markers point the right way.
const MIN_REACH: f64 = 24.0;
/// How far a loop reaches out to the right; it extends to three quarters of this.
const LOOP_REACH: f64 = 36.0;
/// The vertical spread of a loop from a row back to the same row.
const LOOP_RISE: f64 = 12.0;

const STROKE: &str = "#5b6b82";
const TYPE_FILL: &str = "#4a5568";
const KEY_FILL: &str = "#9c4221";
const PARENT_MARKER: &str = "strata-er-parent";
const CHILD_MARKER: &str = "strata-er-child";

/// A table's box, in SVG user units.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Placed {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) width: f64,
    pub(super) height: f64,
    /// Where the type column starts, from the left edge.
    type_offset: f64,
}

impl Placed {
    fn right(&self) -> f64 {
        self.x + self.width
    }

    fn bottom(&self) -> f64 {
        self.y + self.height
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    x: f64,
    y: f64,
}

impl Point {
    fn at(x: f64, y: f64) -> Self {
        Point { x, y }
    }
}

/// One relation's path: start on the referencing row, end on the referenced row.
#[derive(Debug, Clone, PartialEq)]
struct Curve {
    start: Point,
    control1: Point,
    control2: Point,
    end: Point,
    optional: bool,
}

impl Curve {
    fn points(&self) -> [Point; 4] {
        [self.start, self.control1, self.control2, self.end]
    }
}

pub(super) fn render(index: &Index) -> String {
    let boxes = place(index);
    let curves: Vec<(Curve, &Relation)> = index
        .diagram
        .relations
        .iter()
        .filter_map(|relation| Some((curve(index, &boxes, relation)?, relation)))
        .collect();
    let (width, height) = canvas(&boxes, curves.iter().map(|(curve, _)| curve));

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\" font-size=\"{FONT_SIZE}\">\n",
        w = num(width),
        h = num(height),
    ));
    markers(&mut out);
    out.push_str("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    // Curves first, so a curve passing behind a table in a middle layer is hidden by it.
    out.push_str(&format!(
        "  <g fill=\"none\" stroke=\"{STROKE}\" stroke-width=\"1.2\">\n"
    ));
    for (curve, relation) in &curves {
        path(&mut out, curve, relation);
    }
    out.push_str("  </g>\n");
    for (table, placed) in index.diagram.tables.iter().zip(&boxes) {
        table_box(&mut out, index, table, placed);
    }
    out.push_str("</svg>\n");
    out
}

/// The arrowhead and circle drawn at the ends of every relation. `userSpaceOnUse` keeps
/// their size independent of the stroke width.
fn markers(out: &mut String) {
    out.push_str("  <defs>\n");
    out.push_str(&format!(
        "    <marker id=\"{PARENT_MARKER}\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" \
         markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
         <path d=\"M0,0 L8,4 L0,8 z\" fill=\"{STROKE}\"/></marker>\n"
    ));
    // refX 0 puts the circle's centre 4 units along the path, just outside the box.
    out.push_str(&format!(
        "    <marker id=\"{CHILD_MARKER}\" viewBox=\"0 0 8 8\" refX=\"0\" refY=\"4\" \
         markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
         <circle cx=\"4\" cy=\"4\" r=\"2.5\" fill=\"#ffffff\" stroke=\"{STROKE}\"/></marker>\n"
    ));
    out.push_str("  </defs>\n");
}

fn path(out: &mut String, curve: &Curve, relation: &Relation) {
    let [start, control1, control2, end] = curve.points();
    let dash = if curve.optional {
        " stroke-dasharray=\"4 3\""
    } else {
        ""
    };
    let title = format!(
        "{}({}) references {}({})",
        relation.from_table,
        relation.from_columns.join(", "),
        relation.to_table,
        relation.to_columns.join(", "),
    );
    out.push_str(&format!(
        "    <path d=\"M{} C{} {} {}\"{dash} marker-start=\"url(#{CHILD_MARKER})\" \
         marker-end=\"url(#{PARENT_MARKER})\"><title>{}</title></path>\n",
        point(start),
        point(control1),
        point(control2),
        point(end),
        xml_escape(&title),
    ));
}

/// A table: the outline, the filled header with the name, then one text line per column.
fn table_box(out: &mut String, index: &Index, table: &Table, placed: &Placed) {
    let (x, y) = (placed.x, placed.y);
    out.push_str("  <g>\n");
    // A view's box is dashed: it holds no rows of its own.
    let dashes = if table.is_view {
        " stroke-dasharray=\"4 3\""
    } else {
        ""
    };
    out.push_str(&format!(
        "    <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" stroke=\"{STROKE}\"{dashes}/>\n",
        num(x),
        num(y),
        num(placed.width),
        num(placed.height),
    ));
    out.push_str(&format!(
        "    <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{HEADER_FILL}\" stroke=\"{STROKE}\"/>\n",
        num(x),
        num(y),
        num(placed.width),
        num(HEADER_HEIGHT),
    ));
    out.push_str(&format!(
        "    <text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text>\n",
        num(x + PADDING),
        num(y + HEADER_BASELINE),
        xml_escape(&table.title()),
    ));
    for (row, column) in table.columns.iter().enumerate() {
        let baseline = num(y + HEADER_HEIGHT + row as f64 * ROW_HEIGHT + ROW_BASELINE);
        out.push_str(&format!(
            "    <text x=\"{}\" y=\"{baseline}\">{}</text>\n",
            num(x + PADDING),
            xml_escape(&column.name),
        ));
        out.push_str(&format!(
            "    <text x=\"{}\" y=\"{baseline}\" fill=\"{TYPE_FILL}\">{}</text>\n",
            num(x + placed.type_offset),
            xml_escape(&shown_type(column)),
        ));
        let keys = index.key_label(table, column);
        if !keys.is_empty() {
            out.push_str(&format!(
                "    <text x=\"{}\" y=\"{baseline}\" text-anchor=\"end\" fill=\"{KEY_FILL}\">{keys}</text>\n",
                num(placed.right() - PADDING),
            ));
        }
    }
    out.push_str("  </g>\n");
}

/// The layer of every table, in diagram order (see the module documentation).
pub(super) fn layers(index: &Index) -> Vec<usize> {
    let count = index.diagram.tables.len();
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); count];
    for relation in &index.diagram.relations {
        let child = index.position(&relation.from_table);
        let parent = index.position(&relation.to_table);
        if let (Some(child), Some(parent)) = (child, parent) {
            if child != parent {
                parents[child].push(parent);
            }
        }
    }
    let mut marks = vec![Mark::Unvisited; count];
    (0..count)
        .map(|table| depth(table, &parents, &mut marks))
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Mark {
    Unvisited,
    /// On the current search path: reaching it again means a cycle.
    InProgress,
    Done(usize),
}

/// The longest chain of references below `table`, memoized in `marks`. An edge back to a
/// table still on the search path is ignored, which is what makes cycles terminate.
fn depth(table: usize, parents: &[Vec<usize>], marks: &mut [Mark]) -> usize {
    if let Mark::Done(layer) = marks[table] {
        return layer;
    }
    marks[table] = Mark::InProgress;
    let mut layer = 0;
    for &parent in &parents[table] {
        let below = match marks[parent] {
            Mark::InProgress => continue,
            Mark::Done(below) => below,
            Mark::Unvisited => depth(parent, parents, marks),
        };
        layer = layer.max(below + 1);
    }
    marks[table] = Mark::Done(layer);
    layer
}

/// The box of every table, in diagram order.
pub(super) fn place(index: &Index) -> Vec<Placed> {
    let tables = &index.diagram.tables;
    let layers = layers(index);
    let sizes: Vec<(f64, f64)> = tables.iter().map(|table| measure(index, table)).collect();

    let layer_count = layers.iter().max().map_or(0, |last| last + 1);
    let mut layer_width = vec![0.0_f64; layer_count];
    for (&layer, &(width, _)) in layers.iter().zip(&sizes) {
        layer_width[layer] = layer_width[layer].max(width);
    }
    let mut layer_x = Vec::with_capacity(layer_count);
    let mut x = MARGIN;
    for width in &layer_width {
        layer_x.push(x);
        x += width + LAYER_GAP;
    }

    let mut next_y = vec![MARGIN; layer_count];
    tables
        .iter()
        .zip(layers.iter().zip(&sizes))
        .map(|(table, (&layer, &(width, type_offset)))| {
            let height = HEADER_HEIGHT + table.columns.len() as f64 * ROW_HEIGHT;
            let y = next_y[layer];
            next_y[layer] += height + TABLE_GAP;
            Placed {
                x: layer_x[layer],
                y,
                width,
                height,
                type_offset,
            }
        })
        .collect()
}

/// A box's width and where its type column starts: the wider of the header and the
/// aligned `name  type  keys` rows, rounded up to a whole unit.
fn measure(index: &Index, table: &Table) -> (f64, f64) {
    let fields = FieldWidths::of(index, table);
    let chars = fields.row().max(table.title().chars().count());
    let width = (2.0 * PADDING + chars as f64 * CHAR_WIDTH).ceil();
    let type_offset = PADDING + (fields.name + FieldWidths::GAP) as f64 * CHAR_WIDTH;
    (width, type_offset)
}

/// The curve of a relation, or `None` when either table is not in the diagram.
fn curve(index: &Index, boxes: &[Placed], relation: &Relation) -> Option<Curve> {
    let child = index.position(&relation.from_table)?;
    let parent = index.position(&relation.to_table)?;
    let tables = &index.diagram.tables;
    let (from, to) = (&boxes[child], &boxes[parent]);
    let from_y = row_middle(from, &tables[child], relation.from_columns.first());
    let to_y = row_middle(to, &tables[parent], relation.to_columns.first());
    let [start, control1, control2, end] = if from.x >= to.right() {
        facing_sides(from.x, from_y, to.right(), to_y)
    } else if from.right() <= to.x {
        facing_sides(from.right(), from_y, to.x, to_y)
    } else {
        right_loop(from, from_y, to, to_y)
    };
    Some(Curve {
        start,
        control1,
        control2,
        end,
        optional: index.is_optional(relation),
    })
}

/// Boxes side by side: out of one facing side, into the other, with the control points
/// pulled horizontally so the curve leaves and arrives level.
fn facing_sides(from_x: f64, from_y: f64, to_x: f64, to_y: f64) -> [Point; 4] {
    let pull = ((to_x - from_x).abs() / 2.0).max(MIN_REACH);
    let pull = if to_x < from_x { -pull } else { pull };
    [
        Point::at(from_x, from_y),
        Point::at(from_x + pull, from_y),
        Point::at(to_x - pull, to_y),
        Point::at(to_x, to_y),
    ]
}

/// Boxes in one column (a self-reference): out of the right edge and back into it. A
/// row referencing itself gets its control points spread apart so the loop stays open.
fn right_loop(from: &Placed, from_y: f64, to: &Placed, to_y: f64) -> [Point; 4] {
    let reach = from.right().max(to.right()) + LOOP_REACH;
    let rise = if from_y == to_y { LOOP_RISE } else { 0.0 };
    [
        Point::at(from.right(), from_y),
        Point::at(reach, from_y - rise),
        Point::at(reach, to_y + rise),
        Point::at(to.right(), to_y),
    ]
}

/// The vertical middle of `column`'s row, or of the header when the column is unknown.
fn row_middle(placed: &Placed, table: &Table, column: Option<&String>) -> f64 {
    match column.and_then(|column| column_position(table, column)) {
        Some(row) => placed.y + HEADER_HEIGHT + (row as f64 + 0.5) * ROW_HEIGHT,
        None => placed.y + HEADER_HEIGHT / 2.0,
    }
}

/// Width and height that fit every box and curve with `MARGIN` to spare. A cubic Bézier
/// lies within the hull of its four points, so bounding those bounds the curve.
fn canvas<'c>(boxes: &[Placed], curves: impl Iterator<Item = &'c Curve>) -> (f64, f64) {
    let mut right = MARGIN;
    let mut bottom = MARGIN;
    for placed in boxes {
        right = right.max(placed.right());
        bottom = bottom.max(placed.bottom());
    }
    for point in curves.flat_map(Curve::points) {
        right = right.max(point.x);
        bottom = bottom.max(point.y);
    }
    ((right + MARGIN).ceil(), (bottom + MARGIN).ceil())
}

fn point(point: Point) -> String {
    format!("{},{}", num(point.x), num(point.y))
}

/// A coordinate with at most one decimal and no trailing `.0`.
fn num(value: f64) -> String {
    let text = format!("{value:.1}");
    match text.strip_suffix(".0") {
        Some("-0") => "0".to_string(),
        Some(whole) => whole.to_string(),
        None => text,
    }
}
