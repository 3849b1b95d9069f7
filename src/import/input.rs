//! One input file's bytes → its forms: the file type is sniffed from the content, then the
//! Word, Excel or text reader gives rows of cells for the one recogniser.
//!
//! The file system is not read here (the command line reads the bytes): this module only
//! decides what the bytes are.

use super::{import_rows, office, rows, ImportedForm};
use crate::Lang;

/// Why nothing was imported from an input, in Chinese and in English (see
/// [`InputError::message`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The message in Chinese (the default).
    pub zh: String,
    /// The message in English (`--lang en`).
    pub en: String,
}

impl InputError {
    /// A message in both languages.
    fn new(zh: impl Into<String>, en: impl Into<String>) -> InputError {
        InputError {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.zh)
    }
}

impl From<office::OfficeError> for InputError {
    fn from(error: office::OfficeError) -> InputError {
        InputError {
            zh: error.zh,
            en: error.en,
        }
    }
}

impl From<super::ImportError> for InputError {
    fn from(error: super::ImportError) -> InputError {
        InputError {
            zh: error.to_string(),
            en: error.english(),
        }
    }
}

/// Reads the forms of one input file from its `bytes`. `extension` is the file name's
/// extension (lower case, without the dot), used only where the content leaves a choice;
/// `year` is the budget year for forms that print none.
///
/// Errors: a message in Chinese and English saying why nothing was imported (not a form, an old
/// `.doc`, a damaged or password-protected file, a PDF, an already-`.jx` file, an unknown
/// encoding); what a library (zip, calamine) said is told in the user's words.
pub fn read_input(
    bytes: &[u8],
    extension: Option<&str>,
    year: Option<u32>,
) -> Result<Vec<ImportedForm>, InputError> {
    if extension == Some("jx") {
        return Err(InputError::new(
            "已经是 .jx 文件，不需要导入（用 jixiao check 检查它）",
            "already a .jx file: nothing to import (check it with jixiao check)",
        ));
    }
    // By what the file is, not by its name: a .docx saved as .doc, an .xlsx named .docx. A file
    // that is no Office file at all is read as its extension says (so a damaged .xlsx is told
    // it is damaged, not that it holds no form).
    let kind = office::sniff(bytes);
    // A web page under an Office name: a government site's "Excel" export that is an HTML
    // table named `.xls`, or Word's "save as web page" kept as `.doc`. It is read as the page it
    // is; anything else under such a name is a damaged Office file and is told so.
    let page = match (kind, extension) {
        (office::Sniffed::Text, Some("docx" | "doc" | "xlsx" | "xlsm" | "xls")) => html_text(bytes),
        _ => None,
    };
    let rows = match (kind, extension) {
        (office::Sniffed::Docx, _) => office::docx_rows(bytes),
        (office::Sniffed::Xlsx | office::Sniffed::Xls, _) => office::sheet_rows(bytes),
        (office::Sniffed::OleCompound, Some("doc")) => {
            return Err(InputError::new(
                "暂不支持旧版 .doc 格式，请在 Word 中另存为 .docx 后再导入",
                "the old .doc format is not read: save it as .docx in Word and import that",
            ))
        }
        (office::Sniffed::OleCompound, Some("docx" | "xlsx" | "xlsm" | "xls")) => {
            office::sheet_rows(bytes)
        }
        (office::Sniffed::Text, Some("docx" | "doc" | "xlsx" | "xlsm" | "xls"))
            if page.is_some() =>
        {
            office::html_rows(page.as_deref().unwrap_or_default())
        }
        (office::Sniffed::Text, Some("docx" | "doc")) => office::docx_rows(bytes),
        (office::Sniffed::Text, Some("xlsx" | "xlsm" | "xls")) => office::sheet_rows(bytes),
        (office::Sniffed::Text, _) => {
            let text = decode_text(bytes)?;
            // A web page (`.html`, `.htm`, or a saved page under any name): its tables.
            if matches!(extension, Some("html" | "htm" | "shtml" | "xhtml"))
                || office::is_html(&text)
            {
                office::html_rows(&text)
            } else {
                Ok(rows(&text))
            }
        }
        (other, _) => Err(office::refusal(other)
            .unwrap_or_else(|| office::OfficeError::new("无法识别的文件", "an unrecognised file"))),
    };
    let rows = rows?;
    Ok(import_rows(&rows, year)?)
}

