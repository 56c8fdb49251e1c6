//! Calendars and their events (calendar.*): OPI's CalendarsManagement and
//! CalendarEventsManagement. Calendars and events take the caller's structure at the top level of
//! the request, as OPI copies it there; the day ranges (GetUserBusy, GetCalendarEvents' filter)
//! are dates sent as `yyyy-MM-dd`.

use serde_json::{Map, Value};

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::{answer, change, fields, read, read_by_get, Action, Function, Kind, Param, EMPTY};
use crate::error::{Error, Result};
use crate::rest::Payload;

const CALENDARS: &str = "Calendars";
const EVENTS: &str = "Calendar events";

const OWNER: Param = required("owner", "OwnerID", Kind::Id, "the calendar's owner: a user or group id");
const TYPE: Param =
    required("type", "Type", Kind::Text, "the kind of calendar: user, group, company_calendar, ...");
const CALENDAR: Param = required("calendar", "CalendarID", Kind::Id, "calendar (section) id");
const EVENT: Param = required("event", "EventID", Kind::Id, "calendar event id");
const CALENDAR_FIELDS: Param = required(
    "fields",
    "FieldsStructure",
    Kind::Object,
    "the calendar's fields, keys as in GetCalendarStructure; sent at the top level of the request",
);
const EVENT_FIELDS: Param = required(
    "fields",
    "EventDescription",
    Kind::Object,
    "the event's fields, keys as in GetCalendarEventsStructure; sent at the top level of the request",
);

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "GetCalendarList",
        name_ru: "ПолучитьСписокКалендарей",
        c_symbol: "b24_get_calendar_list",
        section: CALENDARS,
        summary: "Lists the calendars of a user or group",
        params: &[URL, OWNER, TYPE, TOKEN],
        action: read("calendar.section.get", type_and_owner),
        example: answer!(
            r##"[{"ID": "14", "NAME": "New calendar", "DESCRIPTION": "My new calendar", "COLOR": "#FFFFFF", "TEXT_COLOR": "#000000", "CAL_TYPE": "user", "OWNER_ID": "1", "CREATED_BY": "1"}]"##
        ),
    },
    Function {
        name: "CreateCalendar",
        name_ru: "СоздатьКалендарь",
        c_symbol: "b24_create_calendar",
        section: CALENDARS,
        summary: "Creates a calendar from a structure of fields (see GetCalendarStructure)",
        params: &[URL, CALENDAR_FIELDS, TOKEN],
        action: change("calendar.section.add", top_level_fields),
        example: answer!("1650"),
    },
    Function {
        name: "UpdateCalendar",
        name_ru: "ИзменитьКалендарь",
        c_symbol: "b24_update_calendar",
        section: CALENDARS,
        summary: "Changes a calendar's fields (type and ownerId among them)",
        params: &[URL, CALENDAR, CALENDAR_FIELDS, TOKEN],
        action: change("calendar.section.update", id_then_fields),
        example: answer!("1554"),
    },
    Function {
        name: "DeleteCalendar",
        name_ru: "УдалитьКалендарь",
        c_symbol: "b24_delete_calendar",
        section: CALENDARS,
        summary: "Deletes a calendar",
        params: &[URL, CALENDAR, OWNER, TYPE, TOKEN],
        action: change("calendar.section.delete", delete_calendar),
        example: answer!("true"),
    },
    Function {
        name: "GetUserBusy",
        name_ru: "ПолучитьЗанятостьПользователей",
        c_symbol: "b24_get_user_busy",
        section: CALENDARS,
        summary: "Gets users' busy time from their events between two days",
        params: &[
            URL,
            required("users", "Users", Kind::Ids, "one user id or an array of them"),
            required("from", "StartDate", Kind::Date, "the period's first day (sent as yyyy-MM-dd)"),
            required("to", "EndDate", Kind::Date, "the period's last day (sent as yyyy-MM-dd)"),
            TOKEN,
        ],
        action: read("calendar.accessibility.get", user_busy),
        example: answer!(
            r#"{"1": [{"ID": "3042", "NAME": "Meeting", "DATE_FROM": "01.11.2025 11:59:00", "DATE_TO": "01.11.2025 12:59:00", "ACCESSIBILITY": "busy", "IMPORTANCE": "normal"}]}"#
        ),
    },
    Function {
        name: "GetCustomCalendarSettings",
        name_ru: "ПолучитьПользовательскиеНастройкиКалендаря",
        c_symbol: "b24_get_custom_calendar_settings",
        section: CALENDARS,
        summary: "Gets the caller's calendar settings",
        params: &[URL, TOKEN],
        action: read_by_get("calendar.user.settings.get"),
        example: answer!(
            r#"{"view": "month", "meetSection": "14", "showDeclined": true, "collapseOffHours": "N", "showTasks": "Y", "syncPeriodPast": 3, "syncPeriodFuture": 12}"#
        ),
    },
    Function {
        name: "SetCustomCalendarSettings",
        name_ru: "УстановитьПользовательскиеНастройкиКалендаря",
        c_symbol: "b24_set_custom_calendar_settings",
        section: CALENDARS,
        summary: "Sets the caller's calendar settings (see GetCalednarCustomSettingsStructure)",
        params: &[
            URL,
            required(
                "settings",
                "SettingsStructure",
                Kind::Object,
                "the settings to apply, keys as in GetCalednarCustomSettingsStructure",
            ),
            TOKEN,
        ],
        action: change("calendar.user.settings.set", settings),
        example: answer!("true"),
    },
    Function {
        name: "GetCalendarSettingsStructure",
        name_ru: "ПолучитьСтруктуруНастроекКалендаря",
        c_symbol: "b24_get_calendar_settings_structure",
        section: CALENDARS,
        summary: "Gets the portal's general calendar settings",
        params: &[URL, TOKEN],
        action: read_by_get("calendar.settings.get"),
        example: answer!(
            r#"{"work_time_start": "9", "work_time_end": "19", "week_holidays": ["SA", "SU"], "week_start": "MO"}"#
        ),
    },
    Function {
        name: "GetCalednarCustomSettingsStructure",
        name_ru: "ПолучитьСтруктуруПользовательскихНастроекКалендаря",
        c_symbol: "b24_get_calednar_custom_settings_structure",
        section: CALENDARS,
        summary: "Gives the keys of SetCustomCalendarSettings' settings, each with its meaning, or empty (OPI's spelling of the name)",
        params: &[EMPTY],
        action: Action::Local(custom_settings_structure),
        example: r#"{"view": "<standard presentation: day, week, month, list>", "defaultReminders": {"fullDay": [{"type": "<reminder time type: min, hour, day>", "count": "<numeric value of the time interval>"}]}}"#,
    },
    Function {
        name: "GetCalendarStructure",
        name_ru: "ПолучитьСтруктуруКалендаря",
        c_symbol: "b24_get_calendar_structure",
        section: CALENDARS,
        summary: "Gives the keys of CreateCalendar's fields, each with its meaning, or empty",
        params: &[EMPTY],
        action: Action::Local(calendar_structure),
        example: r#"{"type": "<calendar type: user, group)>", "ownerId": "<owner identifier>", "export": {"ALLOW": "<calendar export permission (bool)>", "SET": "<export period: all, 3_9 (example: 3 months before and 9 after)>"}}"#,
    },
    Function {
        name: "CreateCalendarEvent",
        name_ru: "СоздатьСобытиеКалендаря",
        c_symbol: "b24_create_calendar_event",
        section: EVENTS,
        summary: "Creates a calendar event or meeting from a structure of fields (see GetCalendarEventsStructure)",
        params: &[URL, EVENT_FIELDS, TOKEN],
        action: change("calendar.event.add", top_level_fields),
        example: answer!("4452"),
    },
    Function {
        name: "UpdateCalendarEvent",
        name_ru: "ИзменитьСобытиеКалендаря",
        c_symbol: "b24_update_calendar_event",
        section: EVENTS,
        summary: "Changes a calendar event's fields",
        params: &[URL, EVENT, EVENT_FIELDS, TOKEN],
        action: change("calendar.event.update", id_then_fields),
        example: answer!("2792"),
    },
    Function {
        name: "GetCalendarEvent",
        name_ru: "ПолучитьСобытиеКалендаря",
        c_symbol: "b24_get_calendar_event",
        section: EVENTS,
        summary: "Gets a calendar event by id",
        params: &[URL, EVENT, TOKEN],
        action: read("calendar.event.getbyid", event_id),
        example: answer!(
            r#"{"ID": "306", "CAL_TYPE": "user", "OWNER_ID": "1", "NAME": "New event", "DATE_FROM": "10.02.2025 00:45:00", "DATE_TO": "10.02.2025 01:45:00", "IS_MEETING": true, "MEETING_STATUS": "H"}"#
        ),
    },
    Function {
        name: "GetCalendarEvents",
        name_ru: "ПолучитьСобытияКалендарей",
        c_symbol: "b24_get_calendar_events",
        section: EVENTS,
        summary: "Lists the events of a user's or group's calendars, optionally between two days and in some calendars",
        params: &[
            URL,
            OWNER,
            TYPE,
            optional(
                "filter",
                "Filter",
                Kind::Object,
                "none",
                "from and to (dates, sent as yyyy-MM-dd) and section (calendar ids), as GetCalendarEventsFilterStructure gives them",
            ),
            TOKEN,
        ],
        action: read("calendar.event.get", events),
        example: answer!(
            r#"[{"ID": "3042", "CAL_TYPE": "user", "OWNER_ID": "1", "NAME": "New event", "DATE_FROM": "01.11.2025 11:59:00", "DATE_TO": "01.11.2025 12:59:00", "SECTION_ID": "14"}]"#
        ),
    },
    Function {
        name: "DeleteCalendarEvent",
        name_ru: "УдалитьСобытиеКалендаря",
        c_symbol: "b24_delete_calendar_event",
        section: EVENTS,
        summary: "Deletes a calendar event",
        params: &[URL, EVENT, TOKEN],
        action: change("calendar.event.delete", event_id),
        example: answer!("true"),
    },
    Function {
        name: "GetUserParticipationStatus",
        name_ru: "ПолучитьСтатусУчастияПользователя",
        c_symbol: "b24_get_user_participation_status",
        section: EVENTS,
        summary: "Gets the caller's status in a meeting: H (host), Y, N or Q (no answer yet)",
        params: &[URL, EVENT, TOKEN],
        action: read("calendar.meeting.status.get", meeting_event),
        example: answer!(r#""H""#),
    },
    Function {
        name: "SetUserParticipationStatus",
        name_ru: "УстановитьСтатусУчастияПользователя",
        c_symbol: "b24_set_user_participation_status",
        section: EVENTS,
        summary: "Sets the caller's status in a meeting: Y (accepted), N (declined) or Q (no answer)",
        params: &[
            URL,
            EVENT,
            required("status", "Status", Kind::Text, "Y (accepted), N (declined) or Q (no answer)"),
            TOKEN,
        ],
        action: change("calendar.meeting.status.set", meeting_status),
        example: answer!("true"),
    },
    Function {
        name: "GetCalendarEventsStructure",
        name_ru: "ПолучитьСтруктуруСобытияКалендаря",
        c_symbol: "b24_get_calendar_events_structure",
        section: EVENTS,
        summary: "Gives the keys of CreateCalendarEvent's fields, each with its meaning, or empty",
        params: &[EMPTY],
        action: Action::Local(event_structure),
        example: r#"{"type": "<calendar type: user, group, company_calendar>", "name": "<event name>", "remind": [{"type": "<time type: min, hour, day>", "count": "<numeric value of the time interval>"}]}"#,
    },
    Function {
        name: "GetCalendarEventsFilterStructure",
        name_ru: "ПолучитьСтруктуруФильтраСобытийКалендарей",
        c_symbol: "b24_get_calendar_events_filter_structure",
        section: EVENTS,
        summary: "Gives the keys GetCalendarEvents' filter takes, each with its meaning, or empty",
        params: &[EMPTY],
        action: Action::Local(events_filter_structure),
        example: r#"{"from": "<selection start date. 3 months before the current default>", "to": "<selection end date. 3 months after the current default>", "section": "<array of calendar identifiers>"}"#,
    },
];

