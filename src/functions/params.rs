//! Parameters that many functions share, written once so that a key always means the same.

use super::{Kind, Param, Presence};

pub const fn required(key: &'static str, opi_name: &'static str, kind: Kind, meaning: &'static str) -> Param {
    Param { key, opi_name, kind, presence: Presence::Required, default: "", meaning }
}

pub const fn optional(
    key: &'static str,
    opi_name: &'static str,
    kind: Kind,
    default: &'static str,
    meaning: &'static str,
) -> Param {
    Param { key, opi_name, kind, presence: Presence::Optional, default, meaning }
}

pub const URL: Param = required(
    "url",
    "URL",
    Kind::Text,
    "webhook URL (https://portal/rest/1/code/), or the portal's address when token is given",
);

pub const TOKEN: Param = optional(
    "token",
    "Token",
    Kind::Text,
    "\"\" (webhook auth)",
    "OAuth access token; the request then goes to <portal>/rest/<method> with auth",
);

/// A dialog: `chatN`, `sgN` or a user id.
pub const DIALOG: Param = required(
    "chat",
    "ChatID",
    Kind::Id,
    "chatN (group chat), sgN (workgroup chat) or a user id (private dialog)",
);

/// A group chat by its number (`chatN` is taken too).
pub const CHAT: Param = required("chat", "ChatID", Kind::Id, "chat id: N or chatN");

pub const MESSAGE: Param = required("message", "MessageID", Kind::Id, "message id");

pub const USER: Param = required("user", "UserID", Kind::Id, "user id");

pub const USERS: Param = required("users", "UserIDs", Kind::Ids, "one user id or an array of them");

pub const BLOCKS: Param = optional(
    "blocks",
    "Attachments",
    Kind::Blocks,
    "no attachments",
    "attachment blocks, e.g. from GetPictureBlock and the other Get…Block builders",
);

pub const TAG: Param = optional(
    "tag",
    "Tag",
    Kind::Text,
    "no tag",
    "uniqueness tag: a new notification with the same tag replaces the old one",
);

// The options SendMessage and EditMessage take after OPI's parameters (1C: after Token).

pub const KEYBOARD: Param = optional(
    "keyboard",
    "Keyboard",
    Kind::Structure,
    "none",
    "buttons under the message: an array of GetKeyboardButton answers, or {\"BUTTONS\": [...]}",
);

pub const MENU: Param =
    optional("menu", "Menu", Kind::Structure, "none", "context menu items: an array, or {\"ITEMS\": [...]}");

pub const SYSTEM: Param = optional("system", "System", Kind::Flag, "false", "a system message (SYSTEM=Y)");

pub const URL_PREVIEW: Param = optional(
    "urlpreview",
    "URLPreview",
    Kind::Flag,
    "true",
    "show a preview of the first link (URL_PREVIEW)",
);

pub const REPLY: Param = optional(
    "reply",
    "ReplyID",
    Kind::Id,
    "none",
    "the message this one answers, in the same chat (REPLY_ID)",
);

/// Not OPI parameters but how a request travels; every function that makes requests takes
/// them. The 1C add-in sets `timeout` from its Timeout property instead.
pub const TRANSPORT_OPTIONS: &[Param] = &[
    optional(
        "timeout",
        "Timeout",
        Kind::Seconds,
        "60",
        "seconds for the whole call: waiting for the portal's limits, retries and a token refresh included",
    ),
    optional(
        "proxy",
        "Proxy",
        Kind::Text,
        "HTTP(S)_PROXY / NO_PROXY environment",
        "proxy URL for this call, e.g. http://proxy:3128",
    ),
    optional(
        "rate_limit",
        "RateLimit",
        Kind::Rate,
        "B24_RATE_LIMIT, else standard (burst 50, 2 per second)",
        "the portal's request limit, shared by the whole process; the last one given holds for the portal",
    ),
    optional(
        "limit_dir",
        "LimitDir",
        Kind::Text,
        "B24_LIMIT_DIR, else none",
        "a directory where the processes of this machine share each portal's request limit",
    ),
];

/// With `token`, what refreshes it when the portal says it expired (OPI's RefreshToken keys).
pub const AUTH_OPTIONS: &[Param] = &[
    optional(
        "refresh",
        "Refresh",
        Kind::Text,
        "none",
        "the refresh token; with it an expired token is renewed",
    ),
    optional("clientid", "ClientID", Kind::Text, "none", "the application's client id, to refresh with"),
    optional(
        "clientsecret",
        "ClientSecret",
        Kind::Text,
        "none",
        "the application's client secret, to refresh with",
    ),
    optional(
        "oauth_url",
        "OAuthURL",
        Kind::Text,
        "B24_OAUTH_URL, else https://oauth.bitrix.info/oauth/token/",
        "the OAuth token server to refresh at",
    ),
];
