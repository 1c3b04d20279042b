/**
 * The local demo (behind `npm run demo`, after scripts/demo.sh installed dependencies):
 * services → session secret → migrate → seed → build → web server + worker, then the URL and the demo accounts.
 * Ctrl-C / SIGTERM stops the web server and the worker. Meilisearch keeps running (pid file under .data/meili)
 * so the next start is fast; Postgres and Redis are machine services and are left alone.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createMeili } from "../search/client.ts";
import { ensureWebKey } from "../search/keys.ts";
import {
  createDatabaseIfMissing,
  DATA_DIR,
  ensureServices,
  log,
  portAnswers,
  readOrCreateSecret,
  redactUrl,
  REPO_ROOT,
  runMain,
  ServiceError,
  withDatabase,
} from "./lib/services.ts";

const DEMO_DATABASE = "jieyang_dev";

interface DemoAccount {
  loginName: string;
  password: string;
  role: string;
  description?: string;
}

function step(args: string[], env: NodeJS.ProcessEnv): void {
  const started = Date.now();
  log(`$ npm ${args.join(" ")}`);
  const result = spawnSync("npm", args, { cwd: REPO_ROOT, stdio: "inherit", env });
  if (result.status !== 0)
    throw new ServiceError(
      `npm ${args.join(" ")} failed (exit ${result.status ?? result.signal}); see the output above`,
    );
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/** The account list lives with the seed; accept whichever array it exports so both can evolve independently. */
async function loadDemoAccounts(): Promise<DemoAccount[]> {
  const file = join(REPO_ROOT, "prisma/seed/demo-accounts.ts");
  if (!existsSync(file)) return [];
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const list = [module.demoAccounts, module.DEMO_ACCOUNTS, module.default, ...Object.values(module)].find(
    Array.isArray,
  );
  return ((list as DemoAccount[] | undefined) ?? []).filter(
    (account) => account && typeof account.loginName === "string",
  );
}

async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: "manual" });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return false;
}

/**
 * `.data/demo.env`: the variables the operator commands need (`npm run db:derive`, the search CLI), so a user can
 * `source .data/demo.env` in another shell and run them against the demo. It holds the Meilisearch master key, so it
 * is readable by its owner only, and it never holds the session secret (those commands serve no sessions).
 */
const DEMO_ENV_FILE = join(DATA_DIR, "demo.env");
const OPERATOR_VARIABLES = [
  "DATABASE_URL",
  "REDIS_URL",
  "REDIS_PREFIX",
  "MEILI_URL",
  "MEILI_MASTER_KEY",
  "MEILI_INDEX_PREFIX",
] as const;

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function writeDemoEnvironment(env: NodeJS.ProcessEnv): void {
  const lines = OPERATOR_VARIABLES.filter((name) => env[name]).map(
    (name) => `export ${name}=${shellQuote(env[name] ?? "")}`,
  );
  const header =
    "# 演示环境的运维变量：source .data/demo.env 后即可运行 npm run db:derive 等命令（由 npm run demo 生成）";
  writeFileSync(DEMO_ENV_FILE, `${header}\n${lines.join("\n")}\n`, { mode: 0o600 });
  log(`operator variables written to ${DEMO_ENV_FILE} (source it to run npm run db:derive)`);
}

