/**
 * Running the worker in tests: in-process (startWorkerRuntime with the test's prefix and a quiet logger), or as the
 * real `workers/main.ts` child process (for kill -9 and SIGTERM tests). Plus a TCP proxy in front of Redis that a
 * test can close and reopen to simulate an outage.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import type { Db } from "~/infra/db.server.ts";
import type { MatchingPort, SearchPort } from "../../../../workers/context.ts";
import { createLogger } from "../../../../workers/log.ts";
import { startWorkerRuntime, type WorkerRuntime, type WorkerRuntimeOptions } from "../../../../workers/runtime.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export function redisUrl(): string {
  return process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
}

/**
 * "Redis came back empty", as far as this app can tell: every key under the test's own prefix is deleted, which is
 * what FLUSHALL (or a restart without persistence) does to it. Never FLUSHALL: the server is shared with other runs.
 */
export async function wipeRedisPrefix(prefix: string): Promise<number> {
  const redis = new Redis(redisUrl());
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1_000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Search and matching that only record what they were asked (tests that are not about search). */
export function recordingSearchPorts() {
  const calls: string[] = [];
  const search: SearchPort = {
    async syncNeed(needId) {
      calls.push(`syncNeed:${needId}`);
    },
    async syncProduct(productId) {
      calls.push(`syncProduct:${productId}`);
    },
    async reconcile() {
      calls.push("reconcile");
      return {};
    },
  };
  const matching: MatchingPort = {
    async matchNeed(needId) {
      calls.push(`matchNeed:${needId}`);
      return { found: true };
    },
    async matchProduct(productId) {
      calls.push(`matchProduct:${productId}`);
      return { needIds: [], institutionId: null };
    },
  };
  return { search, matching, calls };
}

export async function startTestRuntime(
  db: Db,
  options: Partial<WorkerRuntimeOptions> & Pick<WorkerRuntimeOptions, "search" | "matching">,
): Promise<WorkerRuntime> {
  return startWorkerRuntime({
    db,
    databaseUrl: process.env.DATABASE_URL!,
    redisUrl: redisUrl(),
    prefix: process.env.REDIS_PREFIX!,
    log: createLogger("test-worker", { silent: true }),
    tuning: { backoffMs: 50, attempts: 5 },
    lockDurationMs: 5_000,
    stalledIntervalMs: 2_000,
    relay: { pollIntervalMs: 100 },
    schedules: false,
    ...options,
  });
}

/** A TCP proxy to Redis that can be stopped (connections cut, port closed) and started again on the same port. */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  static forRedis(): TcpProxy {
    const url = new URL(redisUrl());
    return new TcpProxy({ host: url.hostname, port: Number(url.port || 6379) });
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Reserves a free port without listening (Redis "down" from the start). */
  async reservePort(): Promise<number> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    this.port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return this.port;
  }

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves when the worker logged "worker ready". */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Starts `tsx workers/main.ts` with the test's environment plus overrides. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, WORKER_HEALTH_PORT: "0", WORKER_SCHEDULES: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"worker ready"')) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)));
  });
  ready.catch(() => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, ready, exited, output: () => output };
}
