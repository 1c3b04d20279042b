import { createDb } from "~/infra/db.server.ts";
import { scanDeadlines } from "~/modules/deadlines/deadlines.server.ts";
import { REFERENCE_INSTANT } from "./time.ts";
const db = createDb(process.env.DATABASE_URL!);
const result = await scanDeadlines(db, { now: REFERENCE_INSTANT });
console.log(JSON.stringify({ backfilled: result.responsesBackfilled, reminders: result.remindersSent, escalations: result.escalations, expired: result.expired }, null, 1).slice(0, 3000));
await db.$disconnect();
