//! The charts and the report: valid XML that renders to a non-blank image, the
//! expected elements, deterministic bytes, readable text, and the HTML report in
//! headless Chromium.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use corridors::basemap::Basemap;
use corridors::chart::{self, MapSpec, RouteOverlay};
use corridors::graph::{CorridorGraph, Filter};
use corridors::model::{Mode, PlaceKind, Status};
use corridors::routing::{self, Search, Trip, Weights};
use corridors::{analysis, geodesy, load, report, sea_access};
use geo::Contains;
use resvg::tiny_skia;
use resvg::usvg::{self, roxmltree};

use crate::{place_id as place, shipped as data};

fn basemap() -> Basemap {
    load::basemap(None).expect("the shipped base map loads")
}

/// Renders an SVG to pixels and gives the share of pixels that are not white.
/// The base map build.rs prepares is the GeoJSON's, and the label points it works
/// out are the ones the binary would work out itself, to the bit.
#[test]
fn built_in_label_points_match_the_computed_ones() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("routes/basemap/countries.geojson");
    let text = std::fs::read_to_string(&path).unwrap();
    let fresh = corridors::basemap::parse("countries.geojson", &text).unwrap();
    let built = load::embedded_label_points();
    assert_eq!(built.len(), fresh.countries.len());
    let bits =
        |p: Option<corridors::model::LatLon>| p.map(|p| (p.lat_deg.to_bits(), p.lon_deg.to_bits()));
    for ((name, point), country) in built.iter().zip(&fresh.countries) {
        assert_eq!(*name, country.name);
        assert_eq!(bits(*point), bits(country.label_point()), "{name}");
    }
    let remembered = basemap();
    // Prepared at build time, the built-in base map is the one its GeoJSON reads as.
    assert!(
        remembered == fresh,
        "the prepared base map differs from the GeoJSON"
    );
    for ((_, point), country) in built.iter().zip(&remembered.countries) {
        assert_eq!(
            bits(*point),
            bits(country.label_point()),
            "{}",
            country.name
        );
    }
}

fn ink_fraction(svg: &str) -> f64 {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("resvg parses the SVG");
    let size = tree.size().to_int_size();
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).expect("a non-empty image");
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let pixels = pixmap.pixels();
    let inked = pixels
        .iter()
        .filter(|p| p.alpha() > 0 && (p.red() < 240 || p.green() < 240 || p.blue() < 240))
        .count();
    inked as f64 / pixels.len() as f64
}

/// Checks what every chart must be: XML with a document title first, text of at
/// least 10 px, and a non-blank rendering. Returns the parsed titles.
fn check_chart(svg: &str, name: &str) -> Vec<String> {
    let document =
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: not XML: {e}"));
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{name}");
    let first = root.children().find(|n| n.is_element()).expect("a child");
    assert_eq!(
        first.tag_name().name(),
        "title",
        "{name}: the document title comes first"
    );
    assert!(
        !first.text().unwrap_or("").trim().is_empty(),
        "{name}: empty title"
    );
    for text in root.descendants().filter(|n| n.has_tag_name("text")) {
        let size: f64 = text
            .attribute("font-size")
            .expect("font-size")
            .parse()
            .unwrap();
        assert!(size >= 10.0, "{name}: text {:?} is {size} px", text.text());
    }
    let ink = ink_fraction(svg);
    assert!(ink > 0.02, "{name}: only {:.3} of the image is drawn", ink);
    root.descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

#[test]
fn lengths_chart_has_one_bar_per_corridor_and_its_legend() {
    let data = data();
    let svg = chart::lengths(&data, &Filter::everything(), "every corridor").unwrap();
    let titles = check_chart(&svg, "lengths");
    // Every corridor has km, so every corridor has a bar with a tooltip naming it.
    let barred: HashSet<&str> = data
        .corridors
        .iter()
        .map(|c| c.name.as_str())
        .filter(|name| {
            titles
                .iter()
                .any(|t| t.starts_with(&format!("{name}: ")) && t.contains(" km "))
        })
        .collect();
    assert_eq!(barred.len(), data.corridors.len());
    let texts: Vec<String> = roxmltree::Document::parse(&svg)
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect();
    for status in Status::ALL {
        assert!(
            texts.iter().any(|t| t == status.as_str()),
            "legend lacks {status}"
        );
    }
    assert!(texts.iter().any(|t| t.starts_with("published length")));
}

#[test]
fn lengths_chart_follows_the_status_filter() {
    let data = data();
    let operational = Filter {
        modes: Filter::everything().modes,
        ..Filter::default()
    };
    let before = chart::lengths(&data, &operational, "operational").unwrap();
    let after = chart::lengths(&data, &Filter::everything(), "all").unwrap();
    // Only operational km: no bar part is proposed.
    assert!(!before.contains(" km proposed of "));
    assert!(after.contains(" km proposed of "));
    // The trans-Afghan railway is wholly proposed, so it has no bar before.
    let name = &data.corridors[data.corridor_by_id("trans-afghan-railway").unwrap()].name;
    assert!(!before.contains(&format!("<title>{name}: ")));
}

/// Every `<text>` of an SVG: its x, y and trimmed text.
fn svg_texts(svg: &str) -> Vec<(f64, f64, String)> {
    let document = roxmltree::Document::parse(svg).unwrap();
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let get = |k: &str| n.attribute(k).unwrap().parse::<f64>().unwrap();
            (
                get("x"),
                get("y"),
                n.text().unwrap_or("").trim().to_string(),
            )
        })
        .collect()
}

