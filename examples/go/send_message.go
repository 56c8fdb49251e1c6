// Sends "Message text" with a picture block and a file block from Go through cgo.
//
//	cd examples/go
//	CGO_LDFLAGS="-L$PWD/../../target/release -Wl,-rpath,$PWD/../../target/release" go build -o send_message .
//	B24_URL=https://portal/rest/1/code/ B24_CHAT=chat450 ./send_message
//
// B24_URL is a webhook URL, or the portal's address when B24_TOKEN is set. Each answer is
// copied into a Go string with C.GoString and then released with C.b24_free; the C copy of
// the parameters that C.CString makes is released with C.free.
package main

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -lbitrix24_ffi
#include <stdlib.h>
#include "bitrix24.h"
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"os"
	"unsafe"
)

// b24Func is a one-argument function of the library. cgo functions are not values, so each is
// wrapped in a Go closure below.
type b24Func func(params *C.char) *C.char

var (
	getPictureBlock b24Func = func(p *C.char) *C.char { return C.b24_get_picture_block(p) }
	getFileBlock    b24Func = func(p *C.char) *C.char { return C.b24_get_file_block(p) }
	sendMessage     b24Func = func(p *C.char) *C.char { return C.b24_send_message(p) }
)

// call passes params as JSON and returns the answer's text; both C strings are released here.
func call(function b24Func, params any) (json.RawMessage, error) {
	input, err := json.Marshal(params)
	if err != nil {
		return nil, err
	}
	cParams := C.CString(string(input))
	defer C.free(unsafe.Pointer(cParams))
	answer := function(cParams)
	text := C.GoString(answer)
	C.b24_free(answer)
	return json.RawMessage(text), nil
}

// report prints an answer as `Label: {...}` and says on stderr whether it has `error`.
func report(label string, answer json.RawMessage) bool {
	fmt.Printf("%s: %s\n", label, answer)
	var fields struct {
		Error       *string `json:"error"`
		Description string  `json:"error_description"`
	}
	if err := json.Unmarshal(answer, &fields); err != nil {
		fmt.Fprintf(os.Stderr, "%s: the answer is not a JSON object: %v\n", label, err)
		return false
	}
	if fields.Error != nil {
		fmt.Fprintf(os.Stderr, "%s failed: %s: %s\n", label, *fields.Error, fields.Description)
		return false
	}
	return true
}

func env(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}

func run() int {
	url := os.Getenv("B24_URL")
	if url == "" {
		fmt.Fprintln(os.Stderr, "set B24_URL (and B24_CHAT, B24_TOKEN as needed)")
		return 2
	}
	fmt.Println(C.GoString(C.b24_version())) // static: not released

	picture, err := call(getPictureBlock, map[string]string{
		"title": "Image", "url": "https://hut.openintegrations.dev/test_data/picture.jpg",
	})
	if err != nil || !report("GetPictureBlock", picture) {
		return 1
	}
	file, err := call(getFileBlock, map[string]string{
		"title": "Document.docx", "url": "https://hut.openintegrations.dev/test_data/document.docx",
	})
	if err != nil || !report("GetFileBlock", file) {
		return 1
	}

	answer, err := call(sendMessage, map[string]any{
		"url":    url,
		"chat":   env("B24_CHAT", "chat450"),
		"text":   env("B24_TEXT", "Message text"),
		"blocks": []json.RawMessage{picture, file},
		"token":  env("B24_TOKEN", ""),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if !report("SendMessage", answer) {
		return 1
	}
	return 0
}

func main() {
	os.Exit(run())
}
