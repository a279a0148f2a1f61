//! `kubeplay`: an interactive prompt over a simulated cluster (no arguments), or `kubeplay run`
//! to run scripts in the command language and print their transcripts.

mod repl;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kubeplay_core::shell::{self, DirEntry, Files};
use kubeplay_core::Cluster;

/// Files relative to the directory of the script being run.
pub struct DirFiles {
    pub base: PathBuf,
}

impl Files for DirFiles {
    fn read(&self, path: &str) -> Option<String> {
        let p = Path::new(path);
        let full = if p.is_absolute() { p.to_path_buf() } else { self.base.join(p) };
        // kubectl reads bytes; invalid UTF-8 becomes U+FFFD as Go's string conversion leaves it.
        std::fs::read(full).ok().map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    fn list_dir(&self, path: &str) -> Option<Vec<DirEntry>> {
        let p = Path::new(path);
        let full = if p.is_absolute() { p.to_path_buf() } else { self.base.join(p) };
        let entries = std::fs::read_dir(full).ok()?;
        Some(
            entries
                .filter_map(Result::ok)
                .map(|e| DirEntry { name: e.file_name().to_string_lossy().into_owned(), is_dir: e.path().is_dir() })
                .collect(),
        )
    }
}

const USAGE: &str = "usage: kubeplay [--seed N]            start an interactive prompt
       kubeplay run [--seed N] SCRIPT...  run scripts and print their transcripts
       kubeplay --help | --version";

pub(crate) const HELP: &str = "kubeplay: a Kubernetes controller playground with a simulated cluster.

usage: kubeplay [--seed N]            start an interactive prompt
       kubeplay run [--seed N] SCRIPT...  run scripts and print their transcripts
       kubeplay --help | --version

At the prompt (and in scripts) each line is one command:
  kubectl ...            kubectl's own verbs, flags and output (also `k ...`)
  sim step               process the next batch of events
  sim run DURATION       advance virtual time (500ms, 30s, 5m, 1h)
  sim settle             run until the cluster is quiet
  sim time               print the virtual time
  sim node add|fail|recover|delete NAME
  sim image fail|fix IMAGE
  sim pod crash POD      make a container exit
  sim why KIND/NAME      why the controllers did what they did
  sim reset [--seed N]   start over with a fresh cluster
  exit                   leave (Ctrl-D too)

Manifests go in with a heredoc:
  kubectl apply -f - <<EOF
  ...
  EOF

`kubectl get -w` keeps watching while `sim` commands move time and prints every change;
Ctrl-C or any other command ends the watch. Tab completes verbs, resource types and names.
The cluster has one control-plane node and three workers; --seed N fixes its random choices.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--version" | "-V") => {
            println!("kubeplay {}", kubeplay_core::VERSION);
            ExitCode::SUCCESS
        }
        Some("run") => run(&args[1..]),
        Some("--help" | "-h" | "help") => {
            println!("{HELP}");
            ExitCode::SUCCESS
        }
        None => repl::start(1),
        Some("--seed") => match args.get(1).map(|s| s.parse::<u64>()) {
            Some(Ok(n)) if args.len() == 2 => repl::start(n),
            _ => {
                eprintln!("kubeplay: --seed needs a non-negative integer\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some(other) => {
            eprintln!("kubeplay: unknown command {other:?}\n{USAGE}");
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
