//! The feed, departments and users through the C ABI against the sandbox portal: what the
//! portal received, in OPI's shape, and what its posts, files, departments and users are
//! afterwards.

mod common;

use std::path::PathBuf;

use bitrix24_ffi::sandbox::Sandbox;
use common::portal::{hook, last_request, result, start};
use common::{call, error_code, ffi};
use serde_json::{json, Value};

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().expect("an object").keys().map(String::as_str).collect()
}

/// A file in the temp folder with these bytes, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> TempFile {
        let dir = std::env::temp_dir().join(format!("b24-people-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.0.parent().unwrap());
    }
}

fn base64(bytes: &[u8]) -> String {
    let mut out = Vec::new();
    bitrix24_ffi::rest::encode_base64(bytes, &mut out);
    String::from_utf8(out).unwrap()
}

fn new_post(sandbox: &Sandbox, params: Value) -> u64 {
    result(&hook(sandbox, ffi::b24_create_post, params)).as_u64().expect("the new post's id")
}

// --- The feed ---

#[test]
fn a_posts_files_are_on_the_portal_with_their_bytes() {
    let sandbox = start();
    let report: Vec<u8> = (0..70_000u32).map(|i| (i * 31 % 256) as u8).collect();
    let on_disk = TempFile::new("report.bin", &report);
    let photo = b"\x89PNG not really".to_vec();
    let files =
        json!({"report.bin": on_disk.path(), "photo.png": {"name": "ignored.png", "base64": base64(&photo)}});
    let id = new_post(
        &sandbox,
        json!({"text": "Quarterly report", "title": "Q3", "vision": ["UA", "U10"], "files": files, "important": true}),
    );
    // OPI's keys and order; recipients as an array; files as [name, base64] pairs.
    let sent = last_request(&sandbox, "log.blogpost.add").fields;
    assert_eq!(keys(&sent), ["POST_MESSAGE", "POST_TITLE", "DEST", "IMPORTANT", "FILES"]);
    assert_eq!(sent["DEST"], json!(["UA", "U10"]));
    assert_eq!(sent["IMPORTANT"], json!("Y"));
    assert_eq!(sent["FILES"], json!([["report.bin", base64(&report)], ["photo.png", base64(&photo)]]));
    // The portal keeps the files on its disk, with their bytes.
    let post = sandbox.record("log.blogpost", id).expect("the post is on the portal");
    let file_ids: Vec<u64> = post["UF_BLOG_POST_FILE"]
        .as_array()
        .expect("the post has files")
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    let snapshot = sandbox.snapshot();
    let stored: Vec<(&str, &[u8])> = file_ids
        .iter()
        .map(|id| snapshot.file(*id).expect("the file is on the disk"))
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .collect();
    assert_eq!(stored, [("report.bin", report.as_slice()), ("photo.png", photo.as_slice())]);
    assert_eq!(post["UF_BLOG_POST_IMPRTNT"], json!("1"));
    assert_eq!(post["DEST"], json!(["UA", "U10"]));
}

#[test]
fn a_post_goes_to_everyone_unimportant_by_default() {
    let sandbox = start();
    let id = new_post(&sandbox, json!({"text": "Hello"}));
    let sent = last_request(&sandbox, "log.blogpost.add").fields;
    assert_eq!(sent, json!({"POST_MESSAGE": "Hello", "DEST": ["UA"], "IMPORTANT": "N"}));
    let post = sandbox.record("log.blogpost", id).unwrap();
    assert_eq!((&post["DETAIL_TEXT"], &post["UF_BLOG_POST_IMPRTNT"]), (&json!("Hello"), &json!("0")));
    let viewers = hook(&sandbox, ffi::b24_get_important_post_viewers, json!({"postid": id}));
    assert_eq!(result(&viewers), &json!([]));
}

#[test]
fn files_that_cannot_be_sent_are_refused_naming_the_key_and_nothing_is_sent() {
    let sandbox = start();
    let big = TempFile::new("big.bin", b"");
    std::fs::File::options().write(true).open(big.path()).unwrap().set_len(100 * 1024 * 1024 + 1).unwrap();
    for files in [
        json!({"a.txt": "/no/such/b24/file"}),
        json!({"a.txt": {"base64": "not base64!"}}),
        json!({"big.bin": big.path()}),
        json!(["a.txt"]),
    ] {
        let answer = hook(&sandbox, ffi::b24_create_post, json!({"text": "t", "files": files}));
        assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER", "{files}: {answer}");
        assert_eq!(answer["parameter"], json!("files"), "{answer}");
    }
    assert!(sandbox.requests().is_empty(), "nothing may reach the portal");
}

