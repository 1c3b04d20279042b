/**
 * The Open API's view of a product (app/web/api/operations/products.ts): a JSON body becomes the fields the admin's
 * product form posts, so the API and the web save through the same domain functions and the same validation, and a
 * stored product becomes the JSON answer. No server-only imports.
 */
import type { FieldErrors } from "~/kernel/forms.ts";
import { SUBSIDY_FIELDS } from "./product-form.ts";

export interface ProductJsonSubsidy {
  kind: "INTEREST" | "GUARANTEE_FEE";
  annualRate: string;
  mode: string;
  source: string;
  eligibility: string;
}

const formValue = (value: unknown): string | string[] => {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((item) => String(item));
  return String(value);
};

/**
 * JSON body → form fields: integers become the strings the form's parsers read, absent or null optional fields
 * become empty ones (cleared, as an empty input on the form), and `subsidies` become the form's prefixed subsidy
 * sections. A subsidy kind given twice is refused here.
 */
export function productFieldsFromJson(body: {
  [field: string]: unknown;
  subsidies?: ProductJsonSubsidy[];
}): { ok: true; fields: Record<string, unknown> } | { ok: false; fieldErrors: FieldErrors } {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === "subsidies") continue;
    fields[key] = formValue(value);
  }
  // The form starts at 0 years; a JSON client that says nothing means the same.
  if (body.minYearsInBusiness === undefined || body.minYearsInBusiness === null) fields.minYearsInBusiness = "0";
  const seen = new Set<string>();
  for (const subsidy of body.subsidies ?? []) {
    const section = SUBSIDY_FIELDS.find((field) => field.kind === subsidy.kind);
    if (!section) continue;
    if (seen.has(subsidy.kind))
      return { ok: false, fieldErrors: { subsidies: `${section.label}只能填写一次，请合并为一项` } };
    seen.add(subsidy.kind);
    fields[`${section.prefix}Rate`] = subsidy.annualRate;
    fields[`${section.prefix}Mode`] = subsidy.mode;
    fields[`${section.prefix}Source`] = subsidy.source;
    fields[`${section.prefix}Eligibility`] = subsidy.eligibility;
  }
  return { ok: true, fields };
}

/** The form's prefixed subsidy field names in a refusal, renamed to the JSON body's (`subsidies.INTEREST.source`). */
export function productJsonFieldErrors(fieldErrors: FieldErrors): FieldErrors {
  const renamed: FieldErrors = {};
  for (const [field, message] of Object.entries(fieldErrors)) {
    const section = SUBSIDY_FIELDS.find((candidate) => field.startsWith(candidate.prefix));
    if (!section) {
      renamed[field] ??= message;
      continue;
    }
    const rest = field.slice(section.prefix.length);
    const name = rest === "Rate" ? "annualRate" : rest.charAt(0).toLowerCase() + rest.slice(1);
    renamed[`subsidies.${section.kind}.${name}`] ??= message;
  }
  return renamed;
}
