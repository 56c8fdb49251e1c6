//! The C export of every function in the table. Written by tests/generated.rs from the
//! table; do not edit: `B24_WRITE_GENERATED=1 cargo test --features sandbox --test generated`.

use std::ffi::c_char;

use super::call_table;

/// Sends a message with optional attachment blocks to a chat or a user.
///
/// OPI: `SendMessage(URL, ChatID, Text, Attachments = "", Token = "", Keyboard = "", Menu = "", System = "", URLPreview = "", ReplyID = "")`. REST: im.message.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chatN (group chat), sgN (workgroup chat) or a user id (private dialog).
/// - `text` (string, required unless `blocks` is given): message text, BB codes allowed.
/// - `blocks` (array of blocks, or its JSON text, default: no attachments): attachment blocks, e.g. from GetPictureBlock and the other Get…Block builders.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - `keyboard` (object or array, or its JSON text, default: none): buttons under the message: an array of GetKeyboardButton answers, or {"BUTTONS": [...]}.
/// - `menu` (object or array, or its JSON text, default: none): context menu items: an array, or {"ITEMS": [...]}.
/// - `system` (boolean, default: false): a system message (SYSTEM=Y).
/// - `urlpreview` (boolean, default: true): show a preview of the first link (URL_PREVIEW).
/// - `reply` (string or integer, default: none): the message this one answers, in the same chat (REPLY_ID).
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_send_message(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_send_message", params) }
}

/// Changes a message's text, attachment blocks, keyboard or menu.
///
/// OPI: `EditMessage(URL, MessageID, Text = "", Attachments = "", Token = "", Keyboard = "", Menu = "", URLPreview = "")`. REST: im.message.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `message` (string or integer, required): message id.
/// - `text` (string, default: unchanged): the new text, BB codes allowed.
/// - `blocks` (array of blocks, or its JSON text, default: no attachments): attachment blocks, e.g. from GetPictureBlock and the other Get…Block builders.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - `keyboard` (object or array, or its JSON text, default: none): buttons under the message: an array of GetKeyboardButton answers, or {"BUTTONS": [...]}.
/// - `menu` (object or array, or its JSON text, default: none): context menu items: an array, or {"ITEMS": [...]}.
/// - `urlpreview` (boolean, default: true): show a preview of the first link (URL_PREVIEW).
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_edit_message(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_edit_message", params) }
}

/// Turns the caller's like of a message on or off.
///
/// OPI: `SetMessageReaction(URL, MessageID, Token = "")`. REST: im.message.like.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `message` (string or integer, required): message id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_set_message_reaction(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_set_message_reaction", params) }
}

/// Deletes a message.
///
/// OPI: `DeleteMessage(URL, MessageID, Token = "")`. REST: im.message.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `message` (string or integer, required): message id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_message(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_message", params) }
}

/// Sends a file to a chat: one already on the chat's disk (fileid), or any file (file), uploaded here.
///
/// OPI: `SendFile(URL, ChatID, FileID, Description = "", Token = "", File = "", FileName = "")`. REST: im.disk.file.commit; with file: im.v2.File.upload, or im.disk.folder.get + disk.folder.uploadfile + im.disk.file.commit.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `fileid` (string or integer, required unless `file` is given): id of a file already in the chat's folder (GetChatFilesFolder, UploadFileToFolder).
/// - `description` (string, default: none): text sent with the file.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - `file` (file: path or {name, base64}, default: none): a file to upload and send: a path, {"name", "base64"}, or 1C BinaryData; at most 100 MB.
/// - `filename` (string, default: the file's own name): the name the file gets in the chat; required for BinaryData.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_send_file(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_send_file", params) }
}

/// Marks a message and every earlier one in the dialog as read.
///
/// OPI: `MarkMessageAsReaded(URL, ChatID, MessageID, Token = "")`. REST: im.dialog.read.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chatN (group chat), sgN (workgroup chat) or a user id (private dialog).
/// - `message` (string or integer, required): message id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_mark_message_as_readed(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_mark_message_as_readed", params) }
}

/// Marks a message and every later one in the dialog as unread.
///
/// OPI: `MarkMessageAsUnreaded(URL, ChatID, MessageID, Token = "")`. REST: im.dialog.unread.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chatN (group chat), sgN (workgroup chat) or a user id (private dialog).
/// - `message` (string or integer, required): message id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_mark_message_as_unreaded(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_mark_message_as_unreaded", params) }
}

/// Builds an image attachment block (IMAGE) for blocks.
///
/// OPI: `GetPictureBlock(Name, URL)`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `title` (string, required): image name shown in the chat.
/// - `url` (string, required): public link to the image.
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_picture_block(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_picture_block", params) }
}

/// Builds a file attachment block (FILE) for blocks.
///
/// OPI: `GetFileBlock(Name, URL)`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `title` (string, required): file name shown in the chat.
/// - `url` (string, required): public link to the file.
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_file_block(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_file_block", params) }
}

/// Builds a text attachment block (MESSAGE) for blocks; BB codes allowed.
///
/// OPI: `GetTextBlock(Text)`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `text` (string, required): the block's text.
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_text_block(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_text_block", params) }
}

/// Builds a link attachment block (LINK) for blocks.
///
/// OPI: `GetLinkBlock(URL, Name = "", Description = "", Preview = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): the link.
/// - `title` (string, default: the link itself): the link's caption.
/// - `description` (string, default: none): text under the caption.
/// - `preview` (string, default: none): link to a preview picture.
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_link_block(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_link_block", params) }
}

/// Builds a user attachment block (USER) for blocks.
///
/// OPI: `GetUserBlock(Name, UserID = "", Avatar = "", URL = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `title` (string, required): the name shown.
/// - `user` (string or integer, default: none): the user the block links to.
/// - `avatar` (string, default: none): link to an avatar picture.
/// - `url` (string, default: none): link opened on a click.
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_user_block(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_user_block", params) }
}

/// Builds a grid attachment block (GRID) of name/value rows for blocks.
///
/// OPI: `GetGridBlock(Items, Display = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `items` (object or array, or its JSON text, required): rows: an object {"Name": "Value", ...} in order, or an array of GRID items.
/// - `display` (string, default: LINE): how rows are laid out: BLOCK, LINE, ROW or TABLE.
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_grid_block(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_grid_block", params) }
}

/// Builds a delimiter line attachment block (DELIMITER) for blocks.
///
/// OPI: `GetDelimiterBlock(Size = "", Color = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `size` (string or integer, default: the portal's): the line's length in pixels.
/// - `color` (string, default: the portal's): the line's colour, e.g. #c8c8c8.
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_delimiter_block(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_delimiter_block", params) }
}

/// Builds a keyboard button for the keyboard of SendMessage and EditMessage.
///
/// OPI: `GetKeyboardButton(Text, Link = "", Command = "", CommandParams = "", Action = "", ActionValue = "", BgColor = "", TextColor = "", Display = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `text` (string, required): the button's caption.
/// - `link` (string, default: none): a link opened on a click.
/// - `command` (string, default: none): a bot command sent on a click.
/// - `commandparams` (string, default: none): the command's parameters.
/// - `action` (string, default: none): an action on a click: PUT, SEND, COPY, CALL or DIALOG.
/// - `actionvalue` (string, default: none): the action's value (text, number, dialog).
/// - `bgcolor` (string, default: the portal's): background colour, e.g. #29619b.
/// - `textcolor` (string, default: the portal's): text colour, e.g. #ffffff.
/// - `display` (string, default: BLOCK): LINE (shares the row) or BLOCK (own row).
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_keyboard_button(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_keyboard_button", params) }
}

/// Creates a chat from a structure of fields (see GetChatStructure).
///
/// OPI: `CreateChat(URL, ChatStructure, Token = "")`. REST: im.chat.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fields` (object, or its JSON text, required): TYPE, TITLE, DESCRIPTION, COLOR, MESSAGE, USERS, AVATAR (a file: path, {name, base64}, or base64 text), OWNER_ID.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_chat(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_chat", params) }
}

/// Lists the ids of a chat's members.
///
/// OPI: `GetChatUsers(URL, ChatID, Token = "")`. REST: im.chat.user.list.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_chat_users(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_chat_users", params) }
}

/// The caller leaves a chat.
///
/// OPI: `LeaveChat(URL, ChatID, Token = "")`. REST: im.chat.leave.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_leave_chat(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_leave_chat", params) }
}

/// Adds users to a chat, optionally hiding its earlier messages from them.
///
/// OPI: `AddUsersToChat(URL, ChatID, UserIDs, HideHistory = "", Token = "")`. REST: im.chat.user.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `users` (id or array of ids, required): one user id or an array of them.
/// - `hide` (boolean, default: false): hide earlier messages from the new members.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_add_users_to_chat(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_add_users_to_chat", params) }
}

/// Removes a member from a chat.
///
/// OPI: `DeleteUserFromChat(URL, ChatID, UserID, Token = "")`. REST: im.chat.user.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `user` (string or integer, required): user id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_user_from_chat(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_user_from_chat", params) }
}

/// Renames a chat.
///
/// OPI: `ChangeChatTitle(URL, ChatID, Title, Token = "")`. REST: im.chat.updateTitle.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `title` (string, required): the new title.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_change_chat_title(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_change_chat_title", params) }
}

/// Changes a chat's colour.
///
/// OPI: `ChangeChatColor(URL, ChatID, Color, Token = "")`. REST: im.chat.updateColor.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `color` (string, required): RED, GREEN, MINT, LIGHT_BLUE, DARK_BLUE, PURPLE, AQUA, PINK, LIME, BROWN, AZURE, KHAKI, SAND, MARENGO, GRAY or GRAPHITE.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_change_chat_color(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_change_chat_color", params) }
}

