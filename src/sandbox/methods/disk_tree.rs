//! The disk as a tree: storages, their folders and files (`disk.storage.*`, `disk.folder.*`,
//! `disk.file.*`; `api-reference/disk/`). Folders and files are the store's, shared with the
//! chats' files folders; what is not CRUD lives here: copies with the same bytes, moves that
//! carry a subtree, the recycle bin (DELETED_TYPE 3 for what was put there, 4 for what went
//! with its folder, and both back on restore), external links, and the children of a folder
//! filtered and paged by the entity engine.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::disk::{download_url, free_name, name_conflict, name_taken, not_found, store_file};
use super::{err, id_param, param, Answer, ApiError, Ctx};
use crate::sandbox::clock;
use crate::sandbox::entity::{Family, Query, Table};
use crate::sandbox::state::{Deleted, DiskFile, Folder, Storage, Store, APP_STORAGE};

/// Disk objects and storages: upper-case keys, ids as text, rows straight in `result`.
const DISK: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };

/// Runs a `disk.storage.*`, `disk.folder.*` or `disk.file.*` method; None for any other.
pub(super) fn call(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    let (object, verb) = method.strip_prefix("disk.")?.split_once('.')?;
    Some(match (object, verb) {
        ("storage", "getlist") => storage_list(ctx, fields),
        ("storage", "getforapp") => {
            with_store(ctx, |store| Ok(storage_json(&store.data.storages[&APP_STORAGE])))
        }
        ("storage", "get") => with_store(ctx, |store| Ok(storage_json(storage(store, fields)?))),
        ("storage", "rename") => storage_rename(ctx, fields),
        ("storage", "getchildren") => {
            let root = storage(&ctx.store(), fields).map(|storage| storage.root_folder_id);
            root.and_then(|root| children(ctx, root, fields))
        }
        ("storage", "addfolder") => add_folder(ctx, fields, true),
        ("storage", "uploadfile") => super::disk::upload_file(ctx, fields, super::disk::Target::Storage),
        ("folder", "get") => {
            with_store(ctx, |store| Ok(folder_json(ctx, store, folder(store, fields)?, false)))
        }
        ("folder", "addsubfolder") => add_folder(ctx, fields, false),
        ("folder", "copyto") => folder_copy(ctx, fields),
        ("folder", "moveto") => folder_move(ctx, fields),
        ("folder", "deletetree") => folder_delete(ctx, fields),
        ("folder", "getexternallink") => external_link(ctx, fields, false),
        ("folder", "getchildren") => {
            let id = folder(&ctx.store(), fields).map(|folder| folder.id);
            id.and_then(|id| children(ctx, id, fields))
        }
        ("folder", "markdeleted") => folder_trash(ctx, fields, true),
        ("folder", "restore") => folder_trash(ctx, fields, false),
        ("folder", "rename") => rename(ctx, fields, false),
        ("folder", "getfields") => Ok(folder_fields().into()),
        ("file", "get") => with_store(ctx, |store| Ok(file_json(ctx, store, file(store, fields)?, false))),
        ("file", "delete") => file_delete(ctx, fields),
        ("file", "getexternallink") => external_link(ctx, fields, true),
        ("file", "markdeleted") => file_trash(ctx, fields, true),
        ("file", "restore") => file_trash(ctx, fields, false),
        ("file", "copyto") => file_copy(ctx, fields),
        ("file", "moveto") => file_move(ctx, fields),
        ("file", "rename") => rename(ctx, fields, true),
        _ => return None,
    })
}

fn with_store(ctx: &Ctx, read: impl FnOnce(&mut Store) -> Result<Value, ApiError>) -> Answer {
    read(&mut ctx.store()).map(Into::into)
}

fn object_id(fields: &Value, name: &str) -> Result<u64, ApiError> {
    id_param(fields, name)
        .ok_or_else(|| err(400, "ERROR_ARGUMENT", &format!("Invalid value of parameter {{{name}}}")))
}

