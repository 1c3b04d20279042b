/**
 * Which characters a person can mean to type. Everything else in a text input is either an attack (bidi overrides
 * that make "exe.txt" read as "txt.exe", NUL that Postgres refuses with "invalid byte sequence") or an accident of
 * copy and paste, and no form on the platform needs it:
 * - C0 controls (U+0000–U+001F) except tab, line feed and carriage return, which multi-line text legitimately has;
 * - DEL and the C1 controls (U+007F–U+009F);
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069);
 * - lone UTF-16 surrogates, which no UTF-8 encoder can write.
 *
 * Shared by the server (the boundary that refuses them, app/web/input-boundary.server.ts) and pure code paths.
 */

// No `u` flag: lone surrogates must be seen as the code units they are.
const FORBIDDEN_UNITS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first character a person cannot mean to submit, or null when the text is clean. */
export function findForbiddenCharacter(text: string): string | null {
  const match = FORBIDDEN_UNITS.exec(text);
  return match ? match[0] : null;
}

export function hasForbiddenCharacter(text: string): boolean {
  return FORBIDDEN_UNITS.test(text);
}

/** "U+0000" for a message or a log line (never the character itself, which may be invisible or reorder the text). */
export function describeCharacter(character: string): string {
  return `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** What the user reads when a field held such a character. */
export const FORBIDDEN_CHARACTER_MESSAGE =
  "提交的内容含有无法识别的控制字符（如空字符、文字方向控制符），可能是从其他软件复制时带入的。请删除后重新输入并提交";
