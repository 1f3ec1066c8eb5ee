//! What the tool guarantees about files and pipes: inputs too large are refused
//! unread, unreadable ones are reported, a closed stdout is no failure, a killed run
//! leaves old files or whole new ones, and nothing is ever written into a dataset.
//! (The corpus of malformed inputs is in corpus.rs.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

use crate::{assert_refused, corridors, corridors_command, fixture, stderr, valid_copy};

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn check(dir: &Path) -> std::process::Output {
    corridors(&["--routes", dir.to_str().unwrap(), "check"])
}

#[test]
fn a_100_mb_route_file_is_refused_unread() {
    let (_temp, dir) = valid_copy();
    // Sparse: 100 MB on paper, nothing on disk; the limit is checked while reading,
    // so the loader stops after 16 MiB.
    let huge = std::fs::File::create(dir.join("corridors/huge.toml")).unwrap();
    huge.set_len(100 * 1024 * 1024).unwrap();
    // A file of a million segments (45 MB) takes the same way: the size is
    // checked before any parsing, and the hint points large networks elsewhere.
    let output = check(&dir);
    assert_refused(
        &output,
        "corridors/huge.toml: is larger than 16 MiB, the most it may hold",
    );
    assert!(stderr(&output).contains("corridors import osm"));
}

#[test]
fn a_dataset_over_32_mib_in_all_is_refused() {
    let (_temp, dir) = valid_copy();
    // Three files of 12 MiB each: each under the one-file limit, the third over the
    // dataset's.
    let comments = "#".repeat(99) + "\n";
    for name in ["a", "b", "c"] {
        let text = comments.repeat(12 * 1024 * 1024 / 100);
        std::fs::write(dir.join(format!("corridors/{name}.toml")), text).unwrap();
    }
    assert_refused(
        &check(&dir),
        "corridors/c.toml: takes the dataset over 32 MiB",
    );
}

#[cfg(unix)]
#[test]
fn a_scenario_that_never_ends_is_refused() {
    let valid = fixture("valid");
    let output = corridors(&[
        "--routes",
        valid.to_str().unwrap(),
        "--scenario",
        "/dev/zero",
        "check",
    ]);
    // A device is refused before it is opened, rather than read up to the size limit.
    assert_refused(&output, "/dev/zero: is a device, a named pipe or a socket");
}

