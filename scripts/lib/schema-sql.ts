/**
 * schema.prisma → the relational layout Prisma gives it on PostgreSQL, and the DDL `prisma migrate` would write.
 *
 * Prisma's schema engine (which normally does this) cannot be downloaded on our machines, so we read the schema
 * through Prisma's own parser (`@prisma/prisma-schema-wasm`, the same Wasm build `@prisma/client` 7.10 uses for its
 * DMMF) and apply Prisma's PostgreSQL conventions ourselves:
 *   - column types: String→TEXT, Int→INTEGER, BigInt→BIGINT (BIGSERIAL with autoincrement()), DateTime→TIMESTAMP(3),
 *     Decimal→DECIMAL(65,30) unless @db.Decimal(p,s), Json→JSONB, lists → element[] (lists are nullable columns);
 *   - names: "<Table>_pkey", "<Table>_<cols>_key" (unique index), "<Table>_<cols>_idx", "<Table>_<cols>_fkey",
 *     cut to Postgres' 63-character identifier limit before the suffix;
 *   - foreign keys: ON DELETE RESTRICT (SET NULL when the relation is optional) ON UPDATE CASCADE unless the schema
 *     says otherwise;
 *   - statement order and layout exactly as `prisma migrate diff --from-empty` prints them (checked byte for byte
 *     against Prisma 7.10's engine for the initial migration).
 * One project-specific addition: a `///` comment containing "NULLS NOT DISTINCT" directly above an `@@unique`
 * makes that unique index NULLS NOT DISTINCT (Prisma cannot express it; Postgres 15 can).
 *
 * Run as a script it prints the DDL for a fresh database: `npm run db:migration:sql` (or `-- <name>` to write it as
 * the first migration). Later migrations are written by hand; tests/integration/schema-drift.test.ts checks them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { get_dmmf } from "@prisma/prisma-schema-wasm";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SCHEMA_PATH = join(REPO_ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = join(REPO_ROOT, "prisma/migrations");

/** Postgres truncates identifiers beyond 63 bytes; Prisma shortens generated names to fit. */
const MAX_IDENTIFIER_LENGTH = 63;

// ───────────────────────────── the relational layout ─────────────────────────────

export interface ColumnType {
  /** As written in DDL, e.g. `DECIMAL(18,2)`, `"Collateral"[]`. */
  sql: string;
  /** As Postgres' format_type() reports it, e.g. `numeric(18,2)`, `"Collateral"[]`. */
  catalog: string;
}

export interface Column {
  name: string;
  type: ColumnType;
  notNull: boolean;
  /** SQL default expression, null when none. Autoincrement is expressed by the SERIAL type instead. */
  defaultSql: string | null;
  autoincrement: boolean;
}

export interface IndexLayout {
  name: string;
  table: string;
  columns: string[];
  unique: boolean;
  nullsNotDistinct: boolean;
}

