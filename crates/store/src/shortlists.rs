//! Blocking SQL for shortlists and their items.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use zhaohuo_types::{Offer, Supplier};

use crate::history::{offer_from_columns, price_from, supplier_key, to_u32};
use crate::model::{ItemId, ItemRef, ItemTarget, Shortlist, ShortlistDetail, ShortlistId, ShortlistItem};
use crate::StoreError;

fn clean_name(name: &str) -> Result<String, StoreError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(StoreError::Invalid("a shortlist name must have 1–200 characters".into()));
    }
    Ok(name.to_string())
}

const SHORTLIST_SELECT: &str = "SELECT l.id, l.name, l.notes, l.created_at, l.updated_at,
        (SELECT count(*) FROM shortlist_items i WHERE i.shortlist_id = l.id)
    FROM shortlists l";

fn shortlist_from_row(r: &Row<'_>) -> rusqlite::Result<Shortlist> {
    Ok(Shortlist {
        id: ShortlistId(r.get(0)?),
        name: r.get(1)?,
        notes: r.get(2)?,
        created_at_ms: r.get(3)?,
        updated_at_ms: r.get(4)?,
        item_count: r.get(5)?,
    })
}

pub(crate) fn create_shortlist(conn: &Connection, name: &str, notes: &str, now: i64) -> Result<Shortlist, StoreError> {
    let name = clean_name(name)?;
    let id: i64 = conn.query_row(
        "INSERT INTO shortlists (name, notes, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) RETURNING id",
        params![name, notes, now],
        |r| r.get(0),
    )?;
    get(conn, ShortlistId(id))
}

pub(crate) fn get(conn: &Connection, id: ShortlistId) -> Result<Shortlist, StoreError> {
    conn.prepare_cached(&format!("{SHORTLIST_SELECT} WHERE l.id = ?1"))?
        .query_row([id.0], shortlist_from_row)
        .optional()?
        .ok_or_else(|| StoreError::not_found(format!("shortlist {}", id.0)))
}

