/**
 * Building Meilisearch filter expressions safely. Values are always quoted and escaped, so user input (a facet value
 * from a query string) can never change the structure of a filter — in particular never drop the visibility clause.
 */

/** A string literal for a Meilisearch filter: double quotes, with backslash and double quote escaped. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** A number literal. Only finite numbers; decimal strings (exact money) are passed through after validation. */
export function num(value: number | string): string {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`filter number must be finite: ${value}`);
  if (!/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) throw new Error(`not a number literal: ${text}`);
  return text;
}

/** `field IN ["a", "b"]`; an empty list matches nothing, which Meilisearch cannot express, so callers must check. */
export function inList(field: string, values: readonly string[]): string {
  if (values.length === 0) throw new Error(`inList(${field}) needs at least one value`);
  return `${field} IN [${values.map(quote).join(", ")}]`;
}

export function eq(field: string, value: string | boolean): string {
  return typeof value === "boolean" ? `${field} = ${value}` : `${field} = ${quote(value)}`;
}

export function and(clauses: readonly string[]): string {
  if (clauses.length === 0) throw new Error("and() needs at least one clause");
  return clauses.length === 1 ? clauses[0]! : clauses.map((clause) => `(${clause})`).join(" AND ");
}

export function or(clauses: readonly string[]): string {
  if (clauses.length === 0) throw new Error("or() needs at least one clause");
  return clauses.length === 1 ? clauses[0]! : clauses.map((clause) => `(${clause})`).join(" OR ");
}

export function not(clause: string): string {
  return `NOT (${clause})`;
}
