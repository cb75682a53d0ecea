//! An import's plan: which source column fills which field, checked once against the file's header, and each row turned into the cells its draft is read from.

use serde_json::Value;

use super::source::{RawRow, Values};
use super::{Ctx, EngineError, EngineResult, kinds};
use crate::domain::custom_fields::{self, CustomFieldDef, CustomFieldType};
use crate::domain::error::ErrorCode;
use crate::domain::import::cells::{Cell, CellError};
use crate::domain::import::{ImportKind, ImportRequest, RowError, Target, parse_target, reformat_date};

/// Where a mapped value comes from: a CSV column's position, or a JSON line's key.
enum From {
    Index(usize),
    Key(String),
}

struct Mapped {
    from: From,
    column: String,
    target: Target,
}

/// The mapping checked against the kind's fields, the custom fields and the file's header.
pub(crate) struct Plan {
    kind: ImportKind,
    mapped: Vec<Mapped>,
    /// JSON lines without a mapping: each key fills the field of its name, checked per row.
    identity_keys: bool,
    constants: Vec<(Target, Value)>,
    date_format: Option<String>,
    defs: Vec<CustomFieldDef>,
    fields: crate::domain::import::DraftFields,
}

impl Plan {
    pub(crate) fn new(cx: &Ctx<'_>, req: &ImportRequest, headers: Option<&[String]>) -> EngineResult<Plan> {
        let fields = kinds::fields_of(req.entity);
        let defs = if fields.fields.contains(&"custom") {
            cx.tx.custom_field_defs(req.entity.entity())?.into_iter().filter(|d| d.archived_at.is_none()).collect()
        } else {
            Vec::new()
        };
        let keys: Vec<String> = defs.iter().map(|d: &CustomFieldDef| d.key.clone()).collect();
        let mut mapped = Vec::new();
        let identity = req.mapping.columns.is_empty();
        if identity {
            for (i, h) in headers.unwrap_or_default().iter().enumerate() {
                if h.is_empty() {
                    continue;
                }
                let target = parse_target("mapping.columns", h, &fields, &keys).map_err(|_| {
                    EngineError::validation(
                        "mapping.columns",
                        format!("column {} of the file names no field of the record: map it in mapping.columns", i + 1),
                    )
                })?;
                mapped.push(Mapped { from: From::Index(i), column: h.clone(), target });
            }
        } else {
            for (column, field) in &req.mapping.columns {
                let at = format!("mapping.columns.{column}");
                let target = parse_target(&at, field, &fields, &keys)?;
                let from = match headers {
                    Some(h) => From::Index(
                        h.iter()
                            .position(|c| c == column)
                            .ok_or_else(|| EngineError::validation(at.clone(), "is not a column of the file"))?,
                    ),
                    None => From::Key(column.clone()),
                };
                mapped.push(Mapped { from, column: column.clone(), target });
            }
        }
        let mut seen = std::collections::HashSet::new();
        for m in &mapped {
            if !seen.insert(m.target.name()) {
                return Err(EngineError::validation(
                    format!("mapping.columns.{}", m.column),
                    "fills a field another column fills too",
                ));
            }
        }
        let mut constants = Vec::new();
        for (key, value) in &req.mapping.constants {
            let target = parse_target(&format!("mapping.constants.{key}"), key, &fields, &keys)?;
            constants.push((target, value.clone()));
        }
        Ok(Plan {
            kind: req.entity,
            mapped,
            identity_keys: identity && headers.is_none(),
            constants,
            date_format: req.mapping.date_format.clone(),
            defs,
            fields,
        })
    }

    /// Takes a row: most kinds give its cells at once; orders gather consecutive rows with the same
    /// `external_ref` into one order with a line per row, given when the next order starts.
    pub(crate) fn take(&self, group: &mut Group, raw: RawRow) -> Vec<Result<(u64, Cell), RowError>> {
        let row = raw.row;
        let values = match self.values(&raw) {
            Ok(v) => v,
            Err(e) => {
                let mut out = group.flush();
                out.push(Err(e));
                return out;
            }
        };
        if self.kind != ImportKind::Orders {
            return vec![Ok((row, assemble(values, None)))];
        }
        let (order, line): (Vec<_>, Vec<_>) = values.into_iter().partition(|(t, _)| !matches!(t, Target::Line(_)));
        let key = order.iter().find_map(|(t, c)| match (t, c) {
            (Target::Field(f), Cell::Text(s)) if f == "external_ref" => Some(s.clone()),
            (Target::Field(f), Cell::Json(Value::String(s))) if f == "external_ref" => Some(s.clone()),
            _ => None,
        });
        let line = (!line.is_empty()).then(|| {
            Cell::Map(line.into_iter().map(|(t, c)| (t.name().trim_start_matches("lines.").to_string(), c)).collect())
        });
        let mut out = Vec::new();
        if group.open.as_ref().is_none_or(|g| key.is_none() || g.key != key) {
            out = group.flush();
            group.open = Some(OpenOrder { row, key, order, lines: Vec::new() });
        }
        if let (Some(g), Some(line)) = (group.open.as_mut(), line) {
            g.lines.push(line);
        }
        out
    }