pub(crate) fn list_shortlists(conn: &Connection) -> Result<Vec<Shortlist>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{SHORTLIST_SELECT} ORDER BY l.updated_at DESC, l.id DESC"))?;
    let rows = stmt.query_map([], shortlist_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn changed(n: usize, what: impl FnOnce() -> String) -> Result<(), StoreError> {
    if n == 0 {
        Err(StoreError::not_found(what()))
    } else {
        Ok(())
    }
}

pub(crate) fn rename_shortlist(conn: &Connection, id: ShortlistId, name: &str, now: i64) -> Result<(), StoreError> {
    let name = clean_name(name)?;
    let n = conn.execute("UPDATE shortlists SET name = ?2, updated_at = ?3 WHERE id = ?1", params![id.0, name, now])?;
    changed(n, || format!("shortlist {}", id.0))
}

pub(crate) fn set_shortlist_notes(conn: &Connection, id: ShortlistId, notes: &str, now: i64) -> Result<(), StoreError> {
    let n =
        conn.execute("UPDATE shortlists SET notes = ?2, updated_at = ?3 WHERE id = ?1", params![id.0, notes, now])?;
    changed(n, || format!("shortlist {}", id.0))
}

pub(crate) fn delete_shortlist(conn: &Connection, id: ShortlistId) -> Result<(), StoreError> {
    let n = conn.execute("DELETE FROM shortlists WHERE id = ?1", [id.0])?;
    changed(n, || format!("shortlist {}", id.0))
}

fn touch(tx: &Connection, id: i64, now: i64) -> Result<(), StoreError> {
    tx.execute("UPDATE shortlists SET updated_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

pub(crate) fn add_to_shortlist(
    tx: &Transaction<'_>,
    list: ShortlistId,
    item: &ItemRef,
    note: &str,
    now: i64,
) -> Result<ItemId, StoreError> {
    get(tx, list)?;
    let next: i64 = tx.query_row(
        "SELECT coalesce(max(position) + 1, 0) FROM shortlist_items WHERE shortlist_id = ?1",
        [list.0],
        |r| r.get(0),
    )?;
    let id: i64 = match item {
        ItemRef::Offer { profile, offer_id } => {
            let (row, pmin, pmax, moq): (i64, Option<i64>, Option<i64>, Option<i64>) = tx
                .query_row(
                    "SELECT id, price_min, price_max, moq FROM offers WHERE profile = ?1 AND offer_id = ?2",
                    params![profile, offer_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?
                .ok_or_else(|| StoreError::not_found(format!("offer {offer_id} of {profile}")))?;
            tx.query_row(
                "INSERT INTO shortlist_items (shortlist_id, position, offer_id, note, added_at,
                                              price_min_at_add, price_max_at_add, moq_at_add)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                params![list.0, next, row, note, now, pmin, pmax, moq],
                |r| r.get(0),
            )?
        }
        ItemRef::Supplier { profile, supplier_id, name } => {
            let key = supplier_key(supplier_id.as_deref(), name)
                .ok_or_else(|| StoreError::Invalid("a supplier needs an id or a name".into()))?;
            let row: i64 = tx
                .query_row(
                    "SELECT id FROM suppliers WHERE profile = ?1 AND supplier_key = ?2",
                    params![profile, key],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| StoreError::not_found(format!("supplier {name} of {profile}")))?;
            tx.query_row(
                "INSERT INTO shortlist_items (shortlist_id, position, supplier_id, note, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                params![list.0, next, row, note, now],
                |r| r.get(0),
            )?
        }
    };
    touch(tx, list.0, now)?;
    Ok(ItemId(id))
}

fn item_list(conn: &Connection, item: ItemId) -> Result<i64, StoreError> {
    conn.query_row("SELECT shortlist_id FROM shortlist_items WHERE id = ?1", [item.0], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::not_found(format!("shortlist item {}", item.0)))
}

pub(crate) fn remove_shortlist_item(conn: &Connection, item: ItemId, now: i64) -> Result<(), StoreError> {
    let list = item_list(conn, item)?;
    conn.execute("DELETE FROM shortlist_items WHERE id = ?1", [item.0])?;
    touch(conn, list, now)
}

pub(crate) fn set_item_note(conn: &Connection, item: ItemId, note: &str, now: i64) -> Result<(), StoreError> {
    let list = item_list(conn, item)?;
    conn.execute("UPDATE shortlist_items SET note = ?2 WHERE id = ?1", params![item.0, note])?;
    touch(conn, list, now)
}

/// Moves an item to `position` (0-based, clamped) in `to`, which may be its
/// own list (reordering) or another one.
pub(crate) fn move_shortlist_item(
    tx: &Transaction<'_>,
    item: ItemId,
    to: ShortlistId,
    position: u32,
    now: i64,
) -> Result<(), StoreError> {
    let from = item_list(tx, item)?;
    get(tx, to)?;
    let mut order: Vec<i64> = tx
        .prepare("SELECT id FROM shortlist_items WHERE shortlist_id = ?1 AND id <> ?2 ORDER BY position, id")?
        .query_map(params![to.0, item.0], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let at = (position as usize).min(order.len());
    order.insert(at, item.0);
    tx.execute("UPDATE shortlist_items SET shortlist_id = ?2 WHERE id = ?1", params![item.0, to.0])?;
    let mut renumber = tx.prepare("UPDATE shortlist_items SET position = ?2 WHERE id = ?1")?;
    for (i, id) in order.iter().enumerate() {
        renumber.execute(params![id, i as i64])?;
    }
    touch(tx, to.0, now)?;
    if from != to.0 {
        touch(tx, from, now)?;
    }
    Ok(())
}

pub(crate) fn open_shortlist(conn: &Connection, id: ShortlistId) -> Result<ShortlistDetail, StoreError> {
    let shortlist = get(conn, id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.note, i.added_at, i.price_min_at_add, i.price_max_at_add, i.moq_at_add,
                o.raw_json, o.profile, o.offer_id, o.title, o.title_translated, o.supplier_name,
                o.price_min, o.price_max, o.moq, o.last_seen,
                s.profile, s.supplier_key, s.name, s.city, s.badges_json, s.credit_level
           FROM shortlist_items i
           LEFT JOIN offers o ON o.id = i.offer_id
           LEFT JOIN suppliers s ON s.id = i.supplier_id
          WHERE i.shortlist_id = ?1
          ORDER BY i.position, i.id",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        let offer_profile: Option<String> = r.get(7)?;
        let target = match offer_profile {
            Some(profile) => {
                let raw: String = r.get(6)?;
                let mut offer = serde_json::from_str::<Offer>(&raw).unwrap_or_else(|_| {
                    offer_from_columns(
                        profile.clone(),
                        r.get(8).unwrap_or_default(),
                        r.get(9).unwrap_or_default(),
                        r.get(10).unwrap_or_default(),
                        r.get(11).unwrap_or_default(),
                    )
                });
                offer.price = price_from(r.get(12)?, r.get(13)?);
                offer.moq = to_u32(r.get(14)?);
                ItemTarget::Offer { offer: Box::new(offer) }
            }
            None => {
                let key: String = r.get::<_, Option<String>>(17)?.unwrap_or_default();
                let badges: String = r.get::<_, Option<String>>(20)?.unwrap_or_default();
                ItemTarget::Supplier {
                    profile: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
                    supplier: Supplier {
                        id: key.strip_prefix("id:").map(str::to_string),
                        name: r.get::<_, Option<String>>(18)?.unwrap_or_default(),
                        city: r.get(19)?,
                        badges: serde_json::from_str(&badges).unwrap_or_default(),
                        credit_level: r.get(21)?,
                    },
                }
            }
        };
        let is_offer = matches!(target, ItemTarget::Offer { .. });
        Ok(ShortlistItem {
            id: ItemId(r.get(0)?),
            shortlist_id: id,
            position: 0,
            note: r.get(1)?,
            added_at_ms: r.get(2)?,
            price_when_added: price_from(r.get(3)?, r.get(4)?),
            moq_when_added: to_u32(r.get(5)?),
            latest_price: if is_offer { price_from(r.get(12)?, r.get(13)?) } else { None },
            latest_moq: if is_offer { to_u32(r.get(14)?) } else { None },
            latest_seen_at_ms: if is_offer { r.get(15)? } else { None },
            target,
        })
    })?;
    let mut items: Vec<ShortlistItem> = rows.collect::<Result<_, _>>()?;
    for (i, item) in items.iter_mut().enumerate() {
        item.position = u32::try_from(i).unwrap_or(u32::MAX);
    }
    Ok(ShortlistDetail { shortlist, items })
}