export interface ForeignKey {
  name: string;
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export type ReferentialAction = "CASCADE" | "RESTRICT" | "NO ACTION" | "SET NULL" | "SET DEFAULT";

export interface Table {
  name: string;
  columns: Column[];
  primaryKey: { name: string; columns: string[] } | null;
  /** In Prisma's order: field-level @unique, then @@index and @@unique as the DMMF lists them. */
  indexes: IndexLayout[];
  foreignKeys: ForeignKey[];
}

export interface EnumType {
  name: string;
  values: string[];
}

export interface DatabaseLayout {
  enums: EnumType[];
  tables: Table[];
}

// ───────────────────────────── reading the schema through Prisma's parser ─────────────────────────────

// The subset of Prisma's DMMF (datamodel part) this file relies on.
interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  hasDefaultValue: boolean;
  default?: unknown;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  isDefinedOnField: boolean;
  dbName?: string | null;
  algorithm?: string;
  clustered?: boolean;
  fields: { name: string; sortOrder?: "asc" | "desc"; length?: number; operatorClass?: string }[];
}
interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName?: string | null }[];
}
export interface Dmmf {
  enums: DmmfEnum[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
}

/** Parses and validates schema text with Prisma's own parser; a schema error comes back as one readable message. */
export function readDmmf(schemaText: string): Dmmf {
  // The Wasm build reports a Rust panic through this global; without it a panic surfaces as an unrelated TypeError.
  let panic: string | undefined;
  const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  const previous = registry.PRISMA_WASM_PANIC_REGISTRY;
  registry.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => (panic = message) };
  let json: string;
  try {
    json = get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schemaText]] }));
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    let message = raw;
    try {
      message = (JSON.parse(raw) as { message?: string }).message ?? raw;
    } catch {
      // not JSON: keep the raw text
    }
    if (panic) throw new Error(`Prisma's schema parser crashed: ${panic}`, { cause: error });
    // Prisma colours its diagnostics for a terminal; keep plain text.
    // eslint-disable-next-line no-control-regex -- strips the terminal colour codes (ESC [ … m) Prisma adds
    throw new Error(`schema.prisma is not valid: ${message.replace(/\u001b\[[0-9;]*m/g, "")}`, { cause: error });
  } finally {
    registry.PRISMA_WASM_PANIC_REGISTRY = previous;
  }
  return (JSON.parse(json) as { datamodel: Dmmf }).datamodel;
}

// ───────────────────────────── Prisma's PostgreSQL conventions ─────────────────────────────

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** format_type() quotes a type name only when it is not a plain lower-case identifier. */
function catalogTypeName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quote(name);
}

/** Prisma's ConstraintNames: `<table>_<columns>` cut to fit, then the suffix. */
export function constraintName(table: string, columns: string[], suffix: "_key" | "_idx" | "_fkey"): string {
  const base = `${table}_${columns.join("_")}`;
  return base.slice(0, MAX_IDENTIFIER_LENGTH - suffix.length) + suffix;
}

export function primaryKeyName(table: string): string {
  return table.slice(0, MAX_IDENTIFIER_LENGTH - "_pkey".length) + "_pkey";
}

const SCALAR_TYPES: Record<string, ColumnType> = {
  String: { sql: "TEXT", catalog: "text" },
  Boolean: { sql: "BOOLEAN", catalog: "boolean" },
  Int: { sql: "INTEGER", catalog: "integer" },
  BigInt: { sql: "BIGINT", catalog: "bigint" },
  Float: { sql: "DOUBLE PRECISION", catalog: "double precision" },
  Decimal: { sql: "DECIMAL(65,30)", catalog: "numeric(65,30)" },
  DateTime: { sql: "TIMESTAMP(3)", catalog: "timestamp(3) without time zone" },
  Json: { sql: "JSONB", catalog: "jsonb" },
  Bytes: { sql: "BYTEA", catalog: "bytea" },
};

/** Without a precision Prisma writes the bare type, which Postgres stores with its default precision (6). */
function timeType(sqlName: string, catalogName: string, zone: string, precision: string | undefined): ColumnType {
  return precision === undefined
    ? { sql: sqlName, catalog: `${catalogName} ${zone}` }
    : { sql: `${sqlName}(${precision})`, catalog: `${catalogName}(${precision}) ${zone}` };
}