fn type_and_owner(args: &Args) -> Result<Payload> {
    Ok(fields([("type", args.text_value("type")), ("ownerId", args.id_value("owner"))]).into())
}

/// The caller's structure, its keys at the top level of the request as OPI copies them.
fn top_level_fields(args: &Args) -> Result<Payload> {
    Ok(object(args, "fields").into())
}

/// The id first, then the caller's structure at the top level (OPI's order: an `id` in the
/// structure replaces the one given apart, as it does in OPI).
fn id_then_fields(args: &Args) -> Result<Payload> {
    let mut fields = fields([("id", args.id_value("calendar").or_else(|| args.id_value("event")))]);
    fields.extend(object(args, "fields"));
    Ok(fields.into())
}

fn object(args: &Args, key: &str) -> Map<String, Value> {
    args.json(key).and_then(Value::as_object).cloned().unwrap_or_default()
}

fn delete_calendar(args: &Args) -> Result<Payload> {
    Ok(fields([
        ("type", args.text_value("type")),
        ("ownerId", args.id_value("owner")),
        ("id", args.id_value("calendar")),
    ])
    .into())
}

fn user_busy(args: &Args) -> Result<Payload> {
    Ok(fields([("users", args.ids("users")), ("from", args.day("from")), ("to", args.day("to"))]).into())
}

