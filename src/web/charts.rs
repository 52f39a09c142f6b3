//! Figures as horizontal bar charts, laid out here and drawn as inline SVG by the `bar_chart`
//! macro: no script, no image request, readable by screen readers through its title and the table
//! printed beside it.
use serde::Serialize;

/// Colours with at least 3:1 contrast on white (WCAG 2.1 non-text contrast).
const COLOURS: &[&str] = &["#1f5f8b", "#8a4b08", "#2e6b30", "#6b2e6b", "#7a2121"];
/// Each bar takes a row: its label on a line of its own (labels are long: violation categories,
/// agency names), the bar below it.
const ROW: i64 = 42;
/// Pixels for the longest bar in the 640-wide box, leaving room for its value.
const BAR_SPACE: f64 = 540.0;

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub y: i64,
    pub width: i64,
    pub colour: &'static str,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Unique on the page: the SVG's title is referred to by id.
    pub id: String,
    pub title: String,
    /// One sentence a screen reader says for the picture.
    pub summary: String,
    pub height: i64,
    pub bars: Vec<Bar>,
}

/// Bars scaled to the largest value; zero values are left out (they would draw nothing) unless
/// every value is zero, in which case the chart says it has nothing to show.
pub fn bar_chart(id: &str, title: String, summary: String, rows: Vec<(String, i64)>) -> BarChart {
    let rows: Vec<(String, i64)> = rows.into_iter().filter(|(_, v)| *v > 0).collect();
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let bars: Vec<Bar> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| Bar {
            label,
            value,
            y: i as i64 * ROW,
            width: if max > 0 { ((value as f64 / max as f64) * BAR_SPACE).round().max(1.0) as i64 } else { 0 },
            colour: COLOURS[i % COLOURS.len()],
        })
        .collect();
    BarChart { id: id.to_string(), title, summary, height: (bars.len() as i64 * ROW).max(ROW), bars }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_skip_zeros() {
        let c = bar_chart(
            "c",
            "t".into(),
            "s".into(),
            vec![("a".into(), 50), ("b".into(), 0), ("c".into(), 100), ("d".into(), 1)],
        );
        let widths: Vec<(String, i64)> = c.bars.iter().map(|b| (b.label.clone(), b.width)).collect();
        assert_eq!(widths, vec![("a".into(), 270), ("c".into(), 540), ("d".into(), 5)]);
        assert_eq!(c.bars.iter().map(|b| b.y).collect::<Vec<_>>(), vec![0, 42, 84]);
        assert_eq!(c.height, 126);
        assert!(bar_chart("e", "t".into(), "s".into(), vec![("a".into(), 0)]).bars.is_empty());
    }
}