/// Headless Chromium with a fresh profile under `work`, or `None`, saying that
/// `check` skipped, where it is not installed (.ci/run installs it).
fn headless_chromium(work: &Path, check: &str) -> Option<Command> {
    let Some(browser) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        eprintln!("SKIPPED: {check}: Chromium is not installed");
        return None;
    };
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.join("profile").display()
        ));
    Some(command)
}

/// The sea rectangle drawn first on the map: the frame, as (left, top, right, bottom).
fn map_frame(svg: &str) -> (f64, f64, f64, f64) {
    let document = roxmltree::Document::parse(svg).unwrap();
    let sea = document
        .descendants()
        .find(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#E4EFF7"))
        .expect("the sea rectangle");
    let number = |key: &str| sea.attribute(key).unwrap().parse::<f64>().unwrap();
    let (x, y) = (number("x"), number("y"));
    (x, y, x + number("width"), y + number("height"))
}

#[test]
fn map_draws_outlines_inside_the_frame_and_every_segment() {
    let data = data();
    let basemap = basemap();
    let filter = Filter::everything();
    let svg = chart::map(&data, &basemap, &MapSpec::network(&data, &filter)).unwrap();
    let titles = check_chart(&svg, "map");
    let (left, top, right, bottom) = map_frame(&svg);
    let document = roxmltree::Document::parse(&svg).unwrap();
    let land: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("polygon") && n.attribute("fill") == Some("#F7F5EF"))
        .collect();
    assert!(land.len() > 20, "only {} land polygons", land.len());
    for polygon in &land {
        for pair in polygon.attribute("points").unwrap().split_whitespace() {
            let (x, y) = pair.split_once(',').unwrap();
            let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
            assert!(x >= left - 0.5 && x <= right + 0.5 && y >= top - 0.5 && y <= bottom + 0.5);
        }
    }
    // Segments inside the region each have a tooltip naming their corridor.
    for corridor in [
        "salang-road",
        "tapi-gas-pipeline",
        "casa-1000-hvdc",
        "wakhan-corridor-road",
    ] {
        let name = &data.corridors[data.corridor_by_id(corridor).unwrap()].name;
        assert!(
            titles.iter().any(|t| t.starts_with(&format!("{name}: "))),
            "{corridor}"
        );
    }
    // The legend names every mode drawn and every status; the projection is named.
    for word in [
        "road",
        "rail",
        "pipeline",
        "power-line",
        "under-construction",
        "proposed",
        "border crossing",
    ] {
        assert!(
            svg.contains(&format!(">\n{word}\n</text>")),
            "legend lacks {word}"
        );
    }
    assert!(svg.contains("Projection: equirectangular"));
    assert!(svg.contains("Natural Earth"));
}

