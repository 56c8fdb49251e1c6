/*
 * bitrix24-ffi for C++17: a header-only wrapper over bitrix24.h. Written by hand, not generated.
 *
 *   b24::Answer answer = b24::call(&b24_send_message, params);  // any one-argument export
 *   b24::Answer block = b24::invoke("GetPictureBlock", params);  // any function by OPI name
 *   if (answer.has_error()) { ... }  std::string text = answer.str();
 *
 * An Answer owns one text returned by the library and releases it with b24_free when it goes
 * out of scope, on every path. It can be moved, not copied. Nothing here throws or needs
 * exceptions (it builds with -fno-exceptions); only std::string may fail to allocate, as
 * anywhere else. Link with -lbitrix24_ffi, as for the C header.
 */

#ifndef BITRIX24_FFI_HPP
#define BITRIX24_FFI_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "bitrix24.h"

namespace b24 {

/// A one-argument export of the library, such as b24_send_message or b24_get_picture_block.
using Export = char *(*)(const char *params);

/// Whether a JSON object has the key "error" at its top level, as every failed answer has.
///
/// Best effort, not a JSON parser: it follows strings (with their escapes) and nesting, and
/// compares each top-level key byte for byte, so a key spelled with escapes ("\u0065rror")
/// is not seen. That is enough for the library's answers, which are always one JSON object;
/// use a JSON library to read anything more from them.
inline bool has_error(std::string_view json) noexcept {
    int depth = 0;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == '"') {
            const std::size_t start = ++i;
            while (i < json.size() && json[i] != '"') {
                i += json[i] == '\\' ? 2 : 1;
            }
            if (i >= json.size()) {
                return false;  // an unterminated string: not an object with "error"
            }
            const std::string_view key = json.substr(start, i - start);
            std::size_t next = i + 1;
            while (next < json.size() &&
                   (json[next] == ' ' || json[next] == '\t' || json[next] == '\n' || json[next] == '\r')) {
                ++next;
            }
            if (depth == 1 && key == "error" && next < json.size() && json[next] == ':') {
                return true;
            }
        }
    }
    return false;
}

/// `text` as a JSON string literal, quotes included, to build parameters without a JSON
/// library. `text` is taken as UTF-8 and passed through; '"', '\' and control characters are
/// escaped.
inline std::string quote(std::string_view text) {
    static const char hex[] = "0123456789abcdef";
    std::string json;
    json.reserve(text.size() + 2);
    json += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            json += '\\';
            json += c;
        } else if (byte < 0x20) {
            json += "\\u00";
            json += hex[byte >> 4];
            json += hex[byte & 0xf];
        } else {
            json += c;
        }
    }
    json += '"';
    return json;
}

/// One answer of the library, released with b24_free by the destructor.
class Answer {
public:
    /// Takes ownership of a text returned by a b24_ function (NULL gives an empty Answer).
    explicit Answer(char *text) noexcept : text_(text) {}
    ~Answer() { b24_free(text_); }

    Answer(Answer &&other) noexcept : text_(std::exchange(other.text_, nullptr)) {}
    Answer &operator=(Answer &&other) noexcept {
        if (this != &other) {
            b24_free(text_);
            text_ = std::exchange(other.text_, nullptr);
        }
        return *this;
    }
    Answer(const Answer &) = delete;
    Answer &operator=(const Answer &) = delete;

    /// The answer's text, valid while this Answer owns it; "" once moved from.
    const char *c_str() const noexcept { return text_ ? text_ : ""; }
    std::string_view view() const noexcept { return c_str(); }
    /// A copy of the text that outlives this Answer.
    std::string str() const { return c_str(); }
    /// See b24::has_error.
    bool has_error() const noexcept { return b24::has_error(view()); }

private:
    char *text_;
};

/// Calls a one-argument export with a JSON text, e.g. `b24::call(&b24_send_message, params)`.
/// `params` is passed as a C string, so it ends at its first NUL (JSON text has none).
inline Answer call(Export function, const std::string &params) {
    return Answer(function(params.c_str()));
}

/// Runs any function by its OPI name ("SendMessage", "GetPictureBlock", ...) through
/// b24_invoke, with the JSON object that function's own export takes.
inline Answer invoke(const std::string &function, const std::string &params) {
    return Answer(b24_invoke(function.c_str(), params.c_str()));
}

/// The library's name and version, e.g. "bitrix24-ffi 0.1.0" (static: nothing to release).
inline std::string_view version() noexcept { return b24_version(); }

}  // namespace b24

#endif  // BITRIX24_FFI_HPP
