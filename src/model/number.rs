//! Numbers as a reader expects them, in labels, tooltips and descriptions.

/// `1,234.5`, `12.3`, `0.25`: a number as a reader expects it.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let abs = v.abs();
    // 10^log10(5) is 4.999…: numbers that close to a whole one are whole.
    let whole = (abs - abs.round()).abs() <= 1e-9 * abs.max(1.0);
    let abs = if whole { abs.round() } else { abs };
    let decimals = if abs >= 1000.0 || whole {
        0
    } else if abs >= 1.0 {
        1
    } else {
        2
    };
    let text = format!("{:.*}", decimals, abs);
    if text.trim_matches(['0', '.']).is_empty() {
        return "0".to_owned();
    }
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), ""), |(a, b)| (a, b));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && !text.trim_matches(['0', '.']).is_empty() {
        "−"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}
