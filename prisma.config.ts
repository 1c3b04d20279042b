// Prisma 7 reads its configuration here. The CLI's schema engine cannot be downloaded on our machines, so
// migrations are applied by scripts/db-migrate.ts; `prisma generate` and `prisma validate` run offline when
// PRISMA_SCHEMA_ENGINE_BINARY points at any existing file (see package.json scripts).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/jieyang_dev" },
});
