//! Attachment blocks and keyboard buttons, built locally: OPI's two builders, one for every
//! other ATTACH block the REST docs define, and the keyboard button. Also the shape check of
//! `blocks` before it becomes a message's ATTACH.

use serde_json::{json, Value};

use super::args::{kind_of, Args};
use super::params::{optional, required};
use super::{Action, Function, Kind};
use crate::error::{Error, Result};

/// The portal refuses a serialized ATTACH longer than this (ATTACH_OVERSIZE; REST docs,
/// `chats/messages/index.md`: "limited to 60,000 characters").
pub const MAX_ATTACH_CHARS: usize = 60_000;

const SECTION: &str = "Messages: blocks and buttons";

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "GetPictureBlock",
        name_ru: "ПолучитьБлокКартинки",
        c_symbol: "b24_get_picture_block",
        section: SECTION,
        summary: "Builds an image attachment block (IMAGE) for blocks",
        params: &[
            required("title", "Name", Kind::Text, "image name shown in the chat"),
            required("url", "URL", Kind::Text, "public link to the image"),
        ],
        action: Action::Local(picture_block),
        example: r#"{"IMAGE": {"NAME": "Image", "LINK": "https://host/picture.jpg"}}"#,
    },
    Function {
        name: "GetFileBlock",
        name_ru: "ПолучитьБлокФайла",
        c_symbol: "b24_get_file_block",
        section: SECTION,
        summary: "Builds a file attachment block (FILE) for blocks",
        params: &[
            required("title", "Name", Kind::Text, "file name shown in the chat"),
            required("url", "URL", Kind::Text, "public link to the file"),
        ],
        action: Action::Local(file_block),
        example: r#"{"FILE": {"NAME": "document.docx", "LINK": "https://host/document.docx"}}"#,
    },
    Function {
        name: "GetTextBlock",
        name_ru: "ПолучитьБлокТекста",
        c_symbol: "b24_get_text_block",
        section: SECTION,
        summary: "Builds a text attachment block (MESSAGE) for blocks; BB codes allowed",
        params: &[required("text", "Text", Kind::Text, "the block's text")],
        action: Action::Local(text_block),
        example: r#"{"MESSAGE": "API will be available soon"}"#,
    },
    Function {
        name: "GetLinkBlock",
        name_ru: "ПолучитьБлокСсылки",
        c_symbol: "b24_get_link_block",
        section: SECTION,
        summary: "Builds a link attachment block (LINK) for blocks",
        params: &[
            required("url", "URL", Kind::Text, "the link"),
            optional("title", "Name", Kind::Text, "the link itself", "the link's caption"),
            optional("description", "Description", Kind::Text, "none", "text under the caption"),
            optional("preview", "Preview", Kind::Text, "none", "link to a preview picture"),
        ],
        action: Action::Local(link_block),
        example: r#"{"LINK": {"LINK": "https://www.bitrix24.com", "NAME": "Bitrix24", "DESC": "Online workspace"}}"#,
    },
    Function {
        name: "GetUserBlock",
        name_ru: "ПолучитьБлокПользователя",
        c_symbol: "b24_get_user_block",
        section: SECTION,
        summary: "Builds a user attachment block (USER) for blocks",
        params: &[
            required("title", "Name", Kind::Text, "the name shown"),
            optional("user", "UserID", Kind::Id, "none", "the user the block links to"),
            optional("avatar", "Avatar", Kind::Text, "none", "link to an avatar picture"),
            optional("url", "URL", Kind::Text, "none", "link opened on a click"),
        ],
        action: Action::Local(user_block),
        example: r#"{"USER": {"NAME": "Anton", "USER_ID": "1"}}"#,
    },
    Function {
        name: "GetGridBlock",
        name_ru: "ПолучитьБлокТаблицы",
        c_symbol: "b24_get_grid_block",
        section: SECTION,
        summary: "Builds a grid attachment block (GRID) of name/value rows for blocks",
        params: &[
            required(
                "items",
                "Items",
                Kind::Structure,
                "rows: an object {\"Name\": \"Value\", ...} in order, or an array of GRID items",
            ),
            optional(
                "display",
                "Display",
                Kind::Text,
                "LINE",
                "how rows are laid out: BLOCK, LINE, ROW or TABLE",
            ),
        ],
        action: Action::Local(grid_block),
        example: r#"{"GRID": [{"NAME": "Status", "VALUE": "Done", "DISPLAY": "LINE"}]}"#,
    },
    Function {
        name: "GetDelimiterBlock",
        name_ru: "ПолучитьБлокРазделителя",
        c_symbol: "b24_get_delimiter_block",
        section: SECTION,
        summary: "Builds a delimiter line attachment block (DELIMITER) for blocks",
        params: &[
            optional("size", "Size", Kind::Id, "the portal's", "the line's length in pixels"),
            optional("color", "Color", Kind::Text, "the portal's", "the line's colour, e.g. #c8c8c8"),
        ],
        action: Action::Local(delimiter_block),
        example: r##"{"DELIMITER": {"SIZE": 200, "COLOR": "#c8c8c8"}}"##,
    },
    Function {
        name: "GetKeyboardButton",
        name_ru: "ПолучитьКнопкуКлавиатуры",
        c_symbol: "b24_get_keyboard_button",
        section: SECTION,
        summary: "Builds a keyboard button for the keyboard of SendMessage and EditMessage",
        params: &[
            required("text", "Text", Kind::Text, "the button's caption"),
            optional("link", "Link", Kind::Text, "none", "a link opened on a click"),
            optional("command", "Command", Kind::Text, "none", "a bot command sent on a click"),
            optional("commandparams", "CommandParams", Kind::Text, "none", "the command's parameters"),
            optional(
                "action",
                "Action",
                Kind::Text,
                "none",
                "an action on a click: PUT, SEND, COPY, CALL or DIALOG",
            ),
            optional(
                "actionvalue",
                "ActionValue",
                Kind::Text,
                "none",
                "the action's value (text, number, dialog)",
            ),
            optional("bgcolor", "BgColor", Kind::Text, "the portal's", "background colour, e.g. #29619b"),
            optional("textcolor", "TextColor", Kind::Text, "the portal's", "text colour, e.g. #ffffff"),
            optional("display", "Display", Kind::Text, "BLOCK", "LINE (shares the row) or BLOCK (own row)"),
        ],
        action: Action::Local(keyboard_button),
        example: r##"{"TEXT": "Open", "LINK": "https://www.bitrix24.com", "BG_COLOR": "#29619b"}"##,
    },
];

