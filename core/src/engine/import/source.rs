//! An import's source: the file or the text, decoded to UTF-8 (a byte order mark skipped, GBK decoded natively), read as CSV records or JSON lines one row at a time.

use std::cell::Cell as Counter;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::domain::error::ErrorCode;
use crate::domain::import::{ImportFormat, ImportRequest, RowError, TextEncoding, delimiter};
use crate::engine::{EngineError, EngineResult};

/// The bytes to import, how many there are, and the file's name.
pub(crate) struct Source<'a> {
    pub reader: Box<dyn Read + 'a>,
    pub size: u64,
    pub name: Option<String>,
}

/// Opens the request's file or text (exactly one of them).
pub(crate) fn open(req: &ImportRequest) -> EngineResult<Source<'_>> {
    match (&req.path, &req.text) {
        (Some(path), None) => open_file(path),
        (None, Some(text)) => Ok(Source { reader: Box::new(text.as_bytes()), size: text.len() as u64, name: None }),
        _ => Err(EngineError::validation("path", "give exactly one of path and text")),
    }
}

#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
fn open_file(path: &str) -> EngineResult<Source<'static>> {
    // A file the request names that cannot be read is the request's fault (`validation`), not a failure
    // of the engine's own files (`io`, which goes to the host's error log).
    let cannot =
        || EngineError::validation("path", "the file cannot be opened for reading (no such file, or no permission)");
    let file = std::fs::File::open(path).map_err(|_| cannot())?;
    let meta = file.metadata().map_err(|_| cannot())?;
    if !meta.is_file() {
        return Err(EngineError::validation("path", "is not a file"));
    }
    let name = std::path::Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned());
    Ok(Source { reader: Box::new(file), size: meta.len(), name })
}

#[cfg(all(target_family = "wasm", target_os = "unknown"))]
fn open_file(_path: &str) -> EngineResult<Source<'static>> {
    Err(EngineError::validation("path", "a browser has no files to open: pass the file's content as text"))
}

/// Counts the bytes read through it (an import's progress in its source).
pub(crate) struct Counted<R> {
    inner: R,
    read: Rc<Counter<u64>>,
}

impl<R: Read> Counted<R> {
    pub(crate) fn new(inner: R) -> (Self, Rc<Counter<u64>>) {
        let read = Rc::new(Counter::new(0));
        (Counted { inner, read: read.clone() }, read)
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// The source as UTF-8: a UTF-8 byte order mark is skipped; GBK and GB18030 are decoded (native builds).
pub(crate) fn decoded<'a>(reader: impl Read + 'a, encoding: TextEncoding) -> EngineResult<Box<dyn Read + 'a>> {
    match encoding {
        TextEncoding::Utf8 => Ok(Box::new(SkipBom { inner: reader, checked: false, held: Vec::new() })),
        TextEncoding::Gbk | TextEncoding::Gb18030 => gb18030(reader),
    }
}

#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
fn gb18030<'a>(reader: impl Read + 'a) -> EngineResult<Box<dyn Read + 'a>> {
    Ok(Box::new(GbDecoder::new(reader)))
}

#[cfg(all(target_family = "wasm", target_os = "unknown"))]
fn gb18030<'a>(_reader: impl Read + 'a) -> EngineResult<Box<dyn Read + 'a>> {
    Err(EngineError::validation(
        "encoding",
        "decode GBK in the browser (new TextDecoder(\"gbk\")) and pass the text as UTF-8",
    ))
}

/// Skips a UTF-8 byte order mark at the start.
struct SkipBom<R> {
    inner: R,
    checked: bool,
    held: Vec<u8>,
}

impl<R: Read> Read for SkipBom<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.checked {
            self.checked = true;
            let mut head = [0u8; 3];
            let mut got = 0;
            while got < 3 {
                match self.inner.read(&mut head[got..])? {
                    0 => break,
                    n => got += n,
                }
            }
            if head[..got] != [0xEF, 0xBB, 0xBF] {
                self.held = head[..got].to_vec();
            }
        }
        if !self.held.is_empty() {
            let n = self.held.len().min(buf.len());
            buf[..n].copy_from_slice(&self.held[..n]);
            self.held.drain(..n);
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// GB18030 (a superset of GBK) decoded to UTF-8 as it is read; a malformed byte sequence fails the read
/// with `InvalidData`, naming the line.
#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
struct GbDecoder<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    finished: bool,
    output: Vec<u8>,
    out_pos: usize,
    lines: u64,
}