/** `@db.X(args)` → DDL and catalog spelling. Types missing here are refused rather than guessed. */
const NATIVE_TYPES: Record<string, (args: string[]) => ColumnType> = {
  Text: () => ({ sql: "TEXT", catalog: "text" }),
  VarChar: (a) =>
    a[0]
      ? { sql: `VARCHAR(${a[0]})`, catalog: `character varying(${a[0]})` }
      : { sql: "VARCHAR", catalog: "character varying" },
  Char: (a) => ({ sql: `CHAR(${a[0] ?? 1})`, catalog: `character(${a[0] ?? 1})` }),
  Uuid: () => ({ sql: "UUID", catalog: "uuid" }),
  Citext: () => ({ sql: "CITEXT", catalog: "citext" }),
  Inet: () => ({ sql: "INET", catalog: "inet" }),
  Xml: () => ({ sql: "XML", catalog: "xml" }),
  SmallInt: () => ({ sql: "SMALLINT", catalog: "smallint" }),
  Integer: () => ({ sql: "INTEGER", catalog: "integer" }),
  BigInt: () => ({ sql: "BIGINT", catalog: "bigint" }),
  Oid: () => ({ sql: "OID", catalog: "oid" }),
  Real: () => ({ sql: "REAL", catalog: "real" }),
  DoublePrecision: () => ({ sql: "DOUBLE PRECISION", catalog: "double precision" }),
  Decimal: (a) => ({ sql: `DECIMAL(${a.join(",")})`, catalog: `numeric(${a.join(",")})` }),
  Money: () => ({ sql: "MONEY", catalog: "money" }),
  Date: () => ({ sql: "DATE", catalog: "date" }),
  Timestamp: (a) => timeType("TIMESTAMP", "timestamp", "without time zone", a[0]),
  Timestamptz: (a) => timeType("TIMESTAMPTZ", "timestamp", "with time zone", a[0]),
  Time: (a) => timeType("TIME", "time", "without time zone", a[0]),
  Timetz: (a) => timeType("TIMETZ", "time", "with time zone", a[0]),
  Json: () => ({ sql: "JSON", catalog: "json" }),
  JsonB: () => ({ sql: "JSONB", catalog: "jsonb" }),
  ByteA: () => ({ sql: "BYTEA", catalog: "bytea" }),
  Boolean: () => ({ sql: "BOOLEAN", catalog: "boolean" }),
};

const SERIAL_TYPES: Record<string, string> = { INTEGER: "SERIAL", BIGINT: "BIGSERIAL", SMALLINT: "SMALLSERIAL" };

function referentialAction(value: string | undefined, fallback: ReferentialAction): ReferentialAction {
  switch (value) {
    case undefined:
      return fallback;
    case "Cascade":
      return "CASCADE";
    case "Restrict":
      return "RESTRICT";
    case "NoAction":
      return "NO ACTION";
    case "SetNull":
      return "SET NULL";
    case "SetDefault":
      return "SET DEFAULT";
    default:
      throw new Error(`unknown referential action ${value}`);
  }
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Renders a DMMF default the way Prisma writes it; functions evaluated by the client (cuid, uuid…) have none. */
function defaultSql(
  field: DmmfField,
  where: string,
  type: ColumnType,
  enumsByName: Map<string, DmmfEnum>,
): string | null {
  if (!field.hasDefaultValue) return null;
  const value = field.default;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const fn = value as { name: string; args: unknown[] };
    if (fn.name === "now") return "CURRENT_TIMESTAMP";
    if (["cuid", "uuid", "nanoid", "ulid", "autoincrement"].includes(fn.name)) return null;
    if (fn.name === "dbgenerated") return typeof fn.args[0] === "string" ? fn.args[0] : null;
    throw new Error(
      `${where}: default function ${fn.name}() is not supported by the SQL generator; write the migration by hand`,
    );
  }
  const literal = (item: unknown): string => {
    if (field.kind === "enum") {
      const enumType = enumsByName.get(field.type);
      const mapped = enumType?.values.find((v) => v.name === item)?.dbName;
      return sqlString(mapped ?? String(item));
    }
    if (typeof item === "boolean" || typeof item === "number") return String(item);
    if (typeof item === "string")
      return ["Int", "BigInt", "Float", "Decimal"].includes(field.type) ? item : sqlString(item);
    throw new Error(`${where}: default value ${JSON.stringify(item)} is not supported by the SQL generator`);
  };
  if (Array.isArray(value)) {
    // Prisma casts array literals to the column type, e.g. ARRAY[]::TEXT[].
    return `ARRAY[${value.map(literal).join(", ")}]::${type.sql}`;
  }
  if (field.type === "Json") return sqlString(String(value));
  if (field.type === "DateTime" || field.type === "Bytes") {
    throw new Error(`${where}: literal ${field.type} defaults are not supported by the SQL generator`);
  }
  return literal(value);
}

