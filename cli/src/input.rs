//! Reading definitions from files or standard input.

use std::io::Read;

use sfn_codegen::source::position_of;
use sfn_codegen::{rules, Diagnostic, Path};

/// Where a definition comes from: a file, or standard input when the argument is `-`.
#[derive(Debug, Clone)]
pub struct Source {
    /// The argument as given (`-` for standard input).
    pub arg: String,
}

impl Source {
    pub fn new(arg: &str) -> Source {
        Source {
            arg: arg.to_string(),
        }
    }

    pub fn is_stdin(&self) -> bool {
        self.arg == "-"
    }

    /// The name shown in messages.
    pub fn display(&self) -> &str {
        if self.is_stdin() {
            "<stdin>"
        } else {
            &self.arg
        }
    }
}

/// A definition read as text, or text that could not be decoded (still shown in snippets).
pub enum Loaded {
    Text(String),
    /// Not usable as JSON text (not UTF-8, or a leading byte order mark): the text, decoded
    /// lossily, and the diagnostic saying why.
    Rejected(String, Box<Diagnostic>),
}

/// Reads the whole input. `Err` carries a message for an input that cannot be read at all
/// (missing file, directory, permission); that is exit code 2, not a diagnostic.
pub fn load(source: &Source) -> Result<Loaded, String> {
    let mut bytes = Vec::new();
    let result = if source.is_stdin() {
        if let Some(bytes) = crate::captured_stdin() {
            return Ok(decode(bytes));
        }
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(&source.arg).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    if let Err(e) = result {
        return Err(format!("cannot read {}: {e}", source.display()));
    }
    Ok(decode(bytes))
}

fn decode(bytes: Vec<u8>) -> Loaded {
    match String::from_utf8(bytes) {
        Ok(text) if text.starts_with('\u{feff}') => {
            let mut d = rules::invalid_json::RULE
                .at(
                    Path::root(),
                    "The definition starts with a byte order mark (U+FEFF), which strict JSON does not allow.",
                )
                .with_hint("Save the file as UTF-8 without a byte order mark.");
            d.position = Some(position_of(&text, 0));
            Loaded::Rejected(text, Box::new(d))
        }
        Ok(text) => Loaded::Text(text),
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid_up_to]);
            let mut d = rules::invalid_json::RULE
                .at(
                    Path::root(),
                    format!(
                        "The definition is not UTF-8 text (invalid byte at offset {valid_up_to})."
                    ),
                )
                .with_hint("Save the file as UTF-8 text; JSON definitions must be UTF-8.");
            d.position = Some(position_of(&prefix, prefix.len()));
            Loaded::Rejected(String::from_utf8_lossy(&bytes).into_owned(), Box::new(d))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_a_located_diagnostic() {
        match decode(b"{\n  \"a\": \"\xff\"\n}".to_vec()) {
            Loaded::Rejected(text, d) => {
                assert!(text.contains('\u{fffd}'));
                assert_eq!(d.code(), "ASL001");
                let p = d
                    .position
                    .unwrap_or(sfn_codegen::Position { line: 0, column: 0 });
                assert_eq!((p.line, p.column), (2, 9));
            }
            Loaded::Text(_) => panic!("decoded invalid UTF-8"),
        }
        assert!(matches!(
            decode(b"\xef\xbb\xbf{}".to_vec()),
            Loaded::Rejected(..)
        ));
        assert!(matches!(decode(b"{}".to_vec()), Loaded::Text(_)));
    }
}