fn storage<'s>(store: &'s Store, fields: &Value) -> Result<&'s Storage, ApiError> {
    let id = object_id(fields, "id")?;
    store.data.storages.get(&id).ok_or_else(|| not_found(id))
}

fn folder<'s>(store: &'s Store, fields: &Value) -> Result<&'s Folder, ApiError> {
    folder_by_id(store, object_id(fields, "id")?)
}

fn folder_by_id(store: &Store, id: u64) -> Result<&Folder, ApiError> {
    store.data.folders.get(&id).ok_or_else(|| not_found(id))
}

fn file<'s>(store: &'s Store, fields: &Value) -> Result<&'s DiskFile, ApiError> {
    let id = object_id(fields, "id")?;
    store.data.files.get(&id).ok_or_else(|| not_found(id))
}

/// A name from `newName` or `data.NAME`: blank is the portal's argument error.
fn given_name(value: Option<&Value>, parameter: &str) -> Result<String, ApiError> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .ok_or_else(|| err(400, "ERROR_ARGUMENT", &format!("Invalid value of parameter {{{parameter}}}")))
}

/// A storage's root folder cannot be moved, renamed or deleted.
fn not_root(folder: &Folder) -> Result<(), ApiError> {
    match folder.parent_id {
        Some(_) => Ok(()),
        None => Err(err(403, "ACCESS_DENIED", "Access denied")),
    }
}

fn storage_json(storage: &Storage) -> Value {
    json!({
        "ID": storage.id.to_string(),
        "NAME": storage.name,
        "CODE": null,
        "MODULE_ID": storage.module_id,
        "ENTITY_TYPE": storage.entity_type,
        "ENTITY_ID": storage.entity_id,
        "ROOT_OBJECT_ID": storage.root_folder_id.to_string(),
    })
}

/// The names from below the storage's root down to `folder_id`, joined by `/`.
fn path_of(store: &Store, folder_id: u64) -> String {
    let mut names = Vec::new();
    let mut at = store.data.folders.get(&folder_id);
    while let Some(folder) = at.filter(|folder| folder.parent_id.is_some()) {
        names.push(folder.name.as_str());
        at = folder.parent_id.and_then(|parent| store.data.folders.get(&parent));
    }
    names.reverse();
    names.join("/")
}

/// Numbers as a fresh object's answer has them (just made: numbers), or as reads give them
/// (text), the way the portal differs between the two.
fn number(value: u64, fresh: bool) -> Value {
    if fresh {
        json!(value)
    } else {
        json!(value.to_string())
    }
}

/// The dates and who-did-what every disk object answers with.
fn stamps(map: &mut Map<String, Value>, created: i64, updated: i64, deleted_at: Option<i64>, fresh: bool) {
    map.insert("CREATE_TIME".into(), json!(clock::iso8601_utc(created)));
    map.insert("UPDATE_TIME".into(), json!(clock::iso8601_utc(updated)));
    map.insert("DELETE_TIME".into(), json!(deleted_at.map(clock::iso8601_utc)));
    map.insert("CREATED_BY".into(), json!("1"));
    map.insert("UPDATED_BY".into(), json!("1"));
    let deleted_by = match (deleted_at, fresh) {
        (Some(_), _) => json!("1"),
        (None, true) => Value::Null,
        (None, false) => json!("0"),
    };
    map.insert("DELETED_BY".into(), deleted_by);
}

fn folder_json(ctx: &Ctx, store: &Store, folder: &Folder, fresh: bool) -> Value {
    let mut map = Map::new();
    map.insert("ID".into(), number(folder.id, fresh));
    map.insert("NAME".into(), json!(folder.name));
    map.insert("CODE".into(), Value::Null);
    map.insert("STORAGE_ID".into(), json!(folder.storage_id.to_string()));
    map.insert("TYPE".into(), json!("folder"));
    map.insert("REAL_OBJECT_ID".into(), number(folder.id, fresh));
    map.insert("PARENT_ID".into(), json!(folder.parent_id.map(|parent| parent.to_string())));
    map.insert("DELETED_TYPE".into(), number(folder.deleted.code().into(), fresh));
    stamps(&mut map, folder.created, folder.updated, folder.deleted_at, fresh);
    let url = format!("{}docs/path/{}", ctx.portal_url(), path_of(store, folder.id));
    map.insert("DETAIL_URL".into(), json!(url));
    Value::Object(map)
}

