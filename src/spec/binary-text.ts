/**
 * "Binary" strings hold bytes, one character per byte (Node's latin1 encoding). The stream hot path
 * keeps upstream bytes in them: scanning ASCII structure needs no UTF-8 decoding, and writing them
 * with `'latin1'` puts out exactly the bytes that came in.
 */
const NON_ASCII = /[^\x00-\x7f]/;

/** The text a binary string's UTF-8 bytes spell. */
export function utf8FromBinary(binary: string): string {
  return NON_ASCII.test(binary) ? Buffer.from(binary, 'latin1').toString('utf8') : binary;
}

/** The binary string of a text's UTF-8 bytes (ASCII text is its own). */
export function binaryFromUtf8(text: string): string {
  return NON_ASCII.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}