#[test]
fn map_place_labels_do_not_overlap() {
    let data = data();
    let basemap = basemap();
    let filter = Filter::everything();
    let svg = chart::map(&data, &basemap, &MapSpec::network(&data, &filter)).unwrap();
    let document = roxmltree::Document::parse(&svg).unwrap();
    let names: HashSet<&str> = data.places.iter().map(|p| p.name.as_str()).collect();
    let mut boxes: Vec<(f64, f64, f64, f64, String)> = Vec::new();
    for text in document.descendants().filter(|n| n.has_tag_name("text")) {
        let content = text.text().unwrap_or("").trim().to_string();
        if !names.contains(content.as_str()) {
            continue;
        }
        let get = |k: &str| text.attribute(k).unwrap().parse::<f64>().unwrap();
        let (x, y, size) = (get("x"), get("y"), get("font-size"));
        // A wide estimate: 0.5 em per character, as narrow sans-serif fonts are.
        let width = content.chars().count() as f64 * size * 0.5;
        let left = match text.attribute("text-anchor") {
            Some("end") => x - width,
            Some("middle") => x - width / 2.0,
            _ => x,
        };
        boxes.push((left, y - size * 0.5, left + width, y + size * 0.5, content));
    }
    assert!(boxes.len() > 60, "only {} places labelled", boxes.len());
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let overlap = a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
            assert!(!overlap, "labels {} and {} overlap", a.4, b.4);
        }
    }
    // Every capital and port in view is labelled. In view: the place has a marker,
    // whose tooltip starts with its name and kind.
    let labelled: HashSet<&str> = boxes.iter().map(|b| b.4.as_str()).collect();
    let in_view = |name: &str, kind: &str| svg.contains(&format!("<title>{name} ({kind}, "));
    let capitals = [
        "kabul",
        "dushanbe",
        "tashkent",
        "bishkek",
        "ashgabat",
        "astana",
        "islamabad",
        "tehran",
        "baku",
    ];
    let mut checked = 0;
    for id in capitals {
        let place = &data.places[place(&data, id)];
        assert!(place.capital, "{id} is not `capital = true` in places.toml");
        assert!(
            in_view(&place.name, place.kind.as_str()),
            "{id} is out of view"
        );
        assert!(
            labelled.contains(place.name.as_str()),
            "capital {id} is unlabelled"
        );
        checked += 1;
    }
    for port in data.places.iter().filter(|p| p.kind == PlaceKind::Port) {
        if in_view(&port.name, "port") {
            assert!(
                labelled.contains(port.name.as_str()),
                "port {} is unlabelled",
                port.id
            );
            checked += 1;
        }
    }
    // The places the issue found unlabelled, with the capitals and the ports.
    for id in ["peshawar", "karachi", "mazar-i-sharif", "gilgit"] {
        let name = &data.places[place(&data, id)].name;
        assert!(labelled.contains(name.as_str()), "{id} is unlabelled");
    }
    assert!(checked >= 15, "only {checked} capitals and ports checked");
}

#[test]
fn map_frames_central_and_south_asia_and_points_beyond_it() {
    let data = data();
    let basemap = basemap();
    let filter = Filter::everything();
    let svg = chart::map(&data, &basemap, &MapSpec::network(&data, &filter)).unwrap();
    let (left, top, right, bottom) = map_frame(&svg);
    let texts = svg_texts(&svg);
    let label_x = |name: &str| {
        texts
            .iter()
            .find(|t| t.2 == name)
            .unwrap_or_else(|| panic!("no label {name}"))
            .0
    };
    // Poti and Istanbul lie west of the frame, Lianyungang east: each named by an
    // arrow at that edge (its label within 60 px of it), not drawn inside the map.
    for (id, west) in [("poti", true), ("istanbul", true), ("lianyungang", false)] {
        let name = &data.places[place(&data, id)].name;
        let x = label_x(name);
        let near_edge = if west { x - left } else { right - x };
        assert!(
            (0.0..60.0).contains(&near_edge),
            "{id} at x {x}, frame {left}..{right}"
        );
        assert!(
            svg.contains(&format!("<title>{name}, beyond the frame (")),
            "{id}"
        );
    }
    // The frame holds the capitals and ports of the question, from Astana to Karachi
    // and from Baku to Kashgar, and no more than that: Tbilisi and Urumqi lie beyond.
    let has_marker = |id: &str| {
        let place = &data.places[place(&data, id)];
        svg.contains(&format!("<title>{} ({}, ", place.name, place.kind.as_str()))
    };
    for id in [
        "astana",
        "karachi-port",
        "gwadar",
        "baku",
        "kashgar",
        "bandar-abbas",
    ] {
        assert!(has_marker(id), "{id} is out of the frame");
    }
    for id in ["tbilisi", "urumqi", "poti", "lianyungang"] {
        assert!(!has_marker(id), "{id} is in the frame");
    }
    // Not squeezed: the map is about as tall as wide (29° by 36° at 38° N).
    let ratio = (bottom - top) / (right - left);
    assert!((0.9..1.1).contains(&ratio), "height/width {ratio}");
    // Dushanbe, the middle of the question, lies in the middle third of the map.
    let x = label_x("Dushanbe");
    assert!(x > left + (right - left) / 3.0 && x < right - (right - left) / 3.0);
}

