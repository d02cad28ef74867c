//! XLSX: a frozen, bold header; column widths that fit; prices as numbers with a
//! CNY format (so they sum and sort); MOQ, rank and sales as numbers; the offer
//! link as a hyperlink.

use rust_xlsxwriter::{Format, Url, Workbook, XlsxError};

use super::{ExportError, Row, COLUMNS};

const WIDTHS: [f64; 17] =
    [22.0, 16.0, 48.0, 40.0, 12.0, 12.0, 8.0, 6.0, 28.0, 12.0, 24.0, 10.0, 6.0, 10.0, 42.0, 30.0, 14.0];

pub(super) fn encode(rows: &[Row]) -> Result<Vec<u8>, ExportError> {
    build(rows).map_err(|e| ExportError::Xlsx(e.to_string()))
}

fn build(rows: &[Row]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("offers")?;
    let header = Format::new().set_bold();
    let cny = Format::new().set_num_format("\"¥\"#,##0.00");
    for (col, (name, width)) in COLUMNS.iter().zip(WIDTHS).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *name, &header)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        sheet.write_string(r, 0, &row.photo)?;
        sheet.write_string(r, 1, &row.offer_id)?;
        sheet.write_string(r, 2, &row.title)?;
        sheet.write_string(r, 3, text(&row.title_translated))?;
        if let Some(p) = row.price_min {
            sheet.write_number_with_format(r, 4, p, &cny)?;
        }
        if let Some(p) = row.price_max {
            sheet.write_number_with_format(r, 5, p, &cny)?;
        }
        if let Some(m) = row.moq {
            sheet.write_number(r, 6, f64::from(m))?;
        }
        sheet.write_string(r, 7, text(&row.unit))?;
        sheet.write_string(r, 8, &row.supplier)?;
        sheet.write_string(r, 9, text(&row.city))?;
        sheet.write_string(r, 10, row.badges.join("; "))?;
        if let Some(s) = row.similarity {
            sheet.write_number(r, 11, f64::from(s))?;
        }
        if let Some(rank) = row.rank {
            sheet.write_number(r, 12, f64::from(rank))?;
        }
        if let Some(sold) = row.month_sold {
            sheet.write_number(r, 13, f64::from(sold))?;
        }
        // Only web links become hyperlinks; anything else stays text.
        if row.link.starts_with("https://") || row.link.starts_with("http://") {
            sheet.write_url_with_text(r, 14, Url::new(&row.link), &row.link)?;
        } else {
            sheet.write_string(r, 14, &row.link)?;
        }
        sheet.write_string(r, 15, &row.note)?;
        sheet.write_string(r, 16, &row.profile)?;
    }
    book.save_to_buffer()
}
