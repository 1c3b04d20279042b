/**
 * The real production server (server/index.js: Express, static files, body limits, the Remix build) as a child
 * process, for tests about what only the whole stack shows: response headers, Origin handling, oversized bodies.
 * Each test file builds the app into a temporary directory of its own (a few seconds) and starts the server on a
 * free port against the file's isolated database and Redis prefix (setUpAppEnvironment first).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export type WebServer = { url: string; output: () => string; stop: () => Promise<void> };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startWebServer(extraEnv: Record<string, string> = {}): Promise<WebServer> {
  // Inside the repository (ignored by git), so the build's bare imports resolve to node_modules.
  mkdirSync(join(REPO_ROOT, ".data", "web-builds"), { recursive: true });
  const buildDir = mkdtempSync(join(REPO_ROOT, ".data", "web-builds", "build-"));
  // Asynchronous, so a test file can start the build first and run other tests while it compiles.
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const build = spawn("npx", ["remix", "build"], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: "production", JY_BUILD_DIR: buildDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    build.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    build.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    build.once("error", reject);
    build.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`remix build failed:\n${output}`))));
  });

  const port = await freePort();
  let log = "";
  const child: ChildProcess = spawn(process.execPath, ["server/index.js"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      COOKIE_SECURE: "false",
      HOST: "127.0.0.1",
      PORT: String(port),
      JY_BUILD_DIR: buildDir,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`web server exited (${child.exitCode}):\n${log}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) throw new Error(`web server did not start within 30 s:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(buildDir, { recursive: true, force: true });
    },
  };
}
