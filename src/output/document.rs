//! A small document model for the report, rendered as Markdown (charts linked as
//! files) or as one self-contained HTML page (charts inline, no external assets).

use super::{TextTable, escape_xml, write_markdown};

/// A part of a document.
#[derive(Debug, Clone)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    List(Vec<String>),
    /// A table; cells of `link_column` name a chart file of the document.
    Table {
        table: TextTable,
        link_column: Option<usize>,
    },
    /// A chart: its file name (for Markdown) and its SVG text (for HTML).
    Figure {
        file: String,
        caption: String,
        svg: String,
    },
}

/// A titled sequence of blocks.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// Text for Markdown with its angle brackets as entities, so that HTML in a source's
/// words (`<img onerror=…>`) shows as text instead of running in a viewer.
fn inert_html(text: &str) -> String {
    text.replace('<', "&lt;").replace('>', "&gt;")
}

/// The anchor of a chart file inside the HTML page: `map.svg` → `map`.
fn anchor(file: &str) -> String {
    file.trim_end_matches(".svg").to_string()
}

impl Document {
    /// Markdown: charts as image links to their files beside the document.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n", self.title);
        for block in &self.blocks {
            out.push('\n');
            match block {
                Block::Heading { level, text } => {
                    let text = inert_html(text);
                    out.push_str(&format!("{} {text}\n", "#".repeat(*level as usize + 1)));
                }
                Block::Paragraph(text) => out.push_str(&format!("{}\n", inert_html(text))),
                Block::List(items) => {
                    for item in items {
                        out.push_str(&format!("- {}\n", inert_html(item)));
                    }
                }
                Block::Table { table, link_column } => {
                    let mut linked = table.clone();
                    for cell in linked.rows.iter_mut().flatten() {
                        *cell = inert_html(cell);
                    }
                    if let Some(column) = *link_column {
                        for row in &mut linked.rows {
                            if let Some(cell) = row.get_mut(column).filter(|c| !c.is_empty()) {
                                *cell = format!("[{}]({cell})", anchor(cell));
                            }
                        }
                    }
                    let mut bytes = Vec::new();
                    // Writing to memory cannot fail.
                    let _ = write_markdown(&mut bytes, &linked);
                    out.push_str(&String::from_utf8_lossy(&bytes));
                }
                Block::Figure { file, caption, .. } => {
                    out.push_str(&format!(
                        "![{caption}]({file})\n\n*{caption}* ([{file}]({file}))\n"
                    ));
                }
            }
        }
        out
    }

    /// One HTML page with every chart inline and the style in the page.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str(&format!("<title>{}</title>\n", escape_xml(&self.title)));
        out.push_str(
            "<style>\n\
             body{font-family:sans-serif;margin:2em auto;max-width:1240px;padding:0 1em;color:#222;line-height:1.45}\n\
             table{border-collapse:collapse;font-size:13px;margin:1em 0}\n\
             th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}\n\
             td.n,th.n{text-align:right}\n\
             figure{margin:1.5em 0}\n\
             figure svg{max-width:100%;height:auto}\n\
             figcaption{color:#555;font-size:14px}\n\
             </style>\n",
        );
        out.push_str("</head>\n<body>\n");
        out.push_str(&format!("<h1>{}</h1>\n", escape_xml(&self.title)));
        for block in &self.blocks {
            match block {
                Block::Heading { level, text } => {
                    let tag = format!("h{}", level + 1);
                    out.push_str(&format!("<{tag}>{}</{tag}>\n", escape_xml(text)));
                }
                Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", escape_xml(text))),
                Block::List(items) => {
                    out.push_str("<ul>\n");
                    for item in items {
                        out.push_str(&format!("<li>{}</li>\n", escape_xml(item)));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Table { table, link_column } => {
                    out.push_str("<table>\n<thead><tr>");
                    for (header, numeric) in table.headers.iter().zip(&table.numeric) {
                        let class = if *numeric { " class=\"n\"" } else { "" };
                        out.push_str(&format!("<th{class}>{}</th>", escape_xml(header)));
                    }
                    out.push_str("</tr></thead>\n<tbody>\n");
                    for row in &table.rows {
                        out.push_str("<tr>");
                        for (i, (cell, numeric)) in row.iter().zip(&table.numeric).enumerate() {
                            let class = if *numeric { " class=\"n\"" } else { "" };
                            let content = if Some(i) == *link_column && !cell.is_empty() {
                                format!("<a href=\"#{0}\">{0}</a>", escape_xml(&anchor(cell)))
                            } else {
                                escape_xml(cell)
                            };
                            out.push_str(&format!("<td{class}>{content}</td>"));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
                Block::Figure { file, caption, svg } => {
                    out.push_str(&format!("<figure id=\"{}\">\n", escape_xml(&anchor(file))));
                    out.push_str(svg.trim_end());
                    out.push_str(&format!(
                        "\n<figcaption>{} ({})</figcaption>\n</figure>\n",
                        escape_xml(caption),
                        escape_xml(file)
                    ));
                }
            }
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}