#[test]
fn a_post_updated_reads_back_updated_with_its_new_files() {
    let sandbox = start();
    let id = new_post(&sandbox, json!({"text": "Draft", "vision": "U10"}));
    let answer = hook(
        &sandbox,
        ffi::b24_update_post,
        json!({"postid": id, "text": "Final", "title": "Plan", "files": {"plan.txt": {"base64": base64(b"plan")}}}),
    );
    assert_eq!(result(&answer), &json!(id));
    let sent = last_request(&sandbox, "log.blogpost.update").fields;
    assert_eq!(keys(&sent), ["POST_MESSAGE", "POST_TITLE", "DEST", "POST_ID", "FILES"]);
    // Visibility's default goes as an array, as in CreatePost; the id as text.
    assert_eq!((&sent["DEST"], &sent["POST_ID"]), (&json!(["UA"]), &json!(id.to_string())));
    let got = hook(&sandbox, ffi::b24_get_posts, json!({"postid": id}));
    let post = &result(&got)[0];
    assert_eq!((&post["DETAIL_TEXT"], &post["TITLE"]), (&json!("Final"), &json!("Plan")));
    assert!(post.get("DEST").is_none(), "recipients are not part of the answer: {post}");
    let file = post["UF_BLOG_POST_FILE"][0].as_u64().unwrap();
    assert_eq!(sandbox.snapshot().file(file).unwrap().bytes.as_slice(), b"plan");
}

#[test]
fn recipients_added_later_go_as_a_text_and_select_the_post() {
    let sandbox = start();
    let id = new_post(&sandbox, json!({"text": "For Maria", "vision": ["U10"]}));
    let for_oleg = hook(&sandbox, ffi::b24_get_posts, json!({"sel": "U638"}));
    assert_eq!(result(&for_oleg), &json!([]));
    let answer = hook(&sandbox, ffi::b24_add_post_recipients, json!({"postid": id, "vision": "U638"}));
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(
        last_request(&sandbox, "log.blogpost.share").fields,
        json!({"POST_ID": id.to_string(), "DEST": "U638"})
    );
    assert_eq!(sandbox.record("log.blogpost", id).unwrap()["DEST"], json!(["U10", "U638"]));
    let for_oleg = hook(&sandbox, ffi::b24_get_posts, json!({"sel": "U638"}));
    assert_eq!(result(&for_oleg)[0]["ID"], json!(id.to_string()));
    assert_eq!(last_request(&sandbox, "log.blogpost.get").fields, json!({"LOG_RIGHTS": "U638"}));
    // GetPosts' default asks for the posts to everyone, which this is not.
    assert_eq!(result(&hook(&sandbox, ffi::b24_get_posts, json!({}))), &json!([]));
    assert_eq!(last_request(&sandbox, "log.blogpost.get").fields, json!({"LOG_RIGHTS": "UA"}));
    let unknown = hook(&sandbox, ffi::b24_add_post_recipients, json!({"postid": id, "vision": "U99999"}));
    assert_eq!(unknown["error_description"], json!("Wrong destination"), "{unknown}");
}

#[test]
fn an_important_post_lists_who_read_it() {
    let sandbox = start();
    let id = new_post(&sandbox, json!({"text": "Read me", "important": true}));
    let answer = hook(&sandbox, ffi::b24_get_important_post_viewers, json!({"postid": id}));
    assert_eq!(result(&answer), &json!(["1"]));
    assert_eq!(
        last_request(&sandbox, "log.blogpost.getusers.important").fields,
        json!({"POST_ID": id.to_string()})
    );
    let missing = hook(&sandbox, ffi::b24_get_important_post_viewers, json!({"postid": id + 100}));
    assert_eq!(missing["error_description"], json!("Post not found"));
}