/** Unique indexes the schema marks NULLS NOT DISTINCT with a `///` comment right above the `@@unique`. */
export function nullsNotDistinctUniques(schemaText: string): { model: string; fields: string[] }[] {
  const found: { model: string; fields: string[] }[] = [];
  for (const block of schemaText.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const lines = block[2]!.split("\n").map((line) => line.trim());
    lines.forEach((line, i) => {
      if (!line.startsWith("@@unique(")) return;
      let j = i - 1;
      let marked = false;
      while (j >= 0 && lines[j]!.startsWith("///")) marked ||= /NULLS NOT DISTINCT/i.test(lines[j--]!);
      const fields = /\[([^\]]*)\]/
        .exec(line)?.[1]
        ?.split(",")
        .map((f) => f.trim().replace(/\(.*$/, ""));
      if (marked && fields) found.push({ model: block[1]!, fields });
    });
  }
  return found;
}

/**
 * `@relation(..., map: "name")` on each relation field: the DMMF leaves the foreign key's database name out, so it
 * is read from the text. Keyed by "Model.field".
 */
export function foreignKeyNameOverrides(schemaText: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const block of schemaText.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    for (const line of block[2]!.split("\n")) {
      const match = /^\s*(\w+)\s.*@relation\(.*\bmap:\s*"([^"]+)"/.exec(line.replace(/\/\/.*$/, ""));
      if (match) names.set(`${block[1]}.${match[1]}`, match[2]!);
    }
  }
  return names;
}

