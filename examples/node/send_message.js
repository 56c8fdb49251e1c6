// Sends "Message text" with a picture block and a file block from Node.js through koffi.
//
//   npm ci --prefix examples/node
//   B24_LIB=target/release/libbitrix24_ffi.so \
//   B24_URL=https://portal/rest/1/code/ B24_CHAT=chat450 node examples/node/send_message.js
//
// B24_URL is a webhook URL, or the portal's address when B24_TOKEN is set. Answers are
// declared as `void *` (a koffi string return would copy the text and lose the pointer), read
// with koffi.decode.string and released with b24_free. Every call goes through `.async`, which
// runs it on one of koffi's worker threads, so the event loop is never blocked while the
// portal answers.
'use strict';

const koffi = require('koffi');
const { promisify } = require('node:util');

function load(path) {
  const lib = koffi.load(path);
  const exports = {};
  for (const name of ['b24_send_message', 'b24_get_picture_block', 'b24_get_file_block']) {
    exports[name] = promisify(lib.func(`void *${name}(const char *params)`).async);
  }
  exports.b24_free = lib.func('void b24_free(void *text)');
  exports.b24_version = lib.func('const char *b24_version(void)');
  return exports;
}

/** One call: an object in, the answer's text and parsed value out; the text is released here. */
async function call(lib, name, params) {
  const answer = await lib[name](JSON.stringify(params));
  try {
    const text = koffi.decode.string(answer);
    return { text, value: JSON.parse(text) };
  } finally {
    lib.b24_free(answer);
  }
}

/** Prints an answer as `Label: {...}`; returns false, saying so on stderr, for an `error`. */
function report(label, answer) {
  console.log(`${label}: ${answer.text}`);
  if ('error' in answer.value) {
    console.error(`${label} failed: ${answer.value.error}: ${answer.value.error_description ?? ''}`);
    return false;
  }
  return true;
}

async function main() {
  const url = process.env.B24_URL;
  if (!url) {
    console.error('set B24_URL (and B24_CHAT, B24_TOKEN as needed)');
    return 2;
  }
  const lib = load(process.env.B24_LIB || 'target/release/libbitrix24_ffi.so');
  console.log(lib.b24_version()); // static: not released

  const picture = await call(lib, 'b24_get_picture_block', {
    title: 'Image',
    url: 'https://hut.openintegrations.dev/test_data/picture.jpg',
  });
  if (!report('GetPictureBlock', picture)) return 1;
  const file = await call(lib, 'b24_get_file_block', {
    title: 'Document.docx',
    url: 'https://hut.openintegrations.dev/test_data/document.docx',
  });
  if (!report('GetFileBlock', file)) return 1;

  const answer = await call(lib, 'b24_send_message', {
    url,
    chat: process.env.B24_CHAT || 'chat450',
    text: process.env.B24_TEXT || 'Message text',
    blocks: [picture.value, file.value],
    token: process.env.B24_TOKEN || '',
  });
  return report('SendMessage', answer) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 3;
  },
);
