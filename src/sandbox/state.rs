//! The fake portal's data: users, chats, messages, read marks, disk folders and files,
//! notifications and statuses, all under one lock so that every method sees and leaves a
//! consistent portal. Tests read it through [`Snapshot`], a plain clone: file and avatar bytes
//! sit behind `Arc`, so even a snapshot holding a 100 MB upload is cheap to take.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::{Map, Value};

/// The user every REST call acts as: the webhook's owner, and the user OAuth tokens belong to.
pub const CALLER: u64 = 1;

/// The text a deleted message is left with, as the portal shows it.
pub const DELETED_TEXT: &str = "Это сообщение было удалено";

/// A portal user. The sandbox seeds users 1 (the caller), 10, 638, 640 and 2960.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: u64,
    pub first_name: String,
    pub last_name: String,
    /// "M" or "F".
    pub gender: String,
    /// The `#rrggbb` colour the messenger draws the user in.
    pub color: String,
    pub email: String,
    pub work_position: Option<String>,
    pub departments: Vec<u64>,
    pub active: bool,
    /// The other fields user.add and user.update set (XML_ID, PERSONAL_MOBILE, ...), by the
    /// portal's key as given.
    pub fields: Map<String, Value>,
}

impl User {
    /// "First Last", as the portal's `name` field.
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// OPEN (anyone on the portal may join) or CHAT (members only), im.chat.add's TYPE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChatType {
    Open,
    Chat,
}

impl ChatType {
    /// "OPEN" or "CHAT".
    pub fn as_str(self) -> &'static str {
        match self {
            ChatType::Open => "OPEN",
            ChatType::Chat => "CHAT",
        }
    }
}

/// A group chat, dialog id `chat<id>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Chat {
    pub id: u64,
    pub kind: ChatType,
    pub title: String,
    pub description: String,
    /// A colour code from [`CHAT_COLORS`] such as "MINT"; "" until one is set.
    pub color: String,
    /// The decoded AVATAR bytes, if any were set.
    pub avatar: Option<Arc<Vec<u8>>>,
    pub owner: u64,
    pub members: BTreeSet<u64>,
    /// Members who muted the chat with im.chat.mute.
    pub muted_by: BTreeSet<u64>,
    /// Members added with HIDE_HISTORY=Y, each with the last message id they do not see.
    pub hidden_history: BTreeMap<u64, u64>,
    /// The chat's disk folder, created on first use (im.disk.folder.get or an upload).
    pub disk_folder_id: Option<u64>,
    pub entity_type: String,
    pub entity_id: String,
    /// Unix seconds.
    pub created: i64,
}

impl Chat {
    /// `chat<id>`.
    pub fn dialog_id(&self) -> String {
        format!("chat{}", self.id)
    }
}

/// A message in a dialog (group chat or private dialog), with what later calls did to it.
/// The first five fields are those `im.message.add` tests have always read.
#[derive(Clone, Debug, PartialEq)]
pub struct PostedMessage {
    pub id: u64,
    /// `chatN` for a group chat, `N` for the caller's private dialog with user N, `sgN` for a
    /// workgroup chat (accepted, but no chat record is kept for it).
    pub dialog_id: String,
    /// The current text: MESSAGE as sent, as later updated, or [`DELETED_TEXT`] once deleted.
    /// `None` when no text was sent.
    pub message: Option<String>,
    /// ATTACH as a JSON value (a JSON-string ATTACH is parsed); `None` when absent or empty.
    pub attach: Option<Value>,
    /// All parameters of the adding request except `auth`; empty for messages posted by
    /// file methods or by [`super::Sandbox::post_as`].
    pub fields: Value,
    pub author_id: u64,
    /// Unix seconds.
    pub date: i64,
    pub keyboard: Option<Value>,
    pub menu: Option<Value>,
    /// SYSTEM=Y.
    pub system: bool,
    /// URL_PREVIEW (default true).
    pub url_preview: bool,
    pub reply_id: Option<u64>,
    /// Message parameters the portal reports in `params`, e.g. `IS_DELETED: "Y"`,
    /// `IS_EDITED: "Y"`. Likes and files are kept in their own fields.
    pub params: Map<String, Value>,
    /// Set by im.message.update unless IS_EDITED=N.
    pub edited: bool,
    /// Users who like the message.
    pub likes: BTreeSet<u64>,
    /// Disk file ids posted with the message.
    pub file_ids: Vec<u64>,
}

