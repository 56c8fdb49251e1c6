//! Attachment blocks: OPI's two builders and the shape check of `blocks` before it becomes
//! a message's ATTACH.

use serde_json::{json, Map, Value};

use crate::args::{kind_of, Args};
use crate::error::{Error, Result};

/// `{"IMAGE": {"NAME": title, "LINK": url}}`, as OPI's GetPictureBlock builds it.
pub fn picture_block(args: &Args) -> Result<String> {
    Ok(block("IMAGE", args))
}

/// `{"FILE": {"NAME": title, "LINK": url}}`, as OPI's GetFileBlock builds it.
pub fn file_block(args: &Args) -> Result<String> {
    Ok(block("FILE", args))
}

fn block(kind: &str, args: &Args) -> String {
    let mut fields = Map::new();
    fields.insert("NAME".into(), json!(args.required_text("title")));
    fields.insert("LINK".into(), json!(args.required_text("url")));
    json!({ kind: fields }).to_string()
}

/// The short ATTACH form, a bare array of block objects; one block object counts as an
/// array of one, so that a GetPictureBlock answer can be passed as it is.
pub fn normalise(key: &str, blocks: Value) -> Result<Value> {
    let items = match blocks {
        Value::Array(items) => items,
        block @ Value::Object(_) => vec![block],
        other => {
            return Err(Error::invalid(
                key,
                format!("must be an array of blocks such as [{{\"IMAGE\": ...}}], not {}", kind_of(&other)),
            ))
        }
    };
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
    Ok(Value::Array(items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table;

    fn build(function: &str, input: Value) -> Value {
        let function = table::find(function).unwrap();
        let args = Args::parse(function, input).unwrap();
        serde_json::from_str(&(function.run)(&args).unwrap()).unwrap()
    }

    #[test]
    fn picture_and_file_blocks_have_opis_shape() {
        let input = json!({"title": "Image", "url": "https://host/p.jpg"});
        assert_eq!(
            build("GetPictureBlock", input.clone()),
            json!({"IMAGE": {"NAME": "Image", "LINK": "https://host/p.jpg"}})
        );
        assert_eq!(
            build("GetFileBlock", input),
            json!({"FILE": {"NAME": "Image", "LINK": "https://host/p.jpg"}})
        );
    }

    #[test]
    fn one_block_counts_as_an_array_of_one() {
        let block = json!({"IMAGE": {"LINK": "x"}});
        assert_eq!(normalise("blocks", block.clone()).unwrap(), json!([block]));
    }

    #[test]
    fn blocks_that_are_not_objects_are_refused_by_position() {
        let error = normalise("blocks", json!([{"FILE": {}}, "x"])).unwrap_err();
        assert!(error.to_string().contains("item 1"), "{error}");
        assert!(normalise("blocks", json!(true)).is_err());
    }
}