#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
impl<R: Read> GbDecoder<R> {
    fn new(inner: R) -> Self {
        GbDecoder {
            inner,
            decoder: encoding_rs::GB18030.new_decoder_without_bom_handling(),
            input: vec![0; 64 * 1024],
            start: 0,
            end: 0,
            eof: false,
            finished: false,
            output: Vec::new(),
            out_pos: 0,
            lines: 1,
        }
    }
}

#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
impl<R: Read> Read for GbDecoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use encoding_rs::DecoderResult;
        loop {
            if self.out_pos < self.output.len() {
                let n = (self.output.len() - self.out_pos).min(buf.len());
                buf[..n].copy_from_slice(&self.output[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                return Ok(n);
            }
            if self.finished {
                return Ok(0);
            }
            if self.start == self.end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.eof = n == 0;
                self.start = 0;
                self.end = n;
            }
            let pending = &self.input[self.start..self.end];
            let room =
                self.decoder.max_utf8_buffer_length_without_replacement(pending.len()).unwrap_or(pending.len() * 4);
            self.output.resize(room.max(16), 0);
            let (result, read, written) =
                self.decoder.decode_to_utf8_without_replacement(pending, &mut self.output, self.eof);
            self.start += read;
            self.output.truncate(written);
            self.out_pos = 0;
            match result {
                DecoderResult::InputEmpty if self.eof => self.finished = true,
                DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
                DecoderResult::Malformed(..) => {
                    let line = self.lines + self.output.iter().filter(|b| **b == b'\n').count() as u64;
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("line {line} is not valid GBK/GB18030 text"),
                    ));
                }
            }
            self.lines += self.output.iter().filter(|b| **b == b'\n').count() as u64;
        }
    }
}

/// One data row: its number from 1 and its values.
pub(crate) struct RawRow {
    pub row: u64,
    pub values: Values,
}

pub(crate) enum Values {
    Csv(csv::StringRecord),
    Json(Map<String, Value>),
}

/// The rows of a CSV file (after its header) or of a JSON-lines file.
pub(crate) enum Rows<'a> {
    Csv { reader: csv::Reader<Box<dyn Read + 'a>>, headers: Vec<String>, row: u64 },
    Jsonl { lines: io::Lines<BufReader<Box<dyn Read + 'a>>>, row: u64 },
}

/// What stops reading a row: a row the import reports (ragged, not an object), or a source that cannot be
/// read at all (not UTF-8, not GBK, an I/O failure), which refuses the whole import.
pub(crate) enum RowFailure {
    Row(RowError),
    Source(EngineError),
}

impl<'a> Rows<'a> {
    /// Starts reading: a CSV file's header row is read here.
    pub(crate) fn start(reader: Box<dyn Read + 'a>, req: &ImportRequest) -> EngineResult<Rows<'a>> {
        match req.format {
            ImportFormat::Csv => {
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(delimiter(req.delimiter.as_deref())?)
                    .has_headers(true)
                    .flexible(false)
                    .from_reader(reader);
                let headers = match reader.headers() {
                    Ok(h) => h.iter().map(|h| h.trim().to_string()).collect::<Vec<_>>(),
                    Err(e) => return Err(unreadable(source_field(req), &e)),
                };
                if headers.iter().all(String::is_empty) {
                    return Err(EngineError::validation(source_field(req), "the file has no header row"));
                }
                Ok(Rows::Csv { reader, headers, row: 0 })
            }
            ImportFormat::Jsonl => Ok(Rows::Jsonl { lines: BufReader::new(reader).lines(), row: 0 }),
        }
    }

    /// The CSV header's columns (JSON lines have none: each object names its own).
    pub(crate) fn headers(&self) -> Option<&[String]> {
        match self {
            Rows::Csv { headers, .. } => Some(headers),
            Rows::Jsonl { .. } => None,
        }
    }

    /// The next row, `None` at the end.
    pub(crate) fn next(&mut self, field: &str) -> Option<Result<RawRow, RowFailure>> {
        match self {
            Rows::Csv { reader, row, .. } => {
                let mut record = csv::StringRecord::new();
                match reader.read_record(&mut record) {
                    Ok(false) => None,
                    Ok(true) => {
                        *row += 1;
                        Some(Ok(RawRow { row: *row, values: Values::Csv(record) }))
                    }
                    Err(e) => {
                        *row += 1;
                        match e.kind() {
                            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                                Some(Err(RowFailure::Row(RowError {
                                    row: *row,
                                    column: None,
                                    field: None,
                                    code: ErrorCode::Validation,
                                    message: format!("has {len} fields where the header has {expected_len}"),
                                })))
                            }
                            _ => Some(Err(RowFailure::Source(unreadable(field, &e)))),
                        }
                    }
                }
            }
            Rows::Jsonl { lines, row } => loop {
                let line = match lines.next()? {
                    Ok(line) => line,
                    Err(e) => return Some(Err(RowFailure::Source(unreadable_io(field, &e, *row + 1)))),
                };
                *row += 1;
                if line.trim().is_empty() {
                    continue;
                }
                return Some(match serde_json::from_str::<Map<String, Value>>(&line) {
                    Ok(object) => Ok(RawRow { row: *row, values: Values::Json(object) }),
                    Err(_) => Err(RowFailure::Row(RowError {
                        row: *row,
                        column: None,
                        field: None,
                        code: ErrorCode::Validation,
                        message: "is not a JSON object on one line".into(),
                    })),
                });
            },
        }
    }
}

/// The request's field the source came from (`path` or `text`).
pub(crate) fn source_field(req: &ImportRequest) -> &'static str {
    if req.path.is_some() { "path" } else { "text" }
}

