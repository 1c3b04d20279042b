/**
 * prisma/migrations and prisma/schema.prisma must describe the same database. Prisma's schema engine (which would
 * check this with `migrate diff`) cannot run here, so we build a fresh database from the migrations and compare its
 * catalog with the models, then prove the comparison notices drift in either direction.
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { findSchemaDrift } from "../../scripts/lib/schema-drift.ts";
import { databaseLayout, SCHEMA_PATH, schemaToSql } from "../../scripts/lib/schema-sql.ts";
import { createIsolatedDatabase, type IsolatedDatabase } from "../support/database.ts";

const schemaText = readFileSync(SCHEMA_PATH, "utf8");

/** Replaces text that must exist, so a schema edit cannot silently turn a case into a no-op. */
function edit(text: string, search: string, replacement: string): string {
  if (!text.includes(search))
    throw new Error(`schema.prisma no longer contains ${JSON.stringify(search)}; update this test case`);
  return text.replace(search, replacement);
}

let database: IsolatedDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createIsolatedDatabase("schema_drift");
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await database?.drop();
});

test("the database built from prisma/migrations matches schema.prisma exactly", async () => {
  expect(await findSchemaDrift(schemaText, client)).toEqual([]);
});

// `npm run db:migration:sql` prints DDL for new tables from this generator: what it prints must build exactly the
// schema it was given (the init migration was produced this way and matched Prisma's own engine byte for byte).
test("the generator's SQL for schema.prisma builds a database with no drift", async () => {
  const fresh = await createIsolatedDatabase("schema_generated", { migrate: false });
  const generated = new pg.Client({ connectionString: fresh.url });
  await generated.connect();
  try {
    await generated.query(schemaToSql(schemaText));
    expect(await findSchemaDrift(schemaText, generated)).toEqual([]);
  } finally {
    await generated.end();
    await fresh.drop();
  }
});

test("a schema Prisma rejects is reported with Prisma's own diagnostic", () => {
  expect(() => databaseLayout(edit(schemaText, "contactEmail        String?", "contactEmail        Strin?"))).toThrow(
    /^schema\.prisma is not valid: .*Type "Strin" is neither a built-in type/s,
  );
});

describe("reports a schema.prisma that moved away from the migrations", () => {
  const cases: { change: string; schema: () => string; reported: string[] }[] = [
    {
      change: "a field added to a model",
      schema: () =>
        edit(
          schemaText,
          "  sortOrder                   Int        @default(0)\n",
          "  sortOrder                   Int        @default(0)\n  nickname String?\n",
        ),
      reported: ['column "Region"."nickname": missing in database (schema: text)'],
    },
    {
      change: "a column's type changed (numeric precision)",
      schema: () =>
        edit(
          schemaText,
          "value         Decimal      @db.Decimal(20, 2)",
          "value         Decimal      @db.Decimal(18, 2)",
        ),
      reported: ['column "Target"."value": type differs: schema numeric(18,2), database numeric(20,2)'],
    },
    {
      change: "an array's element type changed",
      schema: () => edit(schemaText, "reasons         String[]", "reasons         Int[]"),
      reported: ['column "Match"."reasons": type differs: schema integer[], database text[]'],
    },
    {
      change: "a column's enum type changed",
      schema: () =>
        edit(schemaText, "  entityType    EntityType\n  productKind", "  entityType    SizeClass\n  productKind"),
      reported: ['column "LedgerEntry"."entityType": type differs: schema "SizeClass", database "EntityType"'],
    },
    {
      change: "an optional field made required",
      schema: () => edit(schemaText, "contactEmail        String?", "contactEmail        String"),
      reported: ['column "Enterprise"."contactEmail": nullability differs: schema NOT NULL, database NULL'],
    },
    {
      change: "a default changed",
      schema: () =>
        edit(
          schemaText,
          "isKeyPartner         Boolean            @default(false)",
          "isKeyPartner         Boolean            @default(true)",
        ),
      reported: ['column "Institution"."isKeyPartner": default differs: schema true, database false'],
    },
    {
      change: "an @@index removed",
      schema: () =>
        edit(
          schemaText,
          "  @@index([parentId])\n  @@index([kind])\n}\n\n/// GB/T",
          "  @@index([parentId])\n}\n\n/// GB/T",
        ),
      reported: ['index "Region_kind_idx" on "Region": in database but not in schema (database: (kind))'],
    },
    {
      change: "an @@unique added",
      schema: () =>
        edit(
          schemaText,
          "  webhookEndpoints WebhookEndpoint[]\n",
          "  webhookEndpoints WebhookEndpoint[]\n  @@unique([name, kind])\n",
        ),
      reported: [
        'index "Institution_name_kind_key" on "Institution": missing in database (schema: UNIQUE (name, kind))',
      ],
    },
    {
      change: "the NULLS NOT DISTINCT marker removed from a unique",
      schema: () =>
        edit(schemaText, "The migration creates this index NULLS NOT DISTINCT", "The migration creates this index"),
      reported: [
        'index "Target_year_metric_regionId_institutionId_key" on "Target" differs: schema UNIQUE (year, metric, regionId, institutionId), ' +
          "database UNIQUE (year, metric, regionId, institutionId) NULLS NOT DISTINCT",
      ],
    },
    {
      change: "an enum value added",
      schema: () => edit(schemaText, "  SMALL\n  MICRO\n}", "  SMALL\n  MICRO\n  NANO\n}"),
      reported: [
        'enum "SizeClass": values differ: schema [LARGE, MEDIUM, SMALL, MICRO, NANO], database [LARGE, MEDIUM, SMALL, MICRO]',
      ],
    },
    {
      change: "a relation's onDelete changed",
      schema: () =>
        edit(
          schemaText,
          "user       User     @relation(fields: [userId], references: [id], onDelete: Cascade)",
          "user       User     @relation(fields: [userId], references: [id])",
        ),
      reported: [
        'foreign key "Session_userId_fkey" on "Session" differs: schema (userId) → "User"(id) ON DELETE RESTRICT ON UPDATE CASCADE, ' +
          'database (userId) → "User"(id) ON DELETE CASCADE ON UPDATE CASCADE',
      ],
    },
    {
      change: "a model added",
      schema: () => `${schemaText}\nmodel Announcement {\n  id    String @id @default(cuid())\n  title String\n}\n`,
      reported: ['table "Announcement": missing in database'],
    },
  ];

  test.each(cases)("$change", async ({ schema, reported }) => {
    expect(await findSchemaDrift(schema(), client)).toEqual(reported);
  });
});