/// Changes a chat's picture.
///
/// OPI: `ChangeChatPicture(URL, ChatID, Image, Token = "")`. REST: im.chat.updateAvatar.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `picture` (file: path or {name, base64}, required): the picture: a path, {"name", "base64"}, or 1C BinaryData.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_change_chat_picture(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_change_chat_picture", params) }
}

/// Makes another member the chat's owner.
///
/// OPI: `ChangeChatOwner(URL, ChatID, UserID, Token = "")`. REST: im.chat.setOwner.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `user` (string or integer, required): user id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_change_chat_owner(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_change_chat_owner", params) }
}

/// Mutes a chat for the caller.
///
/// OPI: `DisableChatNotifications(URL, ChatID, Token = "")`. REST: im.chat.mute.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_disable_chat_notifications(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_disable_chat_notifications", params) }
}

/// Unmutes a chat for the caller.
///
/// OPI: `EnableChatNotifications(URL, ChatID, Token = "")`. REST: im.chat.mute.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_enable_chat_notifications(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_enable_chat_notifications", params) }
}

/// Gets the disk folder of a chat's files (its ID is UploadFileToFolder's folderid).
///
/// OPI: `GetChatFilesFolder(URL, ChatID, Token = "")`. REST: im.disk.folder.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chat id: N or chatN.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_chat_files_folder(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_chat_files_folder", params) }
}

/// Gives the keys of CreateChat's fields, each with its meaning, or empty.
///
/// OPI: `GetChatStructure(Clear = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `empty` (boolean, default: false): true: every value is "".
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_chat_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_chat_structure", params) }
}

/// Gets users' data by their ids.
///
/// OPI: `GetUsers(URL, UserIDs, Token = "")`. REST: im.user.list.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `users` (id or array of ids, required): one user id or an array of them.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_users(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_users", params) }
}

/// Reads a dialog's messages, 20 at a time, before last or after first.
///
/// OPI: `GetChatMessagesList(URL, ChatID, LastID = "", FirstID = "", Token = "")`. REST: im.dialog.messages.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chatN (group chat), sgN (workgroup chat) or a user id (private dialog).
/// - `last` (string or integer, default: none): messages before this id (older ones).
/// - `first` (string or integer, default: none): messages after this id (newer ones); 0 reads from the start.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_chat_messages_list(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_chat_messages_list", params) }
}

/// Gets a dialog's data: chat, title, owner, counters.
///
/// OPI: `GetDialog(URL, ChatID, Token = "")`. REST: im.dialog.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chatN (group chat), sgN (workgroup chat) or a user id (private dialog).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_dialog(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_dialog", params) }
}

/// Lists a dialog's members with their data.
///
/// OPI: `GetChatMembersList(URL, ChatID, Token = "")`. REST: im.dialog.users.list.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chatN (group chat), sgN (workgroup chat) or a user id (private dialog).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_chat_members_list(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_chat_members_list", params) }
}

/// Shows "typing…" in a dialog.
///
/// OPI: `SendWritingNotification(URL, ChatID, Token = "")`. REST: im.dialog.writing.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `chat` (string or integer, required): chatN (group chat), sgN (workgroup chat) or a user id (private dialog).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_send_writing_notification(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_send_writing_notification", params) }
}

/// Gets the caller's status: online, dnd or away.
///
/// OPI: `GetUserStatus(URL, Token = "")`. REST: im.user.status.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_user_status(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_user_status", params) }
}

/// Sets the caller's status: online, dnd or away.
///
/// OPI: `SetUserStatus(URL, Status, Token = "")`. REST: im.user.status.set.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `status` (string, required): online, dnd or away.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_set_user_status(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_set_user_status", params) }
}

/// Marks every message of every dialog as read for the caller.
///
/// OPI: `ReadAll(URL, Token = "")`. REST: im.dialog.read.all.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_read_all(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_read_all", params) }
}

/// Sends a user a notification from the caller.
///
/// OPI: `CreatePersonalNotification(URL, UserID, Text, Tag = "", Attachments = "", Token = "")`. REST: im.notify.personal.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `user` (string or integer, required): user id.
/// - `text` (string, required): the notification's text, BB codes allowed.
/// - `tag` (string, default: no tag): uniqueness tag: a new notification with the same tag replaces the old one.
/// - `blocks` (array of blocks, or its JSON text, default: no attachments): attachment blocks, e.g. from GetPictureBlock and the other Get…Block builders.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_personal_notification(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_personal_notification", params) }
}

/// Sends a user a system notification.
///
/// OPI: `CreateSystemNotification(URL, UserID, Text, Tag = "", Attachments = "", Token = "")`. REST: im.notify.system.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `user` (string or integer, required): user id.
/// - `text` (string, required): the notification's text, BB codes allowed.
/// - `tag` (string, default: no tag): uniqueness tag: a new notification with the same tag replaces the old one.
/// - `blocks` (array of blocks, or its JSON text, default: no attachments): attachment blocks, e.g. from GetPictureBlock and the other Get…Block builders.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_system_notification(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_system_notification", params) }
}

/// Deletes a notification.
///
/// OPI: `DeleteNotification(URL, NotificationID, Token = "")`. REST: im.notify.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `notif` (string or integer, required): notification id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_notification(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_notification", params) }
}

/// Builds the link that authorises the application on a portal (its answer is the link as a JSON string).
///
/// OPI: `GetAppAuthLink(Domain, ClientID)`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `domain` (string, required): the portal's address, e.g. portal.bitrix24.com.
/// - `clientid` (string, required): the application's client id.
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_app_auth_link(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_app_auth_link", params) }
}

/// Exchanges the code from the authorisation link for tokens at the OAuth server.
///
/// OPI: `GetToken(ClientID, ClientSecret, Code, OAuthURL = "")`. REST: OAuth server: POST oauth/token/.
///
/// `params` is a UTF-8 JSON object:
/// - `clientid` (string, required): the application's client id.
/// - `clientsecret` (string, required): the application's client secret.
/// - `code` (string, required): the code the portal returned after authorisation.
/// - `oauth_url` (string, default: B24_OAUTH_URL, else https://oauth.bitrix.info/oauth/token/): the OAuth token server to ask.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_token(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_token", params) }
}

/// Gets new tokens with a refresh token at the OAuth server.
///
/// OPI: `RefreshToken(ClientID, ClientSecret, Refresh, OAuthURL = "")`. REST: OAuth server: POST oauth/token/.
///
/// `params` is a UTF-8 JSON object:
/// - `clientid` (string, required): the application's client id.
/// - `clientsecret` (string, required): the application's client secret.
/// - `refresh` (string, required): the refresh token of the last token answer.
/// - `oauth_url` (string, default: B24_OAUTH_URL, else https://oauth.bitrix.info/oauth/token/): the OAuth token server to ask.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_refresh_token(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_refresh_token", params) }
}

/// Gets the portal's current time.
///
/// OPI: `ServerTime(URL, Token = "")`. REST: server.time.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_server_time(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_server_time", params) }
}

/// Publishes a post in the news feed, with recipients, files and importance.
///
/// OPI: `CreatePost(URL, Text, Visibility = "", Files = "", Title = "", Important = "", Token = "")`. REST: log.blogpost.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `text` (string, required): the post's text.
/// - `vision` (id or array of ids, default: UA (everyone)): recipients: one code or an array of them (UA everyone, Un user, SGn workgroup, DRn department, Gn group).
/// - `files` (object of file name -> file (path or {name, base64}), or its JSON text, default: no files): attachments: an object of file name -> file (a path or {"name", "base64"}), at most 100 MB together.
/// - `title` (string, default: no title): the post's title.
/// - `important` (boolean, default: false): mark the post important (IMPORTANT=Y).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_post(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_post", params) }
}

/// Changes a post's text, title, recipients and files.
///
/// OPI: `UpdatePost(URL, PostID, Text, Visibility = "", Files = "", Title = "", Token = "")`. REST: log.blogpost.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `postid` (string or integer, required): post id.
/// - `text` (string, required): the post's text.
/// - `vision` (id or array of ids, default: UA (everyone)): recipients: one code or an array of them (UA everyone, Un user, SGn workgroup, DRn department, Gn group).
/// - `files` (object of file name -> file (path or {name, base64}), or its JSON text, default: no files): attachments: an object of file name -> file (a path or {"name", "base64"}), at most 100 MB together.
/// - `title` (string, default: no title): the post's title.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_post(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_post", params) }
}

/// Deletes a post.
///
/// OPI: `DeletePost(URL, PostID, Token = "")`. REST: log.blogpost.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `postid` (string or integer, required): post id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_post(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_post", params) }
}

/// Lists the users who have read an important post.
///
/// OPI: `GetImportantPostViewers(URL, PostID, Token = "")`. REST: log.blogpost.getusers.important.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `postid` (string or integer, required): post id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_important_post_viewers(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_important_post_viewers", params) }
}

/// Gets posts of the feed, one by id or those for a recipient.
///
/// OPI: `GetPosts(URL, PostID = "", Filter = "", Token = "")`. REST: log.blogpost.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `postid` (string or integer, default: any post): one post's id.
/// - `sel` (string, default: UA): posts for this recipient code: UA, Un, SGn, DRn, Gn.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_posts(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_posts", params) }
}

