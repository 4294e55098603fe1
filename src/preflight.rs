//! A PDF's bytes, checked before hayro-syntax parses them for `extract`.
//!
//! hayro-syntax recurses once per level of nested arrays and dictionaries,
//! with no limit: 150,000 levels overflow the stack, which aborts the
//! process. And it inflates compressed object streams and cross-reference
//! streams whole, with no limit either. So before it sees a PDF:
//!
//! - the nesting depth is bounded from the bytes alone. The parser may start
//!   anywhere (at any offset the cross-reference table gives, or anywhere
//!   when it rebuilds a broken table), so the bound holds for every start:
//!   the scan follows, at once, every parser that could be reading each byte
//!   (outside strings, in a string at each level of parentheses, in a
//!   comment, in a hex string), keeping the deepest in each place;
//! - a PDF that keeps its objects in compressed streams is refused. cvpdf's
//!   PDFs (typst-pdf's) have a plain cross-reference table and no object
//!   streams.

/// The deepest nesting of arrays and dictionaries read. Real PDFs nest a
/// dozen levels at most. Compressed data, which the scan reads as text too,
/// mostly scans at 8 to 14 levels (1 to 100 MB of random bytes), but a long
/// run of identical deflate codes may repeat a `[`: the bound leaves room.
pub const MAX_NESTING: u32 = 1 << 16;

/// Checks that hayro-syntax can parse `pdf` within the nesting bound and
/// without inflating anything. Returns the bound on the nesting depth, from
/// which a parsing thread's stack is sized.
///
/// # Errors
///
/// Why the PDF is refused, to follow "is not a readable PDF: ".
pub fn check(pdf: &[u8]) -> Result<u32, String> {
    let depth = nesting(pdf);
    if depth > u64::from(MAX_NESTING) {
        return Err(format!("it nests arrays or dictionaries more than {MAX_NESTING} levels deep"));
    }
    let compressed = || "it keeps its objects in compressed streams, which cvpdf does not write";
    for (name, end) in (Names { pdf, at: 0 }) {
        match name.as_slice() {
            b"ObjStm" => return Err(compressed().into()),
            // A table's trailer names other tables by offset; a stream there
            // would be inflated whole.
            b"Prev" | b"XRefStm" if integer(pdf, end).is_some_and(|o| is_object(pdf, o)) => {
                return Err(compressed().into());
            }
            _ => {}
        }
    }
    let mut from = 0;
    while let Some(found) = find(&pdf[from..], b"startxref") {
        let end = from + found + b"startxref".len();
        if integer(pdf, end).is_some_and(|o| is_object(pdf, o)) {
            return Err(compressed().into());
        }
        from = end;
    }
    Ok(depth as u32)
}

/// A bound on how deep any parser reading `pdf`, from any offset, nests
/// arrays and dictionaries (or more than [`MAX_NESTING`] when it is above).
fn nesting(pdf: &[u8]) -> u64 {
    // The deepest parser in each place: outside strings; in a string at
    // each level of parentheses; in a comment; in a hex string.
    let mut top: u64 = 0;
    let mut strings = Strings::default();
    let mut escaped = false;
    let mut comment: Option<u64> = None;
    let mut hex: Option<u64> = None;
    let mut deepest = 0;
    let mut i = 0;
    while i < pdf.len() {
        let byte = pdf[i];
        let pair = pdf.get(i + 1) == Some(&byte) && matches!(byte, b'<' | b'>');
        let mut back = Vec::new();
        // Parsers in a string: `\` escapes the next byte, parentheses nest.
        let in_string = !strings.is_empty() && !escaped;
        escaped = in_string && byte == b'\\';
        if in_string && byte == b')' {
            back.extend(strings.close());
        }
        // Parsers in a comment, up to the end of the line; in a hex string,
        // up to `>` (past anything but digits and spaces they fail).
        if let (Some(depth), b'\r' | b'\n') = (comment, byte) {
            back.push(depth);
            comment = None;
        }
        match (hex, byte) {
            (Some(depth), b'>') => {
                back.push(depth);
                hex = None;
            }
            (Some(_), b) if !b.is_ascii_hexdigit() && !is_space(b) => hex = None,
            _ => {}
        }
        // Parsers outside strings.
        match byte {
            b'[' => top += 1,
            b'<' if pair => top += 1,
            b']' => top = top.saturating_sub(1),
            b'>' if pair => top = top.saturating_sub(1),
            // Past an escaped `(`, string parsers stay where they are.
            b'(' => (strings.open(top, in_string || strings.is_empty()), top = 0).1,
            b'%' => (comment, top) = (comment.max(Some(top)), 0),
            b'<' => (hex, top) = (hex.max(Some(top)), 0),
            _ => {}
        }
        top = back.into_iter().fold(top, u64::max);
        deepest = deepest.max(top);
        if deepest > u64::from(MAX_NESTING) {
            return u64::MAX;
        }
        // Parsers outside strings read the second byte of `<<` and `>>` with
        // the first; for others it changes nothing but a string's escape.
        if pair {
            escaped = false;
            i += 1;
        }
        i += 1;
    }
    deepest
}

/// The parsers inside strings, by level of parentheses: runs of levels, the
/// innermost last, each with the deepest nesting among its parsers and how
/// many levels it covers. A run returns its depth when each of its levels
/// closes: exact for a run of one level, more than enough for the runs that
/// [`Strings::MAX_RUNS`] makes it merge.
#[derive(Default)]
struct Strings(Vec<(u64, u64)>);

