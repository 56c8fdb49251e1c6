//! Disk storages (disk.storage.*): OPI's StoragesManagement.

use super::super::params::{TOKEN, URL};
use super::super::{answer, change, list, no_fields, read, Function};
use super::{disk_function, id_and_data_name, id_and_new_name, id_only, NAME, STORAGE};

const SECTION: &str = "Disk storages";

/// A storage as the portal answers it.
macro_rules! storage {
    () => {
        r#"{"ID": "3", "NAME": "Shared drive", "CODE": null, "MODULE_ID": "disk", "ENTITY_TYPE": "common", "ENTITY_ID": "shared_files_s1", "ROOT_OBJECT_ID": "3"}"#
    };
}

pub static FUNCTIONS: &[Function] = &[
    disk_function!(
        SECTION,
        "GetStoragesList",
        "ПолучитьСписокХранилищ",
        "b24_get_storages_list",
        "Lists the disk storages the user can reach",
        [URL, TOKEN],
        list("disk.storage.getlist", no_fields, &super::CHILDREN),
        answer!(concat!("[", storage!(), "]"))
    ),
    disk_function!(
        SECTION,
        "GetAppStorage",
        "ПолучитьХранилищеПриложения",
        "b24_get_app_storage",
        "Gets the application's own storage (meaningful with an application's token)",
        [URL, TOKEN],
        read("disk.storage.getforapp", no_fields),
        answer!(
            r#"{"ID": "18", "NAME": "My app", "CODE": null, "MODULE_ID": "disk", "ENTITY_TYPE": "restapp", "ENTITY_ID": "2", "ROOT_OBJECT_ID": "464"}"#
        )
    ),
    disk_function!(
        SECTION,
        "GetStorage",
        "ПолучитьХранилище",
        "b24_get_storage",
        "Gets a storage by id",
        [URL, STORAGE, TOKEN],
        read("disk.storage.get", id_only),
        answer!(storage!())
    ),
    disk_function!(
        SECTION,
        "RenameStorage",
        "ПереименоватьХранилище",
        "b24_rename_storage",
        "Renames a storage (the portal allows it for the application's own storage only)",
        [URL, STORAGE, NAME, TOKEN],
        change("disk.storage.rename", id_and_new_name),
        answer!(
            r#"{"ID": "18", "NAME": "Reports", "CODE": null, "MODULE_ID": "disk", "ENTITY_TYPE": "restapp", "ENTITY_ID": "2", "ROOT_OBJECT_ID": "464"}"#
        )
    ),
    disk_function!(
        SECTION,
        "GetStorageObjects",
        "ПолучитьСодержимоеХранилища",
        "b24_get_storage_objects",
        "Lists the folders and files at the top of a storage",
        [URL, STORAGE, TOKEN],
        list("disk.storage.getchildren", id_only, &super::CHILDREN),
        concat!(
            r#"{"result": [{"ID": "12574", "NAME": "Picture2.jpg", "STORAGE_ID": "3", "TYPE": "file", "PARENT_ID": "3", "DELETED_TYPE": "0", "SIZE": "2114023"}], "total": 1, "#,
            r#""time": {"start": 1728454802.6587, "finish": 1728454802.69218, "duration": 0.033, "processing": 0.007, "operating_reset_at": 1728455402, "operating": 0}}"#
        )
    ),
    disk_function!(
        SECTION,
        "CreateStorageFolder",
        "СоздатьКаталогВХранилище",
        "b24_create_storage_folder",
        "Creates a folder at the top of a storage",
        [URL, STORAGE, NAME, TOKEN],
        change("disk.storage.addfolder", id_and_data_name),
        answer!(
            r#"{"ID": 48456, "NAME": "New catalog", "CODE": null, "STORAGE_ID": "3", "TYPE": "folder", "REAL_OBJECT_ID": 48456, "PARENT_ID": "3", "DELETED_TYPE": 0, "DETAIL_URL": "https://portal.bitrix24.com/docs/path/New catalog"}"#
        )
    ),
];
