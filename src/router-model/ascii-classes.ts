export const WORD_CHARACTER = 1;
export const WHITESPACE = 2;

/**
 * Per-ASCII-code tables, so the feature scan classifies a character with lookups rather than a chain
 * of comparisons that ordinary text mispredicts. Built once at load and never changed.
 * `kind`: WORD_CHARACTER (letters, digits), WHITESPACE, or 0. `normal`: lower case, digits as '0',
 * whitespace as a space.
 */
export const asciiClasses = buildAsciiClasses();

function buildAsciiClasses(): { kind: Uint8Array; normal: Uint16Array } {
  const kind = new Uint8Array(128);
  const normal = new Uint16Array(128);
  for (let code = 0; code < 128; code++) {
    const isUpper = code >= 65 && code <= 90;
    const isDigit = code >= 48 && code <= 57;
    const isSpace = code === 32 || code === 10 || code === 9 || code === 13;
    kind[code] = isUpper || isDigit || (code >= 97 && code <= 122) ? WORD_CHARACTER : isSpace ? WHITESPACE : 0;
    normal[code] = isUpper ? code + 32 : isDigit ? 48 : isSpace ? 32 : code;
  }
  return { kind, normal };
}

/** Latin-1 punctuation and symbols, × and ÷, general and CJK punctuation, arrows, mathematical operators: not word characters. */
export function isNonAsciiPunctuation(code: number): boolean {
  return (
    code <= 0xbf ||
    (code >= 0x2000 && code <= 0x206f) ||
    (code >= 0x2190 && code <= 0x22ff) ||
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0xff00 && code <= 0xff0f) ||
    code === 0xd7 ||
    code === 0xf7
  );
}
