//! The layout of a form, kept as data: how its sheet is recognised, which field each numbered
//! column holds, and the tree of its rows.
//!
//! The shipped templates live in `importer/templates/*.toml` and are embedded in the binary;
//! supporting another version of a form is adding such a file (and listing it in
//! [`Template::defaults`]) or passing it to
//! [`CheckContext::with_templates`](crate::CheckContext::with_templates).

use crate::text::{self, Words};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use thads_domain::{Field, Form, names};

/// The templates shipped with thads.
const DEFAULTS: [&str; 2] = [
    include_str!("../templates/mau-01-tk-tha.toml"),
    include_str!("../templates/mau-02-tk-tha.toml"),
];

/// A template that cannot be read or is not consistent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("template {template}: {problem}")]
pub struct TemplateError {
    /// The template's name, or its position when it has none yet.
    pub template: String,
    /// What is wrong.
    pub problem: String,
}

/// A template file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    form: Form,
    name: String,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    titles: Vec<String>,
    columns: Vec<ColumnFile>,
    rows: Vec<RowFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnFile {
    number: u16,
    field: String,
    heading: String,
    #[serde(default)]
    keywords: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RowFile {
    code: String,
    #[serde(default)]
    parent: Option<String>,
    labels: Vec<String>,
}

/// What a numbered column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A stored field.
    Field(Field),
    /// The completion rate: read and checked, never stored.
    Rate,
}

/// One numbered column of a form.
#[derive(Debug, Clone)]
pub struct Column {
    /// The number printed in the column-number row.
    pub(crate) number: u16,
    /// What it holds.
    pub(crate) kind: ColumnKind,
    /// Its heading, as messages name it.
    pub(crate) heading: String,
    /// Phrases of its heading text, folded.
    pub(crate) keywords: Vec<Words>,
}

impl Column {
    /// The number printed in the column-number row (1, 2, …).
    pub fn number(&self) -> u16 {
        self.number
    }

    /// What it holds.
    pub fn kind(&self) -> ColumnKind {
        self.kind
    }

    /// Its heading, e.g. "Thi hành xong".
    pub fn heading(&self) -> &str {
        &self.heading
    }
}

/// One row of a form's tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// The case type's code, e.g. `active.civil`.
    pub(crate) code: String,
    /// The parent row's index in the template.
    pub(crate) parent: Option<usize>,
    /// The children's indexes, in order.
    pub(crate) children: Vec<usize>,
    /// The first label, as messages name the row.
    pub(crate) label: String,
    /// The keys (`names::label_key`) of every accepted label.
    pub(crate) keys: Vec<String>,
}

impl Node {
    /// Whether values are stored for this row.
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }

    /// The case type's code, e.g. `active.civil` (`total` for the first row).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The row's first label, without numbering, e.g. "Dân sự".
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The parent row's index in [`Template::rows`]; `None` for the first row.
    pub fn parent(&self) -> Option<usize> {
        self.parent
    }

    /// The children's indexes in [`Template::rows`], in the order of the form.
    pub fn children(&self) -> &[usize] {
        &self.children
    }
}

/// The layout of one version of one form.
#[derive(Debug, Clone)]
pub struct Template {
    form: Form,
    name: String,
    recognisers: Vec<(String, Words)>,
    /// The numbered columns, by number.
    pub(crate) columns: Vec<Column>,
    /// The rows' tree, parents before children, in the order of the form.
    pub(crate) rows: Vec<Node>,
}

impl Template {
    /// The templates shipped with thads: Mẫu số 01/TK-THA and Mẫu số 02/TK-THA.
    pub fn defaults() -> Result<Vec<Template>, TemplateError> {
        DEFAULTS.iter().map(|t| Template::from_toml(t)).collect()
    }

    /// Reads a template from TOML and checks that it is consistent.
    pub fn from_toml(text: &str) -> Result<Template, TemplateError> {
        let file: TemplateFile = toml::from_str(text).map_err(|e| TemplateError {
            template: "(unnamed)".to_owned(),
            problem: e.to_string(),
        })?;
        let name = file.name.clone();
        build(file).map_err(|problem| TemplateError {
            template: name,
            problem,
        })
    }

    /// The form this template reads.
    pub fn form(&self) -> Form {
        self.form
    }

    /// The template's name, e.g. "Mẫu số 01/TK-THA".
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The numbered columns, by number.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The rows' tree, parents before children, in the order of the form.
    pub fn rows(&self) -> &[Node] {
        &self.rows
    }

    /// The codes of the rows whose values are stored, in order.
    pub fn leaf_codes(&self) -> impl Iterator<Item = &str> {
        self.rows
            .iter()
            .filter(|n| n.is_leaf())
            .map(|n| n.code.as_str())
    }

    /// Whether a header text names this form (its code or its title).
    pub(crate) fn is_named_in(&self, words: &[String]) -> bool {
        self.recognisers
            .iter()
            .any(|(_, w)| text::contains(words, w))
    }

