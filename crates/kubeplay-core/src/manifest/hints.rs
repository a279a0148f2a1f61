//! Hints for learners, kubeplay's own addition: printed on separate `hint:` lines after the real
//! error, so the error text stays exactly what a real cluster prints.

/// Finds a `key:value` slip (no space after the colon) near `line` (1-based, in `text`), looking
/// at that line and a few before it. Returns the line number and the hint.
///
/// Worked example: in the seed article's Deployment, line 9 is `app:myapp` and go-yaml reports
/// "line 10: mapping values are not allowed": the hint names line 9.
pub fn missing_space_after_colon(text: &str, line: u32) -> Option<(u32, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let last = (line as usize).min(lines.len());
    let first = last.saturating_sub(6).max(1);
    for n in (first..=last).rev() {
        let Some(l) = lines.get(n - 1) else { continue };
        if let Some((key, value)) = colon_slip(l) {
            let n = u32::try_from(n).unwrap_or(line);
            return Some((n, slip_message(n, &key, &value)));
        }
    }
    None
}

/// Non-breaking spaces (U+00A0), which pasting from a web page brings along and YAML does not
/// treat as spaces: the first line that has one.
pub fn non_breaking_spaces(text: &str) -> Option<String> {
    let (n, _) = text.lines().enumerate().find(|(_, l)| l.contains('\u{a0}'))?;
    let count = text.lines().filter(|l| l.contains('\u{a0}')).count();
    let more = if count > 1 { format!(" (and {} more lines)", count - 1) } else { String::new() };
    Some(format!(
        "line {}{more} contains non-breaking spaces (U+00A0), as text copied from a web page often does; YAML does not read them as spaces, so what follows them becomes part of the value. Replace them with ordinary spaces",
        n + 1
    ))
}

/// The column where a line's key starts (after any `- ` list markers), and the key.
fn key_at(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    let mut rest = &line[indent..];
    let mut col = indent;
    while let Some(r) = rest.strip_prefix('-') {
        let trimmed = r.trim_start();
        if trimmed.len() == r.len() && !r.is_empty() {
            break;
        }
        col += rest.len() - trimmed.len();
        rest = trimmed;
    }
    if rest.is_empty() || rest.starts_with('#') {
        return None;
    }
    let key = rest.split(':').next()?.trim_end();
    if key.is_empty() || key.contains(' ') {
        return None;
    }
    Some((col + 1, key))
}

/// For "did not find expected key" and "mapping values are not allowed": a key that does not
/// line up with the keys before it, near `line`.
pub fn misaligned_key(text: &str, line: u32) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let last = (line as usize).min(lines.len());
    let first = last.saturating_sub(4).max(2);
    for n in (first..=last).rev() {
        let (Some(cur), Some(prev_n)) =
            (lines.get(n - 1), (1..n).rev().find(|&m| lines.get(m - 1).is_some_and(|l| key_at(l).is_some())))
        else {
            continue;
        };
        let (Some((col, key)), Some((pcol, pkey))) = (key_at(cur), lines.get(prev_n - 1).and_then(|l| key_at(l)))
        else {
            continue;
        };
        let prev_is_parent = lines.get(prev_n - 1).is_some_and(|l| l.trim_end().ends_with(':'));
        if col != pcol && !prev_is_parent && col + 4 > pcol && pcol + 4 > col {
            let how = if col > pcol {
                format!("so YAML reads it as part of the value of \"{pkey}\"")
            } else {
                "so it belongs to neither that mapping nor the one around it".to_string()
            };
            return Some(format!(
                "line {n}: \"{key}\" starts in column {col} but \"{pkey}\" on line {prev_n} starts in column {pcol}, {how}; keys of one mapping must start in the same column"
            ));
        }
    }
    None
}

fn slip_message(line: u32, key: &str, value: &str) -> String {
    format!(
        "line {line}: \"{key}:{value}\" has no space after the colon, so YAML reads it as the text \"{key}:{value}\", not as the key \"{key}\" with the value \"{value}\"; write \"{key}: {value}\""
    )
}

/// A `key:value` with no space after the colon in the content of a YAML line, outside quotes
/// and comments, where the key looks like a field name.
fn colon_slip(line: &str) -> Option<(String, String)> {
    let content = line.trim_start();
    let content = content.strip_prefix("- ").map_or(content, str::trim_start);
    let content = content.strip_prefix('-').map_or(content, str::trim_start);
    if content.starts_with('#') || content.starts_with('"') || content.starts_with('\'') {
        return None;
    }
    // Only the first token: `app:myapp`, not values like `image: nginx:1.25`.
    let token: &str = content.split_whitespace().next()?;
    if content.contains(": ") && !token.contains(':') {
        return None;
    }
    let (key, value) = token.split_once(':')?;
    if key.is_empty() || value.is_empty() || value.starts_with("//") || value.starts_with(':') {
        return None;
    }
    let key_ok = key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if !key_ok {
        return None;
    }
    Some((key.to_string(), value.trim_end_matches([',', '}', ']']).to_string()))
}

