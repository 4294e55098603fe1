//! Inflating deflated data within a limit: an attachment in a PDF, a colour
//! profile in a PNG. A few kilobytes can inflate to gigabytes, so reading
//! stops one byte past the limit.

use std::io::Read;

/// Why data did not inflate.
#[derive(Debug, PartialEq, Eq)]
pub enum Inflate {
    /// It inflates to more than the limit.
    TooLarge,
    /// It is corrupt.
    Corrupt,
}

/// Inflates zlib data (or raw deflate data, without zlib's header), reading
/// at most `limit` bytes and one.
///
/// # Errors
///
/// [`Inflate::TooLarge`] past `limit` bytes, [`Inflate::Corrupt`] for data
/// that is not deflated.
pub fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, Inflate> {
    let zlib = data.len() >= 2
        && data[0] & 0x0F == 8
        && u16::from_be_bytes([data[0], data[1]]).is_multiple_of(31);
    let reader: Box<dyn Read> = if zlib {
        Box::new(flate2::read::ZlibDecoder::new(data))
    } else {
        Box::new(flate2::read::DeflateDecoder::new(data))
    };
    let mut out = Vec::new();
    reader.take(limit as u64 + 1).read_to_end(&mut out).map_err(|_| Inflate::Corrupt)?;
    if out.len() > limit {
        return Err(Inflate::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn inflation_stops_past_the_limit() {
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        zlib.write_all(&vec![0; 1 << 20]).unwrap();
        let data = zlib.finish().unwrap();
        assert_eq!(inflate(&data, 1 << 20).map(|d| d.len()), Ok(1 << 20));
        assert_eq!(inflate(&data, 1000), Err(Inflate::TooLarge));
        assert_eq!(inflate(b"\x78\x9c garbage", 1000), Err(Inflate::Corrupt));
    }
}
