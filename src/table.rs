//! The single table of functions. The C exports, `b24_invoke`, the command-line example, the
//! 1C add-in's methods and the README's list all come from here, so adding a function is one
//! entry plus the code that maps its parameters to REST fields.

use crate::args::Args;
use crate::error::Result;
use crate::{blocks, call, messages};

/// What a parameter accepts. Every kind also accepts `null` or `""` as "not given", the way
/// OPI leaves out values that are not filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A JSON string.
    Text,
    /// An identifier: a string (`"chat450"`, `"450"`) or a whole non-negative number (`450`).
    Id,
    /// Attachment blocks: an array of block objects, one block object, or a JSON text of either.
    Blocks,
    /// A JSON object, or a JSON text of one.
    Object,
    /// A number of seconds, greater than zero.
    Seconds,
}

impl Kind {
    /// How the kind is written in docs and `--help`.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Id => "string or integer",
            Kind::Blocks => "array of blocks, or its JSON text",
            Kind::Object => "object, or its JSON text",
            Kind::Seconds => "number",
        }
    }
}

#[derive(Debug)]
pub struct Param {
    /// The key in the JSON input: OPI's CLI option name without `--`.
    pub key: &'static str,
    /// The parameter's name in OPI's signature, used by the 1C add-in and in messages.
    pub opi_name: &'static str,
    pub kind: Kind,
    pub presence: Presence,
    /// What "not given" means, for docs; the 1C add-in offers `""` for every optional one.
    pub default: &'static str,
    pub meaning: &'static str,
}

/// Whether a parameter must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Required,
    /// Required unless the named parameter is given (SendMessage's text, unless blocks). OPI's
    /// signature gives it no default, so 1C code passes it, if only as "".
    RequiredUnless(&'static str),
    /// May be left out; OPI's signature gives it a default.
    Optional,
}

impl Param {
    /// Whether 1C code and OPI's signature may leave it out (it has a default).
    pub fn has_default(&self) -> bool {
        self.presence == Presence::Optional
    }
}

/// Where a function's answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Built locally, no request.
    Local,
    /// One call of this REST method.
    Rest(&'static str),
    /// Whatever REST method the caller names.
    AnyRest,
}

#[derive(Debug)]
pub struct Function {
    /// OPI's name, used by `b24_invoke` and the 1C add-in (English).
    pub name: &'static str,
    /// The 1C add-in's Russian name.
    pub name_ru: &'static str,
    /// The C export that runs this function.
    pub c_symbol: &'static str,
    pub source: Source,
    pub summary: &'static str,
    /// In OPI's order, which is also the 1C add-in's positional order.
    pub params: &'static [Param],
    /// Gets validated arguments, returns the answer's JSON text.
    pub run: fn(&Args) -> Result<String>,
}

impl Function {
    pub fn makes_requests(&self) -> bool {
        self.source != Source::Local
    }

    /// Every key this function accepts: its own, then the transport options when it makes
    /// requests.
    pub fn accepted_params(&self) -> impl Iterator<Item = &'static Param> {
        let transport: &'static [Param] = if self.makes_requests() { TRANSPORT_OPTIONS } else { &[] };
        self.params.iter().chain(transport.iter())
    }
}

const URL_PARAM: Param = Param {
    key: "url",
    opi_name: "URL",
    kind: Kind::Text,
    presence: Presence::Required,
    default: "",
    meaning: "webhook URL (https://portal/rest/1/code/), or the portal's address when token is given",
};

const TOKEN_PARAM: Param = Param {
    key: "token",
    opi_name: "Token",
    kind: Kind::Text,
    presence: Presence::Optional,
    default: "\"\" (webhook auth)",
    meaning: "OAuth access token; the request then goes to <portal>/rest/<method> with auth",
};

