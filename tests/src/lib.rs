//! Helpers for kubeplay's cross-crate tests: running transcript scenarios and showing diffs.

use std::path::{Path, PathBuf};

use kubeplay_core::shell::{self, DirEntry, Files};
use kubeplay_core::Cluster;

/// Files relative to a scenario's directory.
pub struct DirFiles(pub PathBuf);

impl Files for DirFiles {
    fn read(&self, path: &str) -> Option<String> {
        std::fs::read(self.0.join(path)).ok().map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    fn list_dir(&self, path: &str) -> Option<Vec<DirEntry>> {
        list_dir(&self.0.join(path))
    }
}

/// The entries of a directory on disk, or `None` when `dir` is not one.
pub fn list_dir(dir: &Path) -> Option<Vec<DirEntry>> {
    let entries = std::fs::read_dir(dir).ok()?;
    Some(
        entries
            .filter_map(Result::ok)
            .map(|e| DirEntry { name: e.file_name().to_string_lossy().into_owned(), is_dir: e.path().is_dir() })
            .collect(),
    )
}

/// The seed a scenario asks for on a `# seed: N` line, else 1.
pub fn scenario_seed(script: &str) -> u64 {
    script.lines().find_map(|l| l.strip_prefix("# seed:").and_then(|s| s.trim().parse().ok())).unwrap_or(1)
}

/// Runs the script at `path` on a fresh cluster and returns its transcript.
pub fn run_scenario(path: &Path) -> std::io::Result<String> {
    let script = std::fs::read_to_string(path)?;
    let mut cluster = Cluster::new(scenario_seed(&script));
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(shell::run_script(&mut cluster, &script, &DirFiles(base)))
}

/// A line diff of expected vs actual, marking changed lines with `-` and `+`, with context.
pub fn line_diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    // Longest common subsequence table; transcripts are small.
    let mut lcs = vec![vec![0usize; a.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..a.len()).rev() {
            lcs[i][j] = if e[i] == a[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut rows: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < e.len() || j < a.len() {
        if i < e.len() && j < a.len() && e[i] == a[j] {
            rows.push((' ', e[i]));
            i += 1;
            j += 1;
        } else if j < a.len() && (i == e.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            rows.push(('+', a[j]));
            j += 1;
        } else {
            rows.push(('-', e[i]));
            i += 1;
        }
    }
    let changed: Vec<usize> = rows.iter().enumerate().filter(|(_, r)| r.0 != ' ').map(|(k, _)| k).collect();
    let mut out = String::new();
    let mut last_shown: Option<usize> = None;
    for (k, (mark, text)) in rows.iter().enumerate() {
        let near = changed.iter().any(|&c| c.abs_diff(k) <= 3);
        if !near {
            continue;
        }
        if let Some(l) = last_shown {
            if k > l + 1 {
                out.push_str("   ...\n");
            }
        }
        out.push_str(&format!("{mark}  {text}\n"));
        last_shown = Some(k);
    }
    out
}