#[test]
fn chart_bbox_frames_the_map_latitude_first() {
    let framed = crate::corridors(&["chart", "map", "--bbox", "30,60,45,80"]);
    assert_eq!(framed.status.code(), Some(0), "{}", crate::stderr(&framed));
    let svg = crate::stdout(&framed);
    let (left, top, right, bottom) = map_frame(&svg);
    // 15° of latitude by 20° of longitude at 37.5° N.
    let expected = 15.0 / (20.0 * 37.5f64.to_radians().cos());
    assert!(((bottom - top) / (right - left) - expected).abs() < 0.01);
    // Dushanbe is in the frame, Karachi (24.9° N) below it: no marker.
    assert!(svg.contains("<title>Dushanbe (city"));
    assert!(!svg.contains("<title>Karachi (city"));
    // Longitude first is an empty box (60 > 45): refused, naming the order.
    for bad in ["60,30,45,80", "30,60,45", "a,b,c,d", "30,60,95,80"] {
        let output = crate::corridors(&["chart", "map", "--bbox", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(
            crate::stderr(&output).contains("MIN_LAT"),
            "{bad}: {}",
            crate::stderr(&output)
        );
    }
    let lengths = crate::corridors(&["chart", "lengths", "--bbox", "30,60,45,80"]);
    assert_eq!(lengths.status.code(), Some(2));
}

#[test]
fn chart_writes_png_with_bundled_fonts_and_refuses_other_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("map.png");
    let png_path = png.to_str().unwrap();
    let args = [
        "chart",
        "lengths",
        "--mode",
        "pipeline",
        "--width",
        "600",
        "--title",
        "Pipelines",
    ];
    let output = crate::corridors(&[&args[..], &["-o", png_path]].concat());
    assert_eq!(output.status.code(), Some(0), "{}", crate::stderr(&output));
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let pixmap = tiny_skia::Pixmap::decode_png(&bytes).unwrap();
    assert_eq!(pixmap.width(), 600);
    // The same bytes again: the fonts are the bundled ones, not the machine's.
    let again = crate::corridors(&[&args[..], &["-o", png_path]].concat());
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read(&png).unwrap(), bytes);
    // Text is drawn: the title row (y 10..30 at 1300 px, so 5..15 at 600) has ink.
    let ink = (5..15)
        .flat_map(|y| (5..300).map(move |x| (x, y)))
        .filter(|&(x, y)| pixmap.pixel(x, y).is_some_and(|p| p.red() < 128))
        .count();
    assert!(ink > 50, "the title is not drawn ({ink} dark pixels)");
    // SVG: --width sets the displayed size, --title the title.
    let svg = crate::corridors(&[
        "chart",
        "lengths",
        "--width",
        "650",
        "--title",
        "Pipes & wires",
    ]);
    let svg = crate::stdout(&svg);
    assert!(svg.starts_with("<svg width=\"650\""), "{}", &svg[..80]);
    assert!(svg.contains("<title>Pipes &amp; wires</title>"));
    assert!(svg.contains(">\nPipes &amp; wires\n</text>"));
    // Any other extension is refused with a hint, and nothing is written.
    let pdf = dir.path().join("map.pdf");
    let output = crate::corridors(&["chart", "map", "-o", pdf.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::stderr(&output).contains(".svg or .png"));
    assert!(!pdf.exists());
}

#[test]
fn lengths_chart_labels_each_figure_in_its_own_column_and_wraps_names() {
    let data = data();
    let svg = chart::lengths(&data, &Filter::everything(), "every corridor").unwrap();
    let texts = svg_texts(&svg);
    let find = |text: &str| {
        texts
            .iter()
            .find(|t| t.2 == text)
            .unwrap_or_else(|| panic!("no {text}"))
    };
    let ground_x = find("on the ground").0;
    let published_x = find("published").0;
    // Each bar with a one-line name and a published total: km on the ground and km
    // published, each in its column on the bar's row, and nothing else on that row
    // (no number beside the diamond).
    let bars = chart::lengths::bars(&data, &Filter::everything());
    let checked: Vec<_> = bars
        .iter()
        .filter(|b| chart::lengths::name_lines(&b.name).len() == 1)
        .filter(|b| b.stated_length_km.is_some() && b.stated_length_range_km.is_none())
        .collect();
    assert!(checked.len() > 10, "only {} bars checked", checked.len());
    for bar in checked {
        let row_y = find(&bar.name).1;
        let row: Vec<_> = texts
            .iter()
            .filter(|t| t.1 == row_y && t.2 != bar.name)
            .collect();
        let ground = corridors::wording::km(bar.km_by_status.total());
        let published = corridors::wording::km(bar.stated_length_km.unwrap());
        assert_eq!(
            row.iter().map(|t| (t.0, t.2.as_str())).collect::<Vec<_>>(),
            vec![
                (ground_x, ground.as_str()),
                (published_x, published.as_str())
            ],
            "{}",
            bar.id
        );
    }
    // Long names wrap onto lines of whole words, none cut with "…".
    let longest = data.corridors.iter().max_by_key(|c| c.name.len()).unwrap();
    let lines = chart::lengths::name_lines(&longest.name);
    assert!(lines.len() >= 2, "{lines:?}");
    assert_eq!(lines.join(" "), longest.name);
    for line in &lines {
        let &(x, _, _) = find(line);
        assert_eq!(x, texts.iter().find(|t| t.2 == lines[0]).unwrap().0);
    }
    assert!(!texts.iter().any(|t| t.2.contains('…')), "a name is cut");
}

#[test]
fn route_map_highlights_each_route() {
    let data = data();
    let basemap = basemap();
    let filter = Filter::default();
    let network = CorridorGraph::new(&data, &filter);
    let weights = Weights::distance(&data);
    let search = Search::new(&network, &weights);
    let query = Trip::direct(place(&data, "dushanbe"), place(&data, "karachi"));
    let paths = routing::alternatives(&search, &query, 2);
    assert_eq!(paths.len(), 2);
    let overlays: Vec<RouteOverlay> = paths
        .iter()
        .enumerate()
        .map(|(rank, p)| RouteOverlay::of(rank, &routing::summarise(&weights, p)))
        .collect();
    let spec = MapSpec {
        title: "Dushanbe to Karachi".into(),
        subtitle: "two routes".into(),
        filter: &filter,
        routes: &overlays,
    };
    let svg = chart::map(&data, &basemap, &spec).unwrap();
    check_chart(&svg, "route map");
    for overlay in &overlays {
        assert!(
            svg.contains(&overlay.label),
            "legend lacks {}",
            overlay.label
        );
    }
    // The route ends, and the capital and the city beside the routes, are labelled.
    for name in ["Dushanbe", "Karachi", "Islamabad", "Peshawar", "Kabul"] {
        assert!(
            svg.contains(&format!(">\n{name}\n</text>")),
            "{name} is unlabelled"
        );
    }
    // Each route is a band 9 px wide in its own colour.
    for colour in ["#C01C28", "#6A3D9A"] {
        assert!(
            svg.contains(&format!("stroke=\"{colour}\" stroke-width=\"9\"")),
            "no band in {colour}"
        );
    }
}

#[test]
fn sea_access_measures_every_outlet_against_independent_figures() {
    let data = data();
    let from = place(&data, "dushanbe");
    let weights = Weights::distance(&data);
    let filter = Filter::default();
    let network = CorridorGraph::new(&data, &filter);
    let access = sea_access::sea_access(&Search::new(&network, &weights), &filter, from);
    assert_eq!(access.outlets.len(), data.outlets.len());
    let karachi = access
        .outlets
        .iter()
        .find(|o| o.port == "karachi-port")
        .unwrap();
    // Great circle: geodesic between the two places, checked against geodesy's own
    // figure for Dushanbe–Karachi (about 1,529 km to the city).
    let port = &data.places[place(&data, "karachi-port")];
    let expected = geodesy::geodesic_km(data.places[from].position, port.position);
    assert!((karachi.great_circle_km - expected).abs() < 1e-9);
    assert!((1500.0..1560.0).contains(&karachi.great_circle_km));
    // Network: the route search's own answer.
    let network = CorridorGraph::new(&data, &filter);
    let search = Search::new(&network, &weights);
    let path = search
        .shortest(&Trip::direct(from, place(&data, "karachi-port")))
        .unwrap();
    let summary = routing::summarise(&weights, &path);
    assert_eq!(karachi.network_km, Some(summary.distance_km));
    assert_eq!(karachi.stated_km, Some(2700.0));
    let pct = (summary.distance_km - 2700.0) / 2700.0 * 100.0;
    assert!((karachi.difference_pct.unwrap() - pct).abs() < 1e-9);
    // Gwadar has no railway: on rail alone there is no route, and the chart says so
    // rather than drawing a bar.
    let gwadar = access.outlets.iter().find(|o| o.port == "gwadar").unwrap();
    assert!(gwadar.network_km.is_some());
    let rail_only = Filter {
        modes: vec![corridors::model::Mode::Rail],
        ..Filter::default()
    };
    let weights = Weights::distance(&data);
    let network = CorridorGraph::new(&data, &rail_only);
    let access = sea_access::sea_access(&Search::new(&network, &weights), &rail_only, from);
    let gwadar = access.outlets.iter().find(|o| o.port == "gwadar").unwrap();
    assert_eq!(gwadar.network_km, None);
    let svg = chart::sea_access(&access, "operational").unwrap();
    let titles = check_chart(&svg, "sea-access");
    assert!(svg.contains("no route on these links"));
    assert!(titles.iter().any(|t| t.starts_with("stated: 9,500 km")));
}

#[test]
fn base_map_puts_capitals_in_their_countries() {
    let basemap = basemap();
    let data = data();
    for (place_id, country) in [
        ("kabul", "Afghanistan"),
        ("dushanbe", "Tajikistan"),
        ("tashkent", "Uzbekistan"),
        ("karachi", "Pakistan"),
        ("ashgabat", "Turkmenistan"),
    ] {
        let point = data.places[place(&data, place_id)].position.to_point();
        let holder: Vec<&str> = basemap
            .countries
            .iter()
            .filter(|c| c.shape.contains(&point))
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(holder, vec![country], "{place_id}");
    }
}

#[test]
fn report_command_writes_every_file_deterministically_and_a_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    // A directory that does not exist yet: report creates it.
    let out_dir = dir.path().join("out");
    let output = crate::corridors(&["report", "-o", out_dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", crate::stderr(&output));
    let printed = crate::stdout(&output);
    assert!(printed.contains("report.md"), "{printed}");
    // Deterministic: the library, run again in this process, gives the same bytes
    // as the binary wrote; and every chart is a valid, non-blank SVG.
    let data = data();
    let built = report::build(&data, &basemap(), &analysis::Pairs::default_for(&data)).unwrap();
    for file in &built {
        let written = std::fs::read_to_string(out_dir.join(&file.name)).unwrap();
        assert!(written == file.text, "{} differs between runs", file.name);
        if file.name.ends_with(".svg") {
            check_chart(&file.text, &file.name);
        }
    }
    assert!(
        printed.contains("report.html") && printed.contains(" s\n"),
        "{printed}"
    );

    let markdown = std::fs::read_to_string(out_dir.join("report.md")).unwrap();
    // Corridors by name, with human headers and the sources as numbered notes.
    assert!(markdown.contains("| Karakoram Highway (N-35 / G314)"));
    assert!(markdown.contains("| Corridor | Mode | km |"));
    assert!(markdown.contains("\n- [1] "), "numbered sources");
    for link in [
        "(map.svg)",
        "(lengths.svg)",
        "(sea-access.svg)",
        "(route-dushanbe-karachi.svg)",
        "(route-astana-gwadar.svg)",
        "(impact.svg)",
        "(claims.svg)",
    ] {
        assert!(markdown.contains(link), "report.md lacks {link}");
        let file = link.trim_matches(|c| c == '(' || c == ')');
        assert!(out_dir.join(file).is_file(), "{file} not written");
    }
    let html = std::fs::read_to_string(out_dir.join("report.html")).unwrap();
    assert!(html.matches("<svg ").count() >= 13, "charts are inline");
    assert!(!html.contains("src=") && !html.contains("href=\"http") && !html.contains("<link"));
    // The HTML is what a browser parses; its inline charts are still valid XML.
    let start = html.find("<svg ").unwrap();
    let end = html[start..].find("</svg>").unwrap() + start + "</svg>".len();
    check_chart(&html[start..end], "first inline chart");

    browser_screenshot_is_not_blank(&out_dir.join("report.html"));
}

/// Opens the page in headless Chromium and checks the screenshot has content. Skips,
/// saying so, where Chromium is not installed (.ci/run installs it).
fn browser_screenshot_is_not_blank(page: &Path) {
    let work = tempfile::tempdir().unwrap();
    let Some(mut chromium) =
        headless_chromium(work.path(), "the headless-browser check of report.html")
    else {
        return;
    };
    let shot = work.path().join("report.png");
    let status = chromium
        .arg("--window-size=1280,2000")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        shot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pixmap = tiny_skia::Pixmap::load_png(&shot).expect("a PNG screenshot");
    let inked = pixmap
        .pixels()
        .iter()
        .filter(|p| p.red() < 240 || p.green() < 240 || p.blue() < 240)
        .count();
    let fraction = inked as f64 / pixmap.pixels().len() as f64;
    assert!(
        fraction > 0.02,
        "the screenshot is blank ({fraction:.4} drawn)"
    );
}

#[test]
fn readme_charts_match_the_shipped_dataset() {
    let data = data();
    let everything = Filter::everything();
    let map = chart::map(&data, &basemap(), &MapSpec::network(&data, &everything)).unwrap();
    let lengths = chart::lengths(&data, &everything, &chart::subtitle(&data, &everything)).unwrap();
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for (file, svg, kind) in [("map.svg", map, "map"), ("lengths.svg", lengths, "lengths")] {
        let shipped = std::fs::read_to_string(docs.join(file)).unwrap_or_default();
        assert!(
            shipped == svg,
            "docs/{file} (shown in README.md) is out of date: run `cargo run --release -- chart {kind} -o docs/{file}`"
        );
    }
}

#[test]
fn bad_outlets_are_reported_at_their_line() {
    let (_temp, dir) = crate::valid_copy();
    std::fs::write(
        dir.join("outlets.toml"),
        "[[outlet]]\nplace = \"karachy\"\nsea = \"Arabian Sea\"\n\n[[outlet]]\nplace = \"termez\"\nsea = \"Amu Darya\"\n",
    )
    .unwrap();
    let output = crate::corridors(&["check", "--routes", dir.to_str().unwrap()]);
    crate::assert_refused(&output, "outlets.toml:2:");
    let err = crate::stderr(&output);
    assert!(err.contains("unknown place `karachy`"), "{err}");
    assert!(
        err.contains("outlets.toml:6:") && err.contains("`termez` is not a port"),
        "{err}"
    );
}

#[test]
fn impact_and_claims_charts_have_a_bar_per_row() {
    let data = data();
    // On the railways, as the report draws it: there the unbuilt railways save km.
    let filter = Filter {
        modes: vec![Mode::Rail],
        ..Filter::default()
    };
    let impact = analysis::impact::impact(&data, &filter, &analysis::Pairs::default_for(&data));
    let svg = chart::analysis::impact(&impact, "operational").unwrap();
    let titles = check_chart(&svg, "impact");
    // One hover per project and one for all of them, naming it and its saving.
    for project in impact.projects.iter().chain([&impact.all_built]) {
        let saved = format!("{} km", corridors::wording::km(project.saved_km_total));
        assert!(
            titles
                .iter()
                .any(|t| t.starts_with(&project.name) && t.contains(&saved)),
            "no hover for {}",
            project.project
        );
    }
    let results = analysis::claims::check_all(&data, &basemap());
    let svg = chart::analysis::claims(&results, "claims").unwrap();
    let titles = check_chart(&svg, "claims");
    let computed = results.iter().filter(|r| r.computed.is_some()).count();
    assert_eq!(
        titles
            .iter()
            .filter(|t| t.contains("stated ") && t.contains("computed "))
            .count(),
        computed
    );
    for result in &results {
        assert!(svg.contains(&result.id), "{} not labelled", result.id);
    }
}

/// The report as a reader sees it: report.html in headless Chromium at 1,400 px, with
/// a script that measures every table. No table may be wider than the page, and no
/// row taller than a few lines of text. Skips, saying so, without Chromium (.ci/run
/// installs it).
#[test]
fn report_tables_fit_a_1400_px_window_with_short_rows() {
    let work = tempfile::tempdir().unwrap();
    let Some(mut chromium) = headless_chromium(work.path(), "the report layout check") else {
        return;
    };
    let out_dir = work.path().join("report");
    let output = crate::corridors(&["report", "-o", out_dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", crate::stderr(&output));
    let html = std::fs::read_to_string(out_dir.join("report.html")).unwrap();
    // Written into the page by the script, read back from the DOM Chromium dumps.
    let probe = r#"<script>
window.addEventListener('load', () => {
  const page = document.documentElement.clientWidth;
  const line = parseFloat(getComputedStyle(document.body).lineHeight) || 20;
  const found = [];
  document.querySelectorAll('table').forEach((table, t) => {
    const width = table.getBoundingClientRect().width;
    if (width > page + 1) found.push(`table ${t} is ${Math.round(width)} px wide in a ${page} px page`);
    table.querySelectorAll('tr').forEach((row, r) => {
      const height = row.getBoundingClientRect().height;
      if (height > 4.5 * line) found.push(`table ${t} row ${r} is ${Math.round(height)} px tall (${(height / line).toFixed(1)} lines): ${row.innerText.slice(0, 80)}`);
    });
  });
  const report = document.createElement('pre');
  report.id = 'layout-probe';
  report.textContent = JSON.stringify({tables: document.querySelectorAll('table').length, page, found});
  document.body.appendChild(report);
});
</script>"#;
    let probed = html.replacen("</body>", &format!("{probe}</body>"), 1);
    let page = work.path().join("probed.html");
    std::fs::write(&page, probed).unwrap();
    let dump = chromium
        .args([
            "--window-size=1400,1000",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dump.stdout);
    let start = dom.find("<pre id=\"layout-probe\">").unwrap_or_else(|| {
        panic!(
            "no probe in the DOM: {}",
            String::from_utf8_lossy(&dump.stderr)
        )
    });
    let rest = &dom[start + "<pre id=\"layout-probe\">".len()..];
    let json = rest[..rest.find("</pre>").unwrap()]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let probe: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(probe["tables"].as_u64().unwrap() >= 5, "{probe}");
    let found = probe["found"].as_array().unwrap();
    assert!(
        found.is_empty(),
        "{} layout problems:\n{}",
        found.len(),
        found
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// HTML in a source's words is shown, not run, in report.md as in report.html.
#[test]
fn report_markdown_shows_html_from_sources_as_text() {
    use corridors::output::TextTable;
    use corridors::output::document::{Block, Document};
    let hostile = "<img src=x onerror=alert(1)>";
    let mut table = TextTable::new(&[corridors::output::Column::Text("source")]);
    table.push(vec![hostile.to_string()]);
    let document = Document {
        title: "t".into(),
        blocks: vec![
            Block::Paragraph(hostile.into()),
            Block::List(vec![hostile.into()]),
            Block::Table {
                table,
                link_column: None,
            },
        ],
    };
    let markdown = document.to_markdown();
    assert!(!markdown.contains("<img"), "{markdown}");
    assert_eq!(
        markdown
            .matches("&lt;img src=x onerror=alert(1)&gt;")
            .count(),
        3
    );
}

/// Maps drawn with one cache, as the report draws its eleven, are the maps drawn
/// each with its own: the network map under two filters, then route maps on
/// several threads, one twice.
#[test]
fn maps_sharing_a_cache_equal_maps_drawn_alone() {
    let (data, basemap) = (data(), basemap());
    let data = &data;
    let cache = chart::MapCache::new(data);
    let (everything, operational) = (Filter::everything(), Filter::default());
    for filter in [&operational, &everything] {
        let spec = MapSpec::network(data, filter);
        let shared = chart::map_cached(data, &basemap, &spec, &cache).unwrap();
        assert!(shared == chart::map(data, &basemap, &spec).unwrap());
    }
    let network = CorridorGraph::new(data, &everything);
    let weights = Weights::distance(data);
    let search = Search::new(&network, &weights);
    let overlays: Vec<Vec<RouteOverlay>> = [
        ("dushanbe", "karachi"),
        ("astana", "gwadar"),
        ("ashgabat", "karachi"),
        ("dushanbe", "karachi"),
    ]
    .iter()
    .filter_map(|&(from, to)| routing::best(&search, place(data, from), place(data, to)))
    .map(|route| vec![RouteOverlay::of(0, &route)])
    .collect();
    assert_eq!(overlays.len(), 4);
    let spec = |routes| MapSpec {
        title: "a route".into(),
        subtitle: String::new(),
        filter: &everything,
        routes,
    };
    std::thread::scope(|scope| {
        for routes in &overlays {
            let (spec, cache, basemap) = (spec(routes), &cache, &basemap);
            scope.spawn(move || {
                let shared = chart::map_cached(data, basemap, &spec, cache).unwrap();
                assert!(shared == chart::map(data, basemap, &spec).unwrap());
            });
        }
    });
    // Each figure, kept from whichever map worked it out first, is its own place's
    // or segment's.
    for (p, place) in data.places.iter().enumerate() {
        let title = cache.place_title(p);
        let kind = place.kind.as_str();
        assert!(title.starts_with(&format!("{} ({kind}, {}): ", place.name, place.country)));
        let lat = format!("{:.4}° N", place.position.lat_deg);
        assert!(title.contains(&lat), "{title}");
        let naming = data
            .corridors
            .iter()
            .filter(|c| c.name.contains(&place.name));
        assert_eq!(cache.corridors_naming(p), naming.count(), "{}", place.id);
    }
    for (s, segment) in data.segments.iter().enumerate() {
        let title = cache.segment_title(s);
        let (from, to) = (segment.from, segment.to);
        let names = [
            data.corridors[segment.corridor].name.as_str(),
            &data.places[from].name,
            &data.places[to].name,
        ];
        let length = format!("{} km", corridors::wording::km(segment.routing_length_km()));
        assert!(title.starts_with(&format!("{}: {} – {}, ", names[0], names[1], names[2])));
        assert!(title.contains(&length), "{title}");
    }
}