/// The disk's file object, as disk.file.get (and, `fresh`, the uploads and copies) answer it.
pub(super) fn file_json(ctx: &Ctx, store: &Store, file: &DiskFile, fresh: bool) -> Value {
    let storage = store.data.folders.get(&file.folder_id).map_or(0, |folder| folder.storage_id);
    let mut map = Map::new();
    map.insert("ID".into(), number(file.id, fresh));
    map.insert("NAME".into(), json!(file.name));
    map.insert("CODE".into(), Value::Null);
    map.insert("STORAGE_ID".into(), json!(storage.to_string()));
    map.insert("TYPE".into(), json!("file"));
    map.insert("PARENT_ID".into(), json!(file.folder_id.to_string()));
    map.insert("DELETED_TYPE".into(), number(file.deleted.code().into(), fresh));
    map.insert("GLOBAL_CONTENT_VERSION".into(), number(1, fresh));
    map.insert("FILE_ID".into(), number(file.id, fresh));
    map.insert("SIZE".into(), json!(file.bytes.len().to_string()));
    stamps(&mut map, file.created, file.updated, file.deleted_at, fresh);
    map.insert("DOWNLOAD_URL".into(), json!(download_url(ctx, file)));
    let folder_path = path_of(store, file.folder_id);
    let path =
        if folder_path.is_empty() { file.name.clone() } else { format!("{folder_path}/{}", file.name) };
    map.insert("DETAIL_URL".into(), json!(format!("{}docs/file/{path}", ctx.portal_url())));
    Value::Object(map)
}

/// disk.storage.getlist: every storage, through the engine's filter and pages.
fn storage_list(ctx: &Ctx, fields: &Value) -> Answer {
    let query = Query::read(fields)?;
    let rows = records(ctx.store().data.storages.values().map(storage_json));
    Ok(DISK.page_answer(Table::default().list_of(rows.iter(), &query)))
}

/// Answer objects as the engine's records.
fn records(objects: impl Iterator<Item = Value>) -> Vec<Map<String, Value>> {
    objects
        .filter_map(|object| match object {
            Value::Object(map) => Some(map),
            _ => None,
        })
        .collect()
}

fn storage_rename(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let id = storage(&store, fields)?.id;
    let name = given_name(param(fields, "newName"), "newName")?;
    let storage = store.data.storages.get_mut(&id).ok_or_else(|| not_found(id))?;
    // Only an application's own storage may be renamed (REST docs, disk.storage.rename).
    if storage.entity_type != "restapp" {
        return Err(err(403, "ACCESS_DENIED", "Access denied"));
    }
    storage.name = name;
    Ok(storage_json(storage).into())
}

/// The children of a folder that are not in the recycle bin, in id order, filtered and paged
/// by the engine (`filter` keys as disk.folder.getfields names them).
fn children(ctx: &Ctx, folder_id: u64, fields: &Value) -> Answer {
    let query = Query::read(fields)?;
    let store = ctx.store();
    let folders =
        store.data.folders.values().filter(|f| f.parent_id == Some(folder_id) && f.deleted == Deleted::No);
    let files = store.data.files.values().filter(|f| f.folder_id == folder_id && f.deleted == Deleted::No);
    let mut rows: Vec<(u64, Value)> = folders
        .map(|f| (f.id, folder_json(ctx, &store, f, false)))
        .chain(files.map(|f| (f.id, file_json(ctx, &store, f, false))))
        .collect();
    rows.sort_by_key(|(id, _)| *id);
    let rows = records(rows.into_iter().map(|(_, object)| object));
    Ok(DISK.page_answer(Table::default().list_of(rows.iter(), &query)))
}

