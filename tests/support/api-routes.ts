/**
 * The Open API's route files (app/routes/api.v1.*.ts) with the URL path each serves, derived from the file name as
 * Remix v2 flat routes do: `.` separates segments, `$name` is a parameter (OpenAPI `{name}`), `_index` is the index
 * route, `[…]` escapes (`openapi[.]json` is the segment `openapi.json`), a trailing `_` opts out of nesting and a
 * leading `_` marks a pathless layout.
 */
export type ApiRouteHandler = (args: {
  request: Request;
  params: Record<string, string>;
  context: unknown;
}) => Promise<Response>;
export type ApiRouteModule = { loader?: ApiRouteHandler; action?: ApiRouteHandler };

const modules = import.meta.glob<ApiRouteModule>("/app/routes/api.v1.*.ts", { eager: true });

/** Splits a flat-route file name on the dots outside `[…]`, and unescapes the brackets. */
export function flatRouteSegments(name: string): string[] {
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const character of name) {
    if (character === "[" && !escaped) escaped = true;
    else if (character === "]" && escaped) escaped = false;
    else if (character === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += character;
  }
  segments.push(current);
  return segments;
}

export function flatRoutePath(file: string): string {
  const name = file.replace(/^.*\/app\/routes\//, "").replace(/\.tsx?$/, "");
  const raw = flatRouteSegments(name);
  const path = raw
    .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
    .map((segment) => segment.replace(/_$/, ""))
    .map((segment) => {
      if (segment.startsWith("(")) throw new Error(`optional segments are not supported: ${file}`);
      return segment.startsWith("$") ? `{${segment.slice(1)}}` : segment;
    });
  return `/${path.join("/")}`;
}

export const API_ROUTES = Object.entries(modules).map(([file, module]) => ({
  file,
  path: flatRoutePath(file),
  module,
}));

export function apiRouteFor(path: string) {
  const route = API_ROUTES.find((candidate) => candidate.path === path);
  if (!route) throw new Error(`no route file serves ${path}`);
  return route;
}
