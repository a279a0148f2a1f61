//! Field paths as the apiserver prints them: children joined by `.`, indexes as `[0]`, map keys
//! unquoted as `[cpu]`.

use std::fmt;

/// A field path being built (`spec.template.spec.containers[0].image`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Path(String);

impl Path {
    /// Follows `field.NewPath`.
    pub(crate) fn new(name: &str) -> Path {
        Path(name.to_string())
    }

    /// Follows `Path.Child`.
    pub(crate) fn child(&self, name: &str) -> Path {
        if self.0.is_empty() {
            Path(name.to_string())
        } else {
            Path(format!("{}.{}", self.0, name))
        }
    }

    /// Follows `Path.Index`.
    pub(crate) fn index(&self, i: usize) -> Path {
        Path(format!("{}[{}]", self.0, i))
    }

    /// Follows `Path.Key`.
    pub(crate) fn key(&self, k: &str) -> Path {
        Path(format!("{}[{}]", self.0, k))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_children_indexes_and_keys_like_field_path() {
        let p = Path::new("spec").child("containers").index(1).child("resources").child("limits").key("cpu");
        assert_eq!(p.as_str(), "spec.containers[1].resources.limits[cpu]");
        assert_eq!(Path::new("").child("data").as_str(), "data");
    }
}