/** The tables, columns, indexes and foreign keys Prisma derives from the schema, in Prisma's order. */
export function databaseLayout(schemaText: string): DatabaseLayout {
  const dmmf = readDmmf(schemaText);
  const enumsByName = new Map(dmmf.enums.map((e) => [e.name, e]));
  const modelsByName = new Map(dmmf.models.map((m) => [m.name, m]));
  const tableName = (model: DmmfModel): string => model.dbName ?? model.name;
  const columnName = (model: DmmfModel, fieldName: string): string => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`${model.name}: unknown field ${fieldName}`);
    return field.dbName ?? field.name;
  };
  const markedNullsNotDistinct = nullsNotDistinctUniques(schemaText);
  const foreignKeyNames = foreignKeyNameOverrides(schemaText);

  const enums: EnumType[] = dmmf.enums.map((e) => ({
    name: e.dbName ?? e.name,
    values: e.values.map((v) => v.dbName ?? v.name),
  }));

  const tables: Table[] = dmmf.models.map((model) => {
    const table = tableName(model);
    if (model.schema) throw new Error(`${model.name}: multi-schema models are not supported by the SQL generator`);
    for (const field of model.fields) {
      if (field.kind === "unsupported")
        throw new Error(`${model.name}.${field.name}: Unsupported() types are not supported by the SQL generator`);
      const opposite =
        field.kind === "object" && field.isList
          ? modelsByName.get(field.type)?.fields.find((f) => f.relationName === field.relationName && f !== field)
          : undefined;
      if (opposite?.isList) {
        // Prisma would add a hidden join table ("_AToB"); name the relation table explicitly instead.
        throw new Error(
          `${model.name}.${field.name}: implicit many-to-many relations are not supported by the SQL generator`,
        );
      }
    }

    const columns: Column[] = model.fields
      .filter((field) => field.kind === "scalar" || field.kind === "enum")
      .map((field) => {
        const where = `${model.name}.${field.name}`;
        let type: ColumnType;
        if (field.kind === "enum") {
          const enumName = enumsByName.get(field.type)?.dbName ?? field.type;
          type = { sql: quote(enumName), catalog: catalogTypeName(enumName) };
        } else if (field.nativeType) {
          const [nativeName, args] = field.nativeType;
          const native = NATIVE_TYPES[nativeName];
          if (!native)
            throw new Error(
              `${where}: @db.${nativeName} is not supported by the SQL generator; write the migration by hand`,
            );
          type = native(args);
        } else {
          const scalar = SCALAR_TYPES[field.type];
          if (!scalar) throw new Error(`${where}: type ${field.type} is not supported by the SQL generator`);
          type = scalar;
        }
        const fn = field.default as { name?: string } | undefined;
        const autoincrement = field.hasDefaultValue && fn?.name === "autoincrement";
        if (autoincrement) {
          const serial = SERIAL_TYPES[type.sql];
          if (!serial) throw new Error(`${where}: autoincrement() needs an integer column`);
          type = { sql: serial, catalog: type.catalog };
        }
        if (field.isList) type = { sql: `${type.sql}[]`, catalog: `${type.catalog}[]` };
        return {
          name: field.dbName ?? field.name,
          type,
          // Prisma leaves list columns nullable even when the field is required.
          notNull: field.isRequired && !field.isList,
          defaultSql: defaultSql(field, where, type, enumsByName),
          autoincrement,
        };
      });

    const modelIndexes = dmmf.indexes.filter((index) => index.model === model.name);
    const idIndex = modelIndexes.find((index) => index.type === "id");
    const primaryKey = idIndex
      ? { name: idIndex.dbName ?? primaryKeyName(table), columns: idIndex.fields.map((f) => columnName(model, f.name)) }
      : null;

    const indexes: IndexLayout[] = modelIndexes
      .filter((index) => index.type === "unique" || index.type === "normal")
      .map((index) => {
        const where = `${model.name} index on (${index.fields.map((f) => f.name).join(", ")})`;
        if (index.algorithm && index.algorithm !== "BTree")
          throw new Error(`${where}: index type ${index.algorithm} is not supported by the SQL generator`);
        if (
          index.fields.some((f) => f.sortOrder === "desc" || f.length !== undefined || f.operatorClass !== undefined)
        ) {
          throw new Error(`${where}: sort order, length and operator classes are not supported by the SQL generator`);
        }
        const columnNames = index.fields.map((f) => columnName(model, f.name));
        const unique = index.type === "unique";
        const fieldNames = index.fields.map((f) => f.name).join(",");
        return {
          name: index.dbName ?? constraintName(table, columnNames, unique ? "_key" : "_idx"),
          table,
          columns: columnNames,
          unique,
          nullsNotDistinct:
            unique && markedNullsNotDistinct.some((m) => m.model === model.name && m.fields.join(",") === fieldNames),
        };
      });

    const foreignKeys: ForeignKey[] = model.fields
      .filter((field) => field.kind === "object" && (field.relationFromFields?.length ?? 0) > 0)
      .map((field) => {
        const target = modelsByName.get(field.type)!;
        const columnNames = field.relationFromFields!.map((name) => columnName(model, name));
        const anyOptional = field.relationFromFields!.some(
          (name) => !model.fields.find((f) => f.name === name)!.isRequired,
        );
        return {
          name: foreignKeyNames.get(`${model.name}.${field.name}`) ?? constraintName(table, columnNames, "_fkey"),
          table,
          columns: columnNames,
          referencedTable: tableName(target),
          referencedColumns: field.relationToFields!.map((name) => columnName(target, name)),
          onDelete: referentialAction(field.relationOnDelete, anyOptional ? "SET NULL" : "RESTRICT"),
          onUpdate: referentialAction(field.relationOnUpdate, "CASCADE"),
        };
      });

    return { name: table, columns, primaryKey, indexes, foreignKeys };
  });

  for (const mark of markedNullsNotDistinct) {
    const model = modelsByName.get(mark.model);
    const table = model && tables.find((t) => t.name === tableName(model));
    const columnNames = model ? mark.fields.map((f) => columnName(model, f)) : [];
    if (!table?.indexes.some((index) => index.unique && index.columns.join(",") === columnNames.join(","))) {
      throw new Error(`${mark.model}: NULLS NOT DISTINCT comment does not sit above a matching @@unique`);
    }
  }
  return { enums, tables };
}