#[test]
fn a_comment_is_counted_and_goes_with_its_post() {
    let sandbox = start();
    let id = new_post(&sandbox, json!({"text": "Discuss"}));
    let answer = hook(&sandbox, ffi::b24_add_post_comment, json!({"postid": id, "text": "Agreed"}));
    let comment = result(&answer).as_u64().unwrap();
    assert_eq!(
        last_request(&sandbox, "log.blogcomment.add").fields,
        json!({"POST_ID": id.to_string(), "TEXT": "Agreed"})
    );
    let stored = sandbox.record("log.blogcomment", comment).expect("the comment is on the portal");
    assert_eq!((&stored["POST_ID"], &stored["POST_TEXT"]), (&json!(id.to_string()), &json!("Agreed")));
    let got = hook(&sandbox, ffi::b24_get_posts, json!({"postid": id}));
    assert_eq!(result(&got)[0]["NUM_COMMENTS"], json!("1"));

    let deleted = hook(&sandbox, ffi::b24_delete_post, json!({"postid": id}));
    assert_eq!(result(&deleted), &json!(true));
    assert_eq!(last_request(&sandbox, "log.blogpost.delete").fields, json!({"POST_ID": id.to_string()}));
    assert!(sandbox.record("log.blogpost", id).is_none());
    assert!(sandbox.record("log.blogcomment", comment).is_none());
    assert_eq!(result(&hook(&sandbox, ffi::b24_get_posts, json!({"postid": id}))), &json!([]));
}

// --- Departments ---

fn new_department(sandbox: &Sandbox, params: Value) -> u64 {
    result(&hook(sandbox, ffi::b24_create_department, params)).as_u64().expect("the department's id")
}

#[test]
fn departments_form_a_tree_with_heads_that_reads_back() {
    let sandbox = start();
    let sales = new_department(&sandbox, json!({"title": "Sales", "headid": 10}));
    assert_eq!(last_request(&sandbox, "department.add").fields, json!({"NAME": "Sales", "UF_HEAD": "10"}));
    let east = new_department(&sandbox, json!({"title": "Sales East", "parentid": sales, "headid": "638"}));
    assert_eq!(
        last_request(&sandbox, "department.add").fields,
        json!({"NAME": "Sales East", "PARENT": sales.to_string(), "UF_HEAD": "638"})
    );
    let under_sales = hook(&sandbox, ffi::b24_get_departments, json!({"parentid": sales}));
    assert_eq!(
        result(&under_sales),
        &json!([{"ID": east.to_string(), "NAME": "Sales East", "SORT": 500, "PARENT": sales.to_string(), "UF_HEAD": "638"}])
    );
    assert_eq!(under_sales["total"], json!(1));
    assert_eq!(last_request(&sandbox, "department.get").fields, json!({"PARENT": sales.to_string()}));
    // Sales hangs under the company's root, and is headed by user 10.
    let by_head = hook(&sandbox, ffi::b24_get_departments, json!({"headid": 10}));
    assert_eq!(result(&by_head)[0]["PARENT"], json!("1"));
    assert_eq!(result(&by_head)[0]["ID"], json!(sales.to_string()));
    // Without arguments: every department, the request without fields.
    let all = hook(&sandbox, ffi::b24_get_departments, json!({}));
    assert_eq!(result(&all).as_array().unwrap().len(), 3);
    assert_eq!(last_request(&sandbox, "department.get").fields, json!({}));
}

#[test]
fn a_department_changes_name_head_and_parent_but_not_into_its_own_subtree() {
    let sandbox = start();
    let sales = new_department(&sandbox, json!({"title": "Sales"}));
    let east = new_department(&sandbox, json!({"title": "East", "parentid": sales}));
    let answer = hook(
        &sandbox,
        ffi::b24_update_department,
        json!({"depid": east, "title": "Sales East", "headid": 640}),
    );
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(
        last_request(&sandbox, "department.update").fields,
        json!({"ID": east.to_string(), "NAME": "Sales East", "UF_HEAD": "640"})
    );
    let record = sandbox.record("department", east).unwrap();
    assert_eq!(
        (&record["NAME"], &record["UF_HEAD"], &record["PARENT"]),
        (&json!("Sales East"), &json!("640"), &json!(sales.to_string()))
    );
    let looped = hook(&sandbox, ffi::b24_update_department, json!({"depid": sales, "parentid": east}));
    assert_eq!(error_code(&looped), "ERROR_CORE", "{looped}");
    assert_eq!(sandbox.record("department", sales).unwrap()["PARENT"], json!("1"));
    let no_user = hook(&sandbox, ffi::b24_update_department, json!({"depid": sales, "headid": 99999}));
    assert_eq!(error_code(&no_user), "ERROR_CORE", "{no_user}");
}

