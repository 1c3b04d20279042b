/**
 * Compares what schema.prisma says the database should look like with what a database actually contains, and
 * lists every difference as a readable line. With no schema engine available (see STACK-NOTES.md) this is how we
 * know that the hand-written migrations and the models agree.
 *
 * Compared: enum types and their values; tables; columns with their type as Postgres reports it (numeric
 * precision/scale, array element type, enum type), nullability and default; primary keys, unique and plain indexes
 * (name, columns, NULLS NOT DISTINCT, anything Prisma cannot express such as partial or expression indexes), and
 * foreign keys (columns, target, ON DELETE / ON UPDATE). Names count: Prisma finds objects by name, so an index
 * with the right columns but another name is drift too.
 * Not compared, because Prisma neither models nor touches them: CHECK constraints, triggers, functions, views,
 * other schemas, and Prisma's own _prisma_migrations table.
 */
import type pg from "pg";
import { databaseLayout, type DatabaseLayout } from "./schema-sql.ts";

export interface CatalogColumn {
  /** As format_type() prints it: `text`, `numeric(18,2)`, `"Collateral"[]`, `timestamp(3) without time zone`. */
  type: string;
  notNull: boolean;
  /** Normalised default (see normaliseDefault), `autoincrement` for sequences/identity, null when none. */
  default: string | null;
}

export interface CatalogTable {
  columns: Map<string, CatalogColumn>;
  /** Descriptions such as `"Region_pkey" (id)`, null when the table has none. */
  primaryKey: string | null;
  /** Index name → description such as `UNIQUE (a, b) NULLS NOT DISTINCT`; primary key indexes excluded. */
  indexes: Map<string, string>;
  /** Constraint name → description such as `(regionId) → "Region"(id) ON DELETE RESTRICT ON UPDATE CASCADE`. */
  foreignKeys: Map<string, string>;
}

export interface Catalog {
  enums: Map<string, string[]>;
  tables: Map<string, CatalogTable>;
}

/** pg.Client or pg.PoolClient: anything that runs a query. */
export type Queryable = Pick<pg.ClientBase, "query">;

const PRISMA_MIGRATIONS_TABLE = "_prisma_migrations";

// ───────────────────────────── descriptions shared by both sides ─────────────────────────────

function describeIndex(unique: boolean, columns: string[], nullsNotDistinct: boolean, extra = ""): string {
  return `${unique ? "UNIQUE " : ""}(${columns.join(", ")})${nullsNotDistinct ? " NULLS NOT DISTINCT" : ""}${extra}`;
}

function describeForeignKey(
  columns: string[],
  table: string,
  referenced: string[],
  onDelete: string,
  onUpdate: string,
): string {
  return `(${columns.join(", ")}) → "${table}"(${referenced.join(", ")}) ON DELETE ${onDelete} ON UPDATE ${onUpdate}`;
}

/**
 * Defaults compared by meaning rather than spelling: Postgres stores `false` as written but `'USCC'` as
 * `'USCC'::"EnterpriseIdType"` and `ARRAY[]::TEXT[]` as `ARRAY[]::text[]`, so casts are dropped (outside string
 * literals), `now()` counts as CURRENT_TIMESTAMP, quoted numbers as numbers, and sequences as `autoincrement`.
 */
export function normaliseDefault(expression: string | null): string | null {
  if (expression === null) return null;
  if (/^nextval\(/i.test(expression)) return "autoincrement";
  let out = "";
  for (let i = 0; i < expression.length;) {
    const char = expression[i]!;
    if (char === "'") {
      const end = /^'(?:[^']|'')*'/.exec(expression.slice(i))?.[0] ?? expression.slice(i);
      out += end;
      i += end.length;
      continue;
    }
    const cast =
      /^::\s*(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_]*(?:\s+(?:varying|precision))?)(?:\(\d+(?:,\s*\d+)?\))?(?:\s+with(?:out)?\s+time\s+zone)?(?:\[\])*/i.exec(
        expression.slice(i),
      );
    if (cast) {
      i += cast[0].length;
      continue;
    }
    out += char;
    i += 1;
  }
  out = out.replace(/\s+/g, " ").trim();
  if (/^now\(\)$/i.test(out) || /^current_timestamp$/i.test(out)) return "CURRENT_TIMESTAMP";
  return out.replace(/^'(-?\d+(?:\.\d+)?)'$/, "$1").replace(/^\((-?\d+(?:\.\d+)?)\)$/, "$1");
}

