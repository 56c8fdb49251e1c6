"""Sends "Message text" with a picture block and a file block from Python through ctypes.

    B24_LIB=target/release/libbitrix24_ffi.so \
    B24_URL=https://portal/rest/1/code/ B24_CHAT=chat450 python3 examples/python/send_message.py

B24_URL is a webhook URL, or the portal's address when B24_TOKEN is set. Answers are taken as
c_void_p (not c_char_p, which would copy and lose the pointer), read with string_at, and
released with b24_free.
"""
import ctypes
import json
import os
import sys


def load(path):
    lib = ctypes.CDLL(path)
    for name in ("b24_send_message", "b24_get_picture_block", "b24_get_file_block", "b24_call"):
        function = getattr(lib, name)
        function.argtypes = [ctypes.c_char_p]
        function.restype = ctypes.c_void_p
    lib.b24_free.argtypes = [ctypes.c_void_p]
    lib.b24_free.restype = None
    lib.b24_version.restype = ctypes.c_char_p
    return lib


def call(lib, function, params):
    """One call: a dict in, the parsed answer out; the library's text is released here."""
    answer = getattr(lib, function)(json.dumps(params).encode("utf-8"))
    try:
        return json.loads(ctypes.string_at(answer).decode("utf-8"))
    finally:
        lib.b24_free(answer)


def main():
    url = os.environ.get("B24_URL")
    if not url:
        print("set B24_URL (and B24_CHAT, B24_TOKEN as needed)", file=sys.stderr)
        return 2
    lib = load(os.environ.get("B24_LIB", "target/release/libbitrix24_ffi.so"))
    print(lib.b24_version().decode())

    picture = call(lib, "b24_get_picture_block",
                   {"title": "Image", "url": "https://hut.openintegrations.dev/test_data/picture.jpg"})
    file = call(lib, "b24_get_file_block",
                {"title": "Document.docx", "url": "https://hut.openintegrations.dev/test_data/document.docx"})
    print("GetPictureBlock:", json.dumps(picture, ensure_ascii=False))
    print("GetFileBlock:", json.dumps(file, ensure_ascii=False))

    answer = call(lib, "b24_send_message", {
        "url": url,
        "chat": os.environ.get("B24_CHAT", "chat450"),
        "text": os.environ.get("B24_TEXT", "Message text"),
        "blocks": [picture, file],
        "token": os.environ.get("B24_TOKEN", ""),
    })
    print("SendMessage:", json.dumps(answer, ensure_ascii=False))
    return 1 if "error" in answer else 0


if __name__ == "__main__":
    sys.exit(main())