/// Comments on a post.
///
/// OPI: `AddPostComment(URL, PostID, Text, Token = "")`. REST: log.blogcomment.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `postid` (string or integer, required): post id.
/// - `text` (string, required): the comment's text.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_add_post_comment(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_add_post_comment", params) }
}

/// Shares a post with more recipients.
///
/// OPI: `AddPostRecipients(URL, PostID, Visibility, Token = "")`. REST: log.blogpost.share.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `postid` (string or integer, required): post id.
/// - `vision` (string, required): the recipient code to add: UA, Un, SGn, DRn, Gn.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_add_post_recipients(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_add_post_recipients", params) }
}

/// Lists the disk storages the user can reach.
///
/// OPI: `GetStoragesList(URL, Token = "")`. REST: disk.storage.getlist.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_storages_list(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_storages_list", params) }
}

/// Gets the application's own storage (meaningful with an application's token).
///
/// OPI: `GetAppStorage(URL, Token = "")`. REST: disk.storage.getforapp.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_app_storage(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_app_storage", params) }
}

/// Gets a storage by id.
///
/// OPI: `GetStorage(URL, StorageID, Token = "")`. REST: disk.storage.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `storageid` (string or integer, required): storage id (GetStoragesList's ID).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_storage(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_storage", params) }
}

/// Renames a storage (the portal allows it for the application's own storage only).
///
/// OPI: `RenameStorage(URL, StorageID, Name, Token = "")`. REST: disk.storage.rename.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `storageid` (string or integer, required): storage id (GetStoragesList's ID).
/// - `title` (string, required): the name to give, with the extension for a file.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_rename_storage(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_rename_storage", params) }
}

/// Lists the folders and files at the top of a storage.
///
/// OPI: `GetStorageObjects(URL, StorageID, Token = "")`. REST: disk.storage.getchildren.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `storageid` (string or integer, required): storage id (GetStoragesList's ID).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_storage_objects(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_storage_objects", params) }
}

/// Creates a folder at the top of a storage.
///
/// OPI: `CreateStorageFolder(URL, StorageID, Name, Token = "")`. REST: disk.storage.addfolder.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `storageid` (string or integer, required): storage id (GetStoragesList's ID).
/// - `title` (string, required): the name to give, with the extension for a file.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_storage_folder(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_storage_folder", params) }
}

/// Gets a folder by id.
///
/// OPI: `GetFolderInformation(URL, FolderID, Token = "")`. REST: disk.folder.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `folderid` (string or integer, required): folder id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_folder_information(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_folder_information", params) }
}

/// Creates a folder inside a folder.
///
/// OPI: `CreateSubfolder(URL, FolderID, Name, Token = "")`. REST: disk.folder.addsubfolder.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `folderid` (string or integer, required): folder id.
/// - `title` (string, required): the name to give, with the extension for a file.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_subfolder(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_subfolder", params) }
}

/// Copies a folder with everything in it into another folder.
///
/// OPI: `MakeFolderCopy(URL, FolderID, DestinationID, Token = "")`. REST: disk.folder.copyto.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `folderid` (string or integer, required): folder id.
/// - `tagetid` (string or integer, required): the destination folder's id (OPI's key is spelled tagetid).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_make_folder_copy(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_make_folder_copy", params) }
}

/// Moves a folder with everything in it into another folder.
///
/// OPI: `MoveFolder(URL, FolderID, DestinationID, Token = "")`. REST: disk.folder.moveto.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `folderid` (string or integer, required): folder id.
/// - `tagetid` (string or integer, required): the destination folder's id (OPI's key is spelled tagetid).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_move_folder(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_move_folder", params) }
}

/// Deletes a folder and everything in it for good (not to the recycle bin).
///
/// OPI: `DeleteFolder(URL, FolderID, Token = "")`. REST: disk.folder.deletetree.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `folderid` (string or integer, required): folder id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_folder(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_folder", params) }
}

/// Gets a public link to a folder.
///
/// OPI: `GetFolderExternalLink(URL, FolderID, Token = "")`. REST: disk.folder.getExternalLink.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `folderid` (string or integer, required): folder id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_folder_external_link(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_folder_external_link", params) }
}

/// Lists the folders and files in a folder, with a filter.
///
/// OPI: `GetFolderItems(URL, FolderID, Filter = "", Token = "")`. REST: disk.folder.getchildren.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `folderid` (string or integer, required): folder id.
/// - `filter` (object, or its JSON text, default: no filter): filter on the children, keys as GetFolderFilterStructure gives them; prefixes such as > < ! % in keys.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_folder_items(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_folder_items", params) }
}

/// Puts a folder with everything in it into the recycle bin.
///
/// OPI: `MarkFolderAsDeleted(URL, FolderID, Token = "")`. REST: disk.folder.markdeleted.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `folderid` (string or integer, required): folder id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_mark_folder_as_deleted(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_mark_folder_as_deleted", params) }
}

/// Brings a folder back from the recycle bin.
///
/// OPI: `RestoreFolder(URL, FolderID, Token = "")`. REST: disk.folder.restore.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `folderid` (string or integer, required): folder id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_restore_folder(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_restore_folder", params) }
}

/// Renames a folder.
///
/// OPI: `RenameFolder(URL, FolderID, Name, Token = "")`. REST: disk.folder.rename.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `folderid` (string or integer, required): folder id.
/// - `title` (string, required): the name to give, with the extension for a file.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_rename_folder(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_rename_folder", params) }
}

/// Gives the keys a folder filter takes (from disk.folder.getfields), each with its type, or empty; an error answer comes back as it is (OPI would fail on it).
///
/// OPI: `GetFolderFilterStructure(URL, Clear = "", Token = "")`. REST: disk.folder.getfields.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `empty` (boolean, default: false): true: every value is "".
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_folder_filter_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_folder_filter_structure", params) }
}

/// Uploads a file to the top of a storage.
///
/// OPI: `UploadFileToStorage(URL, Name, File, StorageID, Rights = "", Token = "")`. REST: disk.storage.uploadfile.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `title` (string, required): the file's name with its extension, as the disk shows it.
/// - `file` (file: path or {name, base64}, required): the file: a path, {"name", "base64"}, or 1C BinaryData; at most 100 MB.
/// - `storageid` (string or integer, required): storage id (GetStoragesList's ID).
/// - `rights` (object or array, or its JSON text, default: none): access rights: an array of {"TASK_ID", "ACCESS_CODE"} (one object is taken as an array of one).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_upload_file_to_storage(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_upload_file_to_storage", params) }
}

/// Uploads a file into a disk folder.
///
/// OPI: `UploadFileToFolder(URL, Name, File, FolderID, Token = "")`. REST: disk.folder.uploadfile.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `title` (string, required): the file's name with its extension, as the disk shows it.
/// - `file` (file: path or {name, base64}, required): the file: a path, {"name", "base64"}, or 1C BinaryData; at most 100 MB.
/// - `folderid` (string or integer, required): the folder's id (a chat's: GetChatFilesFolder's result.ID).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_upload_file_to_folder(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_upload_file_to_folder", params) }
}

/// Gets a file by id: name, size, folder, download URL.
///
/// OPI: `GetFileInformation(URL, FileID, Token = "")`. REST: disk.file.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fileid` (string or integer, required): file id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_file_information(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_file_information", params) }
}

/// Deletes a file for good (not to the recycle bin).
///
/// OPI: `DeleteFile(URL, FileID, Token = "")`. REST: disk.file.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fileid` (string or integer, required): file id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_file(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_file", params) }
}

/// Gets a public link to a file (some cloud portals no longer have the method).
///
/// OPI: `GetFileExternalLink(URL, FileID, Token = "")`. REST: disk.file.getExternalLink.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fileid` (string or integer, required): file id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_file_external_link(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_file_external_link", params) }
}

/// Puts a file into the recycle bin.
///
/// OPI: `MarkFileAsDeleted(URL, FileID, Token = "")`. REST: disk.file.markdeleted.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fileid` (string or integer, required): file id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_mark_file_as_deleted(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_mark_file_as_deleted", params) }
}

/// Brings a file back from the recycle bin.
///
/// OPI: `RestoreFile(URL, FileID, Token = "")`. REST: disk.file.restore.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fileid` (string or integer, required): file id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_restore_file(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_restore_file", params) }
}

/// Copies a file into a folder.
///
/// OPI: `MakeFileCopy(URL, FileID, FolderID, Token = "")`. REST: disk.file.copyto.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fileid` (string or integer, required): file id.
/// - `folderid` (string or integer, required): the folder that receives the copy.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_make_file_copy(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_make_file_copy", params) }
}

/// Moves a file into another folder.
///
/// OPI: `MoveFileToFolder(URL, FileID, FolderID, Token = "")`. REST: disk.file.moveto.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fileid` (string or integer, required): file id.
/// - `folderid` (string or integer, required): the file's new folder.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_move_file_to_folder(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_move_file_to_folder", params) }
}

/// Renames a file.
///
/// OPI: `RenameFile(URL, FileID, Name, Token = "")`. REST: disk.file.rename.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fileid` (string or integer, required): file id.
/// - `title` (string, required): the name to give, with the extension for a file.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_rename_file(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_rename_file", params) }
}

/// Gets a task by id.
///
/// OPI: `GetTask(URL, TaskID, Token = "")`. REST: tasks.task.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_task", params) }
}

/// Lists tasks, 50 a page, with a filter and the fields to return.
///
/// OPI: `GetTasksList(URL, Filter = "", Indent = "", Token = "", Fields = "")`. REST: tasks.task.list.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `filter` (object, or its JSON text, default: no filter): keys as in GetTasksFilterStructure; prefixes such as ! < <= > >= in keys.
/// - `offset` (string or integer, default: 0): how many tasks to skip: pages are 50 tasks.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - `select` (id or array of ids, default: the portal's default fields): field names to return.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_tasks_list(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_tasks_list", params) }
}