    /// A row's mapped values, with constants for what the row left empty.
    fn values(&self, raw: &RawRow) -> Result<Vec<(Target, Cell)>, RowError> {
        let mut out: Vec<(Target, Cell)> = Vec::with_capacity(self.mapped.len() + self.constants.len());
        match &raw.values {
            Values::Csv(record) => {
                for m in &self.mapped {
                    let From::Index(i) = m.from else { continue };
                    let text = record.get(i).unwrap_or("").trim();
                    if text.is_empty() {
                        continue;
                    }
                    out.push((m.target.clone(), self.text_cell(raw.row, m, text)?));
                }
            }
            Values::Json(object) if self.identity_keys => {
                for (key, value) in object {
                    let target = parse_target(key, key, &self.fields, &self.custom_keys()).map_err(|e| RowError {
                        row: raw.row,
                        column: Some(key.clone()),
                        field: None,
                        code: ErrorCode::Validation,
                        message: e.message().to_string(),
                    })?;
                    out.push((target, Cell::Json(value.clone())));
                }
            }
            Values::Json(object) => {
                for m in &self.mapped {
                    let From::Key(k) = &m.from else { continue };
                    match object.get(k) {
                        None => {}
                        Some(Value::String(s)) => out.push((m.target.clone(), self.text_cell(raw.row, m, s)?)),
                        Some(v) => out.push((m.target.clone(), Cell::Json(v.clone()))),
                    }
                }
            }
        }
        for (target, value) in &self.constants {
            if !out.iter().any(|(t, _)| t == target) {
                out.push((target.clone(), Cell::Json(value.clone())));
            }
        }
        Ok(out)
    }

    fn custom_keys(&self) -> Vec<String> {
        self.defs.iter().map(|d| d.key.clone()).collect()
    }

    /// A text cell as its field takes it: a date rewritten from `date_format`, a custom value typed.
    fn text_cell(&self, row: u64, m: &Mapped, text: &str) -> Result<Cell, RowError> {
        let err = |e: crate::domain::error::DomainError| RowError {
            row,
            column: Some(m.column.clone()),
            field: Some(m.target.name()),
            code: e.code(),
            message: e.message().to_string(),
        };
        match &m.target {
            Target::Field(f) if self.kind.date_fields().contains(&f.as_str()) => match &self.date_format {
                Some(format) => Ok(Cell::Text(reformat_date(f, text, format).map_err(err)?)),
                None => Ok(Cell::Text(text.to_string())),
            },
            Target::Custom(key) => {
                let Some(def) = self.defs.iter().find(|d| &d.key == key) else {
                    return Ok(Cell::Text(text.to_string()));
                };
                let text = match (&self.date_format, def.field_type) {
                    (Some(format), CustomFieldType::Date) => {
                        reformat_date(&m.target.name(), text, format).map_err(err)?
                    }
                    _ => text.to_string(),
                };
                Ok(Cell::Json(custom_fields::filter_value_matches(def, &text).map_err(err)?))
            }
            _ => Ok(Cell::Text(text.to_string())),
        }
    }

    /// The source column a field of the draft came from, if one did.
    fn column_of(&self, field: &str) -> Option<String> {
        self.mapped
            .iter()
            .find(|m| {
                let name = m.target.name();
                field == name || field.starts_with(&format!("{name}.")) || field.starts_with(&format!("{name}["))
            })
            .map(|m| m.column.clone())
            .or_else(|| {
                // An order line's field: `lines[2].quantity` came from the column mapped to `lines.quantity`.
                let (head, rest) = field.split_once("].")?;
                let name = format!("lines.{rest}");
                head.starts_with("lines[")
                    .then(|| self.mapped.iter().find(|m| m.target.name() == name))?
                    .map(|m| m.column.clone())
            })
    }

    /// A row whose cells did not read into the draft.
    pub(crate) fn cell_error(&self, row: u64, e: CellError) -> RowError {
        RowError {
            row,
            column: e.field.as_deref().and_then(|f| self.column_of(f)),
            field: e.field,
            code: ErrorCode::Validation,
            message: e.message,
        }
    }

    /// A row the kind's own write refused.
    pub(crate) fn engine_error(&self, row: u64, e: &EngineError) -> RowError {
        let field = e.field().map(str::to_string);
        RowError {
            row,
            column: field.as_deref().and_then(|f| self.column_of(f)),
            field,
            code: e.code(),
            message: e.public_message(),
        }
    }
}

/// The top-level cells of a record, its custom values gathered under `custom` and its lines under `lines`.
fn assemble(values: Vec<(Target, Cell)>, lines: Option<Vec<Cell>>) -> Cell {
    let mut top = Vec::with_capacity(values.len() + 2);
    let mut custom = Vec::new();
    for (target, cell) in values {
        match target {
            Target::Field(f) => top.push((f, cell)),
            Target::Custom(k) => custom.push((k, cell)),
            Target::Line(_) => {}
        }
    }
    if !custom.is_empty() {
        top.push(("custom".to_string(), Cell::Map(custom)));
    }
    if let Some(lines) = lines.filter(|l| !l.is_empty()) {
        top.push(("lines".to_string(), Cell::Seq(lines)));
    }
    Cell::Map(top)
}

/// The order being gathered from consecutive rows.
#[derive(Default)]
pub(crate) struct Group {
    open: Option<OpenOrder>,
}

struct OpenOrder {
    row: u64,
    key: Option<String>,
    order: Vec<(Target, Cell)>,
    lines: Vec<Cell>,
}

impl Group {
    /// The order gathered so far, as one record's cells.
    pub(crate) fn flush(&mut self) -> Vec<Result<(u64, Cell), RowError>> {
        match self.open.take() {
            None => Vec::new(),
            Some(g) => vec![Ok((g.row, assemble(g.order, Some(g.lines))))],
        }
    }
}