/// disk.storage.addfolder (into the storage's root) and disk.folder.addsubfolder: `data.NAME`.
fn add_folder(ctx: &Ctx, fields: &Value, in_storage: bool) -> Answer {
    let mut store = ctx.store();
    let parent = if in_storage {
        let root = storage(&store, fields)?.root_folder_id;
        folder_by_id(&store, root)?
    } else {
        folder(&store, fields)?
    };
    let (parent_id, storage_id) = (parent.id, parent.storage_id);
    let name = given_name(param(fields, "data").and_then(|data| param(data, "NAME")), "data")?;
    if name_taken(&store, parent_id, &name, None) {
        return Err(name_conflict());
    }
    let id = store.take_disk_id();
    let folder = Folder::new(id, name, storage_id, Some(parent_id), ctx.now_secs());
    store.data.folders.insert(id, folder);
    Ok(folder_json(ctx, &store, &store.data.folders[&id], true).into())
}

/// Every folder below `folder_id` (not itself) and every file below it, at any depth.
fn subtree(store: &Store, folder_id: u64) -> (Vec<u64>, Vec<u64>) {
    let mut folders = Vec::new();
    let mut pending = vec![folder_id];
    while let Some(at) = pending.pop() {
        for child in store.data.folders.values().filter(|f| f.parent_id == Some(at)) {
            folders.push(child.id);
            pending.push(child.id);
        }
    }
    let inside: BTreeSet<u64> = folders.iter().copied().chain([folder_id]).collect();
    let files = store.data.files.values().filter(|f| inside.contains(&f.folder_id)).map(|f| f.id).collect();
    (folders, files)
}

/// `targetFolderId`, refused when it is the folder itself or below it (a tree cannot hold
/// itself).
fn target_folder(store: &Store, fields: &Value, moving: Option<u64>) -> Result<u64, ApiError> {
    let target = folder_by_id(store, object_id(fields, "targetFolderId")?)?.id;
    if let Some(moving) = moving {
        if target == moving || subtree(store, moving).0.contains(&target) {
            return Err(err(400, "ERROR_ARGUMENT", "A folder cannot be put inside itself"));
        }
    }
    Ok(target)
}

fn folder_copy(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let source = folder(&store, fields)?.clone();
    let target = target_folder(&store, fields, Some(source.id))?;
    let name = free_name(&store, target, &source.name, true)?;
    let copy = copy_folder(ctx, &mut store, &source, target, name);
    Ok(folder_json(ctx, &store, &store.data.folders[&copy], true).into())
}

/// Copies a folder and what is in it (not what is in the recycle bin) under `target`; files
/// share their bytes with the originals.
fn copy_folder(ctx: &Ctx, store: &mut Store, source: &Folder, target: u64, name: String) -> u64 {
    let storage_id = store.data.folders.get(&target).map_or(source.storage_id, |f| f.storage_id);
    let id = store.take_disk_id();
    store.data.folders.insert(id, Folder::new(id, name, storage_id, Some(target), ctx.now_secs()));
    let live = |deleted: Deleted| deleted == Deleted::No;
    let files: Vec<DiskFile> =
        store.data.files.values().filter(|f| f.folder_id == source.id && live(f.deleted)).cloned().collect();
    for file in files {
        store_file(ctx, store, id, file.name, file.bytes);
    }
    let folders: Vec<Folder> = store
        .data
        .folders
        .values()
        .filter(|f| f.parent_id == Some(source.id) && live(f.deleted))
        .cloned()
        .collect();
    for child in folders {
        copy_folder(ctx, store, &child, id, child.name.clone());
    }
    id
}

