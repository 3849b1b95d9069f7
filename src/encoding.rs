//! The text encodings a source file may arrive in, and the one decoder every reader shares.
//!
//! A `.jx` file is UTF-8. Notepad on Chinese Windows saves "ANSI" as GBK (GB 18030) and
//! "Unicode" as UTF-16, with or without a byte-order mark; Word's "save as text" does the same.
//! The command line, the importer and the language server all decode through [`decode`], so a
//! file is read the same way by every command. The decoder reads bytes only: the file system is
//! read at the edge (the command line).

/// The encoding a text was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceEncoding {
    /// UTF-8, with or without a byte-order mark (the language's own encoding).
    Utf8,
    /// UTF-16, little-endian (Notepad's "Unicode"), with or without a byte-order mark.
    Utf16Le,
    /// UTF-16, big-endian, with or without a byte-order mark.
    Utf16Be,
    /// GBK as extended by GB 18030 (Notepad's "ANSI" on Chinese Windows).
    Gbk,
}

impl SourceEncoding {
    /// The encoding's usual name (`UTF-8`, `UTF-16LE`, `UTF-16BE`, `GBK`).
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Gbk => "GBK",
        }
    }
}

/// A decoded text and the encoding it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The characters. A UTF-8 byte-order mark is kept (the grammar reads it as a blank, so
    /// spans stay true to the bytes); a UTF-16 one is dropped with the encoding.
    pub text: String,
    /// The encoding the bytes were in.
    pub encoding: SourceEncoding,
}

/// The text, so a decoded file reads like the `&str` of a UTF-8 one.
impl std::ops::Deref for DecodedText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

/// Decodes a source file's bytes: UTF-8 first, then UTF-16 (a byte-order mark, or the zero
/// bytes ASCII characters leave in every other position), then GBK (GB 18030).
///
/// `None` when the bytes are text in none of them without a malformed sequence (a binary file,
/// a Word document renamed to `.jx`); spans of the result point into [`DecodedText::text`].
pub fn decode(bytes: &[u8]) -> Option<DecodedText> {
    // UTF-16 and GB 18030 decode nearly any bytes without a malformed sequence, so a guess
    // other than UTF-8 must also read as text: a binary file (or a renamed Word document)
    // decodes to control characters, noncharacters or private-use code points, which no form
    // typed in Notepad holds. Such bytes are refused (E0007), never read as garbage.
    let decoded = |text: String, encoding| {
        (encoding == SourceEncoding::Utf8 || plausible_text(&text))
            .then_some(DecodedText { text, encoding })
    };
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding == encoding_rs::UTF_8 {
            // Kept whole: a UTF-8 file's spans are its bytes.
            return std::str::from_utf8(bytes)
                .ok()
                .and_then(|text| decoded(text.to_string(), SourceEncoding::Utf8));
        }
        let (text, malformed) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        if malformed {
            return None;
        }
        let kind = if encoding == encoding_rs::UTF_16LE {
            SourceEncoding::Utf16Le
        } else {
            SourceEncoding::Utf16Be
        };
        return decoded(text.into_owned(), kind);
    }
    if let Some(kind) = utf16_without_bom(bytes) {
        let encoding = match kind {
            SourceEncoding::Utf16Be => encoding_rs::UTF_16BE,
            _ => encoding_rs::UTF_16LE,
        };
        let (text, malformed) = encoding.decode_without_bom_handling(bytes);
        if !malformed {
            return decoded(text.into_owned(), kind);
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return decoded(text.to_string(), SourceEncoding::Utf8);
    }
    let (text, malformed) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if malformed {
        return None;
    }
    decoded(text.into_owned(), SourceEncoding::Gbk)
}

/// Whether `text` (decoded from a guessed encoding) reads as text: no control character other
/// than tab, line breaks and form feed, no noncharacter (U+FFFE, U+FFFF) and no private-use
/// code point.
fn plausible_text(text: &str) -> bool {
    !text.chars().any(|character| {
        (character.is_control() && !matches!(character, '\t' | '\n' | '\r' | '\u{c}'))
            || matches!(character, '\u{FFFE}' | '\u{FFFF}' | '\u{E000}'..='\u{F8FF}')
    })
}

/// UTF-16 without a byte-order mark, told by its zero bytes: every ASCII character (the
/// newlines, blanks, quotes and digits a form is full of) has one zero byte, on the same side
/// of each pair, and UTF-8 or GBK text has no zero byte at all. The decoder then still has to
/// find no malformed sequence.
fn utf16_without_bom(bytes: &[u8]) -> Option<SourceEncoding> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // At least one pair in eight with a zero byte, nearly all on one side (a CJK character
    // such as U+5B00 has a zero byte of its own, on the other side).
    let pairs = bytes.len() / 2;
    if odd * 8 >= pairs && even * 20 <= odd {
        Some(SourceEncoding::Utf16Le)
    } else if even * 8 >= pairs && odd * 20 <= even {
        Some(SourceEncoding::Utf16Be)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_bytes_are_refused_not_read_as_utf16_or_gbk() {
        // Six bytes that UTF-16BE decodes without a malformed sequence (to a control
        // character, a noncharacter and a CJK character), and bytes GB 18030 takes whole.
        assert!(decode(&[0x00, 0x01, 0xff, 0xfe, 0x00, 0xd8]).is_none());
        assert!(decode(&[0x81, 0x40, 0x01, 0x02, 0x1b, 0x9f]).is_none());
        assert!(decode(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb2").is_none());
    }

    const TEXT: &str = "项目 \"测试\" 2024 {\n    主管部门 \"区人大\"\n}\n";

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let units = bom
            .then_some(0xFEFF_u16)
            .into_iter()
            .chain(text.encode_utf16());
        for unit in units {
            if big_endian {
                bytes.extend(unit.to_be_bytes());
            } else {
                bytes.extend(unit.to_le_bytes());
            }
        }
        bytes
    }

    #[test]
    fn utf8_is_read_as_is_with_its_bom_kept() {
        let plain = decode(TEXT.as_bytes()).unwrap();
        assert_eq!(
            (plain.text.as_str(), plain.encoding),
            (TEXT, SourceEncoding::Utf8)
        );
        let with_bom = format!("\u{feff}{TEXT}");
        assert_eq!(decode(with_bom.as_bytes()).unwrap().text, with_bom);
    }

    #[test]
    fn utf16_with_and_without_bom_in_both_byte_orders() {
        for (big_endian, kind) in [
            (false, SourceEncoding::Utf16Le),
            (true, SourceEncoding::Utf16Be),
        ] {
            for bom in [true, false] {
                let decoded = decode(&utf16(TEXT, big_endian, bom)).unwrap();
                assert_eq!((decoded.text.as_str(), decoded.encoding), (TEXT, kind));
            }
        }
    }

    #[test]
    fn gbk_is_read_when_it_is_not_utf8() {
        let (bytes, _, _) = encoding_rs::GBK.encode(TEXT);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (TEXT, SourceEncoding::Gbk)
        );
    }

    #[test]
    fn binary_bytes_are_refused() {
        assert_eq!(decode(&[0x80, 0xff, 0xfe, 0x00, 0x81]), None);
        assert_eq!(decode(b"PK\x03\x04\x14\x00\x06\x00\xff\xff\xff"), None);
    }
}
