//! Byte offsets <-> lines and columns in a definition's text, built once per text so that
//! reporting any number of problems stays linear: each lookup is a binary search plus a scan of
//! at most [`BLOCK`] bytes, whatever the length of the line (minified definitions are one line).

use crate::diagnostic::Position;

/// Bytes between two character-count checkpoints.
const BLOCK: usize = 1024;

/// Line starts and character-count checkpoints of one text.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of the start of every line; the first is 0.
    starts: Vec<usize>,
    /// `chars[k]`: the number of characters in `text[..k * BLOCK]` (at a character boundary at or
    /// after that byte, see [`LineIndex::block_start`]).
    chars: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0;
        let mut at = 0;
        for k in 0..=bytes.len() / BLOCK {
            let start = Self::boundary(text, k * BLOCK);
            count += text[at..start].chars().count();
            chars.push(count);
            at = start;
        }
        LineIndex {
            text,
            starts,
            chars,
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The first character boundary at or after `byte`.
    fn boundary(text: &str, byte: usize) -> usize {
        let mut b = byte.min(text.len());
        while !text.is_char_boundary(b) {
            b += 1;
        }
        b
    }

    fn block_start(&self, k: usize) -> usize {
        Self::boundary(self.text, k * BLOCK)
    }

    /// Characters in `text[..offset]` (`offset` clamped to the text and moved back to a
    /// character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let mut k = offset / BLOCK;
        while k > 0 && self.block_start(k) > offset {
            k -= 1;
        }
        self.chars[k] + self.text[self.block_start(k)..offset].chars().count()
    }

    /// The byte offset of the character with index `n` (0-based) in the whole text, or the end.
    fn byte_of_char(&self, n: usize) -> usize {
        // The last checkpoint at or before `n`.
        let k = self.chars.partition_point(|&c| c <= n).saturating_sub(1);
        let start = self.block_start(k);
        let skip = n - self.chars[k].min(n);
        self.text[start..]
            .char_indices()
            .nth(skip)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        Position { line, column }
    }

    /// The byte offset of a position (the end of its line when the column is past it).
    pub fn offset(&self, p: Position) -> usize {
        let Some((start, end)) = self.line_range(p.line) else {
            return self.text.len();
        };
        let first = self.chars_before(start);
        self.byte_of_char(first + p.column.saturating_sub(1))
            .min(end)
    }

    /// Byte range of line `line` (1-based), without its line break.
    pub fn line_range(&self, line: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        Some((start, end))
    }

    /// Line `line` (1-based), without its line break.
    pub fn line(&self, line: usize) -> Option<&'t str> {
        self.line_range(line).map(|(s, e)| &self.text[s..e])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::position_of;

    #[test]
    fn agrees_with_a_scan_from_the_start() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(match i % 7 {
                0 => "é",
                1 => "\n",
                2 => "😀",
                3 => "\r\n",
                _ => "ab",
            });
        }
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let p = index.position(offset);
            assert_eq!(p, position_of(&text, offset), "{offset}");
            assert_eq!(index.offset(p), offset, "{offset} {p:?}");
        }
    }

    #[test]
    fn lines_and_ends() {
        let index = LineIndex::new("ab\ncd\n");
        assert_eq!(index.line(1), Some("ab"));
        assert_eq!(index.line(2), Some("cd"));
        assert_eq!(index.line(3), Some(""));
        assert_eq!(index.line(4), None);
        assert_eq!(index.line(0), None);
        assert_eq!(index.position(6), Position { line: 3, column: 1 });
        assert_eq!(index.offset(Position { line: 1, column: 9 }), 2);
        assert_eq!(index.offset(Position { line: 9, column: 1 }), 6);
        let empty = LineIndex::new("");
        assert_eq!(empty.position(0), Position { line: 1, column: 1 });
        assert_eq!(empty.line(1), Some(""));
    }

    #[test]
    fn a_long_single_line() {
        let text = "é".repeat(100_000);
        let index = LineIndex::new(&text);
        let p = index.position(2 * 77_777);
        assert_eq!(
            p,
            Position {
                line: 1,
                column: 77_778
            }
        );
        assert_eq!(index.offset(p), 2 * 77_777);
    }
}
