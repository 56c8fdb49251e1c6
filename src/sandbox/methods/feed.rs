//! The news feed (`log.blogpost.*`, `log.blogcomment.add`) on the entity engine: posts with
//! their recipients (DEST), importance and who has read an important one, comments, and files
//! kept on the disk with their bytes, in the author's "Uploaded files" folder as the portal
//! keeps them. DEST and the readers are the post's own record but not part of its answer.

use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::{err, param, Answer, ApiError, Ctx};
use crate::sandbox::entity::{id_of, Family, Query};
use crate::sandbox::state::{Deleted, Folder, Store, CALLER_STORAGE};
use crate::sandbox::{base64, clock};

/// The engine tables' names in the store.
pub(crate) const POSTS: &str = "log.blogpost";
pub(crate) const COMMENTS: &str = "log.blogcomment";

/// Posts and comments: upper-case keys, ids as text, rows straight in `result`.
const FEED: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };

/// Keys of a post's record that its answer leaves out.
const UNSHOWN: [&str; 2] = ["DEST", "READ_BY"];

/// The portal's user field that marks a post important.
const IMPORTANT: &str = "UF_BLOG_POST_IMPRTNT";

/// The folder a user's feed files go to.
const UPLOADED: &str = "Uploaded files";

fn feed_error(description: &str) -> ApiError {
    err(400, "", description)
}

fn post_not_found() -> ApiError {
    feed_error("Post not found")
}

fn post_id(fields: &Value) -> Result<u64, ApiError> {
    id_of(param(fields, "POST_ID")).ok_or_else(post_not_found)
}

/// DEST as the portal takes it: one code or an array of them (UA, Un, SGn, DRn, Dn, Gn).
/// A user code must name a user of the portal.
fn recipients(store: &Store, value: &Value) -> Result<Vec<String>, ApiError> {
    let codes: Vec<String> = match value {
        Value::Array(items) => {
            items.iter().map(|item| item.as_str().unwrap_or_default().to_string()).collect()
        }
        Value::Object(map) => {
            map.values().map(|item| item.as_str().unwrap_or_default().to_string()).collect()
        }
        Value::String(code) => vec![code.clone()],
        _ => Vec::new(),
    };
    let wrong = || feed_error("Wrong destination");
    if codes.is_empty() {
        return Err(wrong());
    }
    for code in &codes {
        let code = code.trim();
        if code == "UA" {
            continue;
        }
        let number = ["SG", "DR", "U", "D", "G"].iter().find_map(|prefix| {
            let digits = code.strip_prefix(prefix)?;
            digits.parse::<u64>().ok().filter(|n| *n > 0).map(|n| (*prefix, n))
        });
        match number {
            Some(("U", user)) if !store.data.users.contains_key(&user) => return Err(wrong()),
            Some(_) => {}
            None => return Err(wrong()),
        }
    }
    Ok(codes.iter().map(|code| code.trim().to_string()).collect())
}

/// FILES: `[[name, base64], ...]` (or the form-encoded objects of the same), decoded.
fn files_of(fields: &Value) -> Result<Vec<(String, Vec<u8>)>, ApiError> {
    let Some(files) = param(fields, "FILES") else { return Ok(Vec::new()) };
    let entries: Vec<&Value> = match files {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => map.values().collect(),
        _ => return Err(feed_error("Wrong FILES: an array of [name, base64] pairs is expected")),
    };
    entries
        .into_iter()
        .map(|entry| {
            let part = |n: usize| match entry {
                Value::Array(parts) => parts.get(n).and_then(Value::as_str),
                Value::Object(parts) => parts.get(&n.to_string()).and_then(Value::as_str),
                _ => None,
            };
            let name = part(0).map(str::trim).filter(|name| !name.is_empty());
            let bytes = part(1).and_then(base64::decode);
            match (name, bytes) {
                (Some(name), Some(bytes)) => Ok((name.to_string(), bytes)),
                _ => Err(feed_error("Wrong file: a name and base64 content are expected")),
            }
        })
        .collect()
}

/// Stores the files in the caller's "Uploaded files" folder; their disk ids.
fn store_files(ctx: &Ctx, store: &mut Store, files: Vec<(String, Vec<u8>)>) -> Vec<Value> {
    if files.is_empty() {
        return Vec::new();
    }
    // The caller's drive keeps the folder, as the portal's "Uploaded files" sits on one's own drive.
    let root = store.data.storages.get(&CALLER_STORAGE).map(|storage| storage.root_folder_id);
    let existing = store.data.folders.values().find(|f| {
        f.dialog_id.is_none() && f.parent_id == root && f.name == UPLOADED && f.deleted == Deleted::No
    });
    let folder = match existing {
        Some(folder) => folder.id,
        None => {
            let id = store.take_disk_id();
            let folder = Folder::new(id, UPLOADED.into(), CALLER_STORAGE, root, ctx.now_secs());
            store.data.folders.insert(id, folder);
            id
        }
    };
    files
        .into_iter()
        .map(|(name, bytes)| json!(super::disk::store_file(ctx, store, folder, name, Arc::new(bytes))))
        .collect()
}