/// The text of `bytes` when they are an HTML page with a table ([`office::is_html`]).
fn html_text(bytes: &[u8]) -> Option<String> {
    decode_text(bytes).ok().filter(|text| office::is_html(text))
}

/// A text copy's characters, decoded by the library's one decoder ([`crate::decode`]: UTF-8,
/// UTF-16 with or without a byte-order mark, or GBK as Word's "save as text" writes it on
/// Chinese Windows); a byte-order mark is dropped.
fn decode_text(bytes: &[u8]) -> Result<String, InputError> {
    if let Some(text) = declared_page_text(bytes) {
        return Ok(text);
    }
    match crate::encoding::decode(bytes) {
        Some(decoded) => Ok(decoded.text.trim_start_matches('\u{feff}').to_string()),
        None => Err(InputError::new(
            "既不是 UTF-8 也不是 GBK 文本，没有找到绩效自评表；\
             如果这是 Word 或 Excel 文件，请用 .docx/.xlsx 扩展名",
            "neither UTF-8 nor GBK text: no self-evaluation form found; if this is a Word or \
             Excel file, give it a .docx/.xlsx extension",
        )),
    }
}

/// A web page's characters in the encoding its `<meta charset>` (or `http-equiv` content type)
/// declares, as a browser reads it: `gb2312`, `gbk`, `gb18030`, `big5` … (labels as the WHATWG
/// Encoding standard maps them, through `encoding_rs`). `None` when the bytes are no page, carry
/// a byte-order mark, declare nothing or UTF-8/UTF-16, or do not decode cleanly in the declared
/// encoding (a page that declares one encoding and is saved in another), or are valid UTF-8:
/// the common decoder then reads them.
fn declared_page_text(bytes: &[u8]) -> Option<String> {
    // Valid UTF-8 is UTF-8 whatever the page declares (a page re-encoded by its site keeps its
    // old `charset=gb2312`), and a byte-order mark says more than a declaration.
    if encoding_rs::Encoding::for_bom(bytes).is_some() || std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    if head[start] != b'<' {
        return None;
    }
    let lower = head.to_ascii_lowercase();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let label: Vec<u8> = lower[at..]
        .iter()
        .copied()
        .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
        .collect();
    let encoding = encoding_rs::Encoding::for_label(&label)?;
    if encoding == encoding_rs::UTF_8
        || encoding == encoding_rs::UTF_16LE
        || encoding == encoding_rs::UTF_16BE
    {
        return None;
    }
    let (text, malformed) = encoding.decode_without_bom_handling(bytes);
    (!malformed).then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_page_named_like_an_office_file_is_read_as_the_page() {
        let page = "<html><body><p>项目支出绩效自评表</p><table><tr><td>项目名称</td>\
                    <td>测试项目</td></tr></table></body></html>";
        for extension in ["xls", "xlsx", "doc", "docx"] {
            // Read as a page: whatever it says, never that the Office file is damaged.
            let error = read_input(page.as_bytes(), Some(extension), Some(2022)).err();
            let said = error.map(|e| e.zh).unwrap_or_default();
            assert!(
                !said.contains("不是有效的") && !said.contains("压缩"),
                "{extension}: {said}"
            );
        }
        // Bytes that are no page under such a name are still a damaged file.
        let error = read_input(b"not a workbook", Some("xls"), None).expect_err("damaged");
        assert!(error.zh.contains("不是有效的"), "{}", error.zh);
    }

    #[test]
    fn a_page_is_read_in_the_encoding_it_declares() {
        let page =
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\">\
            </head><body><table><tr><td>項目名稱</td></tr></table></body></html>";
        let (big5, _, unmappable) = encoding_rs::BIG5.encode(page);
        assert!(!unmappable);
        assert_eq!(decode_text(&big5).as_deref(), Ok(page));
        // GBK declared as gb2312 (the label browsers map to GBK).
        let gbk_page = page
            .replace("big5", "gb2312")
            .replace("項目名稱", "项目名称");
        let (gbk, _, _) = encoding_rs::GBK.encode(&gbk_page);
        assert_eq!(decode_text(&gbk).as_deref(), Ok(gbk_page.as_str()));
        // UTF-8 bytes are UTF-8 whatever the page declares.
        let utf8 = page.replace("big5", "gb2312");
        assert_eq!(decode_text(utf8.as_bytes()).as_deref(), Ok(utf8.as_str()));
    }
}
