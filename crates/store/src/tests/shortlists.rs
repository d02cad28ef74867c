//! Shortlists and their items: create, add, move, note, rename, delete.

use zhaohuo_types::ErrorKind;

use super::*;

#[tokio::test]
async fn shortlists_crud_items_and_moves() {
    let (_dir, store) = temp_store();
    let offers: Vec<Offer> =
        (1..=4).map(|i| offer(&format!("o{i}"), &format!("商品{i}"), "店铺", 100 * u64::from(i), i)).collect();
    store.record_search(search(1, 1, 0), offers).await.unwrap();

    let a = store.create_shortlist("  甲 ", "notes").await.unwrap();
    assert_eq!(a.name, "甲");
    let b = store.create_shortlist("乙", "").await.unwrap();
    assert_eq!(store.create_shortlist("   ", "").await.unwrap_err().kind(), "store.invalid");
    store.rename_shortlist(a.id, "甲单").await.unwrap();
    store.set_shortlist_notes(a.id, "周五前下单").await.unwrap();

    let add = |id: &str| ItemRef::Offer { profile: "demo".into(), offer_id: id.into() };
    let i1 = store.add_to_shortlist(a.id, add("o1"), "一").await.unwrap();
    let i2 = store.add_to_shortlist(a.id, add("o2"), "二").await.unwrap();
    let i3 = store.add_to_shortlist(a.id, add("o3"), "三").await.unwrap();
    let sup = store
        .add_to_shortlist(
            a.id,
            ItemRef::Supplier { profile: "demo".into(), supplier_id: Some("sup-店铺".into()), name: "店铺".into() },
            "好店",
        )
        .await
        .unwrap();
    let err = store.add_to_shortlist(a.id, add("nope"), "").await.unwrap_err();
    assert_eq!(err.kind(), "store.not_found");
    let err = store.add_to_shortlist(ShortlistId(999), add("o1"), "").await.unwrap_err();
    assert_eq!(err.kind(), "store.not_found");

    let order = |d: ShortlistDetail| d.items.into_iter().map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(order(store.open_shortlist(a.id).await.unwrap()), [i1, i2, i3, sup]);

    // Reorder within the list, then move to another list.
    store.move_shortlist_item(i3, a.id, 0).await.unwrap();
    assert_eq!(order(store.open_shortlist(a.id).await.unwrap()), [i3, i1, i2, sup]);
    store.move_shortlist_item(i1, b.id, 10).await.unwrap();
    assert_eq!(order(store.open_shortlist(a.id).await.unwrap()), [i3, i2, sup]);
    assert_eq!(order(store.open_shortlist(b.id).await.unwrap()), [i1]);
    store.remove_shortlist_item(i2).await.unwrap();
    assert_eq!(store.remove_shortlist_item(i2).await.unwrap_err().kind(), "store.not_found");

    let detail = store.open_shortlist(a.id).await.unwrap();
    assert_eq!(detail.shortlist.name, "甲单");
    assert_eq!(detail.shortlist.notes, "周五前下单");
    assert_eq!(detail.items.iter().map(|i| i.position).collect::<Vec<_>>(), [0, 1]);
    let supplier_item = &detail.items[1];
    assert_eq!(supplier_item.note, "好店");
    match &supplier_item.target {
        ItemTarget::Supplier { supplier, .. } => {
            assert_eq!(supplier.name, "店铺");
            assert_eq!(supplier.id.as_deref(), Some("sup-店铺"));
            assert_eq!(supplier.badges, vec!["实力商家".to_string()]);
        }
        other => panic!("expected a supplier, got {other:?}"),
    }

    let lists = store.list_shortlists().await.unwrap();
    assert_eq!(lists.len(), 2);
    assert_eq!(lists.iter().find(|l| l.id == a.id).map(|l| l.item_count), Some(2));

    store.delete_shortlist(a.id).await.unwrap();
    assert_eq!(store.open_shortlist(a.id).await.unwrap_err().kind(), "store.not_found");
    assert_eq!(store.list_shortlists().await.unwrap().len(), 1);
}
