//! The corpus of malformed datasets and scenario files under tests/data/bad: one
//! directory per case, each with an `expect.toml` saying how the binary must answer.
//!
//! ```toml
//! about = "one line: what this case guards"
//! args = ["check"]            # the command line after --routes and --scenario;
//!                             # {case} stands for the case directory, {temp} for
//!                             # a fresh temporary directory (for outputs)
//! routes = "case"             # "case" (default): --routes is the case directory;
//!                             # "valid": --routes tests/data/valid; "none": no
//!                             # --routes (imported networks, `import osm`)
//! scenario = "scenario.toml"  # optional: --scenario <case dir>/scenario.toml
//! places = "shared"           # "shared" (default): a case without its own
//!                             # places.toml runs on a copy of its directory with
//!                             # tests/data/corpus-places.toml in it; "none": it
//!                             # runs as it is, with no places.toml
//! exit = 2
//! stderr = ["places.toml:15:7: invalid type", "hint:"]  # all must appear in stderr
//! stdout = ["nodes"]          # optional: all must appear in stdout
//! ```
//!
//! Every case runs, and every failure is reported at the end, so that one run shows
//! each case that does not hold.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::fixture;
use crate::support::{self, takes_shared_places};

/// The fewest cases the corpus may hold.
const MIN_CASES: usize = 225;

/// How long one case may run before it counts as hung.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// A case's `expect.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    about: String,
    args: Vec<String>,
    #[serde(default = "case_routes")]
    routes: String,
    scenario: Option<String>,
    exit: i32,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    stdout: Vec<String>,
    #[serde(default = "shared_places")]
    places: String,
}

fn case_routes() -> String {
    "case".into()
}

fn shared_places() -> String {
    "shared".into()
}

/// What one run of the binary gave.
struct Run {
    status: ExitStatus,
    stderr: String,
    stdout: String,
}

/// Runs the binary from the crate root, as `crate::corridors` does, but gives up
/// (and kills it) after `TIME_LIMIT`.
fn run(args: &[String]) -> Result<Run, String> {
    let mut child = crate::corridors_command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the binary: {e}"))?;
    // Drain both pipes on threads so that a chatty child cannot block on a full pipe.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("still running after {TIME_LIMIT:?}; killed"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for the binary: {e}")),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    Ok(Run {
        status,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
    })
}

/// How the process ended, for messages.
fn describe(status: &ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("killed by signal {signal}");
        }
    }
    match status.code() {
        Some(code) => format!("exit {code}"),
        None => "ended without an exit code".into(),
    }
}

/// The command line for a case: --routes, --scenario where given, then its args,
/// with `temp` for `{temp}`.
fn command_line(dir: &Path, expect: &Expect, temp: &Path) -> Result<Vec<String>, String> {
    let routes = match expect.routes.as_str() {
        "case" => Some(dir.to_path_buf()),
        "valid" => Some(fixture("valid")),
        "none" => None,
        other => {
            return Err(format!(
                "expect.toml: routes = {other:?}; it is \"case\", \"valid\" or \"none\""
            ));
        }
    };
    let mut args = Vec::new();
    if let Some(routes) = routes {
        args.push("--routes".to_string());
        args.push(routes.display().to_string());
    }
    if let Some(scenario) = &expect.scenario {
        args.push("--scenario".into());
        args.push(dir.join(scenario).display().to_string());
    }
    args.extend(expect.args.iter().map(|arg| {
        arg.replace("{case}", &dir.display().to_string())
            .replace("{temp}", &temp.display().to_string())
    }));
    Ok(args)
}

/// The directory the case runs on: its own, or where it has no places.toml and
/// takes the shared one, a copy of it under `scratch` with that file added.
fn with_shared_places(dir: &Path, expect: &Expect, scratch: &Path) -> Result<PathBuf, String> {
    match expect.places.as_str() {
        "none" if dir.join("places.toml").exists() => {
            Err("expect.toml: places = \"none\", but the case has a places.toml".into())
        }
        "none" | "shared" if expect.routes == "case" && takes_shared_places(dir) => {
            Ok(support::with_shared_places(dir, scratch))
        }
        "none" | "shared" => Ok(dir.to_path_buf()),
        other => Err(format!(
            "expect.toml: places = {other:?}; it is \"shared\" or \"none\""
        )),
    }
}

/// Runs one case; every way it falls short of its expect.toml.
fn check_case(dir: &Path) -> Vec<String> {
    let expect_path = dir.join("expect.toml");
    let expect: Expect = match std::fs::read_to_string(&expect_path)
        .map_err(|e| e.to_string())
        .and_then(|text| toml::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(expect) => expect,
        Err(e) => return vec![format!("cannot read expect.toml: {e}")],
    };
    let mut why = Vec::new();
    if expect.about.trim().is_empty() {
        why.push("expect.toml: `about` is empty".to_string());
    }
    let temp = tempfile::tempdir().expect("a temporary directory");
    let with_places = tempfile::tempdir().expect("a temporary directory");
    let dir = match with_shared_places(dir, &expect, with_places.path()) {
        Ok(dir) => dir,
        Err(e) => return vec![e],
    };
    let args = match command_line(&dir, &expect, temp.path()) {
        Ok(args) => args,
        Err(e) => return vec![e],
    };
    let shown = format!("corridors {}", args.join(" "));
    let run = match run(&args) {
        Ok(run) => run,
        Err(e) => return vec![format!("{e}\n    $ {shown}")],
    };
    match run.status.code() {
        None => why.push(format!(
            "{} (expected exit {})",
            describe(&run.status),
            expect.exit
        )),
        Some(101) => why.push(format!(
            "exit 101: panicked (expected exit {})",
            expect.exit
        )),
        Some(code) if code != expect.exit => {
            why.push(format!("exit {code}, expected {}", expect.exit))
        }
        Some(_) => {}
    }
    if run.stderr.contains("panicked") {
        why.push("stderr says \"panicked\"".into());
    }
    for wanted in &expect.stdout {
        if !run.stdout.contains(wanted.as_str()) {
            why.push(format!("stdout lacks {wanted:?}"));
        }
    }
    for wanted in &expect.stderr {
        if !run.stderr.contains(wanted.as_str()) {
            why.push(format!("stderr lacks {wanted:?}"));
        }
    }
    if !why.is_empty() {
        let mut stderr = run.stderr.trim_end().to_string();
        if stderr.len() > 2000 {
            let cut = (0..=2000)
                .rev()
                .find(|&i| stderr.is_char_boundary(i))
                .unwrap_or(0);
            stderr.truncate(cut);
            stderr.push_str(" [...]");
        }
        let indented = stderr.replace('\n', "\n    | ");
        why.push(format!("$ {shown}\n    | {indented}"));
    }
    why
}

#[test]
fn corpus_of_bad_inputs_is_refused_as_expected() {
    let root = fixture("bad");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= MIN_CASES,
        "{} holds {} cases; the corpus needs at least {MIN_CASES}",
        root.display(),
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        let why = check_case(dir);
        if !why.is_empty() {
            let name = dir.file_name().unwrap_or_default().to_string_lossy();
            failures.push(format!("{name}:\n  - {}", why.join("\n  - ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases under {} failed:\n\n{}",
        failures.len(),
        dirs.len(),
        root.display(),
        failures.join("\n\n")
    );
}
