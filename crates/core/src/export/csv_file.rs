//! CSV: UTF-8 with a byte-order mark (Excel otherwise reads Chinese as mojibake),
//! CRLF line ends, every field quoted when it needs to be.

use super::{ExportError, Row, COLUMNS};

pub(super) fn encode(rows: &[Row]) -> Result<Vec<u8>, ExportError> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        let fail = |e: csv::Error| ExportError::Csv(e.to_string());
        writer.write_record(COLUMNS).map_err(fail)?;
        for row in rows {
            writer.write_record(row.cells()).map_err(fail)?;
        }
        writer.flush()?;
    }
    Ok(out)
}