/// A CSV source that cannot be read as text: not UTF-8 (or not the encoding given), or an I/O failure.
fn unreadable(field: &str, e: &csv::Error) -> EngineError {
    let line = e.position().map_or(0, csv::Position::line);
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => EngineError::validation(
            field,
            format!("line {line} is not valid UTF-8 text (a GBK file needs \"encoding\": \"gbk\")"),
        ),
        csv::ErrorKind::Io(io) => unreadable_io(field, io, line),
        _ => EngineError::validation(field, format!("line {line} cannot be read as CSV")),
    }
}

fn unreadable_io(field: &str, e: &io::Error, line: u64) -> EngineError {
    if e.kind() == io::ErrorKind::InvalidData {
        let detail = e.get_ref().map(ToString::to_string);
        let message = match detail {
            Some(d) if d.starts_with("line ") => d,
            _ => format!("line {line} is not valid UTF-8 text (a GBK file needs \"encoding\": \"gbk\")"),
        };
        EngineError::validation(field, message)
    } else {
        EngineError::refused(ErrorCode::Io, "the file could not be read to its end").with_field(field.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(r: &mut dyn Read) -> io::Result<String> {
        let mut s = String::new();
        r.read_to_string(&mut s)?;
        Ok(s)
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_short_sources_pass_whole() {
        let mut with = decoded(&b"\xEF\xBB\xBFname\nA\n"[..], TextEncoding::Utf8).unwrap();
        assert_eq!(read_all(&mut with).unwrap(), "name\nA\n");
        let mut short = decoded(&b"ab"[..], TextEncoding::Utf8).unwrap();
        assert_eq!(read_all(&mut short).unwrap(), "ab");
    }

    #[test]
    fn gbk_is_decoded_and_bad_bytes_name_their_line() {
        let (bytes, _, _) = encoding_rs::GBK.encode("名称\n华强电子\n");
        let mut r = decoded(&bytes[..], TextEncoding::Gbk).unwrap();
        assert_eq!(read_all(&mut r).unwrap(), "名称\n华强电子\n");
        let mut bad = bytes.to_vec();
        bad.extend_from_slice(b"ok\n\x81\x20\n");
        let err = read_all(&mut decoded(&bad[..], TextEncoding::Gbk).unwrap()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("line 4"), "{err}");
    }
}