// ───────────────────────────── DDL in Prisma's layout ─────────────────────────────

function columnList(columns: string[], separator: string): string {
  return columns.map(quote).join(separator);
}

export function createIndexSql(index: IndexLayout): string {
  const nulls = index.nullsNotDistinct ? " NULLS NOT DISTINCT" : "";
  return `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${quote(index.name)} ON ${quote(index.table)}(${columnList(index.columns, ", ")})${nulls};`;
}

export function addForeignKeySql(fk: ForeignKey): string {
  return (
    `ALTER TABLE ${quote(fk.table)} ADD CONSTRAINT ${quote(fk.name)} FOREIGN KEY (${columnList(fk.columns, ", ")}) ` +
    `REFERENCES ${quote(fk.referencedTable)}(${columnList(fk.referencedColumns, ", ")}) ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate};`
  );
}

function createTableSql(table: Table): string {
  const lines = table.columns.map((column) => {
    const notNull = column.notNull ? " NOT NULL" : "";
    const dflt = column.defaultSql === null ? "" : ` DEFAULT ${column.defaultSql}`;
    return `    ${quote(column.name)} ${column.type.sql}${notNull}${dflt}`;
  });
  const body = table.primaryKey
    ? `${lines.join(",\n")},\n\n    CONSTRAINT ${quote(table.primaryKey.name)} PRIMARY KEY (${columnList(table.primaryKey.columns, ",")})`
    : lines.join(",\n");
  return `CREATE TABLE ${quote(table.name)} (\n${body}\n);`;
}

/** The whole DDL for an empty database, statement for statement as Prisma's `migrate diff --from-empty` prints it. */
export function renderMigrationSql(layout: DatabaseLayout): string {
  const steps: [string, string][] = [["CreateSchema", 'CREATE SCHEMA IF NOT EXISTS "public";']];
  for (const e of layout.enums)
    steps.push(["CreateEnum", `CREATE TYPE ${quote(e.name)} AS ENUM (${e.values.map(sqlString).join(", ")});`]);
  for (const table of layout.tables) steps.push(["CreateTable", createTableSql(table)]);
  for (const table of layout.tables)
    for (const index of table.indexes) steps.push(["CreateIndex", createIndexSql(index)]);
  for (const table of layout.tables)
    for (const fk of table.foreignKeys) steps.push(["AddForeignKey", addForeignKeySql(fk)]);
  return steps.map(([comment, sql]) => `-- ${comment}\n${sql}\n`).join("\n");
}

export function schemaToSql(schemaText: string): string {
  return renderMigrationSql(databaseLayout(schemaText));
}

// ───────────────────────────── CLI: npm run db:migration:sql [-- <name>] ─────────────────────────────

function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

function main(argv: string[]): void {
  const sql = schemaToSql(readFileSync(SCHEMA_PATH, "utf8"));
  const name = argv[0];
  if (!name) {
    process.stdout.write(sql);
    return;
  }
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`migration name must be lower-case letters, digits and _: ${name}`);
  const existing = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR).filter((entry) => /^\d{14}_/.test(entry))
    : [];
  if (existing.length > 0) {
    // The SQL creates everything from nothing, so it is only right as the first migration.
    throw new Error(
      `prisma/migrations already has ${existing.length} migration(s); write the next one by hand (the drift test checks it)`,
    );
  }
  const dir = join(MIGRATIONS_DIR, `${migrationTimestamp(new Date())}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  writeFileSync(join(MIGRATIONS_DIR, "migration_lock.toml"), MIGRATION_LOCK_TOML);
  console.log(`wrote ${join(dir, "migration.sql")}`);
}

/** Prisma's lock file, byte for byte, so a real `prisma migrate` accepts the directory. */
export const MIGRATION_LOCK_TOML =
  '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n';

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`db:migration:sql failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
