/*
 * Sends "Message text" with a picture block and a file block from C.
 *
 *   cc -Iinclude examples/c/send_message.c -Ltarget/release -lbitrix24_ffi \
 *      -Wl,-rpath,"$PWD/target/release" -o send_message
 *   B24_URL=https://portal/rest/1/code/ B24_CHAT=chat450 ./send_message
 *
 * B24_URL is a webhook URL, or the portal's address when B24_TOKEN is set. Every answer is
 * released with b24_free, including the blocks once they are copied into the message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitrix24.h"

/* Appends `text` to `out` as a JSON string literal; returns the new end. `out` must have
 * room for 6 bytes per input byte plus 3. */
static char *put_json_string(char *out, const char *text) {
    *out++ = '"';
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '"' || *c == '\\') {
            *out++ = '\\';
            *out++ = (char)*c;
        } else if (*c < 0x20) {
            out += sprintf(out, "\\u%04x", *c);
        } else {
            *out++ = (char)*c;
        }
    }
    *out++ = '"';
    *out = '\0';
    return out;
}

static const char *env_or(const char *name, const char *fallback) {
    const char *value = getenv(name);
    return value && *value ? value : fallback;
}

int main(void) {
    const char *url = env_or("B24_URL", NULL);
    const char *chat = env_or("B24_CHAT", "chat450");
    const char *token = env_or("B24_TOKEN", "");
    if (!url) {
        fprintf(stderr, "set B24_URL (and B24_CHAT, B24_TOKEN as needed)\n");
        return 2;
    }
    printf("%s\n", b24_version());

    char *picture = b24_get_picture_block(
        "{\"title\": \"Image\", \"url\": \"https://hut.openintegrations.dev/test_data/picture.jpg\"}");
    char *file = b24_get_file_block(
        "{\"title\": \"Document.docx\", \"url\": \"https://hut.openintegrations.dev/test_data/document.docx\"}");
    printf("GetPictureBlock: %s\nGetFileBlock: %s\n", picture, file);

    size_t room = 6 * (strlen(url) + strlen(chat) + strlen(token)) + strlen(picture) + strlen(file) + 256;
    char *params = malloc(room);
    if (!params) {
        return 3;
    }
    char *end = params + sprintf(params, "{\"url\": ");
    end = put_json_string(end, url);
    end += sprintf(end, ", \"chat\": ");
    end = put_json_string(end, chat);
    end += sprintf(end, ", \"token\": ");
    end = put_json_string(end, token);
    sprintf(end, ", \"text\": \"Message text\", \"blocks\": [%s, %s]}", picture, file);
    b24_free(picture);
    b24_free(file);

    char *answer = b24_send_message(params);
    free(params);
    printf("SendMessage: %s\n", answer);
    int failed = strstr(answer, "\"error\"") != NULL;
    b24_free(answer);
    return failed ? 1 : 0;
}