/// Creates a task from a structure of fields.
///
/// OPI: `CreateTask(URL, FieldsStructure, Token = "")`. REST: tasks.task.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fields` (object, or its JSON text, required): task fields, keys as in GetTaskFieldsStructure (TITLE, DESCRIPTION, DEADLINE, RESPONSIBLE_ID, ...), sent as given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_task", params) }
}

/// Changes fields of a task.
///
/// OPI: `UpdateTask(URL, TaskID, FieldsStructure, Token = "")`. REST: tasks.task.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `fields` (object, or its JSON text, required): task fields, keys as in GetTaskFieldsStructure (TITLE, DESCRIPTION, DEADLINE, RESPONSIBLE_ID, ...), sent as given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_task", params) }
}

/// Deletes a task.
///
/// OPI: `DeleteTask(URL, TaskID, Token = "")`. REST: tasks.task.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_task", params) }
}

/// Attaches a file already on the portal's disk to a task.
///
/// OPI: `AttachFileToTopic(URL, TaskID, FileID, Token = "")`. REST: tasks.task.files.attach.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `fileid` (string or integer, required): disk file id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_attach_file_to_topic(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_attach_file_to_topic", params) }
}

/// Accepts a task that awaits control: it becomes completed.
///
/// OPI: `ApproveTask(URL, TaskID, Token = "")`. REST: tasks.task.approve.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_approve_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_approve_task", params) }
}

/// Sends back a task that awaits control.
///
/// OPI: `DisapproveTask(URL, TaskID, Token = "")`. REST: tasks.task.disapprove.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_disapprove_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_disapprove_task", params) }
}

/// Completes a task (or sends it for control, when the creator controls it).
///
/// OPI: `CompleteTask(URL, TaskID, Token = "")`. REST: tasks.task.complete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_complete_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_complete_task", params) }
}

/// Renews a completed or deferred task.
///
/// OPI: `RenewTask(URL, TaskID, Token = "")`. REST: tasks.task.renew.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_renew_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_renew_task", params) }
}

/// Defers a task.
///
/// OPI: `DeferTask(URL, TaskID, Token = "")`. REST: tasks.task.defer.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_defer_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_defer_task", params) }
}

/// Pauses a task in progress.
///
/// OPI: `PauseTask(URL, TaskID, Token = "")`. REST: tasks.task.pause.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_pause_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_pause_task", params) }
}

/// Starts a task.
///
/// OPI: `StartTask(URL, TaskID, Token = "")`. REST: tasks.task.start.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_start_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_start_task", params) }
}

/// Makes the current user a watcher (auditor) of a task.
///
/// OPI: `StartWatchingTask(URL, TaskID, Token = "")`. REST: tasks.task.startwatch.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_start_watching_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_start_watching_task", params) }
}

/// Stops the current user watching a task.
///
/// OPI: `StopWatchingTask(URL, TaskID, Token = "")`. REST: tasks.task.stopwatch.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_stop_watching_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_stop_watching_task", params) }
}

/// Hands a task to another responsible user.
///
/// OPI: `DelegateTask(URL, TaskID, UserID, Token = "")`. REST: tasks.task.delegate.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `user` (string or integer, required): user id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delegate_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delegate_task", params) }
}

/// Adds a task to the current user's favourites.
///
/// OPI: `AddTaskToFavorites(URL, TaskID, Token = "")`. REST: tasks.task.favorite.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_add_task_to_favorites(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_add_task_to_favorites", params) }
}

/// Removes a task from the current user's favourites.
///
/// OPI: `RemoveTaskFromFavorites(URL, TaskID, Token = "")`. REST: tasks.task.favorite.remove.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_remove_task_from_favorites(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_remove_task_from_favorites", params) }
}

/// Gets a task's history of changes.
///
/// OPI: `GetTaskHistory(URL, TaskID, Token = "")`. REST: tasks.task.history.list.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_task_history(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_task_history", params) }
}

/// Gets which actions on a task each of the given users may take.
///
/// OPI: `CheckTaskAccesses(URL, TaskID, Users = "", Token = "")`. REST: tasks.task.getaccess.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `users` (id or array of ids, default: the current user): user ids whose rights are checked.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_check_task_accesses(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_check_task_accesses", params) }
}

/// Mutes a task's notifications for the current user.
///
/// OPI: `MuteTask(URL, TaskID, Token = "")`. REST: tasks.task.mute.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_mute_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_mute_task", params) }
}

/// Unmutes a task's notifications for the current user.
///
/// OPI: `UnmuteTask(URL, TaskID, Token = "")`. REST: tasks.task.unmute.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_unmute_task(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_unmute_task", params) }
}

/// Links two tasks: one depends on the other.
///
/// OPI: `CreateTasksDependencies(URL, FromID, DestinationID, LinkType, Token = "")`. REST: task.dependence.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `taskfrom` (string or integer, required): the task the link starts from.
/// - `taskto` (string or integer, required): the task the link points to.
/// - `linktype` (string or integer, required): 0 start→start, 1 start→finish, 2 finish→start, 3 finish→finish.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_tasks_dependencies(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_tasks_dependencies", params) }
}

/// Removes a link between two tasks.
///
/// OPI: `DeleteTasksDependencies(URL, FromID, DestinationID, LinkType, Token = "")`. REST: task.dependence.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `taskfrom` (string or integer, required): the task the link starts from.
/// - `taskto` (string or integer, required): the task the link points to.
/// - `linktype` (string or integer, required): 0 start→start, 1 start→finish, 2 finish→start, 3 finish→finish.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_tasks_dependencies(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_tasks_dependencies", params) }
}

/// Gets the ids of the tasks in the current user's plan for the day.
///
/// OPI: `GetDailyPlan(URL, Token = "")`. REST: task.planner.getlist.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_daily_plan(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_daily_plan", params) }
}

/// Gets the portal's description of a task's fields.
///
/// OPI: `GetTaskFieldsStructure(URL, Token = "")`. REST: tasks.task.getFields.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_task_fields_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_task_fields_structure", params) }
}

/// Gives the keys a task filter takes, each with its meaning, or empty.
///
/// OPI: `GetTasksFilterStructure(Clear = "", AsMap = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `empty` (boolean, default: false): true: every value is "".
/// - `map` (boolean, default: false): OPI's Map form (keys may then carry ! < > prefixes); in JSON the same object.
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_tasks_filter_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_tasks_filter_structure", params) }
}

/// Lists the portal's custom task fields.
///
/// OPI: `GetCustomTaskFieldsList(URL, Token = "")`. REST: task.item.userfield.getlist.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_custom_task_fields_list(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_custom_task_fields_list", params) }
}

/// Adds a custom task field; the answer is its id.
///
/// OPI: `AddCustomTaskField(URL, Type, Name, ExternalID = "", Title = "", Signature = "", Token = "")`. REST: task.item.userfield.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `type` (string, required): the field's type: string, double, date, boolean.
/// - `fieldname` (string, required): the field's code; the portal adds the UF_ prefix.
/// - `externalid` (string, default: none): external code (XML_ID).
/// - `title` (string, default: none): the field's label (LABEL).
/// - `label` (object, or its JSON text, default: none): edit-form labels per language, e.g. {"en": "Field", "ru": "Поле"} (EDIT_FORM_LABEL).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_add_custom_task_field(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_add_custom_task_field", params) }
}

/// Changes a custom task field's external code and labels.
///
/// OPI: `UpdateCustomTaskField(URL, FieldID, ExternalID = "", Title = "", Signature = "", Token = "")`. REST: task.item.userfield.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fieldid` (string or integer, required): custom field id.
/// - `externalid` (string, default: none): external code (XML_ID).
/// - `title` (string, default: none): the field's label (LABEL).
/// - `label` (object, or its JSON text, default: none): edit-form labels per language, e.g. {"en": "Field", "ru": "Поле"} (EDIT_FORM_LABEL).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_custom_task_field(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_custom_task_field", params) }
}

/// Gets a custom task field by id.
///
/// OPI: `GetCustomTaskField(URL, FieldID, Token = "")`. REST: task.item.userfield.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fieldid` (string or integer, required): custom field id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_custom_task_field(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_custom_task_field", params) }
}

/// Deletes a custom task field.
///
/// OPI: `DeleteCustomTaskField(URL, FieldID, Token = "")`. REST: task.item.userfield.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fieldid` (string or integer, required): custom field id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_custom_task_field(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_custom_task_field", params) }
}

/// Logs time spent on a task.
///
/// OPI: `AddTaskTimeAccounting(URL, TaskID, Time, UserID = "", Text = "", SetupDate = "", Token = "")`. REST: task.elapseditem.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `amount` (string or integer, required): time spent, in seconds (sent as text).
/// - `user` (string or integer, default: the current user): who spent the time.
/// - `text` (string, default: no comment): the record's comment.
/// - `date` (date: ISO 8601 text such as 2025-11-01T10:30:00 or 2025-11-01, default: now, on the portal): the record's date (sent as yyyy-MM-ddTHH:mm:ss, no zone).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_add_task_time_accounting(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_add_task_time_accounting", params) }
}

/// Deletes a time record of a task.
///
/// OPI: `DeleteTaskTimeAccounting(URL, TaskID, RecordID, Token = "")`. REST: task.elapseditem.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `record` (string or integer, required): time record id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_task_time_accounting(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_task_time_accounting", params) }
}

