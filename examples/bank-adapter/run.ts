/**
 * One run of the example adapter against a platform:
 *
 *   PLATFORM_URL=http://127.0.0.1:3000 CLIENT_ID=… CLIENT_SECRET=… npx tsx examples/bank-adapter/run.ts
 *
 * It prints the new leads and the events since its last run; the cursors are kept in .adapter-state.json beside the
 * working directory, as a real adapter would keep them in its own database.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { BankAdapter, type AdapterState } from "./adapter.ts";

const STATE_FILE = ".adapter-state.json";

async function main() {
  const { PLATFORM_URL, CLIENT_ID, CLIENT_SECRET } = process.env;
  if (!PLATFORM_URL || !CLIENT_ID || !CLIENT_SECRET) {
    console.error("set PLATFORM_URL, CLIENT_ID and CLIENT_SECRET (registered on 系统对接 by the institution admin)");
    process.exit(2);
  }
  const state = existsSync(STATE_FILE) ? (JSON.parse(readFileSync(STATE_FILE, "utf8")) as AdapterState) : {};
  const adapter = new BankAdapter({ baseUrl: PLATFORM_URL, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, state);
  const leads = await adapter.pullNewLeads();
  const events = await adapter.replayEvents();
  writeFileSync(STATE_FILE, JSON.stringify(adapter.state, null, 2));
  console.log(`${leads.length} new leads, ${events.length} events since the last run`);
  for (const event of events) console.log(`${event.occurredAt} ${event.type} ${JSON.stringify(event.data)}`);
}

void main();