/// `{"IMAGE": {"NAME": title, "LINK": url}}`, as OPI's GetPictureBlock builds it.
fn picture_block(args: &Args) -> Result<Value> {
    Ok(named_link("IMAGE", args))
}

/// `{"FILE": {"NAME": title, "LINK": url}}`, as OPI's GetFileBlock builds it.
fn file_block(args: &Args) -> Result<Value> {
    Ok(named_link("FILE", args))
}

fn named_link(kind: &str, args: &Args) -> Value {
    json!({ kind: {"NAME": args.required_text("title"), "LINK": args.required_text("url")} })
}

fn text_block(args: &Args) -> Result<Value> {
    Ok(json!({"MESSAGE": args.required_text("text")}))
}

fn link_block(args: &Args) -> Result<Value> {
    let fields = super::fields([
        ("LINK", args.text_value("url")),
        ("NAME", args.text_value("title")),
        ("DESC", args.text_value("description")),
        ("PREVIEW", args.text_value("preview")),
    ]);
    Ok(json!({"LINK": fields}))
}

fn user_block(args: &Args) -> Result<Value> {
    let fields = super::fields([
        ("NAME", args.text_value("title")),
        ("USER_ID", args.id_value("user")),
        ("AVATAR", args.text_value("avatar")),
        ("LINK", args.text_value("url")),
    ]);
    Ok(json!({"USER": fields}))
}

const GRID_DISPLAYS: [&str; 4] = ["BLOCK", "LINE", "ROW", "TABLE"];

fn grid_block(args: &Args) -> Result<Value> {
    let display = one_of("display", args.text("display").unwrap_or("LINE"), &GRID_DISPLAYS)?;
    let items: Vec<Value> = match args.json("items") {
        Some(Value::Object(rows)) => rows
            .iter()
            .map(|(name, value)| json!({"NAME": name, "VALUE": grid_value(value), "DISPLAY": display}))
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| match item {
                Value::Object(item) => {
                    let mut item = item.clone();
                    item.entry("DISPLAY").or_insert_with(|| Value::String(display.clone()));
                    Ok(Value::Object(item))
                }
                other => Err(Error::invalid(
                    "items",
                    format!(
                        "item {index} must be an object such as {{\"NAME\": ..., \"VALUE\": ...}}, not {}",
                        kind_of(other)
                    ),
                )),
            })
            .collect::<Result<_>>()?,
        _ => Vec::new(),
    };
    Ok(json!({"GRID": items}))
}

