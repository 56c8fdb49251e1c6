//! The news feed (log.blogpost.*, log.blogcomment.add): OPI's FeedPostsManagement. Posts carry
//! recipients, importance and files; OPI sends the recipients of a new or changed post as an
//! array (`DEST: ["UA"]`) but those added later as a text (`DEST: "U1"`), and the portal takes
//! both, so both are kept as OPI sends them.

use serde_json::{json, Map, Value};

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::{answer, change, fields, read, Function, Kind, Param};
use crate::error::Result;
use crate::rest::{file_slot_at, Payload};

const SECTION: &str = "Feed";

const POST: Param = required("postid", "PostID", Kind::Id, "post id");

const TEXT: Param = required("text", "Text", Kind::Text, "the post's text");

const VISIBILITY: Param = optional(
    "vision",
    "Visibility",
    Kind::Ids,
    "UA (everyone)",
    "recipients: one code or an array of them (UA everyone, Un user, SGn workgroup, DRn department, Gn group)",
);

const FILES: Param = optional(
    "files",
    "Files",
    Kind::Files,
    "no files",
    "attachments: an object of file name -> file (a path or {\"name\", \"base64\"}), at most 100 MB together",
);

const TITLE: Param = optional("title", "Title", Kind::Text, "no title", "the post's title");

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "CreatePost",
        name_ru: "СоздатьНовость",
        c_symbol: "b24_create_post",
        section: SECTION,
        summary: "Publishes a post in the news feed, with recipients, files and importance",
        params: &[
            URL,
            TEXT,
            VISIBILITY,
            FILES,
            TITLE,
            optional("important", "Important", Kind::Flag, "false", "mark the post important (IMPORTANT=Y)"),
            TOKEN,
        ],
        action: change("log.blogpost.add", create_post),
        example: answer!("950"),
    },
    Function {
        name: "UpdatePost",
        name_ru: "ИзменитьНовость",
        c_symbol: "b24_update_post",
        section: SECTION,
        summary: "Changes a post's text, title, recipients and files",
        params: &[URL, POST, TEXT, VISIBILITY, FILES, TITLE, TOKEN],
        action: change("log.blogpost.update", update_post),
        example: answer!("3454"),
    },
    Function {
        name: "DeletePost",
        name_ru: "УдалитьНовость",
        c_symbol: "b24_delete_post",
        section: SECTION,
        summary: "Deletes a post",
        params: &[URL, POST, TOKEN],
        action: change("log.blogpost.delete", post_only),
        example: answer!("true"),
    },
    Function {
        name: "GetImportantPostViewers",
        name_ru: "ПолучитьСписокПросмотревшихВажное",
        c_symbol: "b24_get_important_post_viewers",
        section: SECTION,
        summary: "Lists the users who have read an important post",
        params: &[URL, POST, TOKEN],
        action: read("log.blogpost.getusers.important", post_only),
        example: answer!(r#"["1"]"#),
    },
    Function {
        name: "GetPosts",
        name_ru: "ПолучитьНовости",
        c_symbol: "b24_get_posts",
        section: SECTION,
        summary: "Gets posts of the feed, one by id or those for a recipient",
        params: &[
            URL,
            optional("postid", "PostID", Kind::Id, "any post", "one post's id"),
            optional(
                "sel",
                "Filter",
                Kind::Text,
                "UA",
                "posts for this recipient code: UA, Un, SGn, DRn, Gn",
            ),
            TOKEN,
        ],
        action: read("log.blogpost.get", get_posts),
        example: answer!(
            r#"[{"ID": "3326", "BLOG_ID": "1", "PUBLISH_STATUS": "P", "TITLE": "New post title", "AUTHOR_ID": "1", "ENABLE_COMMENTS": "Y", "NUM_COMMENTS": "0", "MICRO": "N", "DETAIL_TEXT": "New post text", "DATE_PUBLISH": "2025-10-31T11:51:40+00:00", "HAS_SOCNET_ALL": "Y"}]"#
        ),
    },
    Function {
        name: "AddPostComment",
        name_ru: "ДобавитьКомментарийНовости",
        c_symbol: "b24_add_post_comment",
        section: SECTION,
        summary: "Comments on a post",
        params: &[URL, POST, required("text", "Text", Kind::Text, "the comment's text"), TOKEN],
        action: change("log.blogcomment.add", add_comment),
        example: answer!("3802"),
    },
    Function {
        name: "AddPostRecipients",
        name_ru: "ДобавитьПолучателейКНовости",
        c_symbol: "b24_add_post_recipients",
        section: SECTION,
        summary: "Shares a post with more recipients",
        params: &[
            URL,
            POST,
            required("vision", "Visibility", Kind::Text, "the recipient code to add: UA, Un, SGn, DRn, Gn"),
            TOKEN,
        ],
        action: change("log.blogpost.share", add_recipients),
        example: answer!("true"),
    },
];

/// `DEST` as OPI sends it for a new or changed post: always an array, `["UA"]` by default.
fn recipients(args: &Args) -> Option<Value> {
    Some(args.ids("vision").unwrap_or_else(|| json!(["UA"])))
}

/// `FILES: [[name, base64], ...]`, each file's base64 streamed into its slot while sent.
fn with_files(mut fields: Map<String, Value>, args: &Args) -> Payload {
    let Some(named) = args.named_files("files") else { return fields.into() };
    let pairs: Vec<Value> =
        named.iter().enumerate().map(|(n, (name, _))| json!([name, file_slot_at(n)])).collect();
    fields.insert("FILES".into(), Value::Array(pairs));
    let files = named.iter().map(|(_, file)| ("files", file.content.clone())).collect();
    Payload { fields, files }
}

/// OPI's order: text, title, recipients, importance (always sent), files.
fn create_post(args: &Args) -> Result<Payload> {
    let fields = fields([
        ("POST_MESSAGE", args.text_value("text")),
        ("POST_TITLE", args.text_value("title")),
        ("DEST", recipients(args)),
        ("IMPORTANT", Some(args.yes_no("important").unwrap_or_else(|| json!("N")))),
    ]);
    Ok(with_files(fields, args))
}

/// OPI's order: text, title, recipients, the post's id, files.
fn update_post(args: &Args) -> Result<Payload> {
    let fields = fields([
        ("POST_MESSAGE", args.text_value("text")),
        ("POST_TITLE", args.text_value("title")),
        ("DEST", recipients(args)),
        ("POST_ID", args.id_value("postid")),
    ]);
    Ok(with_files(fields, args))
}

fn post_only(args: &Args) -> Result<Payload> {
    Ok(fields([("POST_ID", args.id_value("postid"))]).into())
}

/// `LOG_RIGHTS` is a text, "UA" unless the caller names another recipient.
fn get_posts(args: &Args) -> Result<Payload> {
    let rights = args.text_value("sel").unwrap_or_else(|| json!("UA"));
    Ok(fields([("POST_ID", args.id_value("postid")), ("LOG_RIGHTS", Some(rights))]).into())
}

fn add_comment(args: &Args) -> Result<Payload> {
    Ok(fields([("POST_ID", args.id_value("postid")), ("TEXT", args.text_value("text"))]).into())
}

/// Here OPI sends `DEST` as a text, not an array.
fn add_recipients(args: &Args) -> Result<Payload> {
    Ok(fields([("POST_ID", args.id_value("postid")), ("DEST", args.text_value("vision"))]).into())
}