/// The name tests may prefer; the type is the same.
pub type Message = PostedMessage;

impl PostedMessage {
    pub fn is_deleted(&self) -> bool {
        self.params.get("IS_DELETED").and_then(Value::as_str) == Some("Y")
    }
}

/// A disk storage: a user's drive, the shared drive, an application's, the chats'. Its files
/// and folders hang from its root folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Storage {
    pub id: u64,
    pub name: String,
    /// "disk" for drives, "im" for the chats' storage.
    pub module_id: String,
    /// "user", "common", "restapp" or "im".
    pub entity_type: String,
    pub entity_id: String,
    pub root_folder_id: u64,
}

/// Where a disk object is with regard to the recycle bin (the portal's DELETED_TYPE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Deleted {
    /// In place (0).
    #[default]
    No,
    /// Put in the recycle bin itself (3).
    Marked,
    /// In the bin because a folder above it was (4); restored with that folder.
    WithFolder,
}

impl Deleted {
    /// The portal's DELETED_TYPE number.
    pub fn code(self) -> u8 {
        match self {
            Deleted::No => 0,
            Deleted::Marked => 3,
            Deleted::WithFolder => 4,
        }
    }
}

/// A disk folder: a storage's root (no parent), a folder in it, or a dialog's files folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Folder {
    pub id: u64,
    pub name: String,
    /// The dialog whose files the folder keeps (`chatN` or a private dialog `N`).
    pub dialog_id: Option<String>,
    pub storage_id: u64,
    /// None for a storage's root folder.
    pub parent_id: Option<u64>,
    pub deleted: Deleted,
    pub author_id: u64,
    /// Unix seconds.
    pub created: i64,
    pub updated: i64,
    pub deleted_at: Option<i64>,
    /// The public link, once asked for with disk.folder.getExternalLink.
    pub external_link: Option<String>,
}

/// A file on the fake disk.
#[derive(Clone, Debug, PartialEq)]
pub struct DiskFile {
    pub id: u64,
    pub folder_id: u64,
    pub name: String,
    pub bytes: Arc<Vec<u8>>,
    pub author_id: u64,
    /// Unix seconds.
    pub created: i64,
    /// The `auth` value its DOWNLOAD_URL carries; a secret like a token.
    pub download_key: String,
    pub updated: i64,
    pub deleted: Deleted,
    pub deleted_at: Option<i64>,
    /// The public link, once asked for with disk.file.getExternalLink.
    pub external_link: Option<String>,
}

/// Which method created a notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotifyKind {
    /// im.notify.personal.add: shown as coming from the caller.
    Personal,
    /// im.notify.system.add: shown as coming from the system.
    System,
}

/// A notification for one user.
#[derive(Clone, Debug, PartialEq)]
pub struct Notification {
    pub id: u64,
    pub user_id: u64,
    pub author_id: u64,
    pub kind: NotifyKind,
    pub text: Option<String>,
    pub tag: Option<String>,
    pub sub_tag: Option<String>,
    pub attach: Option<Value>,
}