/// Lists the time records of a task.
///
/// OPI: `GetTaskTimeAccountingList(URL, TaskID, Token = "")`. REST: task.elapseditem.getlist.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_task_time_accounting_list(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_task_time_accounting_list", params) }
}

/// Gets a time record of a task.
///
/// OPI: `GetTaskTimeAccounting(URL, TaskID, RecordID, Token = "")`. REST: task.elapseditem.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `record` (string or integer, required): time record id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_task_time_accounting(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_task_time_accounting", params) }
}

/// Changes a time record of a task.
///
/// OPI: `UpdateTaskTimeAccounting(URL, TaskID, RecordID, Time, Text = "", SetupDate = "", Token = "")`. REST: task.elapseditem.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `record` (string or integer, required): time record id.
/// - `amount` (string or integer, required): time spent, in seconds (sent as text).
/// - `text` (string, default: no comment): the record's comment.
/// - `date` (date: ISO 8601 text such as 2025-11-01T10:30:00 or 2025-11-01, default: now, on the portal): the record's date (sent as yyyy-MM-ddTHH:mm:ss, no zone).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_task_time_accounting(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_task_time_accounting", params) }
}

/// Opens the work day, or resumes a paused or closed one.
///
/// OPI: `StartTimekeeping(URL, UserID = "", Time = "", Report = "", Token = "")`. REST: timeman.open.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `userid` (string or integer, default: the current user): whose work day (another user's needs a time administrator).
/// - `time` (date: ISO 8601 text such as 2025-11-01T10:30:00 or 2025-11-01, default: now, on the portal): the moment, today (sent as yyyy-MM-ddTHH:mm:ssZ: the clock as given, with a Z).
/// - `report` (string, default: none): why the time was changed: needed with a time unless the schedule is free.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_start_timekeeping(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_start_timekeeping", params) }
}

/// Closes the work day.
///
/// OPI: `StopTimekeeping(URL, UserID = "", Time = "", Report = "", Token = "")`. REST: timeman.close.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `userid` (string or integer, default: the current user): whose work day (another user's needs a time administrator).
/// - `time` (date: ISO 8601 text such as 2025-11-01T10:30:00 or 2025-11-01, default: now, on the portal): the moment, today (sent as yyyy-MM-ddTHH:mm:ssZ: the clock as given, with a Z).
/// - `report` (string, default: none): why the time was changed: needed with a time unless the schedule is free.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_stop_timekeeping(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_stop_timekeeping", params) }
}

/// Pauses the work day.
///
/// OPI: `PauseTimekeeping(URL, UserID = "", Token = "")`. REST: timeman.pause.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `userid` (string or integer, default: the current user): whose work day (another user's needs a time administrator).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_pause_timekeeping(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_pause_timekeeping", params) }
}

/// Gets the state of the work day.
///
/// OPI: `GetTimekeepingStatus(URL, UserID = "", Token = "")`. REST: timeman.status.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `userid` (string or integer, default: the current user): whose work day (another user's needs a time administrator).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_timekeeping_status(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_timekeeping_status", params) }
}

/// Gets a user's work-time settings.
///
/// OPI: `GetTimekeepingSettings(URL, UserID = "", Token = "")`. REST: timeman.settings.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `userid` (string or integer, default: the current user): whose work day (another user's needs a time administrator).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_timekeeping_settings(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_timekeeping_settings", params) }
}

/// Adds an item to a task's checklist; the answer is its id.
///
/// OPI: `AddTasksChecklistElement(URL, TaskID, Text, Completed = "", Token = "")`. REST: task.checklistitem.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `text` (string, required): the item's text.
/// - `complete` (boolean, default: false): create the item already checked.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_add_tasks_checklist_element(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_add_tasks_checklist_element", params) }
}

/// Changes the text of a checklist item.
///
/// OPI: `UpdateTasksChecklistElement(URL, TaskID, ElementID, Text, Token = "")`. REST: task.checklistitem.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `element` (string or integer, required): checklist item id.
/// - `text` (string, required): the item's text.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_tasks_checklist_element(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_tasks_checklist_element", params) }
}

/// Deletes a checklist item.
///
/// OPI: `DeleteTasksChecklistElement(URL, TaskID, ElementID, Token = "")`. REST: task.checklistitem.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `element` (string or integer, required): checklist item id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_tasks_checklist_element(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_tasks_checklist_element", params) }
}

/// Gets a task's checklist: its root node and its items.
///
/// OPI: `GetTasksChecklist(URL, TaskID, Token = "")`. REST: task.checklistitem.getlist.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_tasks_checklist(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_tasks_checklist", params) }
}

/// Gets a checklist item.
///
/// OPI: `GetTasksChecklistElement(URL, TaskID, ElementID, Token = "")`. REST: task.checklistitem.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `element` (string or integer, required): checklist item id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_tasks_checklist_element(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_tasks_checklist_element", params) }
}

/// Checks a checklist item.
///
/// OPI: `CompleteTasksChecklistElement(URL, TaskID, ElementID, Token = "")`. REST: task.checklistitem.complete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `element` (string or integer, required): checklist item id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_complete_tasks_checklist_element(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_complete_tasks_checklist_element", params) }
}

/// Unchecks a checklist item.
///
/// OPI: `RenewTasksChecklistElement(URL, TaskID, ElementID, Token = "")`. REST: task.checklistitem.renew.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `element` (string or integer, required): checklist item id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_renew_tasks_checklist_element(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_renew_tasks_checklist_element", params) }
}

/// Lists a task's comments.
///
/// OPI: `GetTaskCommentsList(URL, TaskID, Token = "")`. REST: task.commentitem.getlist.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_task_comments_list(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_task_comments_list", params) }
}

/// Gets a comment of a task.
///
/// OPI: `GetTaskComment(URL, TaskID, CommentID, Token = "")`. REST: task.commentitem.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `comment` (string or integer, required): comment id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_task_comment(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_task_comment", params) }
}

/// Adds a comment to a task; the answer is its id.
///
/// OPI: `AddTaskComment(URL, TaskID, Text, Token = "")`. REST: task.commentitem.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `text` (string, required): the comment's text.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_add_task_comment(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_add_task_comment", params) }
}

/// Changes the text of a task's comment.
///
/// OPI: `UpdateTaskComment(URL, TaskID, CommentID, Text, Token = "")`. REST: task.commentitem.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `comment` (string or integer, required): comment id.
/// - `text` (string, required): the comment's text.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_task_comment(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_task_comment", params) }
}

/// Deletes a task's comment.
///
/// OPI: `DeleteTaskComment(URL, TaskID, CommentID, Token = "")`. REST: task.commentitem.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `comment` (string or integer, required): comment id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_task_comment(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_task_comment", params) }
}

/// Lists a task's results, newest first.
///
/// OPI: `GetResultsList(URL, TaskID, Token = "")`. REST: tasks.task.result.list.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_results_list(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_results_list", params) }
}

/// Makes a comment the task's result.
///
/// OPI: `CreateResultFromComment(URL, CommentID, Token = "")`. REST: tasks.task.result.addFromComment.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `comment` (string or integer, required): comment id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_result_from_comment(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_result_from_comment", params) }
}

/// Takes back the result made from a comment.
///
/// OPI: `DeleteResultFromComment(URL, CommentID, Token = "")`. REST: tasks.task.result.deleteFromComment.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `comment` (string or integer, required): comment id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_result_from_comment(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_result_from_comment", params) }
}

/// Gives the keys of a task comment, each with its meaning, or empty.
///
/// OPI: `GetCommentStructure(Clear = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `empty` (boolean, default: false): true: every value is "".
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_comment_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_comment_structure", params) }
}

/// Adds a stage to a group's kanban or to the user's plan; the answer is its id.
///
/// OPI: `AddKanbanStage(URL, Name, Color = "", PrevStageID = "", EntityID = "", AsAdmin = "", Token = "")`. REST: task.stages.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `title` (string, required): the stage's title.
/// - `color` (string, default: FFD800): the stage's colour, HEX without #.
/// - `prevstage` (string or integer, default: 0): the stage this one comes after (0: the first).
/// - `entityid` (string or integer, default: 0): whose kanban: a group id, or 0 for the current user's own plan.
/// - `admin` (boolean, default: false): skip the permission checks (administrators only).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_add_kanban_stage(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_add_kanban_stage", params) }
}

/// Renames, recolours or moves a kanban stage.
///
/// OPI: `UpdateKanbansStage(URL, Name, StageID, Color = "", PrevStageID = "", AsAdmin = "", Token = "")`. REST: task.stages.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `title` (string, required): the stage's title.
/// - `stage` (string or integer, required): stage id.
/// - `color` (string, default: unchanged): the new colour, HEX without #.
/// - `prevstage` (string or integer, default: 0): the stage this one comes after (0: the first).
/// - `admin` (boolean, default: false): skip the permission checks (administrators only).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_kanbans_stage(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_kanbans_stage", params) }
}

/// Deletes a kanban stage that holds no tasks.
///
/// OPI: `DeleteKanbanStage(URL, StageID, AsAdmin = "", Token = "")`. REST: task.stages.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `stage` (string or integer, required): stage id.
/// - `admin` (boolean, default: false): skip the permission checks (administrators only).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_kanban_stage(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_kanban_stage", params) }
}

/// Gets the stages of a group's kanban or of the user's plan, keyed by id.
///
/// OPI: `GetKanbanStages(URL, EntityID = "", AsAdmin = "", Token = "")`. REST: task.stages.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `entityid` (string or integer, default: 0): whose kanban: a group id, or 0 for the current user's own plan.
/// - `admin` (boolean, default: false): skip the permission checks (administrators only).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_kanban_stages(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_kanban_stages", params) }
}

