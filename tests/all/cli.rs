//! The binary, run as a user would: exit codes, stdout and stderr.

use crate::support::bad_case;
use crate::{corridors, stderr, stdout};

#[test]
fn check_on_the_shipped_dataset_is_clean() {
    let output = corridors(&["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.starts_with("ok: "), "{out}");
    assert!(
        out.contains(" places, ") && out.contains(" km proposed"),
        "{out}"
    );
}

#[test]
fn check_on_a_broken_dataset_exits_2_with_located_messages() {
    for case in ["unknown-place", "syntax-error", "unknown-key", "bad-shape"] {
        let (_scratch, dir) = bad_case(case);
        let output = corridors(&["check", "--routes", dir.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{case}");
        let err = stderr(&output);
        // file:line:col: message
        let located = err.lines().any(|line| {
            let mut parts = line.splitn(4, ':');
            let (_, line_no, col) = (parts.next(), parts.next(), parts.next());
            line.contains(".toml:")
                && line_no.is_some_and(|l| l.parse::<usize>().is_ok())
                && col.is_some_and(|c| c.parse::<usize>().is_ok())
        });
        assert!(located, "{case}: no file:line:col in {err}");
        assert!(err.contains("hint: "), "{case}: no hint in {err}");
        assert!(
            stdout(&output).is_empty(),
            "{case}: diagnostics belong on stderr"
        );
    }
}

#[test]
fn compare_json_has_the_contract_fields() {
    let output = corridors(&["compare", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 40, "{} corridors", rows.len());
    for field in [
        "id",
        "name",
        "mode",
        "status",
        "length_km",
        "stated_length_km",
        "great_circle_km",
        "circuity",
        "km_by_status",
        "countries",
        "border_crossings",
        "sources",
    ] {
        assert!(
            rows.iter().all(|r| r.get(field).is_some()),
            "missing {field}"
        );
    }
    let kkh = rows
        .iter()
        .find(|r| r["id"] == "karakoram-highway")
        .unwrap();
    assert_eq!(kkh["mode"], "road");
    assert_eq!(kkh["countries"], serde_json::json!(["PK", "CN"]));
    assert_eq!(
        kkh["border_crossings"],
        serde_json::json!(["khunjerab-pass"])
    );
    let by_status = &kkh["km_by_status"];
    let sum = by_status["operational"].as_f64().unwrap()
        + by_status["under_construction"].as_f64().unwrap()
        + by_status["proposed"].as_f64().unwrap();
    assert!((sum - kkh["length_km"].as_f64().unwrap()).abs() < 1e-6);
}

#[test]
fn compare_filters_by_mode_and_status() {
    let output = corridors(&[
        "compare",
        "--mode",
        "pipeline,power-line",
        "--format",
        "json",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let modes: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["mode"].as_str().unwrap())
        .collect();
    assert!(!modes.is_empty());
    assert!(
        modes.iter().all(|m| *m == "pipeline" || *m == "power-line"),
        "{modes:?}"
    );

    let output = corridors(&["compare", "--status", "proposed", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(!rows.as_array().unwrap().is_empty());
    for row in rows.as_array().unwrap() {
        assert!(
            row["km_by_status"]["proposed"].as_f64().unwrap() > 0.0,
            "{}",
            row["id"]
        );
    }
}

#[test]
fn terminal_text_fits_100_columns() {
    // Tables, the notes under them and the details beside them keep to the table's
    // width. Display width, as a terminal shows it: a zero-width joiner in a Persian
    // source takes no column.
    for args in [
        &["compare"][..],
        &["claims"],
        &["critical"],
        &["impact"],
        &["evidence"],
        &["route", "dushanbe", "karachi"],
        &["route", "almaty", "gwadar", "--alternatives", "3"],
    ] {
        let output = corridors(args);
        assert!(output.status.success(), "{args:?}");
        let out = stdout(&output);
        let widest = out
            .lines()
            .max_by_key(|l| textwrap::core::display_width(l))
            .unwrap();
        assert!(
            textwrap::core::display_width(widest) <= 100,
            "{args:?}: {widest}"
        );
    }
    let compare = stdout(&corridors(&["compare"]));
    assert!(compare.contains("[pipeline]") && compare.contains("karakoram-highway"));
}

#[test]
fn compare_csv_and_markdown_have_a_row_per_corridor() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&corridors(&["compare", "--format", "json"]))).unwrap();
    let count = json.as_array().unwrap().len();
    let csv = stdout(&corridors(&["compare", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), count);
    let markdown = stdout(&corridors(&["compare", "--format", "markdown"]));
    // header, rule, then one row per corridor
    assert_eq!(
        markdown.lines().filter(|l| l.starts_with("| ")).count(),
        count + 2
    );
}

#[test]
fn unknown_filter_value_is_bad_usage() {
    let output = corridors(&["compare", "--mode", "camel"]);
    crate::assert_refused(&output, "road | rail | ferry | pipeline | power-line");
}

#[test]
fn routes_option_that_is_not_a_directory() {
    let output = corridors(&["check", "--routes", "no/such/dir"]);
    crate::assert_refused(&output, "not a directory");
}

#[test]
fn list_places_json_fields() {
    let output = corridors(&["list", "places", "--format", "json"]);
    let places: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let kabul = places
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "kabul")
        .unwrap();
    for field in ["id", "name", "country", "lat", "lon", "kind", "aliases"] {
        assert!(kabul.get(field).is_some(), "missing {field}");
    }
    assert_eq!(kabul["country"], "AF");
}

#[test]
fn report_into_an_unwritable_place_explains() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let output = corridors(&["report", "-o", file.to_str().unwrap()]);
    crate::assert_refused(&output, "creating the output directory");
}

/// Every command's CSV, as a spreadsheet reads it: a column that holds a number holds
/// nothing else (no "1,904", "%", "±", "—" or Unicode minus), and an empty cell is
/// the only way to say "no value".
#[test]
fn every_csv_column_that_holds_numbers_parses_as_numbers() {
    let commands: &[&[&str]] = &[
        &["compare"],
        &["list", "places"],
        &["list", "corridors"],
        &["route", "dushanbe", "karachi", "-k", "2"],
        &[
            "matrix",
            "--from",
            "dushanbe,tashkent",
            "--to",
            "karachi,gwadar,poti",
        ],
        &["reach", "kabul", "--within-hours", "10"],
        &["impact", "--mode", "rail"],
        &["critical", "--top", "20"],
        &["claims"],
        &["evidence"],
    ];
    let is_number = |cell: &str| cell.parse::<f64>().is_ok_and(f64::is_finite);
    for args in commands {
        let mut all = args.to_vec();
        all.extend(["--format", "csv"]);
        let output = corridors(&all);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let text = stdout(&output);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert!(!rows.is_empty(), "{args:?}: no rows");
        let mut numeric_columns = 0;
        for (c, header) in headers.iter().enumerate() {
            let cells: Vec<&str> = rows.iter().map(|r| &r[c]).collect();
            // A column is numeric where a cell starts like a number; then every
            // non-empty cell must be one.
            let looks_numeric = cells.iter().any(|cell| {
                cell.trim_start_matches(['-', '+', '±', '\u{2212}'])
                    .starts_with(|ch: char| ch.is_ascii_digit())
                    && !cell.contains(char::is_alphabetic)
            });
            if !looks_numeric {
                continue;
            }
            numeric_columns += 1;
            for cell in cells.iter().filter(|cell| !cell.is_empty()) {
                assert!(
                    is_number(cell),
                    "{args:?}: column {header:?} holds {cell:?}, which a spreadsheet reads as text"
                );
            }
        }
        assert!(numeric_columns > 0, "{args:?}: no numeric column");
    }
}

#[test]
fn completions_and_the_manual_page_cover_every_command() {
    let bash = corridors(&["completions", "bash"]);
    assert!(bash.status.success(), "{}", stderr(&bash));
    let script = stdout(&bash);
    let man = corridors(&["man"]);
    assert!(man.status.success(), "{}", stderr(&man));
    let page = stdout(&man);
    assert!(
        page.starts_with(".ie") || page.contains(".TH corridors"),
        "{page:.200}"
    );
    for command in ["route", "matrix", "reach", "compare", "evidence", "report"] {
        assert!(script.contains(command), "bash completion lacks {command}");
        assert!(page.contains(command), "the man page lacks {command}");
    }
    let refused = corridors(&["completions", "cmd.exe"]);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn a_shipped_scenario_can_be_named_from_anywhere() {
    let temp = tempfile::tempdir().unwrap();
    // Run outside the repository, where routes/scenarios/ does not exist.
    let named = crate::corridors_command()
        .current_dir(temp.path())
        .args([
            "--scenario",
            "torkham-closed",
            "route",
            "kabul",
            "peshawar",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(named.status.success(), "{}", stderr(&named));
    let by_path = corridors(&[
        "--scenario",
        "routes/scenarios/torkham-closed.toml",
        "route",
        "kabul",
        "peshawar",
        "--format",
        "json",
    ]);
    assert_eq!(stdout(&named), stdout(&by_path));
    let answer: serde_json::Value = serde_json::from_str(&stdout(&named)).unwrap();
    let crossings = answer["routes"][0]["border_crossings"].to_string();
    assert!(!crossings.contains("torkham"), "{crossings}");
    // A typo gets the names that ship.
    let typo = corridors(&["--scenario", "torkam-closed", "check"]);
    crate::assert_refused(&typo, "did you mean `torkham-closed`?");
}

/// `chart impact --pairs` and `report --pairs` answer for the pairs given, as
/// `impact --pairs` does.
#[test]
fn chart_impact_and_report_take_the_pairs_given() {
    let temp = tempfile::tempdir().unwrap();
    let pairs = temp.path().join("pairs.toml");
    std::fs::write(&pairs, "[[pair]]\nfrom = \"termez\"\nto = \"peshawar\"\n").unwrap();
    let pairs = pairs.to_str().unwrap();
    let impact = corridors(&[
        "impact", "--mode", "rail", "--pairs", pairs, "--format", "json",
    ]);
    assert!(impact.status.success(), "{}", stderr(&impact));
    let impact: serde_json::Value = serde_json::from_str(&stdout(&impact)).unwrap();
    let best = &impact["projects"][0];
    let saved = corridors::wording::km(best["saved_km_total"].as_f64().unwrap());
    assert!(best["saved_km_total"].as_f64().unwrap() > 100.0, "{best}");
    let svg = temp.path().join("impact.svg");
    let chart = corridors(&[
        "chart",
        "impact",
        "--mode",
        "rail",
        "--pairs",
        pairs,
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert!(chart.status.success(), "{}", stderr(&chart));
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(
        svg.contains(&format!("{saved} km")),
        "no {saved} km in the chart"
    );
    // The default pairs give another total.
    let default = corridors(&["chart", "impact", "--mode", "rail"]);
    assert!(!stdout(&default).contains(&format!(": {saved} km")));

    let out = temp.path().join("report");
    let report = corridors(&["report", "-o", out.to_str().unwrap(), "--pairs", pairs]);
    assert!(report.status.success(), "{}", stderr(&report));
    let markdown = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        markdown.contains(&format!("| {saved} |")),
        "report.md lacks {saved}"
    );
    assert!(
        markdown.contains("termez"),
        "report.md does not name the pairs"
    );
}

#[test]
fn compare_narrows_to_the_corridors_named_and_list_to_a_country() {
    let answer = corridors(&[
        "compare",
        "karakoram-highway",
        "pamir-highway",
        "--format",
        "json",
    ]);
    assert!(answer.status.success(), "{}", stderr(&answer));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&answer)).unwrap();
    let mut ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["karakoram-highway", "pamir-highway"]);
    crate::assert_refused(
        &corridors(&["compare", "karakoram-hwy"]),
        "did you mean `karakoram-highway`?",
    );

    let data = crate::shipped();
    let places = corridors(&["list", "places", "--country", "pk", "--format", "json"]);
    let places: serde_json::Value = serde_json::from_str(&stdout(&places)).unwrap();
    let expected = data
        .places
        .iter()
        .filter(|p| p.country == "PK" || p.border_with.as_deref() == Some("PK"))
        .count();
    assert_eq!(places.as_array().unwrap().len(), expected);
    assert!(expected > 50);
    let corridors_tj = corridors(&["list", "corridors", "--country", "TJ", "--format", "json"]);
    let corridors_tj: serde_json::Value = serde_json::from_str(&stdout(&corridors_tj)).unwrap();
    let listed: Vec<&str> = corridors_tj
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(listed.contains(&"pamir-highway") && !listed.contains(&"karakoram-highway"));
    crate::assert_refused(
        &corridors(&["list", "places", "--country", "US"]),
        "no place of the dataset lies in US",
    );
}

/// `import osm` refuses what it would silently ignore: a misspelt highway class (it
/// kept nothing of that class) and the dataset options (--routes, --scenario).
#[test]
fn import_refuses_options_it_would_ignore() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("k.net");
    let out = out.to_str().unwrap();
    let extract = "tests/data/osm/pyrosm-test.osm.pbf";
    crate::assert_refused(
        &corridors(&["import", "osm", extract, "-o", out, "--highways", "primery"]),
        "did you mean `primary`?",
    );
    crate::assert_refused(
        &corridors(&[
            "--scenario",
            "torkham-closed",
            "import",
            "osm",
            extract,
            "-o",
            out,
        ]),
        "do not apply to `import osm`",
    );
    crate::assert_refused(
        &corridors(&["--routes", "routes", "import", "osm", extract, "-o", out]),
        "do not apply to `import osm`",
    );
    assert!(!std::path::Path::new(out).exists(), "nothing is written");
    let kept = corridors(&[
        "import",
        "osm",
        extract,
        "-o",
        out,
        "--highways",
        "primary,track",
    ]);
    assert!(kept.status.success(), "{}", stderr(&kept));
}

/// `--mode` and `--status` are parsed into the dataset's keywords by clap, with
/// `all` for every value: an unknown word is refused with the words accepted.
#[test]
fn an_unknown_mode_or_status_is_refused_with_the_words_accepted() {
    let mode = crate::corridors(&["route", "dushanbe", "karachi", "--mode", "road,highway"]);
    crate::assert_refused(&mode, "road | rail | ferry | pipeline | power-line | all");
    let status = crate::corridors(&["compare", "--status", "planned"]);
    crate::assert_refused(&status, "operational | under-construction | proposed | all");
    // `all` among others is every value.
    let all = crate::json(&[
        "matrix", "--from", "dushanbe", "--to", "karachi", "--mode", "road,all",
    ]);
    assert_eq!(all["filter"]["modes"].as_array().unwrap().len(), 5, "{all}");
}

#[test]
fn wide_tables_wrap_at_spaces_and_keep_ids_whole() {
    // impact's and critical's tables are wider than 100 columns: cells wrap, but a
    // corridor id (no spaces to wrap at) stays on one line.
    for (command, id) in [
        ("impact", "china-kyrgyzstan-uzbekistan-railway"),
        ("critical", "(port-qasim-access-road)"),
    ] {
        let output = corridors(&[command]);
        assert!(output.status.success());
        let text = String::from_utf8(output.stdout).unwrap();
        // The table, before the notes under it.
        let table = text.split("\n\n").next().unwrap();
        assert!(table.lines().all(|l| l.chars().count() <= 100), "{table}");
        assert!(table.contains(id), "{command}: {id} was cut:\n{table}");
    }
}
