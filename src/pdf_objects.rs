//! A PDF's objects, found through its cross-reference table and parsed one
//! at a time with hayro-syntax's object parser, only when asked for.
//!
//! hayro-syntax's `Pdf::new` also builds the whole page tree, eagerly and
//! with no limit: a 1.6 KB PDF whose page tree shares its nodes (4^12 pages)
//! takes 4 GB, and a chain of 4,000 page-tree nodes overflows the stack.
//! `extract` needs no page: it reads the catalog and the attachments, by
//! their numbers. Only the classic table is read (cvpdf's PDFs have it);
//! [`crate::preflight`] refuses compressed ones and bounds the nesting.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use hayro_syntax::object::{Dict, FromBytes, MaybeRef, Object};

/// Why a PDF whose objects are in compressed streams is not read.
const COMPRESSED: &str = "it keeps its objects in compressed streams, which cvpdf does not write";

/// How many sections (an update each) a table may chain with `/Prev`.
const MAX_SECTIONS: usize = 64;

/// How many objects a table may list, in all its sections: a PDF of a CV
/// has hundreds.
const MAX_OBJECTS: usize = 1_000_000;

/// The objects of a PDF, by number.
pub struct Objects<'a> {
    pdf: &'a [u8],
    offsets: HashMap<i32, usize>,
    trailer: Dict<'a>,
    /// The objects parsed so far: each is parsed once, however often it is
    /// referred to.
    parsed: RefCell<HashMap<i32, Option<Object<'a>>>>,
}

impl<'a> Objects<'a> {
    /// Reads the cross-reference table that the last `startxref` points
    /// at, and the ones it updates.
    ///
    /// # Errors
    ///
    /// Why the table cannot be read, to follow "is not a readable PDF: ".
    pub fn open(pdf: &'a [u8]) -> Result<Self, &'static str> {
        let broken = "its cross-reference table is missing or broken";
        let startxref = pdf.windows(9).rposition(|w| w == b"startxref").ok_or(broken)?;
        let mut next = Some(number(pdf, startxref + 9).ok_or(broken)?.0);
        let mut offsets = HashMap::new();
        let mut trailer = None;
        let mut seen = HashSet::new();
        while let Some(at) = next {
            if !seen.insert(at) || seen.len() > MAX_SECTIONS {
                return Err("its cross-reference sections loop");
            }
            let (entries, section_trailer) = section(pdf, at, MAX_OBJECTS).ok_or_else(|| {
                // A cross-reference stream stands where a table would.
                if is_object(pdf, at) { COMPRESSED } else { broken }
            })?;
            if section_trailer.contains_key(b"XRefStm") {
                return Err(COMPRESSED);
            }
            // Sections are read newest first: the first entry for a number wins.
            for (object, offset) in entries {
                offsets.entry(object).or_insert(offset);
            }
            if offsets.len() > MAX_OBJECTS {
                return Err("its cross-reference table lists more than a million objects");
            }
            next = section_trailer.get::<i32>(b"Prev").and_then(|p| usize::try_from(p).ok());
            trailer.get_or_insert(section_trailer);
        }
        let trailer = trailer.ok_or(broken)?;
        if trailer.contains_key(b"Encrypt") {
            return Err("it is encrypted");
        }
        Ok(Self { pdf, offsets, trailer, parsed: RefCell::default() })
    }

    /// The trailer dictionary of the newest section.
    pub fn trailer(&self) -> &Dict<'a> {
        &self.trailer
    }

    /// The indirect object numbered `object`.
    pub fn object(&self, object: i32) -> Option<Object<'a>> {
        if let Some(parsed) = self.parsed.borrow().get(&object) {
            return parsed.clone();
        }
        let parsed = self.parse(object);
        self.parsed.borrow_mut().insert(object, parsed.clone());
        parsed
    }

    fn parse(&self, object: i32) -> Option<Object<'a>> {
        let at = *self.offsets.get(&object)?;
        let (found, end) = number(self.pdf, at)?;
        let (_, end) = number(self.pdf, end)?;
        let body = skip_spaces(self.pdf, end);
        if found != object as usize || !is_object(self.pdf, at) {
            return None;
        }
        Object::from_bytes(self.pdf.get(skip_spaces(self.pdf, body + 3)..)?)
    }

    /// A value, or the object it refers to.
    pub fn resolve(&self, value: MaybeRef<Object<'a>>) -> Option<Object<'a>> {
        match value {
            MaybeRef::Ref(reference) => self.object(reference.obj_number),
            MaybeRef::NotRef(object) => Some(object),
        }
    }

    /// The value of `key` in `dict`, through a reference if it is one, as a
    /// `T` (a `Dict`, an `Array`, a `Stream`, a `String`…).
    pub fn get<T: TryFrom<Object<'a>>>(&self, dict: &Dict<'a>, key: &[u8]) -> Option<T> {
        self.resolve(dict.get_raw::<Object>(key)?).and_then(|o| T::try_from(o).ok())
    }
}

