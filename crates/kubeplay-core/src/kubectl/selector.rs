//! `-l/--selector` label selectors (`app=web,tier!=db,env in (a,b),!canary,release`) and
//! `--field-selector` (`metadata.name=x,status.phase!=Running,spec.nodeName=worker-1`), parsed
//! as apimachinery's `labels.Parse` and `fields.ParseSelector` parse them.

use std::collections::BTreeMap;

use crate::api::Object;

/// One label requirement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

impl Requirement {
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self {
            Requirement::Equals(k, v) => labels.get(k) == Some(v),
            Requirement::NotEquals(k, v) => labels.get(k) != Some(v),
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
        }
    }
}

/// A parsed label selector (all requirements must hold).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector(pub Vec<Requirement>);

impl Selector {
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.0.iter().all(|r| r.matches(labels))
    }
}

fn valid_key(k: &str) -> bool {
    !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

fn valid_value(v: &str) -> bool {
    v.len() <= 63 && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Splits on commas outside parentheses.
fn split_top(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' => {
                depth += 1;
                cur.push(c);
            }
            ')' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// `labels.Parse`. Errors read as kubectl prints them after `error: `.
pub fn parse_labels(s: &str) -> Result<Selector, String> {
    let mut reqs = Vec::new();
    if s.trim().is_empty() {
        return Ok(Selector(reqs));
    }
    for part in split_top(s) {
        let p = part.trim();
        if p.is_empty() {
            return Err("found '', expected: !, identifier, or 'end of string'".into());
        }
        if let Some(k) = p.strip_prefix('!') {
            let k = k.trim();
            if !valid_key(k) {
                return Err(format!("unable to parse requirement: {}", key_error(k)));
            }
            reqs.push(Requirement::DoesNotExist(k.to_string()));
            continue;
        }
        let words: Vec<&str> = p.splitn(2, char::is_whitespace).collect();
        if words.len() == 2 {
            let rest = words[1].trim_start();
            let (op, list) = if let Some(l) = rest.strip_prefix("notin") {
                ("notin", l)
            } else if let Some(l) = rest.strip_prefix("in") {
                ("in", l)
            } else {
                ("", rest)
            };
            if !op.is_empty() {
                let list = list.trim();
                let Some(inner) = list.strip_prefix('(').and_then(|l| l.strip_suffix(')')) else {
                    return Err(format!(
                        "found '{}', expected: '('",
                        list.chars().next().map_or(String::new(), |c| c.to_string())
                    ));
                };
                let values: Vec<String> =
                    inner.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
                let key = words[0].to_string();
                if !valid_key(&key) {
                    return Err(format!("unable to parse requirement: {}", key_error(&key)));
                }
                for v in &values {
                    if !valid_value(v) {
                        return Err(format!("unable to parse requirement: values[0]: Invalid value: {v:?}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
                    }
                }
                reqs.push(if op == "in" { Requirement::In(key, values) } else { Requirement::NotIn(key, values) });
                continue;
            }
        }
        let (k, v, neg) = if let Some((k, v)) = p.split_once("!=") {
            (k, v, true)
        } else if let Some((k, v)) = p.split_once("==") {
            (k, v, false)
        } else if let Some((k, v)) = p.split_once('=') {
            (k, v, false)
        } else {
            let k = p;
            if !valid_key(k) {
                return Err(format!("unable to parse requirement: {}", key_error(k)));
            }
            reqs.push(Requirement::Exists(k.to_string()));
            continue;
        };
        let (k, v) = (k.trim(), v.trim());
        if !valid_key(k) {
            return Err(format!("unable to parse requirement: {}", key_error(k)));
        }
        if !valid_value(v) {
            return Err(format!("unable to parse requirement: values[0][{k}]: Invalid value: {v:?}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
        }
        reqs.push(if neg {
            Requirement::NotEquals(k.into(), v.into())
        } else {
            Requirement::Equals(k.into(), v.into())
        });
    }
    Ok(Selector(reqs))
}

fn key_error(k: &str) -> String {
    format!("key: Invalid value: {k:?}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
}

/// A field selector: `field=value` / `field!=value` terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSelector(pub Vec<(String, String, bool)>);

/// `fields.ParseSelector` plus the fields the apiserver supports for the kind.
pub fn parse_fields(s: &str) -> Result<FieldSelector, String> {
    let mut terms = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (f, v, neg) = if let Some((f, v)) = part.split_once("!=") {
            (f, v, true)
        } else if let Some((f, v)) = part.split_once("==") {
            (f, v, false)
        } else if let Some((f, v)) = part.split_once('=') {
            (f, v, false)
        } else {
            return Err(format!("invalid selector: '{part}'; can't understand '{part}'"));
        };
        terms.push((f.trim().to_string(), v.trim().to_string(), neg));
    }
    Ok(FieldSelector(terms))
}

impl FieldSelector {
    /// The value of a selectable field of an object, or an error naming the unsupported field.
    fn field(obj: &Object, field: &str) -> Result<String, String> {
        Ok(match (field, obj) {
            ("metadata.name", o) => o.name().to_string(),
            ("metadata.namespace", o) => o.namespace().to_string(),
            ("status.phase", Object::Pod(p)) => p.status.phase.clone(),
            ("spec.nodeName", Object::Pod(p)) => p.spec.node_name.clone(),
            ("spec.restartPolicy", Object::Pod(p)) => p.spec.restart_policy.clone(),
            ("spec.schedulerName", Object::Pod(p)) => p.spec.scheduler_name.clone(),
            ("spec.serviceAccountName", Object::Pod(p)) => p.spec.service_account_name.clone(),
            ("status.podIP", Object::Pod(p)) => p.status.pod_ip.clone(),
            ("spec.unschedulable", Object::Node(n)) => n.spec.unschedulable.to_string(),
            ("status.phase", Object::Namespace(n)) => n.status.phase.clone(),
            ("status.successful", Object::Job(j)) => j.status.succeeded.to_string(),
            ("involvedObject.kind", Object::Event(e)) => e.involved_object.kind.clone(),
            ("involvedObject.name", Object::Event(e)) => e.involved_object.name.clone(),
            ("involvedObject.namespace", Object::Event(e)) => e.involved_object.namespace.clone(),
            ("involvedObject.uid", Object::Event(e)) => e.involved_object.uid.clone(),
            ("reason", Object::Event(e)) => e.reason.clone(),
            ("type", Object::Event(e)) => e.type_.clone(),
            ("source", Object::Event(e)) => e.source.component.clone(),
            (f, _) => return Err(format!("field label not supported: {f}")),
        })
    }

    /// Whether `obj` matches, or the apiserver's refusal for an unsupported field.
    pub fn matches(&self, obj: &Object) -> Result<bool, String> {
        for (f, v, neg) in &self.0 {
            let actual = Self::field(obj, f)?;
            if (actual == *v) == *neg {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn equality_and_set_based_selectors_match_as_kubectl_does() {
        let l = labels(&[("app", "web"), ("tier", "front")]);
        let cases = [
            ("app=web", true),
            ("app==web", true),
            ("app!=web", false),
            ("app=web,tier=back", false),
            ("tier in (front,back)", true),
            ("tier notin (front)", false),
            ("!canary", true),
            ("app", true),
            ("release", false),
            ("app in (web),!release,tier", true),
        ];
        for (s, want) in cases {
            assert_eq!(parse_labels(s).unwrap().matches(&l), want, "{s}");
        }
        assert!(parse_labels("app=we b").is_err());
        assert!(parse_labels("tier in front").is_err());
    }
}