/// A grid shows text; a number or a boolean is shown as JSON writes it.
fn grid_value(value: &Value) -> Value {
    match value {
        Value::String(_) => value.clone(),
        other => Value::String(other.to_string()),
    }
}

fn delimiter_block(args: &Args) -> Result<Value> {
    let size = match args.id("size") {
        Some(size) => Some(Value::from(
            size.parse::<u64>().map_err(|_| Error::invalid("size", "must be a whole number of pixels"))?,
        )),
        None => None,
    };
    Ok(json!({"DELIMITER": super::fields([("SIZE", size), ("COLOR", args.text_value("color"))])}))
}

const BUTTON_ACTIONS: [&str; 5] = ["PUT", "SEND", "COPY", "CALL", "DIALOG"];
const BUTTON_DISPLAYS: [&str; 2] = ["LINE", "BLOCK"];

fn keyboard_button(args: &Args) -> Result<Value> {
    let targets = ["link", "command", "action"].iter().filter(|key| args.has(key)).count();
    if targets != 1 {
        return Err(Error::invalid(
            "text",
            "a button does one thing: give exactly one of link, command or action",
        ));
    }
    let action = match args.text("action") {
        Some(action) => Some(Value::String(one_of("action", action, &BUTTON_ACTIONS)?)),
        None => None,
    };
    if action.is_some() && !args.has("actionvalue") {
        return Err(Error::invalid("actionvalue", "is required with action"));
    }
    let display = match args.text("display") {
        Some(display) => Some(Value::String(one_of("display", display, &BUTTON_DISPLAYS)?)),
        None => None,
    };
    Ok(Value::Object(super::fields([
        ("TEXT", args.text_value("text")),
        ("LINK", args.text_value("link")),
        ("COMMAND", args.text_value("command")),
        ("COMMAND_PARAMS", args.text_value("commandparams")),
        ("ACTION", action),
        ("ACTION_VALUE", args.text_value("actionvalue")),
        ("BG_COLOR", args.text_value("bgcolor")),
        ("TEXT_COLOR", args.text_value("textcolor")),
        ("DISPLAY", display),
    ])))
}

/// One of a few upper-case words, taken in any case.
fn one_of(key: &str, given: &str, allowed: &[&str]) -> Result<String> {
    let upper = given.trim().to_ascii_uppercase();
    if allowed.contains(&upper.as_str()) {
        Ok(upper)
    } else {
        Err(Error::invalid(key, format!("must be one of {}", allowed.join(", "))))
    }
}

/// The short ATTACH form, a bare array of block objects; one block object counts as an
/// array of one, so that a GetPictureBlock answer can be passed as it is. The full form
/// `{"BLOCKS": [...], "COLOR": ...}` passes as it is.
pub fn normalise(key: &str, blocks: Value) -> Result<Value> {
    let attach = match blocks {
        Value::Object(object) if object.contains_key("BLOCKS") => Value::Object(object),
        Value::Array(items) => Value::Array(checked_items(key, items)?),
        block @ Value::Object(_) => Value::Array(vec![block]),
        other => {
            return Err(Error::invalid(
                key,
                format!("must be an array of blocks such as [{{\"IMAGE\": ...}}], not {}", kind_of(&other)),
            ))
        }
    };
    let length = attach.to_string().chars().count();
    if length > MAX_ATTACH_CHARS {
        return Err(Error::invalid(
            key,
            format!(
                "is {length} characters as JSON; the portal refuses attachments over {MAX_ATTACH_CHARS} (ATTACH_OVERSIZE), so nothing was sent"
            ),
        ));
    }
    Ok(attach)
}