/// The entries (at most `limit`) and the trailer of the table section at
/// `at`.
fn section(pdf: &[u8], at: usize, limit: usize) -> Option<(Vec<(i32, usize)>, Dict<'_>)> {
    let mut at = skip_spaces(pdf, at);
    if !pdf.get(at..)?.starts_with(b"xref") {
        return None;
    }
    at += 4;
    let mut entries = Vec::new();
    loop {
        at = skip_spaces(pdf, at);
        if pdf.get(at..)?.starts_with(b"trailer") {
            let trailer = Dict::from_bytes(&pdf[skip_spaces(pdf, at + 7)..])?;
            return Some((entries, trailer));
        }
        let (first, end) = number(pdf, at)?;
        let (count, end) = number(pdf, end)?;
        at = end;
        for object in first..first.checked_add(count)? {
            // `0000012345 00000 n`: an offset, a generation, in use or free.
            let (offset, end) = number(pdf, at)?;
            let (_, end) = number(pdf, end)?;
            let kind = skip_spaces(pdf, end);
            if *pdf.get(kind)? == b'n' && entries.len() <= limit {
                entries.push((i32::try_from(object).ok()?, offset));
            }
            at = kind + 1;
        }
    }
}

/// Whether an indirect object (`12 0 obj`) starts at `at`, past spaces.
fn is_object(pdf: &[u8], at: usize) -> bool {
    let object = number(pdf, at).and_then(|(_, end)| number(pdf, end));
    object.is_some_and(|(_, end)| pdf[skip_spaces(pdf, end)..].starts_with(b"obj"))
}

/// The decimal number after `at`, past spaces, and where it ends.
fn number(pdf: &[u8], at: usize) -> Option<(usize, usize)> {
    let start = skip_spaces(pdf, at);
    let len = pdf.get(start..)?.iter().take_while(|b| b.is_ascii_digit()).count();
    let value = std::str::from_utf8(&pdf[start..start + len]).ok()?.parse().ok()?;
    Some((value, start + len))
}

/// Where the next token starts: past white space and comments.
fn skip_spaces(pdf: &[u8], mut at: usize) -> usize {
    while let Some(&byte) = pdf.get(at) {
        match byte {
            0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ' => at += 1,
            b'%' => at += pdf[at..].iter().take_while(|b| !matches!(b, b'\r' | b'\n')).count(),
            _ => break,
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use hayro_syntax::object::Stream;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Data 2 0 R >>\nendobj\n2 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000057 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n109\n%%EOF\n";

    #[test]
    fn objects_are_found_by_number() {
        let objects = Objects::open(PDF).unwrap();
        let catalog: Dict = objects.get(objects.trailer(), b"Root").unwrap();
        let stream: Stream = objects.get(&catalog, b"Data").unwrap();
        assert_eq!(&*stream.raw_data(), b"abc");
        assert!(objects.object(3).is_none());
    }

    #[test]
    fn broken_tables_are_refused() {
        assert!(Objects::open(b"%PDF-1.7\n").is_err());
        let looping = String::from_utf8_lossy(PDF).replace("/Root 1 0 R", "/Root 1 0 R /Prev 109");
        assert_eq!(
            Objects::open(looping.as_bytes()).err(),
            Some("its cross-reference sections loop")
        );
        let encrypted = String::from_utf8_lossy(PDF).replace("/Size 3", "/Encrypt 9 0 R");
        assert_eq!(Objects::open(encrypted.as_bytes()).err(), Some("it is encrypted"));
        let hybrid = String::from_utf8_lossy(PDF).replace("/Size 3", "/XRefStm 57");
        assert_eq!(Objects::open(hybrid.as_bytes()).err(), Some(COMPRESSED));
        let stream = String::from_utf8_lossy(PDF).replace("startxref\n109", "startxref\n57");
        assert_eq!(Objects::open(stream.as_bytes()).err(), Some(COMPRESSED));
    }
}