/// A copy of the whole portal state, for tests to inspect. All fields are public; the
/// methods below are shortcuts.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub users: BTreeMap<u64, User>,
    /// Status per user ("online", "dnd", "away"); users not listed are "online".
    pub statuses: BTreeMap<u64, String>,
    pub chats: BTreeMap<u64, Chat>,
    /// Every stored message by id, whatever its dialog.
    pub messages: BTreeMap<u64, PostedMessage>,
    /// (user, dialog id) → the last message id that user has read in that dialog.
    pub read_marks: BTreeMap<(u64, String), u64>,
    pub storages: BTreeMap<u64, Storage>,
    pub folders: BTreeMap<u64, Folder>,
    pub files: BTreeMap<u64, DiskFile>,
    pub notifications: BTreeMap<u64, Notification>,
    /// (user, dialog id) of every im.dialog.writing call, in order.
    pub writing: Vec<(u64, String)>,
}

impl Snapshot {
    pub fn chat(&self, id: u64) -> Option<&Chat> {
        self.chats.get(&id)
    }

    pub fn message(&self, id: u64) -> Option<&PostedMessage> {
        self.messages.get(&id)
    }

    /// The messages of one dialog, in id order, deleted ones included.
    pub fn dialog_messages(&self, dialog_id: &str) -> Vec<&PostedMessage> {
        self.messages.values().filter(|m| m.dialog_id == dialog_id).collect()
    }

    pub fn file(&self, id: u64) -> Option<&DiskFile> {
        self.files.get(&id)
    }

    /// The files in one folder, in id order (those in the recycle bin too).
    pub fn files_in_folder(&self, folder_id: u64) -> Vec<&DiskFile> {
        self.files.values().filter(|f| f.folder_id == folder_id).collect()
    }

    /// The folders directly in one folder, in id order (those in the recycle bin too).
    pub fn folders_in_folder(&self, folder_id: u64) -> Vec<&Folder> {
        self.folders.values().filter(|f| f.parent_id == Some(folder_id)).collect()
    }

    /// The notifications of one user, in id order.
    pub fn notifications_of(&self, user_id: u64) -> Vec<&Notification> {
        self.notifications.values().filter(|n| n.user_id == user_id).collect()
    }

    /// The last message id `user_id` has read in `dialog_id`; 0 when nothing was read.
    pub fn read_mark(&self, user_id: u64, dialog_id: &str) -> u64 {
        self.read_marks.get(&(user_id, dialog_id.to_string())).copied().unwrap_or(0)
    }

    /// "online" unless the user set another status.
    pub fn status(&self, user_id: u64) -> &str {
        self.statuses.get(&user_id).map_or("online", String::as_str)
    }
}

/// The 16 chat colours im.chat.add and im.chat.updateColor accept, with the `#rrggbb` the
/// sandbox reports for each.
pub const CHAT_COLORS: [(&str, &str); 16] = [
    ("RED", "#df532d"),
    ("GREEN", "#64a513"),
    ("MINT", "#4ba984"),
    ("LIGHT_BLUE", "#4ba5c3"),
    ("DARK_BLUE", "#3e99ce"),
    ("PURPLE", "#8474c8"),
    ("AQUA", "#1eb4aa"),
    ("PINK", "#f76187"),
    ("LIME", "#58cc47"),
    ("BROWN", "#ab7761"),
    ("AZURE", "#29619b"),
    ("KHAKI", "#728f7a"),
    ("SAND", "#ba9c7b"),
    ("MARENGO", "#556574"),
    ("GRAY", "#909090"),
    ("GRAPHITE", "#524a4b"),
];

/// The hex colour of a colour code, or of MINT for "" (a chat without a chosen colour).
pub(crate) fn color_hex(code: &str) -> Option<&'static str> {
    let code = if code.is_empty() { "MINT" } else { code };
    CHAT_COLORS.iter().find(|(name, _)| name.eq_ignore_ascii_case(code)).map(|(_, hex)| *hex)
}

/// Ids start here; real portals never reuse ids, so `clear` does not reset the counters.
const FIRST_ID: u64 = 1;

