//! A PDF's bytes, checked before hayro-syntax parses them for `extract`.
//!
//! hayro-syntax recurses once per level of nested arrays and dictionaries,
//! with no limit: 150,000 levels overflow the stack, which aborts the
//! process. So the nesting depth is bounded from the bytes alone, before the
//! parser sees them. The parser may start anywhere (at whatever offset the
//! cross-reference table gives), so the bound holds for every start: the
//! scan follows, at once, every parser that could be reading each byte
//! (outside strings, in a string at each level of parentheses, in a
//! comment, in a hex string), keeping the deepest in each place. The bound
//! sizes the stack of the thread that parses.

/// The deepest nesting of arrays and dictionaries read. Real PDFs nest a
/// dozen levels at most. Compressed data, which the scan reads as text too,
/// mostly scans at 8 to 14 levels (1 to 100 MB of random bytes), but a long
/// run of identical deflate codes may repeat a `[`: the bound leaves room.
pub const MAX_NESTING: u32 = 1 << 16;

/// Checks that hayro-syntax can parse `pdf` within the nesting bound.
/// Returns the bound on the nesting depth, from which a parsing thread's
/// stack is sized.
///
/// # Errors
///
/// Why the PDF is refused, to follow "is not a readable PDF: ".
pub fn check(pdf: &[u8]) -> Result<u32, String> {
    let depth = nesting(pdf);
    if depth > u64::from(MAX_NESTING) {
        return Err(format!("it nests arrays or dictionaries more than {MAX_NESTING} levels deep"));
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
}
