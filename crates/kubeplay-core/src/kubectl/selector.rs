//! The selectors commands take: `-l/--selector` is apimachinery's `labels.Parse` (a faithful port
//! lives in [`super::labels`]) and `--field-selector` is `fields.ParseSelector` (in
//! [`super::get`], with the apiserver's per-kind field checks). This module only names them for
//! the verbs; the apiserver's wrapping of their errors in a list request is
//! [`super::get::Selectors::for_kind`].

pub use super::get::FieldSelector;
pub use super::labels::{Requirement, Selector};

/// `labels.Parse`; the error is upstream's text.
pub fn parse_labels(s: &str) -> Result<Selector, String> {
    super::labels::parse(s)
}

/// `fields.ParseSelector`; the error is upstream's text.
pub fn parse_fields(s: &str) -> Result<FieldSelector, String> {
    super::get::parse_field_selector(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parsers are the faithful ports, not approximations: set-based operators, `<`/`>`, and
    /// upstream's error texts.
    #[test]
    fn label_and_field_selectors_are_upstreams_parsers() {
        let labels: std::collections::BTreeMap<String, String> =
            [("app", "web"), ("n", "5")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        for (s, want) in [("n>3", true), ("n<3", false), ("app in (web),!canary", true), ("app notin (web)", false)] {
            assert_eq!(parse_labels(s).map(|sel| sel.matches(&labels)), Ok(want), "{s}");
        }
        assert_eq!(parse_labels("app=we b").unwrap_err(), "found 'b', expected: ',' or 'end of string'");
        assert_eq!(
            parse_fields("status.phase").unwrap_err(),
            "invalid selector: 'status.phase'; can't understand 'status.phase'"
        );
    }
}