    /// The codes and titles that recognise the form, as written in the template.
    pub(crate) fn recognisers(&self) -> impl Iterator<Item = &str> {
        self.recognisers.iter().map(|(t, _)| t.as_str())
    }

    /// The column printed with this number.
    pub(crate) fn column(&self, number: u16) -> Option<&Column> {
        self.columns.iter().find(|c| c.number == number)
    }
}

fn build(file: TemplateFile) -> Result<Template, String> {
    if file.name.trim().is_empty() {
        return Err("the name is empty".to_owned());
    }
    let recognisers: Vec<(String, Words)> = file
        .codes
        .iter()
        .chain(&file.titles)
        .map(|t| (t.clone(), text::words(t)))
        .collect();
    if recognisers.is_empty() || recognisers.iter().any(|(_, w)| w.is_empty()) {
        return Err("it needs at least one code or title, none of them empty".to_owned());
    }
    let columns = build_columns(file.form, &file.columns)?;
    let rows = build_rows(&file.rows)?;
    Ok(Template {
        form: file.form,
        name: file.name,
        recognisers,
        columns,
        rows,
    })
}

fn build_columns(form: Form, files: &[ColumnFile]) -> Result<Vec<Column>, String> {
    let mut columns: Vec<Column> = Vec::with_capacity(files.len());
    for c in files {
        if c.number == 0 || columns.iter().any(|o| o.number == c.number) {
            return Err(format!("column number {} is 0 or used twice", c.number));
        }
        let kind = match (c.field.as_str(), Field::from_key(&c.field)) {
            ("rate", _) => ColumnKind::Rate,
            (_, Some(f)) if f.in_form(form) => ColumnKind::Field(f),
            _ => {
                return Err(format!(
                    "column {}: no field {:?} in the {form} form",
                    c.number, c.field
                ));
            }
        };
        if columns.iter().any(|o| o.kind == kind) {
            return Err(format!("column {}: {:?} appears twice", c.number, c.field));
        }
        let keywords = if c.keywords.is_empty() {
            vec![text::words(&c.heading)]
        } else {
            c.keywords.iter().map(|k| text::words(k)).collect()
        };
        if keywords.iter().any(Vec::is_empty) {
            return Err(format!("column {}: an empty keyword", c.number));
        }
        columns.push(Column {
            number: c.number,
            kind,
            heading: c.heading.clone(),
            keywords,
        });
    }
    if let Some(missing) =
        Field::of_form(form).find(|f| !columns.iter().any(|c| c.kind == ColumnKind::Field(*f)))
    {
        return Err(format!("no column holds {missing}"));
    }
    columns.sort_by_key(|c| c.number);
    Ok(columns)
}

fn build_rows(files: &[RowFile]) -> Result<Vec<Node>, String> {
    let mut rows: Vec<Node> = Vec::with_capacity(files.len());
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, r) in files.iter().enumerate() {
        if r.code.trim().is_empty() || index.insert(&r.code, i).is_some() {
            return Err(format!("row code {:?} is empty or used twice", r.code));
        }
        let parent = match (&r.parent, i) {
            (None, 0) => None,
            (Some(p), i) if i > 0 => Some(
                *index
                    .get(p.as_str())
                    .filter(|&&at| at < i)
                    .ok_or_else(|| format!("row {}: parent {p:?} is not a row above it", r.code))?,
            ),
            _ => return Err(format!("row {}: only the first row has no parent", r.code)),
        };
        let keys: Vec<String> = r.labels.iter().map(|l| names::label_key(l)).collect();
        let Some(label) = r
            .labels
            .first()
            .filter(|_| keys.iter().all(|k| !k.is_empty()))
        else {
            return Err(format!("row {}: needs labels, none of them empty", r.code));
        };
        if let Some(p) = parent {
            rows[p].children.push(i);
        }
        rows.push(Node {
            code: r.code.clone(),
            parent,
            children: Vec::new(),
            label: label.clone(),
            keys,
        });
    }
    check_labels(&rows)?;
    Ok(rows)
}

