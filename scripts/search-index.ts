/**
 * Search maintenance from the command line (the admin's "reindex search" and the periodic reconcile):
 *
 *   tsx scripts/search-index.ts settings                  create missing indexes, apply settings
 *   tsx scripts/search-index.ts rebuild [products|needs]  rebuild from Postgres into a fresh index and swap it in (default: both)
 *   tsx scripts/search-index.ts reconcile [products|needs] repair missing, stale and extra documents (default: both)
 *
 * Reads DATABASE_URL and MEILI_URL / MEILI_MASTER_KEY / MEILI_INDEX_PREFIX from the environment like the app.
 */
import { getDb } from "~/infra/db.server.ts";
import { rebuildIndex, reconcileIndex } from "~/modules/search-index/reindex.server.ts";
import { type IndexKind, getMeili } from "../search/client.ts";
import { ensureIndexes } from "../search/settings.ts";

const USAGE = "用法: tsx scripts/search-index.ts settings | rebuild [products|needs] | reconcile [products|needs]";

async function main(argv: string[]): Promise<number> {
  const [command, which] = argv;
  if (which !== undefined && which !== "products" && which !== "needs") {
    console.error(USAGE);
    return 2;
  }
  const kinds: IndexKind[] = which ? [which] : ["products", "needs"];
  const db = getDb();
  const meili = getMeili();
  const progress = (message: string) => console.log(message);
  try {
    switch (command) {
      case "settings":
        console.log(JSON.stringify(await ensureIndexes(meili)));
        return 0;
      case "rebuild":
        for (const kind of kinds) {
          const result = await rebuildIndex(db, meili, kind, { onProgress: progress });
          console.log(
            `rebuilt ${meili.indexes[kind]}: ${result.documents} documents in ${result.tookMs} ms (${result.caughtUp} caught up)`,
          );
        }
        return 0;
      case "reconcile":
        for (const kind of kinds) {
          const result = await reconcileIndex(db, meili, kind, { onProgress: progress });
          console.log(`reconciled ${meili.indexes[kind]}: ${JSON.stringify(result)}`);
        }
        return 0;
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await db.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