#[cfg(unix)]
#[test]
fn an_unreadable_corridor_file_is_reported_with_the_rest() {
    // A link to itself cannot be opened, whoever runs the test (root reads files
    // that chmod 000 would hide).
    let (_temp, dir) = valid_copy();
    std::os::unix::fs::symlink("loop.toml", dir.join("corridors/loop.toml")).unwrap();
    let output = check(&dir);
    assert_refused(&output, "corridors/loop.toml: cannot be read:");
    assert!(stderr(&output).contains("hint: a dataset keeps a TOML file of this name here"));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_rather_than_waited_on() {
    // Opening a FIFO blocks until someone writes to it; the loader must not.
    let (_temp, dir) = valid_copy();
    let fifo = dir.join("corridors/pipe.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let output = check(&dir);
    assert_refused(
        &output,
        "corridors/pipe.toml: is a device, a named pipe or a socket, not a file",
    );
}

/// Runs the binary with its stdout a pipe that nobody reads: the reading end is
/// closed before it starts, so its first write fails with a broken pipe.
fn with_closed_stdout(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    corridors_command()
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_closed_stdout_is_no_failure() {
    for args in [
        &["compare"][..],
        &["compare", "--format", "json"],
        &["list", "places", "--format", "csv"],
        &["route", "dushanbe", "karachi", "--alternatives", "3"],
        &[
            "matrix",
            "--from",
            "dushanbe,termez",
            "--to",
            "karachi,gwadar",
        ],
        &["reach", "dushanbe", "--within", "800"],
        &["chart", "lengths"],
    ] {
        let output = with_closed_stdout(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}

#[test]
fn a_reader_that_stops_after_one_line_is_no_failure() {
    // As `corridors chart map | head -1`: read one line, then close the pipe. The
    // map is about 290 KB, far more than a pipe buffers, so the writer is still
    // writing when the pipe closes (`compare`, 12 KB, would finish first).
    let mut child = corridors_command()
        .args(["chart", "map"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut reader, &mut first).unwrap();
    drop(reader);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    assert!(first.starts_with("<svg"), "{first}");
}

#[test]
fn a_killed_report_leaves_each_file_old_or_whole() {
    // The whole report once, for what each file holds when complete.
    let temp = tempfile::tempdir().unwrap();
    let complete_dir = temp.path().join("complete");
    let started = Instant::now();
    let output = corridors(&["report", "-o", complete_dir.to_str().unwrap()]);
    let full_run = started.elapsed();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let complete: BTreeMap<_, _> = snapshot(&complete_dir)
        .into_iter()
        .map(|(path, bytes)| (path.file_name().unwrap().to_owned(), bytes))
        .collect();
    assert!(complete.len() >= 5, "{:?}", complete.keys());

    // Then runs over the old files, killed at once (so an old file surely stays),
    // at three points through the run, and twice as soon as the first new file
    // appears (the files are written in a burst at the end, which fixed times
    // would mostly miss).
    let dir = temp.path().join("killed");
    let old = b"the previous report".to_vec();
    let (mut whole_new, mut old_kept) = (0, 0);
    let kill_points = [Some(0.0), Some(0.2), Some(0.5), Some(0.8), None, None];
    for fraction in kill_points {
        std::fs::create_dir_all(&dir).unwrap();
        for name in complete.keys() {
            std::fs::write(dir.join(name), &old).unwrap();
        }
        let mut child = corridors_command()
            .args(["report", "-o", dir.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        match fraction {
            Some(fraction) => std::thread::sleep(full_run.mul_f64(fraction)),
            None => {
                let any_new = || {
                    complete
                        .keys()
                        .any(|name| std::fs::read(dir.join(name)).is_ok_and(|b| b != old))
                };
                while !any_new() && child.try_wait().unwrap().is_none() {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
            }
        }
        let _ = child.kill();
        child.wait().unwrap();
        for (path, bytes) in snapshot(&dir) {
            let name = path.file_name().unwrap().to_owned();
            match complete.get(&name) {
                Some(new) if bytes == *new => whole_new += 1,
                Some(_) if bytes == old => old_kept += 1,
                Some(_) => panic!("{} is neither the old file nor the new one", path.display()),
                // A temporary file of the killed run: hidden, and named for what it is.
                None => {
                    let name = name.to_string_lossy();
                    assert!(
                        name.starts_with(".corridors-") && name.ends_with(".partial"),
                        "unexpected file {name}"
                    );
                }
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
    // Both outcomes occur, or the kills missed the writing altogether.
    assert!(
        whole_new > 0 && old_kept > 0,
        "{whole_new} new, {old_kept} old"
    );
}

#[test]
fn no_command_writes_into_the_dataset() {
    let (temp, dir) = valid_copy();
    let before = snapshot(&dir);
    let routes = dir.to_str().unwrap();
    let elsewhere = temp.path().join("out");
    let elsewhere = elsewhere.to_str().unwrap();
    let inside = dir.join("map.svg");
    let inside_corridors = dir.join("corridors/lengths.svg");
    let places = dir.join("places.toml");
    // Deep below the dataset, in directories that do not exist yet.
    let deep = dir.join("corridors/a/b");
    // A link from outside that leads into the dataset.
    let link = temp.path().join("link-into-dataset");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("corridors"), &link).unwrap();
    let through_link = link.join("lengths.svg");
    let runs: Vec<(Vec<&str>, i32)> = vec![
        (vec!["check"], 0),
        (vec!["list", "places"], 0),
        (vec!["compare", "--format", "json"], 0),
        (vec!["route", "dushanbe", "mazar-i-sharif"], 0),
        (vec!["report", "-o", elsewhere], 0),
        // Refused: outputs aimed into the dataset.
        (vec!["report", "-o", routes], 2),
        (vec!["chart", "map", "-o", inside.to_str().unwrap()], 2),
        (
            vec!["chart", "lengths", "-o", inside_corridors.to_str().unwrap()],
            2,
        ),
        (vec!["chart", "lengths", "-o", places.to_str().unwrap()], 2),
        (vec!["report", "-o", deep.to_str().unwrap()], 2),
    ];
    #[cfg(unix)]
    let runs = {
        let mut runs = runs;
        runs.push((
            vec!["chart", "lengths", "-o", through_link.to_str().unwrap()],
            2,
        ));
        runs
    };
    for (args, code) in runs {
        let mut all = vec!["--routes", routes];
        all.extend(&args);
        let output = corridors(&all);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&output)
        );
        if code == 2 {
            assert!(
                stderr(&output).contains("writes nothing into a dataset")
                    || stderr(&output).contains("corridors never writes one"),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }
    // `report` with no -o, run from inside the dataset, would write dataset/output/.
    let output = corridors_command()
        .current_dir(&dir)
        .args(["--routes", ".", "report"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!dir.join("output").exists(), "report made dataset/output/");
    assert!(
        !dir.join("corridors/a").exists(),
        "report made corridors/a/"
    );
    assert!(before == snapshot(&dir), "the dataset changed");
}

#[test]
fn an_output_directory_that_cannot_be_written_is_named() {
    let missing = tempfile::tempdir()
        .unwrap()
        .path()
        .join("no/such/dir/map.svg");
    let output = corridors(&["chart", "map", "-o", missing.to_str().unwrap()]);
    assert_refused(&output, "does not exist; create it first");
    if cfg!(target_os = "linux") && Path::new("/sys/kernel").is_dir() {
        // No one, root included, may create files in /sys.
        let output = corridors(&["chart", "map", "-o", "/sys/map.svg"]);
        assert_refused(&output, "cannot create a file in /sys");
        assert!(
            !stderr(&output).contains(".corridors-"),
            "{}",
            stderr(&output)
        );
    }
}

/// A full or closed stderr loses the diagnostics, never the exit code: std's
/// `eprintln!` panicked (exit 101) on `2>/dev/full`.
#[cfg(target_os = "linux")]
#[test]
fn a_full_stderr_keeps_the_exit_code_and_does_not_panic() {
    for (args, code) in [
        (&["route", "dushanbe", "nowhere"][..], 2),
        (
            &["route", "dushanbe", "karachi", "--mode", "pipeline"][..],
            1,
        ),
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = crate::corridors_command()
            .args(args)
            .stderr(full)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(code), "{args:?}");
    }
}

/// Atomic replacement is for regular files: a named pipe is written into and stays a
/// pipe (it was replaced by a regular file), and a symbolic link is followed, so the
/// file it points to gets the output and the link stays.
#[cfg(target_os = "linux")]
#[test]
fn an_output_that_is_a_pipe_or_a_link_is_written_through_not_replaced() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let temp = tempfile::tempdir().unwrap();
    let fifo = temp.path().join("p.svg");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            bytes
        })
    };
    let output = corridors(&["chart", "lengths", "-o", fifo.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = reader.join().unwrap();
    assert!(bytes.starts_with(b"<svg"), "{} bytes", bytes.len());
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced: {kind:?}");

    let target = temp.path().join("real.svg");
    std::fs::write(&target, "old").unwrap();
    let link = temp.path().join("link.svg");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let output = corridors(&["chart", "lengths", "-o", link.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("<svg")
    );
}

/// No output replaces a file the command reads, by whatever name: a scenario given
/// as `--scenario x.svg` and `-o ./sub/../x.svg` once became an SVG.
#[test]
fn an_output_that_names_an_input_is_refused_by_identity() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::create_dir(temp.path().join("sub")).unwrap();
    let scenario = temp.path().join("closed.svg");
    let text = std::fs::read_to_string("routes/scenarios/torkham-closed.toml").unwrap();
    std::fs::write(&scenario, &text).unwrap();
    let other_spelling = temp.path().join("sub/../closed.svg");
    let output = corridors(&[
        "--scenario",
        scenario.to_str().unwrap(),
        "chart",
        "lengths",
        "-o",
        other_spelling.to_str().unwrap(),
    ]);
    assert_refused(&output, "is a file this command reads");
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), text);
}

/// A named pipe or a device given where a file belongs is refused before it is
/// opened: `--network f.net` on a pipe waited forever for a writer, and `import osm`
/// called a pipe "no such file".
#[cfg(target_os = "linux")]
#[test]
fn a_pipe_or_device_as_an_input_is_refused_at_once() {
    let temp = tempfile::tempdir().unwrap();
    let fifo = temp.path().join("f.net");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let fifo = fifo.to_str().unwrap();
    let out = temp.path().join("x.net");
    for args in [
        vec!["route", "--network", fifo, "43.73,7.42", "43.74,7.43"],
        vec!["import", "osm", fifo, "-o", out.to_str().unwrap()],
        vec!["impact", "--pairs", fifo],
        vec!["--scenario", "/dev/zero", "check"],
    ] {
        let mut child = corridors_command()
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed().as_secs() > 20 {
                child.kill().unwrap();
                panic!("{args:?} still waits after 20 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let mut message = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut message).unwrap();
        assert_eq!(status.code(), Some(2), "{args:?}: {message}");
        assert!(
            message.contains("a device, a named pipe or a socket"),
            "{args:?}: {message}"
        );
    }
}

/// A file of thousands of bad entries shows the first 100 problems and counts the
/// rest, rather than flooding the terminal (178,107 lines for a CSV given as a
/// scenario).
#[test]
fn problems_beyond_the_first_hundred_are_counted_not_printed() {
    let temp = tempfile::tempdir().unwrap();
    let scenario = temp.path().join("many.toml");
    let mut text = String::from("name = \"many\"\n");
    for i in 0..2_000 {
        text.push_str(&format!(
            "[[set_status]]\ncorridor = \"no-such-corridor-{i}\"\nstatus = \"operational\"\n\n"
        ));
    }
    std::fs::write(&scenario, text).unwrap();
    let output = corridors(&["--scenario", scenario.to_str().unwrap(), "check"]);
    assert_refused(&output, "... and 1900 more problems, not shown");
    let err = stderr(&output);
    assert!(
        err.ends_with("2000 problems found\n"),
        "{}",
        &err[err.len() - 200..]
    );
    assert_eq!(err.matches("unknown corridor").count(), 100);
}

/// Runs the binary with standard output closed (`>&-`), through the shell.
fn with_stdout_closed_at_start(args: &[&str]) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" \"$@\" >&-")
        .arg(env!("CARGO_BIN_EXE_corridors"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn a_stdout_closed_at_start_is_an_error_not_lost_output() {
    // The runtime puts /dev/null in place of a closed stdout: the table vanished
    // and the exit code said all was well.
    let output = with_stdout_closed_at_start(&["compare"]);
    assert_refused(
        &output,
        "writing to stdout: it was closed when corridors started",
    );
    // A command that writes only its file has nothing to lose.
    let temp = tempfile::tempdir().unwrap();
    let svg = temp.path().join("map.svg");
    let output = with_stdout_closed_at_start(&["chart", "map", "-o", svg.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    // Output sent to /dev/null on purpose is no error, even opened read-write as
    // Python's subprocess.DEVNULL opens it (the runtime's stand-in is read-write too).
    let null = std::fs::File::options()
        .read(true)
        .write(true)
        .open("/dev/null")
        .unwrap();
    let output = corridors_command()
        .arg("compare")
        .stdout(null)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn control_characters_a_user_typed_are_echoed_as_escapes() {
    // An ESC sequence in an argument would clear the terminal it is echoed to.
    let output = corridors(&["route", "dush\u{1b}[2Janbe", "karachi"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("dush\\u{1b}[2Janbe"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    // And a title given for a chart stays well-formed XML.
    let output = corridors(&["chart", "lengths", "--title", "Bell\u{7}"]);
    let svg = crate::stdout(&output);
    assert!(svg.contains("Bell\\u{7}") && !svg.contains('\u{7}'));
}

#[test]
fn a_report_that_fails_while_writing_leaves_the_old_set_untouched() {
    // Each file used to be renamed into place as soon as it was written, so a run
    // failing half-way left new charts beside an old report.html.
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("report");
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["map.svg", "lengths.svg", "report.md"] {
        std::fs::write(dir.join(name), "the previous report").unwrap();
    }
    // report.html cannot be written: a directory stands in its place.
    std::fs::create_dir(dir.join("report.html")).unwrap();
    // A temporary file of a run that is gone, and one of a run still going (this one).
    let stale = dir.join(".corridors-4000000000-abc.partial");
    let live = dir.join(format!(".corridors-{}-abc.partial", std::process::id()));
    std::fs::write(&stale, "killed").unwrap();
    std::fs::write(&live, "running").unwrap();
    let output = corridors(&["report", "-o", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    for name in ["map.svg", "lengths.svg", "report.md"] {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            "the previous report",
            "{name}"
        );
    }
    assert!(!stale.exists(), "a killed run's temporary file stays");
    assert!(
        live.exists(),
        "a running process's temporary file was removed"
    );
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");

    // Once it can be written, the set is whole and its manifest names it.
    std::fs::remove_dir(dir.join("report.html")).unwrap();
    let output = corridors(&["report", "-o", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.manifest.json")).unwrap())
            .unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert!(files.len() >= 5);
    for file in files {
        let bytes = std::fs::read(dir.join(file["name"].as_str().unwrap())).unwrap();
        assert_eq!(file["bytes"], bytes.len());
        assert_eq!(file["crc32"], format!("{:08x}", crc32fast::hash(&bytes)));
    }
}