runMain(async () => {
  const services = await ensureServices("demo");
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    await createDatabaseIfMissing(services.postgresAdminUrl, DEMO_DATABASE);
    databaseUrl = withDatabase(services.postgresAdminUrl, DEMO_DATABASE);
  }
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || "127.0.0.1"; // demo accounts have public passwords: not on the LAN by default
  if (await portAnswers(port, host))
    throw new ServiceError(`port ${port} is already in use on ${host}; stop that server or run PORT=3001 npm run demo`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDIS_URL: services.redisUrl,
    MEILI_URL: services.meiliUrl,
    ...(services.meiliMasterKey ? { MEILI_MASTER_KEY: services.meiliMasterKey } : {}),
    SESSION_SECRET: process.env.SESSION_SECRET || readOrCreateSecret(join(DATA_DIR, "session-secret"), 32),
    // Plain HTTP on localhost: a Secure cookie would be dropped by some browsers when opened via a LAN address.
    COOKIE_SECURE: "false",
    PORT: String(port),
    HOST: host,
  };
  writeDemoEnvironment(env);
  log(`database ${redactUrl(databaseUrl)}, Redis ${redactUrl(services.redisUrl)}, Meilisearch ${services.meiliUrl}`);

  step(["run", "--silent", "db:migrate"], env);
  step(["run", "--silent", "db:seed"], env);
  // Seed rows carry no outbox events: build the search indexes, matches, ledger and rollups from them directly.
  step(["run", "--silent", "db:derive"], env);
  step(["run", "--silent", "build"], env);

  // Each child in its own process group: stopping the group reaches npm, tsx/remix-serve and node alike.
  const children: { name: string; child: ChildProcess }[] = [];
  let stopping = false;
  const start = (name: string, args: string[], childEnv: NodeJS.ProcessEnv = env) => {
    const child = spawn("npm", args, { cwd: REPO_ROOT, stdio: "inherit", env: childEnv, detached: true });
    children.push({ name, child });
    child.once("exit", (code, signal) => {
      if (stopping) return;
      console.error(`[stack] error: the ${name} exited (${code ?? signal}); stopping the demo`);
      void stop(1);
    });
  };
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping web server and worker…");
    const exits = children
      .filter(({ child }) => child.exitCode === null && child.signalCode === null)
      .map(({ child }) => {
        const exited = new Promise((done) => child.once("exit", done));
        signalGroup(child, "SIGTERM");
        // The worker finishes its current job on SIGTERM; do not wait for ever.
        return Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]).then(() =>
          signalGroup(child, "SIGKILL"),
        );
      });
    await Promise.all(exits);
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  // The web server gets a Meilisearch key limited to what it needs (search/keys.ts); the worker keeps the master key.
  const webEnv: NodeJS.ProcessEnv = { ...env };
  if (services.meiliMasterKey) {
    const indexPrefix = process.env.MEILI_INDEX_PREFIX ?? "jieyang_";
    webEnv.MEILI_API_KEY = await ensureWebKey(
      createMeili({ url: services.meiliUrl, apiKey: services.meiliMasterKey, indexPrefix }),
    );
  }
  start("web server", ["start"], webEnv);
  start("worker", ["run", "--silent", "worker"]);

  const url = `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
  if (!(await waitForHttp(`${url}/healthz`, 60_000, () => !stopping))) {
    if (!stopping) {
      console.error(`[stack] error: the web server did not answer on ${url} within 60s`);
      await stop(1);
    }
    return new Promise<never>(() => {});
  }

  const accounts = await loadDemoAccounts().catch(() => [] as DemoAccount[]);
  console.log("");
  console.log(`  揭阳银企融资对接平台 is running at ${url}`);
  if (accounts.length > 0) {
    console.log("  Demo accounts (演示账号):");
    const pad = (values: string[]) => Math.max(...values.map((value) => value.length));
    const [login, password, role] = [
      pad(accounts.map((a) => a.loginName)),
      pad(accounts.map((a) => a.password)),
      pad(accounts.map((a) => a.role)),
    ];
    for (const account of accounts) {
      const line = `${account.loginName.padEnd(login)}  ${account.password.padEnd(password)}  ${account.role.padEnd(role)}  ${account.description ?? ""}`;
      console.log(`    ${line.trimEnd()}`);
    }
  } else {
    console.log("  Demo accounts: see prisma/seed/demo-accounts.ts");
  }
  console.log("  Press Ctrl-C to stop.");
  console.log("");
  // Keep running until a signal or a child exit calls stop().
  return new Promise<never>(() => {});
});

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}
