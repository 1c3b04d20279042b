import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { getEnv } from "~/infra/env.server.ts";

export type Db = PrismaClient;
/** A Prisma client or an interactive-transaction client: domain functions accept either. */
export type DbOrTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** Creates a client for a given database; tests and scripts use it for their own isolated databases. */
export function createDb(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

// One client per process. During `remix dev` the module is re-evaluated on every change, so keep it on globalThis.
const globalForDb = globalThis as unknown as { __jieyangDb?: PrismaClient };

export function getDb(): PrismaClient {
  globalForDb.__jieyangDb ??= createDb(getEnv().DATABASE_URL);
  return globalForDb.__jieyangDb;
}

/**
 * The database's clock, to the millisecond the columns keep (inside a transaction, the transaction's start). A change
 * stamps all its rows with this one instant — the need's createdAt, its publication, its consent and their timeline
 * events — so neither an app server's clock nor the time between statements can put them out of order.
 */
export async function databaseNow(db: DbOrTx): Promise<Date> {
  const [row] = await db.$queryRaw<{ now: Date }[]>`SELECT now()::timestamptz(3) AS now`;
  return row!.now;
}