/// Moves a task to a kanban stage, before or after another task.
///
/// OPI: `MoveTaskToKanbanStage(URL, TaskID, StageID, Prev = "", After = "", Token = "")`. REST: task.stages.movetask.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `task` (string or integer, required): task id.
/// - `stage` (string or integer, required): stage id.
/// - `before` (string or integer, default: 0): put the task before this task (wins over after).
/// - `after` (string or integer, default: 0): put the task after this task.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_move_task_to_kanban_stage(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_move_task_to_kanban_stage", params) }
}

/// Creates a department under a parent, with its head.
///
/// OPI: `CreateDepartment(URL, Name, ParentID = "", HeadID = "", Token = "")`. REST: department.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `title` (string, required): the department's name.
/// - `parentid` (string or integer, default: none): the parent department's id.
/// - `headid` (string or integer, default: none): the head's user id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_department(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_department", params) }
}

/// Renames a department, moves it under another parent or changes its head.
///
/// OPI: `UpdateDepartment(URL, DepartmentID, Name = "", ParentID = "", HeadID = "", Token = "")`. REST: department.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `depid` (string or integer, required): department id.
/// - `title` (string, default: unchanged): the new name.
/// - `parentid` (string or integer, default: none): the parent department's id.
/// - `headid` (string or integer, default: none): the head's user id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_department(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_department", params) }
}

/// Gets departments, all or those matching an id, a name, a parent or a head.
///
/// OPI: `GetDepartments(URL, DepartmentID = "", Name = "", ParentID = "", HeadID = "", Token = "")`. REST: department.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `depid` (string or integer, default: any): only this department.
/// - `title` (string, default: any): only departments of this name.
/// - `parentid` (string or integer, default: any): only departments under this parent.
/// - `headid` (string or integer, default: any): only departments this user heads.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_departments(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_departments", params) }
}

/// Deletes a department.
///
/// OPI: `DeleteDepartment(URL, DepartmentID, Token = "")`. REST: department.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `depid` (string or integer, required): department id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_department(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_department", params) }
}

/// Gets the user the webhook or token acts as.
///
/// OPI: `GetCurrentUser(URL, Token = "")`. REST: user.current.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_current_user(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_current_user", params) }
}

/// Gets a user by id (a list of one, with total).
///
/// OPI: `GetUser(URL, UserID, Token = "")`. REST: user.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `userid` (string or integer, required): user id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_user(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_user", params) }
}

/// Invites a user: EMAIL, and UF_DEPARTMENT for an employee.
///
/// OPI: `CreateUser(URL, FieldsStructure, Token = "")`. REST: user.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fields` (object, or its JSON text, required): user fields, keys as in GetUserFieldsStructure (EMAIL, NAME, LAST_NAME, UF_DEPARTMENT, ...), sent at the top level as given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_user(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_user", params) }
}

/// Changes a user's fields.
///
/// OPI: `UpdateUser(URL, UserID, FieldsStructure, Token = "")`. REST: user.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `userid` (string or integer, required): user id.
/// - `fields` (object, or its JSON text, required): user fields, keys as in GetUserFieldsStructure (EMAIL, NAME, LAST_NAME, UF_DEPARTMENT, ...), sent at the top level as given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_user(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_user", params) }
}

/// Deactivates (fires) a user, or activates one again.
///
/// OPI: `ChangeUserStatus(URL, UserID, Fire = "", Token = "")`. REST: user.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `userid` (string or integer, required): user id.
/// - `fire` (boolean, default: true): true: deactivate (ACTIVE=N); false: activate (ACTIVE=Y).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_change_user_status(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_change_user_status", params) }
}

/// Searches users by name, position, department or type.
///
/// OPI: `FindUsers(URL, FilterStructure, Token = "")`. REST: user.search.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `filter` (object, or its JSON text, required): the search, keys as in GetUserFilterStructure (NAME, LAST_NAME, WORK_POSITION, UF_DEPARTMENT_NAME, USER_TYPE).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_find_users(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_find_users", params) }
}

/// Gets the user fields the portal knows, each with its label.
///
/// OPI: `GetUserFieldsStructure(URL, Token = "")`. REST: user.fields.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_user_fields_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_user_fields_structure", params) }
}

/// Gives the keys FindUsers' filter takes, each with its meaning, or empty.
///
/// OPI: `GetUserFilterStructure(Clear = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `empty` (boolean, default: false): true: every value is "".
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_user_filter_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_user_filter_structure", params) }
}

/// Creates a lead from a structure of fields.
///
/// OPI: `CreateLead(URL, FieldsStructure, Token = "")`. REST: crm.lead.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fields` (object, or its JSON text, required): the record's fields, keys as in the Get…Structure answer.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_lead(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_lead", params) }
}

/// Deletes a lead.
///
/// OPI: `DeleteLead(URL, LeadID, Token = "")`. REST: crm.lead.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `lead` (string or integer, required): lead id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_lead(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_lead", params) }
}

/// Gets a lead by id.
///
/// OPI: `GetLead(URL, LeadID, Token = "")`. REST: crm.lead.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `lead` (string or integer, required): lead id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_lead(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_lead", params) }
}

/// Lists leads, 50 a page, with a filter.
///
/// OPI: `GetLeadsList(URL, Filter = "", Indent = "", Token = "")`. REST: crm.lead.list.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `filter` (object, or its JSON text, default: no filter): filter by fields, keys as in the Get…FilterStructure answer; prefixes such as > < ! % in keys.
/// - `offset` (string or integer, default: 0): how many records to skip: pages are 50 records.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_leads_list(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_leads_list", params) }
}

/// Changes fields of a lead.
///
/// OPI: `UpdateLead(URL, LeadID, FieldsStructure, Token = "")`. REST: crm.lead.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `lead` (string or integer, required): lead id.
/// - `fields` (object, or its JSON text, required): the record's fields, keys as in the Get…Structure answer.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_lead(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_lead", params) }
}

/// Gets the portal's description of a lead's fields.
///
/// OPI: `GetLeadStructure(URL, Token = "")`. REST: crm.lead.fields.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_lead_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_lead_structure", params) }
}

/// Gives the keys a lead filter takes, each with its meaning, or empty.
///
/// OPI: `GetLeadFilterStructure(Clear = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `empty` (boolean, default: false): true: every value is "".
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_lead_filter_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_lead_filter_structure", params) }
}

/// Creates a deal from a structure of fields.
///
/// OPI: `CreateDeal(URL, FieldsStructure, Token = "")`. REST: crm.deal.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fields` (object, or its JSON text, required): the record's fields, keys as in the Get…Structure answer.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_deal(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_deal", params) }
}

/// Deletes a deal.
///
/// OPI: `DeleteDeal(URL, DealID, Token = "")`. REST: crm.deal.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `deal` (string or integer, required): deal id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_deal(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_deal", params) }
}

/// Gets a deal by id.
///
/// OPI: `GetDeal(URL, DealID, Token = "")`. REST: crm.deal.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `deal` (string or integer, required): deal id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_deal(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_deal", params) }
}

/// Lists deals, 50 a page, with a filter.
///
/// OPI: `GetDealsList(URL, Filter = "", Indent = "", Token = "")`. REST: crm.deal.list.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `filter` (object, or its JSON text, default: no filter): filter by fields, keys as in the Get…FilterStructure answer; prefixes such as > < ! % in keys.
/// - `offset` (string or integer, default: 0): how many records to skip: pages are 50 records.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_deals_list(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_deals_list", params) }
}

/// Changes fields of a deal.
///
/// OPI: `UpdateDeal(URL, DealID, FieldsStructure, Token = "")`. REST: crm.deal.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `deal` (string or integer, required): deal id.
/// - `fields` (object, or its JSON text, required): the record's fields, keys as in the Get…Structure answer.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_deal(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_deal", params) }
}

/// Gets the portal's description of a deal's fields.
///
/// OPI: `GetDealStructure(URL, Token = "")`. REST: crm.deal.fields.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_deal_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_deal_structure", params) }
}

/// Gives the keys a deal filter takes, each with its meaning, or empty.
///
/// OPI: `GetDealsFilterStructure(Clear = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `empty` (boolean, default: false): true: every value is "".
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_deals_filter_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_deals_filter_structure", params) }
}

/// Lists the calendars of a user or group.
///
/// OPI: `GetCalendarList(URL, OwnerID, Type, Token = "")`. REST: calendar.section.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `owner` (string or integer, required): the calendar's owner: a user or group id.
/// - `type` (string, required): the kind of calendar: user, group, company_calendar, ....
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_calendar_list(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_calendar_list", params) }
}

/// Creates a calendar from a structure of fields (see GetCalendarStructure).
///
/// OPI: `CreateCalendar(URL, FieldsStructure, Token = "")`. REST: calendar.section.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fields` (object, or its JSON text, required): the calendar's fields, keys as in GetCalendarStructure; sent at the top level of the request.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_calendar(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_calendar", params) }
}

/// Changes a calendar's fields (type and ownerId among them).
///
/// OPI: `UpdateCalendar(URL, CalendarID, FieldsStructure, Token = "")`. REST: calendar.section.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `calendar` (string or integer, required): calendar (section) id.
/// - `fields` (object, or its JSON text, required): the calendar's fields, keys as in GetCalendarStructure; sent at the top level of the request.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_calendar(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_calendar", params) }
}