fn settings(args: &Args) -> Result<Payload> {
    Ok(fields([("settings", args.json("settings").cloned())]).into())
}

fn event_id(args: &Args) -> Result<Payload> {
    Ok(fields([("id", args.id_value("event"))]).into())
}

fn meeting_event(args: &Args) -> Result<Payload> {
    Ok(fields([("eventId", args.id_value("event"))]).into())
}

fn meeting_status(args: &Args) -> Result<Payload> {
    Ok(fields([("eventId", args.id_value("event")), ("status", args.text_value("status"))]).into())
}

/// `type` and `ownerId`, then what the filter holds at the top level as OPI sends it: `from`
/// and `to` as days, `section` as an array. OPI drops any other key without a word; here it is
/// refused, so that a filter that would not filter is never sent.
fn events(args: &Args) -> Result<Payload> {
    let mut fields = fields([("type", args.text_value("type")), ("ownerId", args.id_value("owner"))]);
    for (key, value) in object(args, "filter") {
        let sent = match key.as_str() {
            "from" | "to" => day_of(&key, &value)?,
            "section" => match value {
                Value::Array(_) => value,
                Value::String(ref text) if text.trim_start().starts_with('[') => {
                    serde_json::from_str(text)
                        .map_err(|_| Error::invalid("filter", "section is not a JSON array"))?
                }
                single => Value::Array(vec![single]),
            },
            other => {
                return Err(Error::invalid(
                    "filter",
                    format!("takes from, to and section (see GetCalendarEventsFilterStructure), not {other}"),
                ))
            }
        };
        fields.insert(key, sent);
    }
    Ok(fields.into())
}

