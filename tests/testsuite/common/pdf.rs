//! Small PDFs made by the tests: a classic cross-reference table, objects
//! given as text, and deflated data made directly.

/// A zlib stream of `len` zero bytes, made directly: one fixed-Huffman block
/// of a literal 0 and back-references of 258 bytes at distance 1, 13 bits
/// each, so that gigabytes take milliseconds to make.
pub fn zlib_zeros(len: u64) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let (mut bits, mut count) = (0u64, 0u32);
    let mut put = |out: &mut Vec<u8>, value: u64, width: u32| {
        bits |= value << count;
        count += width;
        while count >= 8 {
            out.push(bits as u8);
            bits >>= 8;
            count -= 8;
        }
    };
    // Huffman codes go most significant bit first.
    let code = |value: u64, width: u32| (value.reverse_bits() >> (64 - width), width);
    let (literal_zero, literal_width) = code(0b0011_0000, 8);
    let (length_258, length_width) = code(0b1100_0101, 8);
    put(&mut out, 0b011, 3); // the last block, fixed codes
    put(&mut out, literal_zero, literal_width);
    let rest = len.saturating_sub(1);
    for _ in 0..rest / 258 {
        put(&mut out, length_258, length_width + 5); // distance code 0 is five 0 bits
    }
    for _ in 0..rest % 258 {
        put(&mut out, literal_zero, literal_width);
    }
    put(&mut out, 0, 7); // the end of the block
    put(&mut out, 0, 7); // flushes the last partial byte
    let adler = ((len % 65_521) << 16 | 1) as u32;
    out.extend_from_slice(&adler.to_be_bytes());
    out
}

/// A PDF (classic cross-reference table) of `objects`, numbered from 1; the
/// first is the catalog. `moved`, an index and an offset, moves that
/// object's table entry.
pub fn pdf(objects: &[Vec<u8>], moved: Option<(usize, usize)>) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        pdf.extend(object);
        pdf.extend(b"\nendobj\n");
    }
    if let Some((index, offset)) = moved {
        offsets[index] = offset;
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    pdf
}

pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut object = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    object.extend(data);
    object.extend(b"\nendstream");
    object
}

/// A PDF with one attached file, `data` with `filter`, as the source, and
/// `catalog` and `spec` added to the catalog and the file specification.
pub fn attached(data: &[u8], filter: &str, catalog: &str, spec: &str) -> Vec<u8> {
    pdf(
        &[
            format!("<< /Type /Catalog /Pages 2 0 R /AF [3 0 R] {catalog} >>").into_bytes(),
            b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
            format!("<< /Type /Filespec /F (cv.yaml) /UF (cv.yaml) /AFRelationship /Source /EF << /F 4 0 R >> {spec} >>").into_bytes(),
            stream(&format!("/Type /EmbeddedFile {filter}"), data),
        ],
        None,
    )
}