/// Deletes a calendar.
///
/// OPI: `DeleteCalendar(URL, CalendarID, OwnerID, Type, Token = "")`. REST: calendar.section.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `calendar` (string or integer, required): calendar (section) id.
/// - `owner` (string or integer, required): the calendar's owner: a user or group id.
/// - `type` (string, required): the kind of calendar: user, group, company_calendar, ....
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_calendar(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_calendar", params) }
}

/// Gets users' busy time from their events between two days.
///
/// OPI: `GetUserBusy(URL, Users, StartDate, EndDate, Token = "")`. REST: calendar.accessibility.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `users` (id or array of ids, required): one user id or an array of them.
/// - `from` (date: ISO 8601 text such as 2025-11-01T10:30:00 or 2025-11-01, required): the period's first day (sent as yyyy-MM-dd).
/// - `to` (date: ISO 8601 text such as 2025-11-01T10:30:00 or 2025-11-01, required): the period's last day (sent as yyyy-MM-dd).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_user_busy(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_user_busy", params) }
}

/// Gets the caller's calendar settings.
///
/// OPI: `GetCustomCalendarSettings(URL, Token = "")`. REST: calendar.user.settings.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_custom_calendar_settings(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_custom_calendar_settings", params) }
}

/// Sets the caller's calendar settings (see GetCalednarCustomSettingsStructure).
///
/// OPI: `SetCustomCalendarSettings(URL, SettingsStructure, Token = "")`. REST: calendar.user.settings.set.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `settings` (object, or its JSON text, required): the settings to apply, keys as in GetCalednarCustomSettingsStructure.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_set_custom_calendar_settings(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_set_custom_calendar_settings", params) }
}

/// Gets the portal's general calendar settings.
///
/// OPI: `GetCalendarSettingsStructure(URL, Token = "")`. REST: calendar.settings.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_calendar_settings_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_calendar_settings_structure", params) }
}

/// Gives the keys of SetCustomCalendarSettings' settings, each with its meaning, or empty (OPI's spelling of the name).
///
/// OPI: `GetCalednarCustomSettingsStructure(Clear = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `empty` (boolean, default: false): true: every value is "".
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_calednar_custom_settings_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_calednar_custom_settings_structure", params) }
}

/// Gives the keys of CreateCalendar's fields, each with its meaning, or empty.
///
/// OPI: `GetCalendarStructure(Clear = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `empty` (boolean, default: false): true: every value is "".
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_calendar_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_calendar_structure", params) }
}

/// Creates a calendar event or meeting from a structure of fields (see GetCalendarEventsStructure).
///
/// OPI: `CreateCalendarEvent(URL, EventDescription, Token = "")`. REST: calendar.event.add.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `fields` (object, or its JSON text, required): the event's fields, keys as in GetCalendarEventsStructure; sent at the top level of the request.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_create_calendar_event(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_create_calendar_event", params) }
}

/// Changes a calendar event's fields.
///
/// OPI: `UpdateCalendarEvent(URL, EventID, EventDescription, Token = "")`. REST: calendar.event.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `event` (string or integer, required): calendar event id.
/// - `fields` (object, or its JSON text, required): the event's fields, keys as in GetCalendarEventsStructure; sent at the top level of the request.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_calendar_event(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_calendar_event", params) }
}

/// Gets a calendar event by id.
///
/// OPI: `GetCalendarEvent(URL, EventID, Token = "")`. REST: calendar.event.getbyid.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `event` (string or integer, required): calendar event id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_calendar_event(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_calendar_event", params) }
}

/// Lists the events of a user's or group's calendars, optionally between two days and in some calendars.
///
/// OPI: `GetCalendarEvents(URL, OwnerID, Type, Filter = "", Token = "")`. REST: calendar.event.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `owner` (string or integer, required): the calendar's owner: a user or group id.
/// - `type` (string, required): the kind of calendar: user, group, company_calendar, ....
/// - `filter` (object, or its JSON text, default: none): from and to (dates, sent as yyyy-MM-dd) and section (calendar ids), as GetCalendarEventsFilterStructure gives them.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_calendar_events(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_calendar_events", params) }
}

/// Deletes a calendar event.
///
/// OPI: `DeleteCalendarEvent(URL, EventID, Token = "")`. REST: calendar.event.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `event` (string or integer, required): calendar event id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_calendar_event(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_calendar_event", params) }
}

/// Gets the caller's status in a meeting: H (host), Y, N or Q (no answer yet).
///
/// OPI: `GetUserParticipationStatus(URL, EventID, Token = "")`. REST: calendar.meeting.status.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `event` (string or integer, required): calendar event id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_user_participation_status(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_user_participation_status", params) }
}

/// Sets the caller's status in a meeting: Y (accepted), N (declined) or Q (no answer).
///
/// OPI: `SetUserParticipationStatus(URL, EventID, Status, Token = "")`. REST: calendar.meeting.status.set.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `event` (string or integer, required): calendar event id.
/// - `status` (string, required): Y (accepted), N (declined) or Q (no answer).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_set_user_participation_status(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_set_user_participation_status", params) }
}

/// Gives the keys of CreateCalendarEvent's fields, each with its meaning, or empty.
///
/// OPI: `GetCalendarEventsStructure(Clear = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `empty` (boolean, default: false): true: every value is "".
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_calendar_events_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_calendar_events_structure", params) }
}

/// Gives the keys GetCalendarEvents' filter takes, each with its meaning, or empty.
///
/// OPI: `GetCalendarEventsFilterStructure(Clear = "")`. REST: local, no request.
///
/// `params` is a UTF-8 JSON object:
/// - `empty` (boolean, default: false): true: every value is "".
///
/// Returns the built JSON, or an error `{"error": "B24_...", "error_description": ...}`.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_calendar_events_filter_structure(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_calendar_events_filter_structure", params) }
}

/// Registers a chat bot that reads its events by polling (eventMode fetch); the same code again gives the same bot.
///
/// OPI: `RegisterBot(URL, Code, Name, BotToken, Type = "", Properties = "", Token = "")`. REST: imbot.v2.Bot.register.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `code` (string, required): the bot's code, unique in the application: registering it again returns the bot.
/// - `name` (string, required): the bot's name in chats.
/// - `bottoken` (string, required unless `token` is given): the bot's token (at most 40 characters), chosen at registration; needed with a webhook URL, a secret like the webhook code.
/// - `type` (string, default: bot): bot, supervisor, personal or openline.
/// - `properties` (object, or its JSON text, default: none): the bot's other properties: lastName, workPosition, color, gender, avatar (base64).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_register_bot(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_register_bot", params) }
}

/// Changes a bot's name and properties.
///
/// OPI: `UpdateBot(URL, BotID, BotToken, Name = "", Properties = "", Token = "")`. REST: imbot.v2.Bot.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `bot` (string or integer, required): the bot's id (bot.id of RegisterBot's answer).
/// - `bottoken` (string, required unless `token` is given): the bot's token (at most 40 characters), chosen at registration; needed with a webhook URL, a secret like the webhook code.
/// - `name` (string, default: unchanged): the bot's new name.
/// - `properties` (object, or its JSON text, default: unchanged): properties to change: lastName, workPosition, color, gender, avatar.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_update_bot(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_update_bot", params) }
}

/// Deletes a bot with its commands and events.
///
/// OPI: `UnregisterBot(URL, BotID, BotToken, Token = "")`. REST: imbot.v2.Bot.unregister.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `bot` (string or integer, required): the bot's id (bot.id of RegisterBot's answer).
/// - `bottoken` (string, required unless `token` is given): the bot's token (at most 40 characters), chosen at registration; needed with a webhook URL, a secret like the webhook code.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_unregister_bot(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_unregister_bot", params) }
}

/// Sends a message as the bot to a dialog (the event's chat.dialogId).
///
/// OPI: `SendBotMessage(URL, BotID, BotToken, ChatID, Text, Attachments = "", Keyboard = "", Token = "")`. REST: imbot.v2.Chat.Message.send.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `bot` (string or integer, required): the bot's id (bot.id of RegisterBot's answer).
/// - `bottoken` (string, required unless `token` is given): the bot's token (at most 40 characters), chosen at registration; needed with a webhook URL, a secret like the webhook code.
/// - `chat` (string or integer, required): the dialog: a user id (private dialog with the bot) or chatN.
/// - `text` (string, required unless `blocks` is given): message text (BB codes allowed), at most 20,000 characters.
/// - `blocks` (array of blocks, or its JSON text, default: no attachments): attachment blocks, e.g. from GetPictureBlock and the other Get…Block builders.
/// - `keyboard` (object or array, or its JSON text, default: none): buttons under the message: an array of GetKeyboardButton answers, or {"BUTTONS": [...]}.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_send_bot_message(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_send_bot_message", params) }
}

/// Changes the text, attachments or keyboard of a message the bot sent.
///
/// OPI: `EditBotMessage(URL, BotID, BotToken, MessageID, Text = "", Attachments = "", Keyboard = "", Token = "")`. REST: imbot.v2.Chat.Message.update.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `bot` (string or integer, required): the bot's id (bot.id of RegisterBot's answer).
/// - `bottoken` (string, required unless `token` is given): the bot's token (at most 40 characters), chosen at registration; needed with a webhook URL, a secret like the webhook code.
/// - `message` (string or integer, required): message id.
/// - `text` (string, default: unchanged): the new text.
/// - `blocks` (array of blocks, or its JSON text, default: no attachments): attachment blocks, e.g. from GetPictureBlock and the other Get…Block builders.
/// - `keyboard` (object or array, or its JSON text, default: none): buttons under the message: an array of GetKeyboardButton answers, or {"BUTTONS": [...]}.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_edit_bot_message(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_edit_bot_message", params) }
}