fn day_of(key: &str, value: &Value) -> Result<Value> {
    value.as_str().and_then(super::dates::parse).map(|canonical| super::dates::day(&canonical)).ok_or_else(
        || Error::invalid("filter", format!("{key} is not a date: write it as ISO 8601, e.g. 2025-11-01")),
    )
}

const CALENDAR_STRUCTURE: &str = r#"{"type": "<calendar type: user, group)>", "ownerId": "<owner identifier>", "name": "<calendars name>", "description": "<calendar description>", "color": "<calendar color>", "text_color": "<calendar text color>", "export": {"ALLOW": "<calendar export permission (bool)>", "SET": "<export period: all, 3_9 (example: 3 months before and 9 after)>"}}"#;

const CUSTOM_SETTINGS_STRUCTURE: &str = r#"{"view": "<standard presentation: day, week, month, list>", "meetSection": "<invitation calendar>", "crmSection": "<calendar for CRM>", "showDeclined": "<show rejected events>", "denyBusyInvitation": "<disallow invitations to an event if the time is full>", "collapseOffHours": "<hide off hours: Y,N>", "showWeekNumbers": "<show week number: Y,N>", "showTasks": "<display tasks: Y,N>", "syncTasks": "<synchronise the task calendar: Y,N>", "showCompletedTasks": "<display completed tasks: Y,N>", "lastUsedSection": "<default event calendar>", "sendFromEmail": "<E-mail for sending invitations>", "defaultSections": "<preset calendar settings>", "syncPeriodPast": "<number of months to synchronise in the past period>", "syncPeriodFuture": "<number of months to synchronise in the future period>", "defaultReminders": {"fullDay": [{"type": "<reminder time type: min, hour, day>", "count": "<numeric value of the time interval>"}], "withTime": [{"type": "<reminder time type: min, hour, day>", "count": "<numeric value of the time interval>"}]}}"#;