/// A post as log.blogpost.get answers it.
fn shown(record: &Map<String, Value>) -> Value {
    Value::Object(
        record
            .iter()
            .filter(|(key, _)| !UNSHOWN.contains(&key.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

fn has_everyone(dest: &[String]) -> &'static str {
    if dest.iter().any(|code| code == "UA") {
        "Y"
    } else {
        "N"
    }
}

fn add_post(ctx: &Ctx, store: &mut Store, fields: &Value) -> Answer {
    let text = super::text(fields, "POST_MESSAGE").unwrap_or_default();
    if text.trim().is_empty() {
        return Err(feed_error("Message is empty"));
    }
    let dest = match param(fields, "DEST") {
        Some(value) => recipients(store, value)?,
        None => vec!["UA".to_string()],
    };
    let files = files_of(fields)?;
    let title = super::text(fields, "POST_TITLE").unwrap_or_default();
    let important = super::yes_no(fields, "IMPORTANT", false);
    let file_ids = store_files(ctx, store, files);
    let author = ctx.caller.to_string();
    let record = json!({
        "BLOG_ID": "1",
        "PUBLISH_STATUS": "P",
        "TITLE": title,
        "AUTHOR_ID": author,
        "ENABLE_COMMENTS": "Y",
        "NUM_COMMENTS": "0",
        "CODE": null,
        "MICRO": if title.is_empty() { "Y" } else { "N" },
        "DETAIL_TEXT": text,
        "DATE_PUBLISH": clock::iso8601_utc(ctx.now_secs()),
        "CATEGORY_ID": null,
        "HAS_SOCNET_ALL": has_everyone(&dest),
        "HAS_TAGS": "N",
        "HAS_IMAGES": "N",
        "HAS_PROPS": "Y",
        "HAS_COMMENT_IMAGES": null,
        "UF_BLOG_POST_FILE": if file_ids.is_empty() { json!(false) } else { json!(file_ids) },
        IMPORTANT: if important { "1" } else { "0" },
        "DEST": dest,
        // The author has read their own post.
        "READ_BY": if important { json!([author]) } else { json!([]) },
    });
    let id =
        store.entities.entry(POSTS).or_default().add(&FEED, record.as_object().cloned().unwrap_or_default());
    Ok(json!(id).into())
}

/// Text, title, recipients and files of the caller's own post; FILES given replace its files.
fn update_post(ctx: &Ctx, store: &mut Store, fields: &Value) -> Answer {
    let id = post_id(fields)?;
    let post = store.entities.entry(POSTS).or_default().get(id).ok_or_else(post_not_found)?;
    if id_of(post.get("AUTHOR_ID")) != Some(ctx.caller) {
        return Err(err(403, "ACCESS_DENIED", "Access denied"));
    }
    let mut changes = Map::new();
    if let Some(text) = super::text(fields, "POST_MESSAGE").filter(|t| !t.trim().is_empty()) {
        changes.insert("DETAIL_TEXT".into(), json!(text));
    }
    if let Some(title) = super::text(fields, "POST_TITLE") {
        changes.insert("MICRO".into(), json!(if title.is_empty() { "Y" } else { "N" }));
        changes.insert("TITLE".into(), json!(title));
    }
    if let Some(value) = param(fields, "DEST") {
        let dest = recipients(store, value)?;
        changes.insert("HAS_SOCNET_ALL".into(), json!(has_everyone(&dest)));
        changes.insert("DEST".into(), json!(dest));
    }
    let files = files_of(fields)?;
    if !files.is_empty() {
        changes.insert("UF_BLOG_POST_FILE".into(), json!(store_files(ctx, store, files)));
    }
    store.entities.entry(POSTS).or_default().update(&FEED, id, changes);
    Ok(json!(id).into())
}

/// DEST (a code or codes) added to the post's recipients.
fn share(store: &mut Store, fields: &Value) -> Answer {
    let id = post_id(fields)?;
    let value = param(fields, "DEST").ok_or_else(|| feed_error("Wrong destination"))?;
    let added = recipients(store, value)?;
    let posts = store.entities.entry(POSTS).or_default();
    let post = posts.get_mut(id).ok_or_else(post_not_found)?;
    let mut dest: Vec<String> = post
        .get("DEST")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    for code in added {
        if !dest.contains(&code) {
            dest.push(code);
        }
    }
    post.insert("HAS_SOCNET_ALL".into(), json!(has_everyone(&dest)));
    post.insert("DEST".into(), json!(dest));
    Ok(json!(true).into())
}

/// POST_ID and LOG_RIGHTS ("UA" unless given: the posts for everyone). Reading an important
/// post counts as having read it.
fn get_posts(ctx: &Ctx, store: &mut Store, fields: &Value) -> Answer {
    let mut filter = json!({ "DEST": param(fields, "LOG_RIGHTS").cloned().unwrap_or(json!("UA")) });
    if let Some(id) = param(fields, "POST_ID") {
        filter["ID"] = id.clone();
    }
    let query = Query::read(&json!({ "filter": filter, "order": {"ID": "DESC"} }))?;
    let posts = store.entities.entry(POSTS).or_default();
    let page = posts.list(&query);
    let reader = json!(ctx.caller.to_string());
    for id in page.rows.iter().filter_map(|row| id_of(row.get("ID"))) {
        let Some(post) = posts.get_mut(id) else { continue };
        if post.get(IMPORTANT) == Some(&json!("1")) {
            if let Some(Value::Array(readers)) = post.get_mut("READ_BY") {
                if !readers.contains(&reader) {
                    readers.push(reader.clone());
                }
            }
        }
    }
    let rows: Vec<Value> = page.rows.iter().filter_map(Value::as_object).map(shown).collect();
    Ok(json!(rows).into())
}

/// The users who have read an important post, as text ids; none for a post not marked so.
fn important_readers(store: &mut Store, fields: &Value) -> Answer {
    let id = post_id(fields)?;
    let post = store.entities.entry(POSTS).or_default().get(id).ok_or_else(post_not_found)?;
    Ok(post.get("READ_BY").cloned().unwrap_or(json!([])).into())
}

fn delete_post(ctx: &Ctx, store: &mut Store, fields: &Value) -> Answer {
    let id = post_id(fields)?;
    let posts = store.entities.entry(POSTS).or_default();
    let post = posts.get(id).ok_or_else(post_not_found)?;
    if id_of(post.get("AUTHOR_ID")) != Some(ctx.caller) {
        return Err(err(403, "ACCESS_DENIED", "Access denied"));
    }
    posts.delete(id);
    let comments = store.entities.entry(COMMENTS).or_default();
    let of_post: Vec<u64> = comments
        .records()
        .filter(|comment| id_of(comment.get("POST_ID")) == Some(id))
        .filter_map(|comment| id_of(comment.get("ID")))
        .collect();
    for comment in of_post {
        comments.delete(comment);
    }
    Ok(json!(true).into())
}

/// POST_ID and TEXT: the comment's id; the post counts it.
fn add_comment(ctx: &Ctx, store: &mut Store, fields: &Value) -> Answer {
    let id = post_id(fields)?;
    let text = super::text(fields, "TEXT").unwrap_or_default();
    if text.trim().is_empty() {
        return Err(feed_error("Comment text is empty"));
    }
    let files = files_of(fields)?;
    let posts = store.entities.entry(POSTS).or_default();
    let post = posts.get_mut(id).ok_or_else(post_not_found)?;
    let count = id_of(post.get("NUM_COMMENTS")).unwrap_or(0) + 1;
    post.insert("NUM_COMMENTS".into(), json!(count.to_string()));
    let file_ids = store_files(ctx, store, files);
    let comment = json!({
        "POST_ID": id.to_string(),
        "AUTHOR_ID": ctx.caller.to_string(),
        "POST_TEXT": text,
        "DATE_CREATE": clock::iso8601_utc(ctx.now_secs()),
        "UF_BLOG_COMMENT_FILE": if file_ids.is_empty() { json!(false) } else { json!(file_ids) },
    });
    let comments = store.entities.entry(COMMENTS).or_default();
    Ok(json!(comments.add(&FEED, comment.as_object().cloned().unwrap_or_default())).into())
}

pub(super) fn call(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    let mut store = ctx.store();
    let store = &mut *store;
    Some(match method {
        "log.blogpost.add" => add_post(ctx, store, fields),
        "log.blogpost.update" => update_post(ctx, store, fields),
        "log.blogpost.delete" => delete_post(ctx, store, fields),
        "log.blogpost.get" => get_posts(ctx, store, fields),
        "log.blogpost.getusers.important" => important_readers(store, fields),
        "log.blogpost.share" => share(store, fields),
        "log.blogcomment.add" => add_comment(ctx, store, fields),
        _ => return None,
    })
}
