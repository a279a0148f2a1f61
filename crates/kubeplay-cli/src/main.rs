//! `kubeplay`: run scripts in the command language and print their transcripts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kubeplay_core::shell::{self, Files};
use kubeplay_core::Cluster;

/// Files relative to the directory of the script being run.
struct DirFiles {
    base: PathBuf,
}

impl Files for DirFiles {
    fn read(&self, path: &str) -> Option<String> {
        let p = Path::new(path);
        let full = if p.is_absolute() { p.to_path_buf() } else { self.base.join(p) };
        // kubectl reads bytes; invalid UTF-8 becomes U+FFFD as Go's string conversion leaves it.
        std::fs::read(full).ok().map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

const USAGE: &str = "usage: kubeplay [--version] | kubeplay run [--seed N] SCRIPT...";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--version" | "-V") => {
            println!("kubeplay {}", kubeplay_core::VERSION);
            ExitCode::SUCCESS
        }
        Some("run") => run(&args[1..]),
        Some("--help" | "-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> ExitCode {
    let mut seed = 1u64;
    let mut scripts = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--seed" => {
                let Some(Ok(n)) = args.get(i + 1).map(|s| s.parse::<u64>()) else {
                    eprintln!("kubeplay: --seed needs a non-negative integer");
                    return ExitCode::from(2);
                };
                seed = n;
                i += 2;
            }
            s => {
                scripts.push(s.to_string());
                i += 1;
            }
        }
    }
    if scripts.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut cluster = Cluster::new(seed);
    for script in scripts {
        let text = match std::fs::read_to_string(&script) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("kubeplay: cannot read {script}: {e}");
                return ExitCode::from(2);
            }
        };
        let base = Path::new(&script).parent().map(Path::to_path_buf).unwrap_or_default();
        print!("{}", shell::run_script(&mut cluster, &text, &DirFiles { base }));
    }
    ExitCode::SUCCESS
}