fn folder_move(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let moving = folder(&store, fields)?.clone();
    not_root(&moving)?;
    let target = target_folder(&store, fields, Some(moving.id))?;
    if name_taken(&store, target, &moving.name, Some(moving.id)) {
        return Err(name_conflict());
    }
    let storage_id = store.data.folders[&target].storage_id;
    let (below, _) = subtree(&store, moving.id);
    for id in below.into_iter().chain([moving.id]) {
        if let Some(folder) = store.data.folders.get_mut(&id) {
            folder.storage_id = storage_id;
        }
    }
    let now = ctx.now_secs();
    if let Some(folder) = store.data.folders.get_mut(&moving.id) {
        folder.parent_id = Some(target);
        folder.updated = now;
    }
    let mut answer = folder_json(ctx, &store, &store.data.folders[&moving.id], false);
    // The portal answers the new parent as the number it was given.
    answer["PARENT_ID"] = json!(target);
    Ok(answer.into())
}

fn folder_delete(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let folder = folder(&store, fields)?;
    not_root(folder)?;
    let id = folder.id;
    let (folders, files) = subtree(&store, id);
    for folder in folders.into_iter().chain([id]) {
        store.data.folders.remove(&folder);
    }
    for file in files {
        store.data.files.remove(&file);
    }
    Ok(json!(true).into())
}

/// markdeleted (`trash`) or restore: the folder is marked, what is below it goes with it
/// (DELETED_TYPE 4), and comes back with it; what was put in the bin on its own stays there.
fn folder_trash(ctx: &Ctx, fields: &Value, trash: bool) -> Answer {
    let mut store = ctx.store();
    let folder = folder(&store, fields)?;
    not_root(folder)?;
    let id = folder.id;
    let now = ctx.now_secs();
    let (folders, files) = subtree(&store, id);
    let (from, to, at) = if trash {
        (Deleted::No, Deleted::WithFolder, Some(now))
    } else {
        (Deleted::WithFolder, Deleted::No, None)
    };
    for below in folders {
        let folder = store.data.folders.get_mut(&below).filter(|f| f.deleted == from);
        if let Some(folder) = folder {
            (folder.deleted, folder.deleted_at) = (to, at);
        }
    }
    for below in files {
        let file = store.data.files.get_mut(&below).filter(|f| f.deleted == from);
        if let Some(file) = file {
            (file.deleted, file.deleted_at) = (to, at);
        }
    }
    let folder = store.data.folders.get_mut(&id).ok_or_else(|| not_found(id))?;
    if trash {
        (folder.deleted, folder.deleted_at) = (Deleted::Marked, Some(now));
    } else {
        // The portal keeps the time it was deleted at after a restore.
        folder.deleted = Deleted::No;
    }
    folder.updated = now;
    Ok(folder_json(ctx, &store, &store.data.folders[&id], false).into())
}

fn file_trash(ctx: &Ctx, fields: &Value, trash: bool) -> Answer {
    let mut store = ctx.store();
    let id = file(&store, fields)?.id;
    let now = ctx.now_secs();
    let file = store.data.files.get_mut(&id).ok_or_else(|| not_found(id))?;
    if trash {
        (file.deleted, file.deleted_at) = (Deleted::Marked, Some(now));
    } else {
        file.deleted = Deleted::No;
        file.updated = now;
    }
    Ok(file_json(ctx, &store, &store.data.files[&id], false).into())
}

fn file_delete(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let id = file(&store, fields)?.id;
    store.data.files.remove(&id);
    Ok(json!(true).into())
}

/// A copy with the same bytes in `targetFolderId`; a name taken there becomes "name (1).ext".
fn file_copy(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let source = file(&store, fields)?.clone();
    let target = target_folder(&store, fields, None)?;
    let name = free_name(&store, target, &source.name, true)?;
    let id = store_file(ctx, &mut store, target, name, source.bytes);
    Ok(file_json(ctx, &store, &store.data.files[&id], true).into())
}

