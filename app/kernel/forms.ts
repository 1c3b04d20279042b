import { type z } from "zod";

/**
 * Parses form fields with a zod schema shared by the server (the authority) and the browser (instant hints).
 * Errors come back per field, in the schema's own Chinese messages, ready to show next to each input.
 */
export type FieldErrors = Record<string, string>;
export type FormParseResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

export function formToObject(form: FormData): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("_")) continue; // _csrf, _intent: transport fields, not data
    const values = form.getAll(key).filter((value): value is string => typeof value === "string");
    result[key] = values.length > 1 ? values : (values[0] ?? "");
  }
  return result;
}

export function parseWithSchema<S extends z.ZodType>(schema: S, input: unknown): FormParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "_form";
    fieldErrors[field] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}

export function parseForm<S extends z.ZodType>(schema: S, form: FormData): FormParseResult<z.output<S>> {
  return parseWithSchema(schema, formToObject(form));
}
