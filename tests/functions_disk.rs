//! The disk functions (storages, folders, files) through the C ABI against the sandbox portal:
//! what the portal received, in OPI's shape, and what its disk tree is afterwards.

mod common;

use bitrix24_ffi::sandbox::{
    Deleted, Sandbox, Snapshot, APP_STORAGE, CALLER_STORAGE, SHARED_STORAGE, TOKEN, WEBHOOK_CODE,
};
use common::portal::{hook, last_request, result, start};
use common::{call, error_code, ffi};
use serde_json::{json, Value};

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().expect("an object").keys().map(String::as_str).collect()
}

/// An id as the portal answers it: a number (new objects) or its text (reads).
fn id(value: &Value) -> u64 {
    value.as_u64().or_else(|| value.as_str().and_then(|text| text.parse().ok())).expect("an id")
}

fn new_folder(sandbox: &Sandbox, parent: u64, name: &str) -> u64 {
    id(&result(&hook(sandbox, ffi::b24_create_subfolder, json!({"folderid": parent, "title": name})))["ID"])
}

fn upload(sandbox: &Sandbox, folder: u64, name: &str, bytes: &[u8]) -> u64 {
    let file = json!({"name": name, "base64": common::base64(bytes)});
    let answer = hook(
        sandbox,
        ffi::b24_upload_file_to_folder,
        json!({"title": name, "file": file, "folderid": folder}),
    );
    id(&result(&answer)["ID"])
}

/// The names of a folder's children that are not in the recycle bin, by GetFolderItems.
fn items(sandbox: &Sandbox, folder: u64) -> Vec<String> {
    let answer = hook(sandbox, ffi::b24_get_folder_items, json!({"folderid": folder}));
    result(&answer)
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["NAME"].as_str().unwrap().to_string())
        .collect()
}

fn root(snapshot: &Snapshot, storage: u64) -> u64 {
    snapshot.storages[&storage].root_folder_id
}

#[test]
fn storages_are_listed_and_read() {
    let sandbox = start();
    let listed = hook(&sandbox, ffi::b24_get_storages_list, json!({}));
    let names: Vec<&str> =
        result(&listed).as_array().unwrap().iter().map(|s| s["NAME"].as_str().unwrap()).collect();
    assert!(names.contains(&"Shared drive") && names.len() == 4, "{listed}");
    // No fields of its own (the library's transport sends an empty object where OPI sends none).
    assert_eq!(last_request(&sandbox, "disk.storage.getlist").fields, json!({}));

    let shared = hook(&sandbox, ffi::b24_get_storage, json!({"storageid": SHARED_STORAGE}));
    assert_eq!(result(&shared)["ENTITY_TYPE"], json!("common"));
    assert_eq!(last_request(&sandbox, "disk.storage.get").fields, json!({"id": SHARED_STORAGE.to_string()}));

    let app = hook(&sandbox, ffi::b24_get_app_storage, json!({}));
    assert_eq!(result(&app)["ID"], json!(APP_STORAGE.to_string()));
}

#[test]
fn the_apps_storage_is_renamed_and_another_is_refused() {
    let sandbox = start();
    let renamed =
        hook(&sandbox, ffi::b24_rename_storage, json!({"storageid": APP_STORAGE, "title": "Reports"}));
    assert_eq!(result(&renamed)["NAME"], json!("Reports"));
    assert_eq!(
        last_request(&sandbox, "disk.storage.rename").fields,
        json!({"id": APP_STORAGE.to_string(), "newName": "Reports"})
    );
    assert_eq!(sandbox.snapshot().storages[&APP_STORAGE].name, "Reports");
    let refused =
        hook(&sandbox, ffi::b24_rename_storage, json!({"storageid": SHARED_STORAGE, "title": "Mine"}));
    assert_eq!(error_code(&refused), "ACCESS_DENIED", "{refused}");
    assert_eq!(sandbox.snapshot().storages[&SHARED_STORAGE].name, "Shared drive");
}