/// Not OPI parameters but how a request travels; every function that makes requests takes
/// them. The 1C add-in sets `timeout` from its Timeout property instead.
pub const TRANSPORT_OPTIONS: &[Param] = &[
    Param {
        key: "timeout",
        opi_name: "Timeout",
        kind: Kind::Seconds,
        presence: Presence::Optional,
        default: "60",
        meaning: "seconds for the whole request, connection included",
    },
    Param {
        key: "proxy",
        opi_name: "Proxy",
        kind: Kind::Text,
        presence: Presence::Optional,
        default: "HTTP(S)_PROXY / NO_PROXY environment",
        meaning: "proxy URL for this call, e.g. http://proxy:3128",
    },
];

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "SendMessage",
        name_ru: "ОтправитьСообщение",
        c_symbol: "b24_send_message",
        source: Source::Rest("im.message.add"),
        summary: "Sends a message with optional attachment blocks to a chat or a user",
        params: &[
            URL_PARAM,
            Param {
                key: "chat",
                opi_name: "ChatID",
                kind: Kind::Id,
                presence: Presence::Required,
                default: "",
                meaning: "chatN (group chat), sgN (workgroup chat) or a user id (private dialog)",
            },
            Param {
                key: "text",
                opi_name: "Text",
                kind: Kind::Text,
                presence: Presence::RequiredUnless("blocks"),
                default: "required unless blocks are given",
                meaning: "message text, BB codes allowed",
            },
            Param {
                key: "blocks",
                opi_name: "Attachments",
                kind: Kind::Blocks,
                presence: Presence::Optional,
                default: "no attachments",
                meaning: "attachment blocks, e.g. from GetPictureBlock and GetFileBlock",
            },
            TOKEN_PARAM,
        ],
        run: messages::send_message,
    },
    Function {
        name: "GetPictureBlock",
        name_ru: "ПолучитьБлокКартинки",
        c_symbol: "b24_get_picture_block",
        source: Source::Local,
        summary: "Builds an image attachment block for SendMessage's blocks",
        params: &[
            Param {
                key: "title",
                opi_name: "Name",
                kind: Kind::Text,
                presence: Presence::Required,
                default: "",
                meaning: "image name shown in the chat",
            },
            Param {
                key: "url",
                opi_name: "URL",
                kind: Kind::Text,
                presence: Presence::Required,
                default: "",
                meaning: "public link to the image",
            },
        ],
        run: blocks::picture_block,
    },
    Function {
        name: "GetFileBlock",
        name_ru: "ПолучитьБлокФайла",
        c_symbol: "b24_get_file_block",
        source: Source::Local,
        summary: "Builds a file attachment block for SendMessage's blocks",
        params: &[
            Param {
                key: "title",
                opi_name: "Name",
                kind: Kind::Text,
                presence: Presence::Required,
                default: "",
                meaning: "file name shown in the chat",
            },
            Param {
                key: "url",
                opi_name: "URL",
                kind: Kind::Text,
                presence: Presence::Required,
                default: "",
                meaning: "public link to the file",
            },
        ],
        run: blocks::file_block,
    },
    Function {
        name: "Call",
        name_ru: "Вызвать",
        c_symbol: "b24_call",
        source: Source::AnyRest,
        summary: "Calls any REST method with the given parameters and returns the portal's answer",
        params: &[
            URL_PARAM,
            Param {
                key: "method",
                opi_name: "Method",
                kind: Kind::Text,
                presence: Presence::Required,
                default: "",
                meaning: "REST method name, e.g. im.message.add or server.time",
            },
            Param {
                key: "params",
                opi_name: "Params",
                kind: Kind::Object,
                presence: Presence::Optional,
                default: "{}",
                meaning: "the method's parameters as REST field names, e.g. {\"DIALOG_ID\": \"chat1\"}",
            },
            TOKEN_PARAM,
        ],
        run: call::call_method,
    },
];

/// Looks a function up by its OPI name, ignoring ASCII case as 1C does.
pub fn find(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|function| function.name.eq_ignore_ascii_case(name))
}

/// The table entry behind a C export.
pub fn by_symbol(c_symbol: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|function| function.c_symbol == c_symbol)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_symbols_are_unique() {
        for (i, a) in FUNCTIONS.iter().enumerate() {
            for b in &FUNCTIONS[i + 1..] {
                assert!(!a.name.eq_ignore_ascii_case(b.name));
                assert_ne!(a.name_ru.to_lowercase(), b.name_ru.to_lowercase());
                assert_ne!(a.c_symbol, b.c_symbol);
            }
        }
    }

    #[test]
    fn parameters_with_defaults_come_last() {
        // 1C can only leave out trailing parameters.
        for function in FUNCTIONS {
            let first_optional = function.params.iter().position(Param::has_default);
            if let Some(first) = first_optional {
                assert!(function.params[first..].iter().all(Param::has_default), "{}", function.name);
            }
        }
    }

    #[test]
    fn a_conditional_parameter_names_one_of_the_same_function() {
        for function in FUNCTIONS {
            for param in function.params {
                if let Presence::RequiredUnless(other) = param.presence {
                    assert!(
                        function.params.iter().any(|p| p.key == other),
                        "{}.{}",
                        function.name,
                        param.key
                    );
                }
            }
        }
    }

    #[test]
    fn find_ignores_case() {
        assert_eq!(find("sendmessage").unwrap().c_symbol, "b24_send_message");
        assert!(find("SendMessages").is_none());
    }
}