/// The seeded storages, each with its root folder of the same id: the caller's drive, the
/// shared drive, the application's storage (disk.storage.getforapp) and the chats' storage
/// whose root holds every dialog's files folder. New disk objects are numbered after them.
pub const CALLER_STORAGE: u64 = 1;
pub const SHARED_STORAGE: u64 = 2;
pub const APP_STORAGE: u64 = 3;
pub const CHATS_STORAGE: u64 = 4;
const FIRST_DISK_ID: u64 = 5;
/// When the seeded roots were made (2024-01-01T00:00:00Z).
const SEEDED_AT: i64 = 1_704_067_200;

impl Folder {
    /// A folder in place, made by the caller at `now`.
    pub(crate) fn new(id: u64, name: String, storage_id: u64, parent_id: Option<u64>, now: i64) -> Folder {
        Folder {
            id,
            name,
            dialog_id: None,
            storage_id,
            parent_id,
            deleted: Deleted::No,
            author_id: CALLER,
            created: now,
            updated: now,
            deleted_at: None,
            external_link: None,
        }
    }
}

/// The state plus its id counters, behind the sandbox's lock.
pub(crate) struct Store {
    /// Messages and notifications share one id sequence, as on the portal.
    pub next_message_id: u64,
    pub next_chat_id: u64,
    /// Folders and files share one id sequence: both are disk objects.
    pub next_disk_id: u64,
    pub data: Snapshot,
    /// The entity engine's tables by family (`crm.deal`, ...); kept apart from `data`, which
    /// tests copy whole, since a list test may hold a hundred thousand records.
    pub entities: std::collections::HashMap<&'static str, super::entity::Table>,
    /// Chat bots with their event queues.
    pub bots: super::methods::bots::Bots,
    /// Users' subscriptions to their chat events, and their queues.
    pub user_events: super::methods::events::UserEvents,
    /// The offline queue's bindings; its rows are the `event.offline` engine table.
    pub offline: super::methods::events::Offline,
}

impl Store {
    pub fn new() -> Store {
        Store {
            next_message_id: FIRST_ID,
            next_chat_id: FIRST_ID,
            next_disk_id: FIRST_DISK_ID,
            data: seed(),
            entities: Default::default(),
            bots: Default::default(),
            user_events: Default::default(),
            offline: Default::default(),
        }
    }

    /// Back to the seeded portal; counters keep going.
    pub fn reset(&mut self) {
        self.data = seed();
        self.entities.values_mut().for_each(super::entity::Table::clear);
        self.bots.clear();
        self.user_events.clear();
        self.offline.clear();
    }

    /// Stores a message and queues the events it means for bots and subscribed users: the one
    /// place a new message feeds the event queues, whoever wrote it.
    pub fn post(&mut self, message: PostedMessage) {
        self.feed(&message);
        self.data.messages.insert(message.id, message);
    }

    /// Queues a message's events without storing it (when the sandbox keeps no records).
    pub fn feed(&mut self, message: &PostedMessage) {
        super::methods::bots::on_message(self, message);
        super::methods::events::on_message(self, message);
    }

    pub fn take_message_id(&mut self) -> u64 {
        let id = self.next_message_id;
        self.next_message_id += 1;
        id
    }

    pub fn take_disk_id(&mut self) -> u64 {
        let id = self.next_disk_id;
        self.next_disk_id += 1;
        id
    }

    /// A chat id above every id in use, including chats created implicitly with a chosen id.
    pub fn take_chat_id(&mut self) -> u64 {
        let above_existing = self.data.chats.keys().next_back().map_or(FIRST_ID, |last| last + 1);
        let id = self.next_chat_id.max(above_existing);
        self.next_chat_id = id + 1;
        id
    }

    /// Creates a chat with the given id; the caller decides owner and members.
    pub fn insert_chat(&mut self, id: u64, owner: u64, members: BTreeSet<u64>, title: String, now: i64) {
        let chat = Chat {
            id,
            kind: ChatType::Chat,
            title,
            description: String::new(),
            color: String::new(),
            avatar: None,
            owner,
            members,
            muted_by: BTreeSet::new(),
            hidden_history: BTreeMap::new(),
            disk_folder_id: None,
            entity_type: String::new(),
            entity_id: String::new(),
            created: now,
        };
        self.data.chats.insert(id, chat);
    }

