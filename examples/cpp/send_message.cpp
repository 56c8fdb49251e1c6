/*
 * Sends "Message text" with a picture block and a file block from C++17 through
 * include/bitrix24.hpp.
 *
 *   c++ -std=c++17 -Wall -Wextra -Werror -fno-exceptions -Iinclude examples/cpp/send_message.cpp \
 *       -Ltarget/release -lbitrix24_ffi -Wl,-rpath,"$PWD/target/release" -o send_message
 *   B24_URL=https://portal/rest/1/code/ B24_CHAT=chat450 ./send_message
 *
 * B24_URL is a webhook URL, or the portal's address when B24_TOKEN is set. Every answer is a
 * b24::Answer, released with b24_free when it goes out of scope, on every return path.
 */
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bitrix24.hpp"

namespace {

std::string env_or(const char *name, const char *fallback) {
    const char *value = std::getenv(name);
    return value && *value ? value : fallback;
}

/* Prints an answer as "Label: {...}"; false, said on stderr too, for an answer with `error`. */
bool report(const char *label, const b24::Answer &answer) {
    std::printf("%s: %s\n", label, answer.c_str());
    if (answer.has_error()) {
        std::fprintf(stderr, "%s failed: %s\n", label, answer.c_str());
        return false;
    }
    return true;
}

}  // namespace

int main() {
    const char *url = std::getenv("B24_URL");
    if (!url || !*url) {
        std::fprintf(stderr, "set B24_URL (and B24_CHAT, B24_TOKEN as needed)\n");
        return 2;
    }
    std::printf("%s\n", b24_version());

    // An export called directly, and a function run by its OPI name through b24_invoke.
    const b24::Answer picture = b24::call(
        &b24_get_picture_block,
        R"({"title": "Image", "url": "https://hut.openintegrations.dev/test_data/picture.jpg"})");
    if (!report("GetPictureBlock", picture)) {
        return 1;
    }
    const b24::Answer file = b24::invoke(
        "GetFileBlock",
        R"({"title": "Document.docx", "url": "https://hut.openintegrations.dev/test_data/document.docx"})");
    if (!report("GetFileBlock", file)) {
        return 1;
    }

    const std::string params = std::string("{\"url\": ") + b24::quote(url) +
                               ", \"chat\": " + b24::quote(env_or("B24_CHAT", "chat450")) +
                               ", \"text\": " + b24::quote(env_or("B24_TEXT", "Message text")) +
                               ", \"blocks\": [" + picture.str() + ", " + file.str() + "]" +
                               ", \"token\": " + b24::quote(env_or("B24_TOKEN", "")) + "}";
    const b24::Answer answer = b24::call(&b24_send_message, params);
    return report("SendMessage", answer) ? 0 : 1;
}