const EVENT_STRUCTURE: &str = r#"{"type": "<calendar type: user, group, company_calendar>", "ownerId": "<calendar owner identifier>", "from": "<event start date and time (as string)>", "to": "<event end date (as string)>", "from_ts": "<date and time in timestamp format (instead of from)>", "to_ts": "<date and time in timestamp format (instead of to)>", "section": "<calendar identifier>", "name": "<event name>", "skip_time": "<pass date value without time in from and to parameters: Y,N>", "timezone_from": "<start time zone (default - t.z. of the user)>", "timezone_to": "<end time zone (default - t.z. of the user)>", "description": "<event description>", "color": "<event background colour. Symbol # - in unicode format as %23>", "text_color": "<the colour of the event text. Symbol # - in unicode format as %23>", "accessibility": "<availability at the time of the event: busy, absent, quest, free>", "importance": "<importance: high, normal, low>", "private_event": "<private event: Y,N>", "rrule": {"FREQ": "<repetition rate: DAILY, WEEKLY, MONTHLY, YEARLY>", "COUNT": "<number of repetitions>", "INTERVAL": "<repetition interval>", "BYDAY": ["<days of the week: SU, MO, TU, WE, TH, FR, SA>"], "UNTIL": "<repetition end date>"}, "is_meeting": "<flag of meeting with participants: Y,N>", "location": "<venue>", "remind": [{"type": "<time type: min, hour, day>", "count": "<numeric value of the time interval>"}], "attendees": "<array of event participant IDs. If is_meeting = Y>", "host": "<The identifier of the event organiser. If is_meeting = Y>", "meeting": {"notify": "<flag for notification of confirmation or cancellation of participants>", "reinvite": "<flag for requesting re-confirmation of participation when editing an event>", "allow_invite": "<flag to allow participants to invite others to the event>", "hide_guests": "<flag to hide the list of participants>"}}"#;

const EVENTS_FILTER_STRUCTURE: &[(&str, &str)] = &[
    ("from", "<selection start date. 3 months before the current default>"),
    ("to", "<selection end date. 3 months after the current default>"),
    ("section", "<array of calendar identifiers>"),
];

fn calendar_structure(args: &Args) -> Result<Value> {
    Ok(super::nested_structure(CALENDAR_STRUCTURE, args))
}

fn custom_settings_structure(args: &Args) -> Result<Value> {
    Ok(super::nested_structure(CUSTOM_SETTINGS_STRUCTURE, args))
}

fn event_structure(args: &Args) -> Result<Value> {
    Ok(super::nested_structure(EVENT_STRUCTURE, args))
}

fn events_filter_structure(args: &Args) -> Result<Value> {
    Ok(super::structure(EVENTS_FILTER_STRUCTURE, args))
}