#[test]
fn a_deleted_department_leaves_its_children_to_its_parent() {
    let sandbox = start();
    let sales = new_department(&sandbox, json!({"title": "Sales"}));
    let east = new_department(&sandbox, json!({"title": "East", "parentid": sales}));
    let answer = hook(&sandbox, ffi::b24_delete_department, json!({"depid": sales}));
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(last_request(&sandbox, "department.delete").fields, json!({"ID": sales.to_string()}));
    assert!(sandbox.record("department", sales).is_none());
    assert_eq!(sandbox.record("department", east).unwrap()["PARENT"], json!("1"));
    let again = hook(&sandbox, ffi::b24_delete_department, json!({"depid": sales}));
    assert_eq!(again["error_description"], json!("Department not found"));
    let root = hook(&sandbox, ffi::b24_delete_department, json!({"depid": 1}));
    assert_eq!(error_code(&root), "ERROR_CORE");
}

// --- Users ---

fn new_user(sandbox: &Sandbox, fields: Value) -> u64 {
    result(&hook(sandbox, ffi::b24_create_user, json!({ "fields": fields }))).as_u64().expect("the user's id")
}

#[test]
fn a_new_employee_is_a_user_the_messenger_sees() {
    let sandbox = start();
    let fields = json!({"EMAIL": "ivan@example.org", "NAME": "Ivan", "LAST_NAME": "Petrov", "UF_DEPARTMENT": 640, "PERSONAL_MOBILE": "88003553535"});
    let id = new_user(&sandbox, fields.clone());
    // The fields go at the top level, as given: the number stays a number.
    assert_eq!(last_request(&sandbox, "user.add").fields, fields);
    let user = sandbox.snapshot().users[&id].clone();
    assert_eq!(
        (user.name(), user.departments.clone(), user.active),
        ("Ivan Petrov".to_string(), vec![640], true)
    );
    let im = hook(&sandbox, ffi::b24_get_users, json!({"users": id}));
    assert_eq!(result(&im)[id.to_string()]["name"], json!("Ivan Petrov"));
    let got = hook(&sandbox, ffi::b24_get_user, json!({"userid": id}));
    assert_eq!(last_request(&sandbox, "user.get").fields, json!({"ID": id.to_string()}));
    let row = &result(&got)[0];
    assert_eq!(
        (&row["EMAIL"], &row["PERSONAL_MOBILE"], &row["UF_DEPARTMENT"]),
        (&json!("ivan@example.org"), &json!("88003553535"), &json!([640]))
    );
    assert_eq!(got["total"], json!(1));
    let twice = hook(&sandbox, ffi::b24_create_user, json!({"fields": fields}));
    assert_eq!(error_code(&twice), "ERROR_CORE", "{twice}");
    let no_department = hook(&sandbox, ffi::b24_create_user, json!({"fields": {"EMAIL": "x@example.org"}}));
    assert_eq!(error_code(&no_department), "ERROR_CORE", "{no_department}");
}

#[test]
fn a_deactivated_user_is_inactive_and_can_come_back() {
    let sandbox = start();
    let answer = hook(&sandbox, ffi::b24_change_user_status, json!({"userid": 638}));
    assert_eq!(result(&answer), &json!(true));
    // Fire's default deactivates: ACTIVE "N", then the id.
    let sent = last_request(&sandbox, "user.update").fields;
    assert_eq!(keys(&sent), ["ACTIVE", "ID"]);
    assert_eq!(sent, json!({"ACTIVE": "N", "ID": "638"}));
    assert!(!sandbox.snapshot().users[&638].active);
    assert_eq!(result(&hook(&sandbox, ffi::b24_get_user, json!({"userid": 638})))[0]["ACTIVE"], json!(false));
    assert_eq!(
        result(&hook(&sandbox, ffi::b24_get_users, json!({"users": 638})))["638"]["active"],
        json!(false)
    );
    hook(&sandbox, ffi::b24_change_user_status, json!({"userid": 638, "fire": false}));
    assert_eq!(last_request(&sandbox, "user.update").fields, json!({"ACTIVE": "Y", "ID": "638"}));
    assert!(sandbox.snapshot().users[&638].active);
}