#[test]
fn a_storage_folder_is_made_at_its_top_and_listed_there() {
    let sandbox = start();
    let made = hook(
        &sandbox,
        ffi::b24_create_storage_folder,
        json!({"storageid": SHARED_STORAGE, "title": "Reports"}),
    );
    let folder = id(&result(&made)["ID"]);
    assert_eq!(
        last_request(&sandbox, "disk.storage.addfolder").fields,
        json!({"id": SHARED_STORAGE.to_string(), "data": {"NAME": "Reports"}})
    );
    let snapshot = sandbox.snapshot();
    assert_eq!(snapshot.folders[&folder].parent_id, Some(root(&snapshot, SHARED_STORAGE)));
    let objects = hook(&sandbox, ffi::b24_get_storage_objects, json!({"storageid": SHARED_STORAGE}));
    assert_eq!(result(&objects)[0]["NAME"], json!("Reports"), "{objects}");
    assert_eq!(objects["total"], json!(1));
    let again = hook(
        &sandbox,
        ffi::b24_create_storage_folder,
        json!({"storageid": SHARED_STORAGE, "title": "Reports"}),
    );
    assert_eq!(error_code(&again), "DISK_OBJ_22000");
}

#[test]
fn a_file_uploaded_to_a_storage_is_sent_in_opis_order_and_stored_whole() {
    let sandbox = start();
    let bytes: Vec<u8> = (0..70_000u32).map(|n| (n * 7 % 251) as u8).collect();
    let path = std::env::temp_dir().join(format!("b24-disk-storage-{}.bin", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    let answer = hook(
        &sandbox,
        ffi::b24_upload_file_to_storage,
        json!({"title": "report.bin", "file": path.to_str().unwrap(), "storageid": SHARED_STORAGE,
               "rights": {"TASK_ID": 42, "ACCESS_CODE": "U1"}}),
    );
    std::fs::remove_file(&path).unwrap();
    let file = id(&result(&answer)["ID"]);
    let sent = last_request(&sandbox, "disk.storage.uploadfile");
    assert_eq!(keys(&sent.fields), ["data", "rights", "id", "fileContent"]);
    assert_eq!(sent.fields["data"], json!({"NAME": "report.bin"}));
    assert_eq!(sent.fields["rights"], json!([{"TASK_ID": 42, "ACCESS_CODE": "U1"}]));
    assert_eq!(sent.fields["id"], json!(SHARED_STORAGE.to_string()));
    assert_eq!(sent.fields["fileContent"], json!(["report.bin", common::base64(&bytes)]));
    let snapshot = sandbox.snapshot();
    let stored = &snapshot.files[&file];
    assert_eq!((stored.folder_id, stored.name.as_str()), (root(&snapshot, SHARED_STORAGE), "report.bin"));
    assert_eq!(stored.bytes.as_slice(), bytes.as_slice());
}

#[test]
fn a_bad_file_for_a_storage_is_refused_naming_the_key_and_nothing_is_sent() {
    let sandbox = start();
    let big = std::env::temp_dir().join(format!("b24-disk-big-{}.bin", std::process::id()));
    std::fs::File::create(&big).unwrap().set_len(100 * 1024 * 1024 + 1).unwrap();
    for file in [
        json!(big.to_str().unwrap()),
        json!("/no/such/report.pdf"),
        json!({"name": "a.txt", "base64": "Zm9v!"}),
    ] {
        let answer = hook(
            &sandbox,
            ffi::b24_upload_file_to_storage,
            json!({"title": "a.txt", "file": file, "storageid": SHARED_STORAGE}),
        );
        assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER", "{answer}");
        assert!(answer["error_description"].as_str().unwrap().contains("'file'"), "{answer}");
    }
    std::fs::remove_file(&big).unwrap();
    assert!(sandbox.requests().is_empty(), "nothing reached the portal");
}

#[test]
fn a_file_copied_to_another_folder_is_in_both_with_the_same_bytes() {
    let sandbox = start();
    let top = root(&sandbox.snapshot(), SHARED_STORAGE);
    let (from, to) = (new_folder(&sandbox, top, "Drafts"), new_folder(&sandbox, top, "Final"));
    let file = upload(&sandbox, from, "budget.xlsx", b"quarterly numbers");
    let copied = hook(&sandbox, ffi::b24_make_file_copy, json!({"fileid": file, "folderid": to}));
    let copy = id(&result(&copied)["ID"]);
    assert_eq!(
        last_request(&sandbox, "disk.file.copyto").fields,
        json!({"id": file.to_string(), "targetFolderId": to.to_string()})
    );
    let snapshot = sandbox.snapshot();
    assert_ne!(copy, file);
    assert_eq!((snapshot.files[&file].folder_id, snapshot.files[&copy].folder_id), (from, to));
    assert_eq!(snapshot.files[&copy].bytes, snapshot.files[&file].bytes);
    assert_eq!(
        (items(&sandbox, from), items(&sandbox, to)),
        (vec!["budget.xlsx".to_string()], vec!["budget.xlsx".to_string()])
    );
}

#[test]
fn a_file_moved_and_renamed_reads_back_there_under_its_new_name() {
    let sandbox = start();
    let top = root(&sandbox.snapshot(), CALLER_STORAGE);
    let (from, to) = (new_folder(&sandbox, top, "In"), new_folder(&sandbox, top, "Out"));
    let file = upload(&sandbox, from, "scan.pdf", b"%PDF-1.4");
    let moved = hook(&sandbox, ffi::b24_move_file_to_folder, json!({"fileid": file, "folderid": to}));
    assert_eq!(id(&result(&moved)["PARENT_ID"]), to);
    assert_eq!(
        last_request(&sandbox, "disk.file.moveto").fields,
        json!({"id": file.to_string(), "targetFolderId": to.to_string()})
    );
    let renamed = hook(&sandbox, ffi::b24_rename_file, json!({"fileid": file, "title": "contract.pdf"}));
    assert_eq!(result(&renamed)["NAME"], json!("contract.pdf"));
    assert_eq!(
        last_request(&sandbox, "disk.file.rename").fields,
        json!({"id": file.to_string(), "newName": "contract.pdf"})
    );
    let read = hook(&sandbox, ffi::b24_get_file_information, json!({"fileid": file}));
    assert_eq!((&result(&read)["NAME"], id(&result(&read)["PARENT_ID"])), (&json!("contract.pdf"), to));
    assert_eq!(last_request(&sandbox, "disk.file.get").fields, json!({"id": file.to_string()}));
    assert!(items(&sandbox, from).is_empty());
    let snapshot = sandbox.snapshot();
    assert_eq!((snapshot.files[&file].folder_id, snapshot.files[&file].name.as_str()), (to, "contract.pdf"));
}

#[test]
fn a_file_put_in_the_recycle_bin_is_hidden_until_restored_and_deleted_for_good() {
    let sandbox = start();
    let folder = new_folder(&sandbox, root(&sandbox.snapshot(), SHARED_STORAGE), "Box");
    let file = upload(&sandbox, folder, "note.txt", b"hello");
    let trashed = hook(&sandbox, ffi::b24_mark_file_as_deleted, json!({"fileid": file}));
    assert_eq!(result(&trashed)["DELETED_TYPE"], json!("3"));
    assert_eq!(sandbox.snapshot().files[&file].deleted, Deleted::Marked);
    assert!(items(&sandbox, folder).is_empty());
    let restored = hook(&sandbox, ffi::b24_restore_file, json!({"fileid": file}));
    assert_eq!(result(&restored)["DELETED_TYPE"], json!("0"));
    assert_eq!(last_request(&sandbox, "disk.file.restore").fields, json!({"id": file.to_string()}));
    assert_eq!(sandbox.snapshot().files[&file].deleted, Deleted::No);
    assert_eq!(items(&sandbox, folder), ["note.txt"]);
    assert_eq!(result(&hook(&sandbox, ffi::b24_delete_file, json!({"fileid": file}))), &json!(true));
    assert!(!sandbox.snapshot().files.contains_key(&file));
    let gone = hook(&sandbox, ffi::b24_get_file_information, json!({"fileid": file}));
    assert_eq!(error_code(&gone), "ERROR_NOT_FOUND");
}

#[test]
fn a_folder_trashed_takes_its_contents_along_and_brings_them_back() {
    let sandbox = start();
    let top = root(&sandbox.snapshot(), SHARED_STORAGE);
    let folder = new_folder(&sandbox, top, "Project");
    let inner = new_folder(&sandbox, folder, "Specs");
    let file = upload(&sandbox, inner, "spec.md", b"# spec");
    let trashed = hook(&sandbox, ffi::b24_mark_folder_as_deleted, json!({"folderid": folder}));
    assert_eq!(result(&trashed)["DELETED_TYPE"], json!("3"));
    let snapshot = sandbox.snapshot();
    assert_eq!(
        (snapshot.folders[&folder].deleted, snapshot.folders[&inner].deleted, snapshot.files[&file].deleted),
        (Deleted::Marked, Deleted::WithFolder, Deleted::WithFolder)
    );
    assert!(!items(&sandbox, top).contains(&"Project".to_string()));
    let restored = hook(&sandbox, ffi::b24_restore_folder, json!({"folderid": folder}));
    assert_eq!(result(&restored)["DELETED_TYPE"], json!("0"));
    assert_eq!(last_request(&sandbox, "disk.folder.restore").fields, json!({"id": folder.to_string()}));
    let snapshot = sandbox.snapshot();
    assert!([
        snapshot.folders[&folder].deleted,
        snapshot.folders[&inner].deleted,
        snapshot.files[&file].deleted
    ]
    .iter()
    .all(|deleted| *deleted == Deleted::No));
    assert_eq!(items(&sandbox, inner), ["spec.md"]);
}

#[test]
fn a_folder_renamed_moved_copied_and_deleted_reads_back_each_time() {
    let sandbox = start();
    let top = root(&sandbox.snapshot(), SHARED_STORAGE);
    let (folder, archive) = (new_folder(&sandbox, top, "2024"), new_folder(&sandbox, top, "Archive"));
    assert_eq!(
        last_request(&sandbox, "disk.folder.addsubfolder").fields,
        json!({"id": top.to_string(), "data": {"NAME": "Archive"}})
    );
    let file = upload(&sandbox, folder, "q1.csv", b"a,b\n1,2\n");

    let renamed = hook(&sandbox, ffi::b24_rename_folder, json!({"folderid": folder, "title": "Year 2024"}));
    assert_eq!(result(&renamed)["NAME"], json!("Year 2024"));
    assert_eq!(
        last_request(&sandbox, "disk.folder.rename").fields,
        json!({"id": folder.to_string(), "newName": "Year 2024"})
    );

    let moved = hook(&sandbox, ffi::b24_move_folder, json!({"folderid": folder, "tagetid": archive}));
    assert_eq!(id(&result(&moved)["PARENT_ID"]), archive);
    assert_eq!(
        last_request(&sandbox, "disk.folder.moveto").fields,
        json!({"id": folder.to_string(), "targetFolderId": archive.to_string()})
    );
    let info = hook(&sandbox, ffi::b24_get_folder_information, json!({"folderid": folder}));
    assert_eq!((&result(&info)["NAME"], id(&result(&info)["PARENT_ID"])), (&json!("Year 2024"), archive));
    let into_itself = hook(&sandbox, ffi::b24_move_folder, json!({"folderid": archive, "tagetid": folder}));
    assert_eq!(error_code(&into_itself), "ERROR_ARGUMENT", "{into_itself}");

    let copied = hook(&sandbox, ffi::b24_make_folder_copy, json!({"folderid": folder, "tagetid": top}));
    let copy = id(&result(&copied)["ID"]);
    assert_eq!(
        last_request(&sandbox, "disk.folder.copyto").fields,
        json!({"id": folder.to_string(), "targetFolderId": top.to_string()})
    );
    let snapshot = sandbox.snapshot();
    let copied_files = snapshot.files_in_folder(copy);
    assert_eq!(copied_files.len(), 1);
    assert_eq!(
        (copied_files[0].name.as_str(), copied_files[0].bytes.clone()),
        ("q1.csv", snapshot.files[&file].bytes.clone())
    );

    assert_eq!(result(&hook(&sandbox, ffi::b24_delete_folder, json!({"folderid": archive}))), &json!(true));
    let snapshot = sandbox.snapshot();
    assert!(!snapshot.folders.contains_key(&archive) && !snapshot.folders.contains_key(&folder));
    assert!(!snapshot.files.contains_key(&file), "the tree went with its folder");
    assert_eq!(snapshot.files_in_folder(copy).len(), 1, "the copy stays");
}

#[test]
fn a_folders_children_are_filtered_by_the_portal() {
    let sandbox = start();
    let folder = new_folder(&sandbox, root(&sandbox.snapshot(), SHARED_STORAGE), "Mixed");
    new_folder(&sandbox, folder, "Sub");
    let file = upload(&sandbox, folder, "a.txt", b"a");
    upload(&sandbox, folder, "b.txt", b"b");
    let answer = hook(
        &sandbox,
        ffi::b24_get_folder_items,
        json!({"folderid": folder, "filter": {"TYPE": "file", "%NAME": "a."}}),
    );
    let listed: Vec<u64> = result(&answer).as_array().unwrap().iter().map(|item| id(&item["ID"])).collect();
    assert_eq!(listed, [file]);
    assert_eq!(
        last_request(&sandbox, "disk.folder.getchildren").fields,
        json!({"id": folder.to_string(), "filter": {"TYPE": "file", "%NAME": "a."}})
    );
    assert_eq!(items(&sandbox, folder), ["Sub", "a.txt", "b.txt"]);
}

#[test]
fn external_links_are_made_once_and_kept() {
    let sandbox = start();
    let folder = new_folder(&sandbox, root(&sandbox.snapshot(), SHARED_STORAGE), "Public");
    let file = upload(&sandbox, folder, "flyer.pdf", b"%PDF");
    let folder_link =
        result(&hook(&sandbox, ffi::b24_get_folder_external_link, json!({"folderid": folder}))).clone();
    let file_link = result(&hook(&sandbox, ffi::b24_get_file_external_link, json!({"fileid": file}))).clone();
    assert!(
        folder_link.as_str().unwrap().starts_with(&format!("{}~", sandbox.portal_url())),
        "{folder_link}"
    );
    assert_ne!(folder_link, file_link);
    assert_eq!(result(&hook(&sandbox, ffi::b24_get_file_external_link, json!({"fileid": file}))), &file_link);
    assert_eq!(last_request(&sandbox, "disk.file.getexternallink").fields, json!({"id": file.to_string()}));
    assert!(last_request(&sandbox, "disk.folder.getexternallink")
        .path
        .ends_with("disk.folder.getExternalLink"));
    let snapshot = sandbox.snapshot();
    assert_eq!(snapshot.files[&file].external_link.as_deref(), file_link.as_str());
    assert_eq!(snapshot.folders[&folder].external_link.as_deref(), folder_link.as_str());
}

#[test]
fn the_folder_filter_structure_keeps_the_filter_fields_with_their_types_or_empty() {
    let sandbox = start();
    let typed = hook(&sandbox, ffi::b24_get_folder_filter_structure, json!({}));
    assert_eq!(
        keys(&typed),
        [
            "ID",
            "NAME",
            "TYPE",
            "CODE",
            "STORAGE_ID",
            "PARENT_ID",
            "CREATE_TIME",
            "UPDATE_TIME",
            "DELETE_TIME",
            "DELETED_TYPE"
        ]
    );
    assert_eq!((&typed["ID"], &typed["CREATE_TIME"]), (&json!("integer"), &json!("datetime")));
    let empty = hook(&sandbox, ffi::b24_get_folder_filter_structure, json!({"empty": true}));
    assert!(empty.as_object().unwrap().values().all(|value| value == ""), "{empty}");
    assert_eq!(last_request(&sandbox, "disk.folder.getfields").fields, json!({}));
    // OPI fails on an error answer; the portal's error comes back instead.
    let wrong = sandbox.webhook_url().replace(WEBHOOK_CODE, "wrongcode");
    let refused = call(ffi::b24_get_folder_filter_structure, &json!({"url": wrong}));
    assert!(!error_code(&refused).is_empty() && refused.get("error_description").is_some(), "{refused}");
}

#[test]
fn with_a_token_the_request_carries_auth_and_opis_fields_in_order() {
    let sandbox = start();
    let answer = call(
        ffi::b24_create_storage_folder,
        &json!({"url": sandbox.portal_url(), "token": TOKEN, "storageid": SHARED_STORAGE, "title": "Via app"}),
    );
    result(&answer);
    let sent = last_request(&sandbox, "disk.storage.addfolder");
    let body: Value = serde_json::from_slice(&sent.body).unwrap();
    let fields: Vec<&str> = keys(&body).into_iter().filter(|key| *key != "auth").collect();
    assert_eq!(fields, ["id", "data"]);
    assert_eq!(sent.auth.as_deref(), Some(TOKEN));
}