/// A label may repeat only between leaves of different parents: the group row above a leaf
/// tells which one it is, so group rows must be recognisable on their own.
fn check_labels(rows: &[Node]) -> Result<(), String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, node) in rows.iter().enumerate() {
        let own: HashSet<&str> = node.keys.iter().map(String::as_str).collect();
        for key in own {
            if let Some(&j) = seen.get(key) {
                let other = &rows[j];
                let both_leaves = node.is_leaf() && other.is_leaf();
                if !both_leaves || other.parent == node.parent {
                    return Err(format!(
                        "rows {} and {} share the label {key:?}",
                        other.code, node.code
                    ));
                }
            }
            seen.insert(key, i);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Vec<Template> {
        Template::defaults().unwrap()
    }

    #[test]
    fn the_shipped_templates_read_and_agree_with_the_domain() {
        let templates = defaults();
        assert_eq!(templates.len(), 2);
        for t in &templates {
            let fields: Vec<Field> = t
                .columns
                .iter()
                .filter_map(|c| match c.kind {
                    ColumnKind::Field(f) => Some(f),
                    ColumnKind::Rate => None,
                })
                .collect();
            assert_eq!(
                fields,
                Field::of_form(t.form()).collect::<Vec<_>>(),
                "{}",
                t.name()
            );
            let numbers: Vec<u16> = t.columns.iter().map(|c| c.number).collect();
            let expected: Vec<u16> = (1..=numbers.len() as u16).collect();
            assert_eq!(numbers, expected, "{}", t.name());
            let leaves: Vec<&str> = t.leaf_codes().collect();
            assert_eq!(leaves.len(), 16);
            assert_eq!(leaves[0], "active.criminal");
            assert_eq!(leaves[15], "on_request.other");
            assert_eq!(t.rows[0].code, "total");
            assert_eq!(t.rows[0].children.len(), 2);
        }
        let (cases, money) = (&templates[0], &templates[1]);
        assert_eq!(cases.form(), Form::Cases);
        assert_eq!(money.form(), Form::Money);
        assert_eq!(cases.column(15).unwrap().kind, ColumnKind::Rate);
        assert_eq!(money.column(16).unwrap().kind, ColumnKind::Rate);
        assert_eq!(
            money.column(10).unwrap().kind,
            ColumnKind::Field(Field::Reduced)
        );
        assert_eq!(
            money.column(17).unwrap().kind,
            ColumnKind::Field(Field::CarriedForward)
        );
    }

    #[test]
    fn templates_recognise_their_own_header_only() {
        let templates = defaults();
        let named = |t: &Template, text: &str| t.is_named_in(&text::words(text));
        assert!(named(&templates[0], "Mẫu số 01/TK-THA"));
        assert!(named(
            &templates[0],
            "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG VIỆC"
        ));
        assert!(!named(
            &templates[0],
            "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG TIỀN"
        ));
        assert!(named(&templates[1], "Mẫu số: 02/TK-THA"));
        assert!(!named(&templates[1], "Mẫu số 01/TK-THA"));
    }

    #[test]
    fn the_row_tree_accepts_the_usual_spellings() {
        let t = &defaults()[0];
        let codes_of = |label: &str| -> Vec<&str> {
            let key = names::label_key(label);
            t.rows
                .iter()
                .filter(|n| n.keys.contains(&key))
                .map(|n| n.code.as_str())
                .collect()
        };
        assert_eq!(codes_of("I- CHỦ ĐỘNG"), ["active"]);
        assert_eq!(codes_of("II. Theo đơn yêu cầu"), ["on_request"]);
        assert_eq!(
            codes_of("4. Kinh doanh thương mại"),
            ["active.commercial", "on_request.commercial"]
        );
        assert_eq!(
            codes_of("3. Hôn nhân gia đình"),
            ["active.family", "on_request.family"]
        );
        assert_eq!(codes_of("Tổng số"), ["total"]);
        assert!(codes_of("Trong đó").is_empty());
    }

    fn minimal(columns: &str, rows: &str) -> String {
        format!("form = \"cases\"\nname = \"T\"\ncodes = [\"01/TK-THA\"]\n{columns}\n{rows}")
    }

    fn all_columns(skip: &str) -> String {
        Field::of_form(Form::Cases)
            .filter(|f| f.key() != skip)
            .enumerate()
            .map(|(i, f)| {
                format!(
                    "[[columns]]\nnumber = {}\nfield = \"{}\"\nheading = \"{}\"\n",
                    i + 1,
                    f.key(),
                    f.heading()
                )
            })
            .collect()
    }

    const ROWS: &str = "[[rows]]\ncode = \"total\"\nlabels = [\"Tổng số\"]\n\
        [[rows]]\ncode = \"a\"\nparent = \"total\"\nlabels = [\"A\"]\n";

    #[test]
    fn inconsistent_templates_are_refused() {
        assert!(Template::from_toml(&minimal(&all_columns(""), ROWS)).is_ok());
        let missing = Template::from_toml(&minimal(&all_columns("completed"), ROWS)).unwrap_err();
        assert_eq!(missing.problem, "no column holds completed");
        let reduced =
            all_columns("") + "[[columns]]\nnumber = 99\nfield = \"reduced\"\nheading = \"G\"\n";
        assert!(Template::from_toml(&minimal(&reduced, ROWS)).is_err());
        let orphan =
            format!("{ROWS}[[rows]]\ncode = \"b\"\nparent = \"nowhere\"\nlabels = [\"B\"]\n");
        assert!(Template::from_toml(&minimal(&all_columns(""), &orphan)).is_err());
        let twins = format!("{ROWS}[[rows]]\ncode = \"b\"\nparent = \"total\"\nlabels = [\"a\"]\n");
        assert!(Template::from_toml(&minimal(&all_columns(""), &twins)).is_err());
        assert!(Template::from_toml("form = \"stock\"").is_err());
    }
}