#[test]
fn an_update_sends_the_fields_then_the_id_which_wins() {
    let sandbox = start();
    let answer = hook(
        &sandbox,
        ffi::b24_update_user,
        json!({"userid": 10, "fields": {"WORK_POSITION": "Head of sales", "ID": 999}}),
    );
    assert_eq!(result(&answer), &json!(true));
    let sent = last_request(&sandbox, "user.update").fields;
    assert_eq!(sent, json!({"WORK_POSITION": "Head of sales", "ID": "10"}));
    assert_eq!(sandbox.snapshot().users[&10].work_position.as_deref(), Some("Head of sales"));
    assert!(!sandbox.snapshot().users.contains_key(&999));
    let missing = hook(&sandbox, ffi::b24_update_user, json!({"userid": 99999, "fields": {"NAME": "X"}}));
    assert_eq!(missing["error_description"], json!("User not found"));
}

#[test]
fn users_are_found_by_part_of_a_name_and_by_department_name() {
    let sandbox = start();
    let sales = new_department(&sandbox, json!({"title": "Sales"}));
    let ivan =
        new_user(&sandbox, json!({"EMAIL": "ivan@example.org", "NAME": "Ivan", "UF_DEPARTMENT": [sales]}));
    let answer = hook(&sandbox, ffi::b24_find_users, json!({"filter": {"NAME": "mar"}}));
    assert_eq!(last_request(&sandbox, "user.search").fields, json!({"FILTER": {"NAME": "mar"}}));
    let found: Vec<&Value> = result(&answer).as_array().unwrap().iter().map(|row| &row["ID"]).collect();
    assert_eq!(found, [&json!("10")]);
    let by_department =
        hook(&sandbox, ffi::b24_find_users, json!({"filter": {"UF_DEPARTMENT_NAME": "Sales"}}));
    let rows = result(&by_department).as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["ID"], json!(ivan.to_string()));
    assert!(rows[0].get("UF_DEPARTMENT_NAME").is_none());
    let nobody = hook(&sandbox, ffi::b24_find_users, json!({"filter": {"USER_TYPE": "extranet"}}));
    assert_eq!(result(&nobody), &json!([]));
}

#[test]
fn user_get_filters_orders_and_pages_with_the_portals_top_level_keys() {
    let sandbox = start();
    hook(&sandbox, ffi::b24_change_user_status, json!({"userid": 640}));
    let params = json!({"SORT": "LAST_NAME", "ORDER": "DESC", "FILTER": {"ACTIVE": true}});
    let answer = hook(&sandbox, ffi::b24_call, json!({"method": "user.get", "params": params}));
    let names: Vec<&str> =
        result(&answer).as_array().unwrap().iter().filter_map(|row| row["LAST_NAME"].as_str()).collect();
    assert_eq!(names, ["Volkov", "Smirnov", "Kuznetsov", "Ivanova"]);
    for n in 0..60 {
        new_user(&sandbox, json!({"EMAIL": format!("u{n}@example.org"), "UF_DEPARTMENT": 1}));
    }
    let page = hook(&sandbox, ffi::b24_call, json!({"method": "user.get", "params": {"start": 50}}));
    assert_eq!((result(&page).as_array().unwrap().len(), &page["total"]), (15, &json!(65)));
}

#[test]
fn the_current_user_the_fields_and_the_filter_keys() {
    let sandbox = start();
    let me = hook(&sandbox, ffi::b24_get_current_user, json!({}));
    assert_eq!((&result(&me)["ID"], &result(&me)["NAME"]), (&json!("1"), &json!("Alexei")));
    assert_eq!(last_request(&sandbox, "user.current").fields, json!({}));
    let fields = hook(&sandbox, ffi::b24_get_user_fields_structure, json!({}));
    assert_eq!(result(&fields)["EMAIL"], json!("E-Mail"));
    assert_eq!(last_request(&sandbox, "user.fields").http_method, "POST");
    let keys_only = call(ffi::b24_get_user_filter_structure, &json!({"empty": true}));
    assert_eq!(
        keys_only,
        json!({"NAME": "", "LAST_NAME": "", "WORK_POSITION": "", "UF_DEPARTMENT_NAME": "", "USER_TYPE": ""})
    );
    let described = call(ffi::b24_get_user_filter_structure, &json!({}));
    assert_eq!(described["USER_TYPE"], json!("<type: employee, extranet, email>"));
}