    /// The folder of a dialog's files, created on first use.
    pub fn dialog_folder(&mut self, dialog_id: &str) -> u64 {
        let existing = self.data.folders.values().find(|f| f.dialog_id.as_deref() == Some(dialog_id));
        if let Some(folder) = existing {
            return folder.id;
        }
        let id = self.take_disk_id();
        let name = format!("Files of {dialog_id}");
        let mut folder = Folder::new(id, name, CHATS_STORAGE, Some(CHATS_STORAGE), SEEDED_AT);
        folder.dialog_id = Some(dialog_id.to_string());
        self.data.folders.insert(id, folder);
        if let Some(chat) = dialog_chat_id(dialog_id).and_then(|chat| self.data.chats.get_mut(&chat)) {
            chat.disk_folder_id = Some(id);
        }
        id
    }

    /// Stores a message with default extras and returns it for the caller to fill in.
    pub fn new_message(
        &mut self,
        dialog_id: &str,
        author_id: u64,
        text: Option<String>,
        now: i64,
    ) -> PostedMessage {
        PostedMessage {
            id: self.take_message_id(),
            dialog_id: dialog_id.to_string(),
            message: text,
            attach: None,
            fields: Value::Object(Map::new()),
            author_id,
            date: now,
            keyboard: None,
            menu: None,
            system: false,
            url_preview: true,
            reply_id: None,
            params: Map::new(),
            edited: false,
            likes: BTreeSet::new(),
            file_ids: Vec::new(),
        }
    }
}

/// N of `chatN`.
pub(crate) fn dialog_chat_id(dialog_id: &str) -> Option<u64> {
    dialog_id.strip_prefix("chat")?.parse().ok()
}

/// id, first name, last name, gender, colour, departments.
type SeedUser = (u64, &'static str, &'static str, &'static str, &'static str, &'static [u64]);

fn seed() -> Snapshot {
    let people: [SeedUser; 5] = [
        (1, "Alexei", "Smirnov", "M", "#df532d", &[1]),
        (10, "Maria", "Ivanova", "F", "#ab7761", &[1, 640]),
        (638, "Oleg", "Kuznetsov", "M", "#4ba984", &[638]),
        (640, "Elena", "Popova", "F", "#8474c8", &[640]),
        (2960, "Dmitry", "Volkov", "M", "#29619b", &[2960]),
    ];
    let users = people
        .iter()
        .map(|&(id, first, last, gender, color, departments)| {
            let user = User {
                id,
                first_name: first.to_string(),
                last_name: last.to_string(),
                gender: gender.to_string(),
                color: color.to_string(),
                email: format!("{}.{}@sandbox.invalid", first.to_lowercase(), last.to_lowercase()),
                work_position: None,
                departments: departments.to_vec(),
                active: true,
                fields: Map::new(),
            };
            (id, user)
        })
        .collect();
    let drives: [(u64, &str, &str, &str, &str); 4] = [
        (CALLER_STORAGE, "Alexei Smirnov", "disk", "user", "1"),
        (SHARED_STORAGE, "Shared drive", "disk", "common", "shared_files_s1"),
        (APP_STORAGE, "Sandbox application", "disk", "restapp", "1"),
        (CHATS_STORAGE, "Chat files", "im", "im", "im"),
    ];
    let mut storages = BTreeMap::new();
    let mut folders = BTreeMap::new();
    for (id, name, module, entity_type, entity_id) in drives {
        let storage = Storage {
            id,
            name: name.to_string(),
            module_id: module.to_string(),
            entity_type: entity_type.to_string(),
            entity_id: entity_id.to_string(),
            root_folder_id: id,
        };
        storages.insert(id, storage);
        folders.insert(id, Folder::new(id, name.to_string(), id, None, SEEDED_AT));
    }
    Snapshot { users, storages, folders, ..Snapshot::default() }
}