impl Strings {
    /// How many runs are kept: the outermost are merged past this.
    const MAX_RUNS: usize = 1024;

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Parsers outside strings at `depth` enter a string. With `deeper`,
    /// string parsers go one level in, else (an escaped `(`) they stay.
    fn open(&mut self, depth: u64, deeper: bool) {
        match self.0.last_mut() {
            Some(innermost) if !deeper && innermost.1 == 1 => innermost.0 = innermost.0.max(depth),
            Some(innermost) if !deeper => {
                innermost.1 -= 1;
                let depth = depth.max(innermost.0);
                self.0.push((depth, 1));
            }
            Some(innermost) if innermost.0 == depth => innermost.1 += 1,
            _ => self.0.push((depth, 1)),
        }
        if self.0.len() > Self::MAX_RUNS {
            let (depth, levels) = self.0[0];
            self.0.remove(0);
            self.0[0] = (self.0[0].0.max(depth), self.0[0].1 + levels);
        }
    }

    /// The innermost level closes: the depth of its parsers, now outside.
    fn close(&mut self) -> Option<u64> {
        let innermost = self.0.last_mut()?;
        let depth = innermost.0;
        innermost.1 -= 1;
        if innermost.1 == 0 {
            self.0.pop();
        }
        Some(depth)
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn is_delimiter(byte: u8) -> bool {
    matches!(byte, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// The names of a PDF, anywhere in its bytes (strings and streams too, which
/// errs on the side of refusing), decoded (`/Obj#53tm` is `ObjStm`), each
/// with the offset after it.
struct Names<'a> {
    pdf: &'a [u8],
    at: usize,
}

impl Iterator for Names<'_> {
    type Item = (Vec<u8>, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.at + find(&self.pdf[self.at..], b"/")? + 1;
        let len = self.pdf[start..]
            .iter()
            .position(|&b| is_space(b) || is_delimiter(b))
            .unwrap_or(self.pdf.len() - start);
        self.at = start + len;
        let raw = &self.pdf[start..self.at];
        let mut name = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let hex = raw.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(byte) if raw[i] == b'#' => {
                    name.push(byte);
                    i += 3;
                }
                _ => {
                    name.push(raw[i]);
                    i += 1;
                }
            }
        }
        Some((name, self.at))
    }
}

/// The integer after `at` (past spaces), unless it is the start of an
/// indirect reference (`12 0 R`).
fn integer(pdf: &[u8], at: usize) -> Option<usize> {
    let (value, end) = digits(pdf, at)?;
    let reference =
        digits(pdf, end).is_some_and(|(_, end)| pdf.get(skip_spaces(pdf, end)) == Some(&b'R'));
    (!reference).then_some(value)
}

/// Whether an indirect object (`12 0 obj`) starts at `at`, past spaces.
fn is_object(pdf: &[u8], at: usize) -> bool {
    let object = digits(pdf, at).and_then(|(_, end)| digits(pdf, end));
    object.is_some_and(|(_, end)| pdf[skip_spaces(pdf, end)..].starts_with(b"obj"))
}

/// A run of digits after `at` (past spaces), and where it ends.
fn digits(pdf: &[u8], at: usize) -> Option<(usize, usize)> {
    let start = skip_spaces(pdf, at);
    let len = pdf.get(start..)?.iter().take_while(|b| b.is_ascii_digit()).count();
    let text = std::str::from_utf8(&pdf[start..start + len]).ok()?;
    Some((text.parse().ok()?, start + len))
}

fn skip_spaces(pdf: &[u8], at: usize) -> usize {
    at + pdf.get(at..).map_or(0, |rest| rest.iter().take_while(|&&b| is_space(b)).count())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_bounded_from_any_start() {
        assert_eq!(nesting(b"<< /A [1 [2] (x]) <</B 3>>] >>"), 3);
        assert_eq!(nesting(b"[ % ]]]\n [ ]"), 2, "a comment hides brackets");
        assert_eq!(nesting(b"[ (]]) [ ]"), 2, "so does a string");
        assert_eq!(nesting(b"[[[ (\\) ]]] ) ["), 4, "an escaped parenthesis does not close");
        // A parser that starts inside the string (an offset may point
        // there) sees the brackets the string hides from one at the start.
        assert_eq!(nesting(b"([[[[)"), 4);
        assert_eq!(nesting(b"( [(])[(])[(]) )"), 3);
        assert_eq!(nesting(b"<0A1B> [<00>]"), 1, "hex strings are not dictionaries");
        let deep = [b"[".repeat(150_000), b"]".repeat(150_000)].concat();
        assert_eq!(nesting(&deep), u64::MAX);
        // Strings nested past the runs kept: still a bound.
        let parens =
            [b"[[[[[(".to_vec(), b"([(".repeat(2000), b")".repeat(4001), b"[[[".to_vec()].concat();
        assert!(nesting(&parens) >= 8);
        assert_eq!(nesting(&b"(".repeat(1 << 20)), 0);
    }

    #[test]
    fn compressed_structure_is_refused() {
        assert_eq!(check(b"<< /A [ [ 1 ] ] >>"), Ok(3));
        assert!(check(b"1 0 obj << /Type /ObjStm >> endobj").is_err());
        assert!(check(b"1 0 obj << /Type /Obj#53tm >> endobj").is_err());
        assert!(check(b"trailer << /Prev 5 >> 1 0 obj").is_ok());
        assert!(check(b"xxxxx 7 0 obj << >> trailer << /Prev 6 >>").is_err());
        assert!(check(b"7 0 obj << >> startxref\n0\n%%EOF").is_err());
        assert!(check(b"xref\n0 1\n startxref\n0\n%%EOF").is_ok());
        assert!(check(b"<< /Prev 4 0 R >>").is_ok(), "an outline's /Prev is a reference");
    }
}