// ───────────────────────────── what the schema expects ─────────────────────────────

export function expectedCatalog(layout: DatabaseLayout): Catalog {
  const enums = new Map(layout.enums.map((e) => [e.name, e.values]));
  const tables = new Map<string, CatalogTable>();
  for (const table of layout.tables) {
    tables.set(table.name, {
      columns: new Map(
        table.columns.map((column) => [
          column.name,
          {
            type: column.type.catalog,
            notNull: column.notNull,
            default: column.autoincrement ? "autoincrement" : normaliseDefault(column.defaultSql),
          },
        ]),
      ),
      primaryKey: table.primaryKey ? `"${table.primaryKey.name}" (${table.primaryKey.columns.join(", ")})` : null,
      indexes: new Map(
        table.indexes.map((index) => [index.name, describeIndex(index.unique, index.columns, index.nullsNotDistinct)]),
      ),
      foreignKeys: new Map(
        table.foreignKeys.map((fk) => [
          fk.name,
          describeForeignKey(fk.columns, fk.referencedTable, fk.referencedColumns, fk.onDelete, fk.onUpdate),
        ]),
      ),
    });
  }
  return { enums, tables };
}

// ───────────────────────────── what the database has ─────────────────────────────

const REFERENTIAL_ACTIONS: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

export async function readDatabaseCatalog(client: Queryable, schema = "public"): Promise<Catalog> {
  const { rows: versionRows } = await client.query<{ version: number }>(
    "SELECT current_setting('server_version_num')::int AS version",
  );
  // indnullsnotdistinct exists from Postgres 15.
  const nullsNotDistinct = (versionRows[0]?.version ?? 0) >= 150000 ? "ix.indnullsnotdistinct" : "false";

  const { rows: enumRows } = await client.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 GROUP BY t.typname`,
    [schema],
  );

  const { rows: columnRows } = await client.query<{
    table: string;
    column: string | null;
    type: string | null;
    not_null: boolean;
    default: string | null;
    identity: string;
  }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
            pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> $2
      ORDER BY c.relname, a.attnum`,
    [schema, PRISMA_MIGRATIONS_TABLE],
  );

  const { rows: indexRows } = await client.query<{
    table: string;
    name: string;
    unique: boolean;
    primary: boolean;
    nulls_not_distinct: boolean;
    method: string;
    predicate: string | null;
    columns: (string | null)[];
    descending: boolean[];
    key_count: number;
  }>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
            ${nullsNotDistinct} AS nulls_not_distinct, am.amname AS method, pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
            ix.indnkeyatts AS key_count,
            ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            ARRAY(SELECT (o.opt & 1) = 1 FROM unnest(ix.indoption::int2[]) WITH ORDINALITY o(opt, ord) ORDER BY o.ord) AS descending
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = $1 AND t.relname <> $2`,
    [schema, PRISMA_MIGRATIONS_TABLE],
  );

  const { rows: constraintRows } = await client.query<{
    table: string;
    name: string;
    kind: "p" | "f";
    columns: string[];
    referenced_table: string | null;
    referenced_columns: string[] | null;
    on_delete: string;
    on_update: string;
  }>(
    `SELECT t.relname AS table, con.conname AS name, con.contype AS kind,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            r.relname AS referenced_table,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced_columns,
            con.confdeltype AS on_delete, con.confupdtype AS on_update
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_class r ON r.oid = con.confrelid
      WHERE n.nspname = $1 AND con.contype IN ('p', 'f') AND t.relname <> $2`,
    [schema, PRISMA_MIGRATIONS_TABLE],
  );

  const tables = new Map<string, CatalogTable>();
  const tableNamed = (name: string): CatalogTable => {
    let table = tables.get(name);
    if (!table)
      tables.set(name, (table = { columns: new Map(), primaryKey: null, indexes: new Map(), foreignKeys: new Map() }));
    return table;
  };
  for (const row of columnRows) {
    const table = tableNamed(row.table);
    if (row.column === null) continue; // a table without columns
    const autoincrement = row.identity !== "" || /^nextval\(/i.test(row.default ?? "");
    table.columns.set(row.column, {
      type: row.type!,
      notNull: row.not_null,
      default: autoincrement ? "autoincrement" : normaliseDefault(row.default),
    });
  }
  for (const row of indexRows) {
    if (row.primary) continue; // compared as the primary key constraint
    const keys = row.columns
      .slice(0, row.key_count)
      .map((column, i) => (column ?? "<expression>") + (row.descending[i] ? " DESC" : ""));
    const extra = [
      row.method === "btree" ? "" : ` USING ${row.method}`,
      row.columns.length > row.key_count ? ` INCLUDE (${row.columns.slice(row.key_count).join(", ")})` : "",
      row.predicate ? ` WHERE ${row.predicate}` : "",
    ].join("");
    tableNamed(row.table).indexes.set(row.name, describeIndex(row.unique, keys, row.nulls_not_distinct, extra));
  }
  for (const row of constraintRows) {
    const table = tableNamed(row.table);
    if (row.kind === "p") table.primaryKey = `"${row.name}" (${row.columns.join(", ")})`;
    else {
      const onDelete = REFERENTIAL_ACTIONS[row.on_delete] ?? row.on_delete;
      const onUpdate = REFERENTIAL_ACTIONS[row.on_update] ?? row.on_update;
      table.foreignKeys.set(
        row.name,
        describeForeignKey(row.columns, row.referenced_table ?? "?", row.referenced_columns ?? [], onDelete, onUpdate),
      );
    }
  }
  return { enums: new Map(enumRows.map((row) => [row.name, row.values])), tables };
}

// ───────────────────────────── the comparison ─────────────────────────────

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}

/** One line per difference, grouped by table; an empty list means no drift. */
export function compareCatalogs(expected: Catalog, actual: Catalog): string[] {
  const out: string[] = [];
  for (const name of sortedUnion(expected.enums.keys(), actual.enums.keys())) {
    const want = expected.enums.get(name);
    const have = actual.enums.get(name);
    if (!have) out.push(`enum "${name}": missing in database`);
    else if (!want) out.push(`enum "${name}": in database but not in schema`);
    else if (want.join(",") !== have.join(","))
      out.push(`enum "${name}": values differ: schema [${want.join(", ")}], database [${have.join(", ")}]`);
  }

  for (const tableName of sortedUnion(expected.tables.keys(), actual.tables.keys())) {
    const want = expected.tables.get(tableName);
    const have = actual.tables.get(tableName);
    if (!have) {
      out.push(`table "${tableName}": missing in database`);
      continue;
    }
    if (!want) {
      out.push(`table "${tableName}": in database but not in schema`);
      continue;
    }
    for (const columnName of sortedUnion(want.columns.keys(), have.columns.keys())) {
      const w = want.columns.get(columnName);
      const h = have.columns.get(columnName);
      const where = `column "${tableName}"."${columnName}"`;
      if (!h) out.push(`${where}: missing in database (schema: ${w!.type}${w!.notNull ? " NOT NULL" : ""})`);
      else if (!w)
        out.push(`${where}: in database but not in schema (database: ${h.type}${h.notNull ? " NOT NULL" : ""})`);
      else {
        if (w.type !== h.type) out.push(`${where}: type differs: schema ${w.type}, database ${h.type}`);
        if (w.notNull !== h.notNull)
          out.push(
            `${where}: nullability differs: schema ${w.notNull ? "NOT NULL" : "NULL"}, database ${h.notNull ? "NOT NULL" : "NULL"}`,
          );
        if (w.default !== h.default)
          out.push(`${where}: default differs: schema ${w.default ?? "none"}, database ${h.default ?? "none"}`);
      }
    }
    if (want.primaryKey !== have.primaryKey) {
      out.push(
        `primary key of "${tableName}" differs: schema ${want.primaryKey ?? "none"}, database ${have.primaryKey ?? "none"}`,
      );
    }
    for (const [kind, wantMap, haveMap] of [
      ["index", want.indexes, have.indexes],
      ["foreign key", want.foreignKeys, have.foreignKeys],
    ] as const) {
      for (const name of sortedUnion(wantMap.keys(), haveMap.keys())) {
        const w = wantMap.get(name);
        const h = haveMap.get(name);
        const where = `${kind} "${name}" on "${tableName}"`;
        if (!h) out.push(`${where}: missing in database (schema: ${w})`);
        else if (!w) out.push(`${where}: in database but not in schema (database: ${h})`);
        else if (w !== h) out.push(`${where} differs: schema ${w}, database ${h}`);
      }
    }
  }
  return out;
}

/** Every difference between schema text and the database `client` is connected to. */
export async function findSchemaDrift(schemaText: string, client: Queryable, schema = "public"): Promise<string[]> {
  return compareCatalogs(expectedCatalog(databaseLayout(schemaText)), await readDatabaseCatalog(client, schema));
}
