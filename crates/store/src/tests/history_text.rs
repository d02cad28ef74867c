//! Finding searches and notes again by text, in Chinese and English.

use super::*;

#[tokio::test]
async fn text_search_finds_titles_suppliers_and_notes_in_chinese() {
    let (_dir, store) = temp_store();
    let a = store
        .record_search(search(1, 1, 0), vec![offer("1", "不锈钢保温杯 大容量", "义乌市晨光杯业", 100, 1)])
        .await
        .unwrap();
    let b = store
        .record_search(search(2, 2, 0), vec![offer("2", "陶瓷马克杯 定制logo", "景德镇瓷厂", 100, 1)])
        .await
        .unwrap();
    let both = store
        .record_search(
            search(3, 3, 0),
            vec![
                offer("1", "不锈钢保温杯 大容量", "义乌市晨光杯业", 100, 1),
                offer("3", "Ceramic MUG", "景德镇瓷厂", 1, 2),
            ],
        )
        .await
        .unwrap();
    let ids = |hits: HistoryTextHits| hits.searches.into_iter().map(|s| s.id).collect::<Vec<_>>();

    assert_eq!(ids(store.find_in_history("保温杯", 50).await.unwrap()), [both, a]);
    assert_eq!(ids(store.find_in_history("景德镇", 50).await.unwrap()), [both, b]);
    // Case-insensitive Latin, several terms all required.
    assert_eq!(ids(store.find_in_history("ceramic mug", 50).await.unwrap()), [both]);
    assert_eq!(ids(store.find_in_history("不锈钢 晨光杯业", 50).await.unwrap()), [both, a]);
    // Two-character Chinese terms (below the trigram length) still work.
    assert_eq!(ids(store.find_in_history("马克", 50).await.unwrap()), [b]);
    assert_eq!(ids(store.find_in_history("陶瓷 杯", 50).await.unwrap()), [b]);
    assert_eq!(ids(store.find_in_history("不锈钢 晨光", 50).await.unwrap()), [both, a]);
    assert_eq!(ids(store.find_in_history("MUG", 50).await.unwrap()), [both]);
    assert_eq!(ids(store.find_in_history("瓷厂 马克 l", 50).await.unwrap()), [b]);
    // Pairs never span a space: "杯 大" is in a title, "杯大" is not.
    assert!(ids(store.find_in_history("杯大", 50).await.unwrap()).is_empty());
    // FTS syntax in user input is taken literally, never an error.
    for odd in ["\"", "a OR b", "NEAR(x y)", "*", "杯*", "'); DROP TABLE offers; --", "%", "_"] {
        store.find_in_history(odd, 50).await.unwrap();
    }
    assert!(store.find_in_history("", 50).await.unwrap().searches.is_empty());
    assert!(store.find_in_history("%", 50).await.unwrap().searches.is_empty());

    let list = store.create_shortlist("春季采购", "要找 保温杯 供应商").await.unwrap();
    let item = store
        .add_to_shortlist(
            list.id,
            ItemRef::Offer { profile: "demo".into(), offer_id: "2".into() },
            "样品质量很好，价格可谈",
        )
        .await
        .unwrap();
    let hits = store.find_in_history("质量很好", 50).await.unwrap();
    assert_eq!(hits.notes.len(), 1);
    assert_eq!(hits.notes[0].item_id, Some(item));
    assert_eq!(hits.notes[0].shortlist_name, "春季采购");
    let hits = store.find_in_history("春季采购", 50).await.unwrap();
    assert_eq!(hits.notes[0].item_id, None);
    let hits = store.find_in_history("价格", 50).await.unwrap();
    assert_eq!(hits.notes.len(), 1);
    // Notes edits are searchable right away.
    store.set_item_note(item, "发货太慢").await.unwrap();
    assert!(store.find_in_history("质量很好", 50).await.unwrap().notes.is_empty());
    assert_eq!(store.find_in_history("发货太慢", 50).await.unwrap().notes.len(), 1);
}
