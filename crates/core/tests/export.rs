//! Exports read back as a buyer's tools would: the CSV with a CSV reader (BOM,
//! Chinese intact), the XLSX with calamine (header, numbers as numbers, row
//! count) and its hyperlinks counted in the file, the JSON by its documented keys.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read as _;
use std::sync::Arc;

use calamine::{Data, Reader as _};
use zhaohuo_core::export::{ExportFormat, COLUMNS};
use zhaohuo_core::photos::Original;
use zhaohuo_core::search::SearchRequest;
use zhaohuo_core::secrets::MemoryStore;
use zhaohuo_core::store::ItemRef;
use zhaohuo_core::{App, ErrorKind, Kind};

fn demo_photo() -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/photos");
    let mut photos: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    photos.sort();
    std::fs::read(&photos[2]).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_and_a_shortlist_export_to_csv_xlsx_and_json_that_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::start(dir.path(), Arc::new(MemoryStore::new())).await.unwrap();
    app.warm_up().await;
    let photo = app.load_photo(Original::Encoded(demo_photo())).await.unwrap();
    let found = app
        .search_photo(SearchRequest {
            photo_id: photo.photo_id,
            crop: Some(photo.suggested_crop),
            query: None,
            refresh: None,
        })
        .await
        .unwrap();
    let n = found.offers.len();
    assert!(n >= 10);
    let out = tempfile::tempdir().unwrap();

    // CSV: BOM, header, one row per offer, titles (Chinese) intact.
    let csv_path = out.path().join("search.csv");
    let done = app.export_search(found.search_id, ExportFormat::Csv, &csv_path).await.unwrap();
    assert_eq!((done.rows as usize, done.file_name.as_str()), (n, "search.csv"));
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), COLUMNS.to_vec());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), n);
    assert_eq!(&records[0][1], found.offers[0].offer_id);
    assert_eq!(&records[0][2], found.offers[0].title);
    assert!(!found.offers[0].title.is_ascii(), "the demo titles are Chinese");

    // XLSX: the same cells; prices, MOQ and rank are numbers; every link a hyperlink.
    let xlsx_path = out.path().join("search.xlsx");
    app.export_search(found.search_id, ExportFormat::Xlsx, &xlsx_path).await.unwrap();
    let mut book = calamine::open_workbook_auto(&xlsx_path).unwrap();
    let sheet = book.worksheet_range("offers").unwrap();
    assert_eq!(sheet.height(), n + 1);
    let header: Vec<String> = sheet.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    let first = sheet.rows().nth(1).unwrap();
    assert_eq!(first[1].to_string(), found.offers[0].offer_id);
    let price = found.offers[0].price.expect("a price").min_fen as f64 / 100.0;
    assert!(matches!(first[4], Data::Float(p) if (p - price).abs() < 1e-9), "{:?}", first[4]);
    assert!(matches!(first[6], Data::Float(_)), "MOQ is a number: {:?}", first[6]);
    assert!(matches!(first[12], Data::Float(r) if r == 1.0), "rank: {:?}", first[12]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx_path).unwrap()).unwrap();
    let mut sheet_xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet_xml).unwrap();
    assert_eq!(sheet_xml.matches("<hyperlink ").count(), n, "one hyperlink per offer");
    assert!(sheet_xml.contains("<pane ") && sheet_xml.contains("state=\"frozen\""), "the header is frozen");

    // JSON: documented, versioned.
    let json_path = out.path().join("search.json");
    app.export_search(found.search_id, ExportFormat::Json, &json_path).await.unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!((doc["format"].as_str(), doc["version"].as_u64()), (Some("zhaohuo.export"), Some(1)));
    assert_eq!(doc["source"]["kind"], "search");
    assert_eq!(doc["rows"].as_array().unwrap().len(), n);
    assert_eq!(doc["rows"][0]["offerId"], found.offers[0].offer_id.as_str());

    // A shortlist carries the buyer's notes.
    let list = app.create_shortlist("样品 samples").await.unwrap();
    for (offer, note) in found.offers.iter().take(3).zip(["ask for samples", "", "颜色要黑色"]) {
        let item = ItemRef::Offer { profile: offer.profile.clone(), offer_id: offer.offer_id.clone() };
        app.add_to_shortlist(list.id, item, note).await.unwrap();
    }
    let list_path = out.path().join("list.csv");
    let done = app.export_shortlist(list.id, ExportFormat::Csv, &list_path).await.unwrap();
    assert_eq!(done.rows, 3);
    let bytes = std::fs::read(&list_path).unwrap();
    let records: Vec<csv::StringRecord> = csv::Reader::from_reader(&bytes[3..]).records().map(Result::unwrap).collect();
    let notes: Vec<&str> = records.iter().map(|r| &r[15]).collect();
    assert!(notes.contains(&"颜色要黑色") && notes.contains(&"ask for samples"), "{notes:?}");
    assert!(records.iter().all(|r| &r[0] == "list: 样品 samples"));

    // A folder that cannot be written is a typed error, and no partial file is left.
    let missing = out.path().join("no-such-folder").join("x.csv");
    let err = app.export_search(found.search_id, ExportFormat::Csv, &missing).await.unwrap_err();
    assert_eq!(err.kind(), Kind::ExportWrite);
    assert!(err.hint().is_some());
}