/// For a string where a map was expected: the `key:value` pairs YAML glued into one string
/// (`app:filebeat release:stable`), with the lines they were written on.
pub fn glued_pairs(text: &str, start_line: u32, value: &str) -> Option<String> {
    let pairs: Vec<&str> = value.split_whitespace().filter(|w| colon_slip(w).is_some()).collect();
    if pairs.is_empty() {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut where_: Vec<String> = Vec::new();
    for p in &pairs {
        let found = lines
            .iter()
            .enumerate()
            .skip(start_line.saturating_sub(1) as usize)
            .find(|(_, l)| l.trim_start().starts_with(p))
            .map(|(i, _)| i + 1);
        if let Some(n) = found {
            where_.push(format!("line {n}"));
        }
    }
    let fixed: Vec<String> = pairs.iter().filter_map(|p| p.split_once(':')).map(|(k, v)| format!("{k}: {v}")).collect();
    let at = if where_.is_empty() { String::new() } else { format!("{}: ", where_.join(", ")) };
    Some(format!(
        "{at}YAML read {} as the single string {:?} because there is no space after the colon{}; write {}",
        pairs.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(" and "),
        value,
        if pairs.len() > 1 { "s" } else { "" },
        fixed.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(" and ")
    ))
}

/// The definitions along an unknown field's path (`spec.template.spec.cantainers` → the
/// Deployment, DeploymentSpec, PodTemplateSpec, PodSpec), the last one being the field's parent.
fn defs_along(definition: &str, path: &str) -> Vec<super::schema::Def> {
    use super::schema::{definition as def_named, TypeKind};
    let Some(mut def) = def_named(definition) else { return Vec::new() };
    let mut chain = vec![def];
    let segments: Vec<&str> = path.split('.').collect();
    for seg in &segments[..segments.len().saturating_sub(1)] {
        let name = seg.split('[').next().unwrap_or(seg);
        let Some(f) = def.field(name) else { return chain };
        let mut ty = f.ty();
        loop {
            match ty.kind() {
                TypeKind::Array(t) | TypeKind::Map(t) => ty = t,
                _ => break,
            }
        }
        match ty.kind() {
            TypeKind::Object(d) => {
                def = d;
                chain.push(d);
            }
            _ => return chain,
        }
    }
    chain
}

/// Advice for a field the schema does not have: a likely typo of a sibling, or a field that
/// belongs one level up (indented too far).
pub fn unknown_field(definition: &str, path: &str, line: u32) -> Option<String> {
    let field = path.rsplit('.').next()?.split('[').next()?;
    let chain = defs_along(definition, path);
    let parent = chain.last()?;
    let names: Vec<&str> = parent.fields().map(|f| f.name()).collect();
    if let Some(near) = nearest(field, names) {
        return Some(format!("line {line}: {} has no field \"{field}\"; did you mean \"{near}\"?", parent.go_name()));
    }
    let parent_key = path.rsplit('.').nth(1).map(|p| p.split('[').next().unwrap_or(p)).unwrap_or("");
    if chain.len() >= 2 && chain[chain.len() - 2].field(field).is_some() {
        return Some(format!(
            "line {line}: \"{field}\" is not a field of {}; it is indented under \"{parent_key}\" but belongs one level up, next to \"{parent_key}\"",
            parent.go_name()
        ));
    }
    None
}

/// The candidate nearest to `word` if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let d = edit_distance(&lower, &c.to_ascii_lowercase());
        let limit = (word.len().max(c.len()) / 3).clamp(1, 3);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_glued_to_its_value_is_found_on_or_above_the_reported_line() {
        let text = "spec:\n  selector:\n    matchLabels:\n      app:myapp\n      release: canary\n";
        let (line, hint) = missing_space_after_colon(text, 5).unwrap();
        assert_eq!(line, 4);
        assert!(hint.contains("write \"app: myapp\""), "{hint}");
        let text = "ports:\n-   name:http\n    containerPort: 80\n";
        assert_eq!(missing_space_after_colon(text, 3).unwrap().0, 2);
        let text = "ports:\n- name: redis\n  containerPort:6379\n";
        assert_eq!(missing_space_after_colon(text, 4).unwrap().0, 3);
    }

    #[test]
    fn misaligned_keys_and_pasted_non_breaking_spaces_are_named() {
        let text = "containers:\n-  name: myapp\n  image: busybox\n";
        assert!(misaligned_key(text, 3)
            .unwrap()
            .starts_with("line 3: \"image\" starts in column 3 but \"name\" on line 2 starts in column 4"));
        let text = "- name: myapp\n   image: busybox\n";
        assert!(misaligned_key(text, 2).unwrap().contains("part of the value of \"name\""));
        assert_eq!(misaligned_key("a:\n  b: 1\n  c: 2\n", 3), None);
        assert!(non_breaking_spaces("a: 1\nb: 2\u{a0}# x\n").unwrap().starts_with("line 2 contains"));
    }

    #[test]
    fn urls_images_and_quoted_values_are_not_slips() {
        for l in ["  image: nginx:1.25", "  url: http://x", "  - \"a:b\"", "  # app:x", "  time: 10:30"] {
            assert_eq!(colon_slip(l), None, "{l}");
        }
    }

    #[test]
    fn nearest_names_suggest_likely_typos_only() {
        assert_eq!(nearest("cantainers", ["containers", "initContainers", "volumes"]), Some("containers"));
        assert_eq!(nearest("Deploymnet", ["Deployment", "DaemonSet"]), Some("Deployment"));
        assert_eq!(nearest("replicas", ["selector", "template"]), None);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }

    #[test]
    fn glued_pairs_name_their_lines() {
        let text = "  selector:\n    matchLabels:\n      app:filebeat\n      release:stable\n";
        let hint = glued_pairs(text, 1, "app:filebeat release:stable").unwrap();
        assert!(hint.starts_with("line 3, line 4: "), "{hint}");
        assert!(hint.contains("write \"app: filebeat\" and \"release: stable\""), "{hint}");
    }
}