describe("reports a database that moved away from schema.prisma", () => {
  const cases: { change: string; sql: string; reported: string[] }[] = [
    {
      change: "an index dropped",
      sql: 'DROP INDEX "Region_kind_idx"',
      reported: ['index "Region_kind_idx" on "Region": missing in database (schema: (kind))'],
    },
    {
      change: "a column added",
      sql: 'ALTER TABLE "Region" ADD COLUMN "nickname" TEXT',
      reported: ['column "Region"."nickname": in database but not in schema (database: text)'],
    },
    {
      change: "NOT NULL dropped",
      sql: 'ALTER TABLE "Enterprise" ALTER COLUMN "contactName" DROP NOT NULL',
      reported: ['column "Enterprise"."contactName": nullability differs: schema NOT NULL, database NULL'],
    },
    {
      change: "a column's type changed",
      sql: 'ALTER TABLE "Match" ALTER COLUMN "score" TYPE DECIMAL(6,2)',
      reported: ['column "Match"."score": type differs: schema numeric(5,2), database numeric(6,2)'],
    },
    {
      change: "a default dropped",
      sql: 'ALTER TABLE "User" ALTER COLUMN "isActive" DROP DEFAULT',
      reported: ['column "User"."isActive": default differs: schema true, database none'],
    },
    {
      change: "an enum value added",
      sql: `ALTER TYPE "NeedFlag" ADD VALUE 'EXPORT'`,
      reported: [
        'enum "NeedFlag": values differ: schema [FIRST_LOAN, AGRI, GREEN, MARINE, TECH, TRANSFER], database [FIRST_LOAN, AGRI, GREEN, MARINE, TECH, TRANSFER, EXPORT]',
      ],
    },
    {
      change: "a foreign key dropped",
      sql: 'ALTER TABLE "Session" DROP CONSTRAINT "Session_userId_fkey"',
      reported: [
        'foreign key "Session_userId_fkey" on "Session": missing in database (schema: (userId) → "User"(id) ON DELETE CASCADE ON UPDATE CASCADE)',
      ],
    },
    {
      change: "a unique index rebuilt without NULLS NOT DISTINCT",
      sql:
        'DROP INDEX "Target_year_metric_regionId_institutionId_key"; ' +
        'CREATE UNIQUE INDEX "Target_year_metric_regionId_institutionId_key" ON "Target"("year", "metric", "regionId", "institutionId")',
      reported: [
        'index "Target_year_metric_regionId_institutionId_key" on "Target" differs: schema UNIQUE (year, metric, regionId, institutionId) NULLS NOT DISTINCT, ' +
          "database UNIQUE (year, metric, regionId, institutionId)",
      ],
    },
    {
      change: "an index renamed",
      sql: 'ALTER INDEX "Session_expiresAt_idx" RENAME TO "session_expiry"',
      reported: [
        'index "Session_expiresAt_idx" on "Session": missing in database (schema: (expiresAt))',
        'index "session_expiry" on "Session": in database but not in schema (database: (expiresAt))',
      ],
    },
    {
      change: "a partial index replacing a plain one",
      sql: 'DROP INDEX "Session_expiresAt_idx"; CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt") WHERE "ip" IS NULL',
      reported: [
        'index "Session_expiresAt_idx" on "Session" differs: schema (expiresAt), database (expiresAt) WHERE (ip IS NULL)',
      ],
    },
    {
      change: "a stray table",
      sql: 'CREATE TABLE "Scratch" ("id" INTEGER PRIMARY KEY)',
      reported: ['table "Scratch": in database but not in schema'],
    },
  ];

  test.each(cases)("$change", async ({ sql, reported }) => {
    // Postgres DDL is transactional: alter, look, and roll back so every case starts from the migrated database.
    await client.query("BEGIN");
    try {
      await client.query(sql);
      expect(await findSchemaDrift(schemaText, client)).toEqual(reported);
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
