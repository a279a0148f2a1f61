//! Image references as the apiserver reads them to choose a default imagePullPolicy: docker's
//! normalized reference grammar (distribution/reference `ParseNormalizedNamed`) and kubelet's
//! `parsers.ParseImageName`.

/// The tag `ParseImageName` reports: the written tag, `latest` when there is neither a tag nor
/// a digest, empty when there is only a digest or the reference does not parse.
pub fn image_tag(image: &str) -> String {
    match parse_normalized(image) {
        Some((tag, digest)) if tag.is_empty() && !digest => "latest".to_string(),
        Some((tag, _)) => tag,
        None => String::new(),
    }
}

/// `Always` for a `latest` tag, else `IfNotPresent` (SetDefaults_Container).
pub fn default_pull_policy(image: &str) -> &'static str {
    if image_tag(image) == "latest" {
        "Always"
    } else {
        "IfNotPresent"
    }
}

/// Parses a reference as ParseNormalizedNamed does: (tag, has digest), or `None` on any error.
fn parse_normalized(s: &str) -> Option<(String, bool)> {
    if s.len() == 64 && s.bytes().all(|c| matches!(c, b'a'..=b'f' | b'0'..=b'9')) {
        return None;
    }
    let (domain, remainder) = split_docker_domain(s);
    let remote_name = remainder.split(':').next().unwrap_or("");
    if has_lower_case_mapping(remote_name) {
        return None;
    }
    parse_reference(&format!("{domain}/{remainder}"))
}

/// Whether `strings.ToLower` would change `s`: it has an upper-case or title-case letter (the
/// Unicode Uppercase property plus the 31 title-case letters), without std's case tables.
fn has_lower_case_mapping(s: &str) -> bool {
    s.chars().any(|c| {
        c.is_uppercase()
            || matches!(c, '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}' | '\u{1F88}'..='\u{1F8F}' | '\u{1F98}'..='\u{1F9F}'
                | '\u{1FA8}'..='\u{1FAF}' | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
    })
}

/// splitDockerDomain: the registry part and the rest, with docker.io/library filled in.
fn split_docker_domain(name: &str) -> (String, String) {
    let (mut domain, mut remainder) = match name.find('/') {
        Some(i) => {
            let first = &name[..i];
            if !first.contains(['.', ':']) && first != "localhost" && !has_lower_case_mapping(first) {
                ("docker.io".to_string(), name.to_string())
            } else {
                (first.to_string(), name[i + 1..].to_string())
            }
        }
        None => ("docker.io".to_string(), name.to_string()),
    };
    if domain == "index.docker.io" {
        domain = "docker.io".to_string();
    }
    if domain == "docker.io" && !remainder.contains('/') {
        remainder = format!("library/{remainder}");
    }
    (domain, remainder)
}

/// reference.Parse on `name[:tag][@digest]`: (tag, has digest).
fn parse_reference(s: &str) -> Option<(String, bool)> {
    let mut parts = s.split('@');
    let before = parts.next().unwrap_or("");
    let digest = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let (name, tag) = match before.rfind(':') {
        Some(i) if !before[i + 1..].contains('/') => (&before[..i], &before[i + 1..]),
        _ => (before, ""),
    };
    if !valid_name(name) || name.len() > 255 {
        return None;
    }
    if (!tag.is_empty() || before.ends_with(':')) && !valid_tag(tag) {
        return None;
    }
    if let Some(d) = digest {
        if !valid_digest(d) {
            return None;
        }
    }
    Some((tag.to_string(), digest.is_some()))
}

/// `[\w][\w.-]{0,127}`.
fn valid_tag(tag: &str) -> bool {
    let b = tag.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    !b.is_empty() && b.len() <= 128 && word(b[0]) && b.iter().all(|&c| word(c) || c == b'.' || c == b'-')
}

/// The NameRegexp: an optional domain, then path components.
fn valid_name(name: &str) -> bool {
    let comps: Vec<&str> = name.split('/').collect();
    let all_components = comps.iter().all(|c| valid_component(c));
    let with_domain = comps.len() >= 2
        && comps.first().is_some_and(|d| valid_domain(d))
        && comps.iter().skip(1).all(|c| valid_component(c));
    all_components || with_domain
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*`.
fn valid_component(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    let mut i = 0;
    let run = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && alnum(b[*i]) {
            *i += 1;
        }
        *i > start
    };
    if !run(&mut i) {
        return false;
    }
    while i < b.len() {
        let sep_start = i;
        match b[i] {
            b'.' => i += 1,
            b'_' => {
                i += 1;
                if i < b.len() && b[i] == b'_' {
                    i += 1;
                }
            }
            b'-' => {
                while i < b.len() && b[i] == b'-' {
                    i += 1;
                }
            }
            _ => return false,
        }
        if i == sep_start || !run(&mut i) {
            return false;
        }
    }
    true
}

/// `host(:port)?` with host made of `[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?` labels joined by dots.
fn valid_domain(d: &str) -> bool {
    let (host, port) = match d.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (d, None),
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    host.split('.').all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            && b.first().is_some_and(|c| c.is_ascii_alphanumeric())
            && b.last().is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// The digest grammar, then go-digest's check of a known algorithm and its hex length.
fn valid_digest(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else {
        return false;
    };
    let want = match alg {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    hex.len() == want && hex.bytes().all(|c| matches!(c, b'a'..=b'f' | b'0'..=b'9'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac";

    #[test]
    fn the_pull_policy_follows_the_parsed_tag() {
        let digest = format!("nginx@sha256:{SHA}");
        let tagged_digest = format!("nginx:latest@sha256:{SHA}");
        let bad_digest = format!("nginx@md5:{SHA}");
        let cases: Vec<(&str, &str)> = vec![
            ("nginx", "Always"),
            ("nginx:latest", "Always"),
            ("nginx:1.25", "IfNotPresent"),
            ("repo:5000/img", "Always"),
            ("repo:5000/img:v1", "IfNotPresent"),
            ("localhost/img", "Always"),
            ("localhost:5000/team/img:latest", "Always"),
            ("docker.io/library/nginx:1.25-alpine", "IfNotPresent"),
            ("registry.k8s.io/pause:3.9", "IfNotPresent"),
            ("ikubernetes/myapp:v1", "IfNotPresent"),
            (&digest, "IfNotPresent"),
            (&tagged_digest, "Always"),
            (&bad_digest, "IfNotPresent"),
            ("NGINX", "IfNotPresent"),
            ("", "IfNotPresent"),
            ("nginx:", "IfNotPresent"),
            ("nginx:LATEST", "IfNotPresent"),
            ("my_app__x", "Always"),
            ("a--b/c", "Always"),
            ("bad..name", "IfNotPresent"),
            (SHA, "IfNotPresent"),
        ];
        for (image, want) in cases {
            assert_eq!(default_pull_policy(image), want, "{image}");
        }
    }

    #[test]
    fn a_name_needs_lower_casing_when_it_has_an_upper_or_title_case_letter() {
        let cases = [
            ("nginx", false),
            ("Nginx", true),
            ("\u{C9}cole", true),
            ("\u{1C5}x", true),
            ("\u{1FBC}", true),
            ("\u{E9}", false),
            ("\u{2160}", true),
        ];
        for (name, want) in cases {
            assert_eq!(has_lower_case_mapping(name), want, "{name}");
        }
    }

    #[test]
    fn odd_references_never_panic() {
        for image in ["ü", "ü/ü:ü@ü", "a@@b", ":", "/", "//", "a:/b", "@", "a:b:c", "[::1]:5000/x", "x\u{0}"] {
            let _ = default_pull_policy(image);
        }
    }
}