/// Deletes a message the bot sent.
///
/// OPI: `DeleteBotMessage(URL, BotID, BotToken, MessageID, Token = "")`. REST: imbot.v2.Chat.Message.delete.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `bot` (string or integer, required): the bot's id (bot.id of RegisterBot's answer).
/// - `bottoken` (string, required unless `token` is given): the bot's token (at most 40 characters), chosen at registration; needed with a webhook URL, a secret like the webhook code.
/// - `message` (string or integer, required): message id.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_delete_bot_message(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_delete_bot_message", params) }
}

/// Registers a slash command of the bot (registering it again returns it unchanged).
///
/// OPI: `RegisterBotCommand(URL, BotID, BotToken, Command, Title, Params = "", Token = "")`. REST: imbot.v2.Command.register.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `bot` (string or integer, required): the bot's id (bot.id of RegisterBot's answer).
/// - `bottoken` (string, required unless `token` is given): the bot's token (at most 40 characters), chosen at registration; needed with a webhook URL, a secret like the webhook code.
/// - `command` (string, required): the command without the slash, e.g. help.
/// - `title` (object, or its JSON text, required): what the command does, by language: {"en": "Help", "ru": "Помощь"}.
/// - `params` (object, or its JSON text, default: none): what the command takes, by language: {"en": "topic"}.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_register_bot_command(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_register_bot_command", params) }
}

/// Answers a command a user gave (an ONIMBOTV2COMMANDADD event) in its dialog.
///
/// OPI: `AnswerBotCommand(URL, BotID, BotToken, CommandID, MessageID, ChatID, Text, Attachments = "", Token = "")`. REST: imbot.v2.Command.answer.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `bot` (string or integer, required): the bot's id (bot.id of RegisterBot's answer).
/// - `bottoken` (string, required unless `token` is given): the bot's token (at most 40 characters), chosen at registration; needed with a webhook URL, a secret like the webhook code.
/// - `command` (string or integer, required): the command's id: command.id of the event.
/// - `message` (string or integer, required): the message that gave the command: message.id of the event.
/// - `chat` (string or integer, required): the dialog: a user id (private dialog with the bot) or chatN.
/// - `text` (string, required unless `blocks` is given): message text (BB codes allowed), at most 20,000 characters.
/// - `blocks` (array of blocks, or its JSON text, default: no attachments): attachment blocks, e.g. from GetPictureBlock and the other Get…Block builders.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_answer_bot_command(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_answer_bot_command", params) }
}

/// Reads the bot's events from the given offset, waiting for them up to wait seconds; acknowledges only what offset says.
///
/// OPI: `GetBotEvents(URL, BotID, BotToken, Offset = "", Limit = "", Wait = "", Token = "")`. REST: imbot.v2.Event.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `bot` (string or integer, required): the bot's id (bot.id of RegisterBot's answer).
/// - `bottoken` (string, required unless `token` is given): the bot's token (at most 40 characters), chosen at registration; needed with a webhook URL, a secret like the webhook code.
/// - `offset` (string or integer, default: none: every event not yet acknowledged): nextOffset of the previous answer, stored once its events are handled: acknowledges every event below it.
/// - `limit` (string or integer, default: 100): events at most, 1 to 1000.
/// - `wait` (number, default: 0: one read): seconds to wait for events, shorter than timeout: the call polls every 2 s and returns as soon as events come.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_bot_events(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_bot_events", params) }
}

/// Starts recording the current user's chat events for GetUserEvents (kept 24 hours).
///
/// OPI: `SubscribeUserEvents(URL, Token = "")`. REST: im.v2.Event.subscribe.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_subscribe_user_events(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_subscribe_user_events", params) }
}

/// Reads the current user's chat events from the given offset, waiting for them up to wait seconds.
///
/// OPI: `GetUserEvents(URL, Offset = "", Limit = "", Wait = "", Token = "")`. REST: im.v2.Event.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `offset` (string or integer, default: none: every event not yet acknowledged): nextOffset of the previous answer, stored once its events are handled: acknowledges every event below it.
/// - `limit` (string or integer, default: 100): events at most, 1 to 1000.
/// - `wait` (number, default: 0: one read): seconds to wait for events, shorter than timeout: the call polls every 2 s and returns as soon as events come.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_user_events(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_user_events", params) }
}

/// Queues an event (e.g. ONCRMDEALUPDATE) for GetOfflineEvents; an OAuth application's administrator only.
///
/// OPI: `BindOfflineEvent(URL, Event, Connector = "", Token = "")`. REST: event.bind.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `event` (string, required): the event's name, e.g. ONCRMDEALADD or ONCRMDEALUPDATE.
/// - `connector` (string, default: none): the source key (auth_connector): changes made with it are not queued for it; read with the same key.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_bind_offline_event(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_bind_offline_event", params) }
}

/// Reserves queued offline events under a process_id without deleting them; with process, reads that reservation again.
///
/// OPI: `GetOfflineEvents(URL, Filter = "", Limit = "", Connector = "", ProcessID = "", Token = "")`. REST: event.offline.get.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `filter` (object, or its JSON text, default: none): by ID, TIMESTAMP_X, EVENT_NAME, MESSAGE_ID with prefixes such as =, >=.
/// - `limit` (string or integer, default: 50): events at most.
/// - `connector` (string, default: none): the source key (auth_connector): changes made with it are not queued for it; read with the same key.
/// - `process` (string, default: none: a new reservation): a stored process_id: its reserved events again.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_get_offline_events(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_get_offline_events", params) }
}

/// Deletes handled offline events of a reservation: the given ids, or all of it.
///
/// OPI: `ConfirmOfflineEvents(URL, ProcessID, IDs = "", Token = "")`. REST: event.offline.clear.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `process` (string, required): the process_id of GetOfflineEvents' answer.
/// - `ids` (id or array of ids, default: all of the reservation): the events' ID values.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_confirm_offline_events(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_confirm_offline_events", params) }
}

/// Marks offline events of a reservation as failed.
///
/// OPI: `FailOfflineEvents(URL, ProcessID, IDs = "", Token = "")`. REST: event.offline.error.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `process` (string, required): the process_id of GetOfflineEvents' answer.
/// - `ids` (id or array of ids, default: all of the reservation): the events' MESSAGE_ID values.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_fail_offline_events(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_fail_offline_events", params) }
}

/// Reads a whole list, 2,500 rows a request, to a JSON Lines file or in pages with a next.
///
/// OPI: `ListAll(URL, Method, Params = "", File = "", Token = "", Cursor = "", Limit = "", Shape = "")`. REST: batch of the list method.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `method` (string, required): a list function by OPI name (GetDealsList, GetTasksList, ...) or a REST list method (crm.deal.list, user.get, ...).
/// - `params` (object, or its JSON text, default: no filter): the function's own keys (filter, select; not offset), or the REST method's fields.
/// - `file` (string, default: rows in the answer): a path: the rows are written there, one JSON object a line (appended when cursor is given).
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - `cursor` (string, default: from the start): an answer's next: go on from there.
/// - `limit` (string or integer, default: 5000): without file: at most this many rows in the answer.
/// - `shape` (object, or its JSON text, default: known for the table's lists and crm.*.list, crm.item.list, tasks.task.list, user.get, department.get): for another REST method: {rows, id, filter, field, order}: rows' key in result, the id's key, the filter parameter (null: offsets only), the id's name there, the order parameter or {sort, direction}.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_list_all(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_list_all", params) }
}

/// Calls any REST method with the given parameters and returns the portal's answer.
///
/// OPI: `Call(URL, Method, Params = "", Token = "")`. REST: any REST method.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `method` (string, required): REST method name, e.g. im.message.add or server.time.
/// - `params` (object, or its JSON text, default: {}): the method's parameters as REST field names, e.g. {"DIALOG_ID": "chat1"}.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_call(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_call", params) }
}

/// Runs many calls in requests of up to 50 commands, each counting once against the portal's limit.
///
/// OPI: `Batch(URL, Calls, Halt = "", Token = "")`. REST: batch.
///
/// `params` is a UTF-8 JSON object:
/// - `url` (string, required): webhook URL (https://portal/rest/1/code/), or the portal's address when token is given.
/// - `calls` (array of calls, or its JSON text, required): an array of {"function": "SendMessage", "params": {...}} (a function of this table, its keys without url, token and transport options) or {"method": "im.message.add", "params": {...}} (raw REST fields).
/// - `halt` (boolean, default: false): stop at the first failed call; the calls not run get B24_NOT_RUN.
/// - `token` (string, default: "" (webhook auth)): OAuth access token; the request then goes to <portal>/rest/<method> with auth.
/// - the transport options `timeout`, `proxy`, `rate_limit`, `limit_dir` (see the README).
/// - with `token`, what renews it when it expires: `refresh`, `clientid`, `clientsecret`, `oauth_url` (see the README).
///
/// Returns the answer as it came, e.g. `{"result": ..., "time": {...}}` or the portal's error, or the library's error in the same shape with a `B24_` code. A request that may have reached the portal is never repeated unless it only reads.
/// The returned text is never NULL; release it with b24_free.
///
/// # Safety
/// `params` is NULL or a NUL-terminated text that outlives the call.
#[no_mangle]
pub unsafe extern "C" fn b24_batch(params: *const c_char) -> *mut c_char {
    // SAFETY: as the caller promises.
    unsafe { call_table("b24_batch", params) }
}