fn file_move(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let moving = file(&store, fields)?.clone();
    let target = target_folder(&store, fields, None)?;
    if name_taken(&store, target, &moving.name, Some(moving.id)) {
        return Err(name_conflict());
    }
    let now = ctx.now_secs();
    if let Some(file) = store.data.files.get_mut(&moving.id) {
        (file.folder_id, file.updated) = (target, now);
    }
    let mut answer = file_json(ctx, &store, &store.data.files[&moving.id], false);
    answer["PARENT_ID"] = json!(target);
    Ok(answer.into())
}

/// disk.folder.rename and disk.file.rename: `newName`, unique among the object's neighbours.
fn rename(ctx: &Ctx, fields: &Value, is_file: bool) -> Answer {
    let mut store = ctx.store();
    let name = given_name(param(fields, "newName"), "newName")?;
    let now = ctx.now_secs();
    if is_file {
        let (id, parent) = file(&store, fields).map(|f| (f.id, f.folder_id))?;
        if name_taken(&store, parent, &name, Some(id)) {
            return Err(name_conflict());
        }
        if let Some(file) = store.data.files.get_mut(&id) {
            (file.name, file.updated) = (name, now);
        }
        return Ok(file_json(ctx, &store, &store.data.files[&id], false).into());
    }
    let folder = folder(&store, fields)?;
    not_root(folder)?;
    let (id, parent) = (folder.id, folder.parent_id.unwrap_or_default());
    if name_taken(&store, parent, &name, Some(id)) {
        return Err(name_conflict());
    }
    if let Some(folder) = store.data.folders.get_mut(&id) {
        (folder.name, folder.updated) = (name, now);
    }
    Ok(folder_json(ctx, &store, &store.data.folders[&id], false).into())
}

/// A public link `<portal>/~<code>`, made on first request and the same afterwards.
fn external_link(ctx: &Ctx, fields: &Value, is_file: bool) -> Answer {
    let mut store = ctx.store();
    let id = if is_file { file(&store, fields)?.id } else { folder(&store, fields)?.id };
    let made = format!("{}~{}", ctx.portal_url(), short_code(id));
    let slot = if is_file {
        store.data.files.get_mut(&id).map(|f| &mut f.external_link)
    } else {
        store.data.folders.get_mut(&id).map(|f| &mut f.external_link)
    };
    let link = slot.ok_or_else(|| not_found(id))?.get_or_insert(made).clone();
    Ok(json!(link).into())
}

/// Five letters and digits for an object id, like the portal's `~arC9o`.
fn short_code(id: u64) -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut n = id.wrapping_mul(2_654_435_761).wrapping_add(97_531);
    (0..5)
        .map(|_| {
            let letter = ALPHABET[(n % ALPHABET.len() as u64) as usize] as char;
            n /= ALPHABET.len() as u64;
            letter
        })
        .collect()
}

/// disk.folder.getfields: each field's TYPE, whether a filter takes it, whether answers show it.
fn folder_fields() -> Value {
    let fields: [(&str, &str, bool); 15] = [
        ("ID", "integer", true),
        ("NAME", "string", true),
        ("TYPE", "enum", true),
        ("CODE", "string", true),
        ("STORAGE_ID", "integer", true),
        ("REAL_OBJECT_ID", "integer", false),
        ("PARENT_ID", "integer", true),
        ("CREATE_TIME", "datetime", true),
        ("UPDATE_TIME", "datetime", true),
        ("DELETE_TIME", "datetime", true),
        ("CREATED_BY", "integer", false),
        ("UPDATED_BY", "integer", false),
        ("DELETED_BY", "integer", false),
        ("DELETED_TYPE", "integer", true),
        ("DETAIL_URL", "string", false),
    ];
    let map = fields
        .iter()
        .map(|(key, kind, filter)| {
            (key.to_string(), json!({"TYPE": kind, "USE_IN_FILTER": filter, "USE_IN_SHOW": true}))
        })
        .collect();
    Value::Object(map)
}
