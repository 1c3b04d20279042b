/**
 * Only same-site paths are allowed after sign-in (no open redirect). Browsers drop tabs and newlines from URLs and
 * treat "\\" like "/", so "/\t/evil.example" would become "//evil.example": control characters and backslashes are
 * refused outright, and the result must resolve to our own origin.
 */
export function safeRedirectPath(candidate: string | undefined | null, fallback: string): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point of this check
  if (!candidate || !candidate.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  const base = "http://same-origin.invalid";
  let resolved: URL;
  try {
    resolved = new URL(candidate, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
