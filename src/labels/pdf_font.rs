//! Thai text in PDF labels: Noto Sans Thai (OFL, `fonts/OFL.txt`) embedded whole as a
//! TrueType CID font (Type0, Identity-H), so a Thai glass label or station name prints as
//! written instead of as `?`. Text is written as glyph ids; a ToUnicode map lets viewers
//! search and copy it. Thai needs no reordering; its vowel and tone marks are zero-width
//! glyphs drawn over the consonant before them, which is how the font is built to be used
//! without a shaping engine (stacked marks are not re-positioned).

use ttf_parser::{Face, GlyphId};

pub const THAI_REGULAR: &[u8] = include_bytes!("fonts/NotoSansThai-Regular.ttf");
pub const THAI_BOLD: &[u8] = include_bytes!("fonts/NotoSansThai-Bold.ttf");

/// Whether `c` is written with the Thai font (the Thai block); everything else stays with
/// the standard Helvetica fonts.
pub fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// One embedded font, parsed once per document.
pub struct PdfFont<'a> {
    name: &'static str,
    data: &'a [u8],
    face: Face<'a>,
}

impl<'a> PdfFont<'a> {
    /// `None` when the bytes are not a font: the built-in ones always are (a unit test says so).
    pub fn parse(name: &'static str, data: &'a [u8]) -> Option<Self> {
        let face = Face::parse(data, 0).ok()?;
        Some(PdfFont { name, data, face })
    }

    /// `text` as a PDF hex string of glyph ids; characters the font lacks are left out.
    pub fn hex_glyphs(&self, text: &str) -> String {
        let mut out = String::with_capacity(2 + 4 * text.len());
        out.push('<');
        for id in text.chars().filter_map(|c| self.face.glyph_index(c)) {
            out.push_str(&format!("{:04X}", id.0));
        }
        out.push('>');
        out
    }

    /// Font units to PDF glyph space (1/1000 of the text size).
    fn scaled(&self, units: i32) -> i32 {
        let per_em = i32::from(self.face.units_per_em().max(1));
        units * 1000 / per_em
    }

    /// The PDF objects of this font, numbered from `first`: the Type0 font (the one pages
    /// refer to, `first`), its CID font, descriptor, font file and ToUnicode map.
    pub fn objects(&self, first: usize) -> Vec<Vec<u8>> {
        let [cid, descriptor, file, to_unicode] = [first + 1, first + 2, first + 3, first + 4];
        let name = self.name;
        let widths: Vec<String> = (0..self.face.number_of_glyphs())
            .map(|id| {
                let advance = self.face.glyph_hor_advance(GlyphId(id)).unwrap_or(0);
                self.scaled(i32::from(advance)).to_string()
            })
            .collect();
        let bbox = self.face.global_bounding_box();
        let [x0, y0, x1, y1] =
            [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max].map(|v| self.scaled(i32::from(v)));
        let ascent = self.scaled(i32::from(self.face.ascender()));
        let descent = self.scaled(i32::from(self.face.descender()));
        let cap = self.scaled(i32::from(
            self.face.capital_height().unwrap_or(self.face.ascender()),
        ));
        let mut font_file = format!(
            "<< /Length {} /Length1 {} >>\nstream\n",
            self.data.len(),
            self.data.len()
        )
        .into_bytes();
        font_file.extend_from_slice(self.data);
        font_file.extend_from_slice(b"\nendstream");
        let cmap = self.to_unicode();
        let mut cmap_stream = format!("<< /Length {} >>\nstream\n", cmap.len()).into_bytes();
        cmap_stream.extend_from_slice(cmap.as_bytes());
        cmap_stream.extend_from_slice(b"\nendstream");
        vec![
            format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
                 /DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>"
            )
            .into_bytes(),
            format!(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
                 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
                 /FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity /DW 0 /W [0 [{}]] >>",
                widths.join(" ")
            )
            .into_bytes(),
            format!(
                "<< /Type /FontDescriptor /FontName /{name} /Flags 4 \
                 /FontBBox [{x0} {y0} {x1} {y1}] /ItalicAngle 0 /Ascent {ascent} \
                 /Descent {descent} /CapHeight {cap} /StemV 80 /FontFile2 {file} 0 R >>"
            )
            .into_bytes(),
            font_file,
            cmap_stream,
        ]
    }

    /// The ToUnicode CMap: each glyph the font maps a character to, back to that character.
    fn to_unicode(&self) -> String {
        let mut pairs: Vec<(u16, u32)> = Vec::new();
        if let Some(cmap) = self.face.tables().cmap {
            for table in cmap.subtables.into_iter().filter(|t| t.is_unicode()) {
                table.codepoints(|point| {
                    if let Some(glyph) = table.glyph_index(point)
                        && glyph.0 != 0
                    {
                        pairs.push((glyph.0, point));
                    }
                });
            }
        }
        pairs.sort_unstable();
        pairs.dedup_by_key(|(glyph, _)| *glyph);
        let mut out = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        // At most 100 entries per block, as the CMap format asks.
        for block in pairs.chunks(100) {
            out.push_str(&format!("{} beginbfchar\n", block.len()));
            for (glyph, point) in block {
                let mut units = [0u16; 2];
                let text = char::from_u32(*point)
                    .map(|c| {
                        c.encode_utf16(&mut units)
                            .iter()
                            .map(|u| format!("{u:04X}"))
                    })
                    .map(|hex| hex.collect::<String>())
                    .unwrap_or_default();
                out.push_str(&format!("<{glyph:04X}> <{text}>\n"));
            }
            out.push_str("endbfchar\n");
        }
        out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_fonts_cover_the_thai_alphabet() {
        for data in [THAI_REGULAR, THAI_BOLD] {
            let font = PdfFont::parse("NotoSansThai", data).expect("a font");
            for c in ('\u{0E01}'..='\u{0E3A}').chain('\u{0E3F}'..='\u{0E5B}') {
                assert!(font.face.glyph_index(c).is_some(), "{c:?} has a glyph");
            }
            // Marks are drawn over the consonant before them: no advance of their own.
            let mark = font.face.glyph_index('\u{0E49}').expect("mai tho");
            assert_eq!(font.face.glyph_hor_advance(mark), Some(0));
        }
    }

    #[test]
    fn glyph_ids_map_back_to_the_text_through_to_unicode() {
        let font = PdfFont::parse("NotoSansThai", THAI_REGULAR).expect("a font");
        let text = "กระจกนิรภัย";
        let hex = font.hex_glyphs(text);
        let cmap = font.to_unicode();
        let back: String = hex
            .trim_matches(['<', '>'])
            .as_bytes()
            .chunks(4)
            .map(|id| {
                let id = std::str::from_utf8(id).expect("hex");
                let line = cmap
                    .lines()
                    .find(|l| l.starts_with(&format!("<{id}> ")))
                    .expect("every glyph is in the map");
                let code = line.split(['<', '>']).nth(3).expect("the character");
                char::from_u32(u32::from_str_radix(code, 16).expect("hex")).expect("a char")
            })
            .collect();
        assert_eq!(back, text);
    }
}