fn checked_items(key: &str, items: Vec<Value>) -> Result<Vec<Value>> {
    for (index, item) in items.iter().enumerate() {
        if !item.is_object() {
            return Err(Error::invalid(
                key,
                format!(
                    "item {index} must be a block object such as {{\"FILE\": {{...}}}}, not {}",
                    kind_of(item)
                ),
            ));
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions;

    fn build(function: &str, input: Value) -> Result<Value> {
        let function = functions::find(function).unwrap();
        let args = Args::parse(function, input)?;
        match function.action {
            Action::Local(run) => run(&args),
            _ => unreachable!("blocks are local"),
        }
    }

    #[test]
    fn picture_and_file_blocks_have_opis_shape() {
        let input = json!({"title": "Image", "url": "https://host/p.jpg"});
        assert_eq!(
            build("GetPictureBlock", input.clone()).unwrap(),
            json!({"IMAGE": {"NAME": "Image", "LINK": "https://host/p.jpg"}})
        );
        assert_eq!(
            build("GetFileBlock", input).unwrap(),
            json!({"FILE": {"NAME": "Image", "LINK": "https://host/p.jpg"}})
        );
    }

    #[test]
    fn every_block_kind_has_the_documented_shape() {
        assert_eq!(
            build("GetTextBlock", json!({"text": "[b]hi[/b]"})).unwrap(),
            json!({"MESSAGE": "[b]hi[/b]"})
        );
        assert_eq!(
            build("GetLinkBlock", json!({"url": "https://x", "title": "X", "description": "d"})).unwrap(),
            json!({"LINK": {"LINK": "https://x", "NAME": "X", "DESC": "d"}})
        );
        assert_eq!(
            build("GetUserBlock", json!({"title": "Anton", "user": 1})).unwrap(),
            json!({"USER": {"NAME": "Anton", "USER_ID": "1"}})
        );
        assert_eq!(
            build("GetDelimiterBlock", json!({"size": 200, "color": "#c8c8c8"})).unwrap(),
            json!({"DELIMITER": {"SIZE": 200, "COLOR": "#c8c8c8"}})
        );
        assert_eq!(build("GetDelimiterBlock", json!({})).unwrap(), json!({"DELIMITER": {}}));
    }

    #[test]
    fn a_grid_keeps_the_order_of_its_rows() {
        let grid =
            build("GetGridBlock", json!({"items": "{\"Zeta\": \"1\", \"Alpha\": 2}", "display": "block"}));
        assert_eq!(
            grid.unwrap(),
            json!({"GRID": [
                {"NAME": "Zeta", "VALUE": "1", "DISPLAY": "BLOCK"},
                {"NAME": "Alpha", "VALUE": "2", "DISPLAY": "BLOCK"}
            ]})
        );
        let refused = build("GetGridBlock", json!({"items": {"a": "b"}, "display": "wide"})).unwrap_err();
        assert!(refused.to_string().starts_with("parameter 'display'"), "{refused}");
    }

    #[test]
    fn a_button_does_exactly_one_thing() {
        assert_eq!(
            build("GetKeyboardButton", json!({"text": "Go", "action": "copy", "actionvalue": "x"})).unwrap(),
            json!({"TEXT": "Go", "ACTION": "COPY", "ACTION_VALUE": "x"})
        );
        for input in [
            json!({"text": "Go"}),
            json!({"text": "Go", "link": "https://x", "command": "c"}),
            json!({"text": "Go", "action": "JUMP", "actionvalue": "x"}),
            json!({"text": "Go", "action": "PUT"}),
        ] {
            assert_eq!(
                build("GetKeyboardButton", input.clone()).unwrap_err().code(),
                "B24_INVALID_PARAMETER",
                "{input}"
            );
        }
    }

    #[test]
    fn one_block_counts_as_an_array_of_one() {
        let block = json!({"IMAGE": {"LINK": "x"}});
        assert_eq!(normalise("blocks", block.clone()).unwrap(), json!([block]));
        let full = json!({"COLOR": "#ff0000", "BLOCKS": [block]});
        assert_eq!(normalise("blocks", full.clone()).unwrap(), full);
    }

    #[test]
    fn blocks_that_are_not_objects_are_refused_by_position() {
        let error = normalise("blocks", json!([{"FILE": {}}, "x"])).unwrap_err();
        assert!(error.to_string().contains("item 1"), "{error}");
        assert!(normalise("blocks", json!(true)).is_err());
    }

    #[test]
    fn an_attachment_over_the_portals_limit_is_refused_before_sending() {
        let big = json!([{"MESSAGE": "x".repeat(MAX_ATTACH_CHARS)}]);
        let error = normalise("blocks", big).unwrap_err();
        assert!(error.to_string().contains("ATTACH_OVERSIZE"), "{error}");
        assert!(normalise("blocks", json!([{"MESSAGE": "x".repeat(59_000)}])).is_ok());
    }
}
