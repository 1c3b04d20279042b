// Production web server: Express in front of the Remix request handler.
// Why not remix-serve: we need the client's socket address (sign-in throttling per IP, audit log) and control over
// proxy trust and static caching; @remix-run/express gives both with the same Remix build.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// JY_BUILD_DIR: a build made elsewhere (tests build into a directory of their own, see remix.config.js).
const buildDir = process.env.JY_BUILD_DIR ? path.resolve(process.env.JY_BUILD_DIR) : path.join(root, "build");
const assetsDir = process.env.JY_BUILD_DIR
  ? path.join(buildDir, "public", "build")
  : path.join(root, "public", "build");
const remixBuild = await import(path.join(buildDir, "index.js"));
// Every route's loader and action answers a DomainError (app/kernel/errors.ts) with its status and Chinese message;
// the mapping is app/web/domain-errors.server.ts, exported through the server entry.
const build = remixBuild.entry.module.withDomainErrors(remixBuild);
try {
  remixBuild.entry.module.requireWebEnvironment();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy set TRUST_PROXY=true so req.ip is the real client from X-Forwarded-For.
app.set("trust proxy", process.env.TRUST_PROXY === "true");

// Security headers on every response (app/web/security-headers.server.ts), set just before the status line goes out
// so that nothing after this point — Remix, a route's own headers, the static handler, an error — can drop them.
const entry = remixBuild.entry.module;
const production = process.env.NODE_ENV === "production";
app.use((req, res, next) => {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadWithSecurityHeaders(...args) {
    // req.secure is X-Forwarded-Proto behind a trusted proxy (TRUST_PROXY=true), the socket otherwise.
    for (const [name, value] of Object.entries(entry.securityHeaders({ nonce, https: req.secure, production })))
      res.setHeader(name, value);
    if (!res.locals.staticFile && entry.mustNotBeStored(req.headers.cookie, res.hasHeader("set-cookie")))
      res.setHeader("Cache-Control", "no-store");
    return writeHead.apply(this, args);
  };
  next();
});

// Fingerprinted assets can be cached forever; everything else in public/ for an hour. Neither holds user data.
const markStatic = (res) => {
  res.locals.staticFile = true;
};
app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y", setHeaders: markStatic }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h", setHeaders: markStatic }));

// Remix reads a whole form body into memory before any action runs, so cap bodies here, before the handler.
// Browsers always send Content-Length for form posts; a chunked body of unknown size is refused.
const MAX_BODY_BYTES = 6 * 1024 * 1024;
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  const declared = req.headers["content-length"];
  if (declared === undefined && req.headers["transfer-encoding"]) {
    res.status(411).type("text/plain; charset=utf-8").send("请求缺少内容长度，请通过页面上的表单提交");
    return;
  }
  if (Number(declared ?? 0) > MAX_BODY_BYTES) {
    res.status(413).type("text/plain; charset=utf-8").send("提交的内容过大（上限 6 MB），请精简后重试");
    return;
  }
  next();
});

/** Sends a Fetch API Response through Express. */
async function send(res, response) {
  res.status(response.status);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.send(Buffer.from(await response.arrayBuffer()));
}

// A form post from another site or an opaque ("null") origin: a 403 with a Chinese message. Remix's own check would
// answer it with an empty 500 before any action could (app/web/origin.server.ts).
app.use((req, res, next) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const refusal = remixBuild.entry.module.crossOriginRefusal({
    method: req.method,
    url: `http://localhost${req.originalUrl}`,
    headers,
  });
  if (!refusal) return next();
  send(res, refusal).catch(next);
});

app.get("/healthz", (_req, res) => {
  res.json({ status: "ok" });
});

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({ clientIp: req.ip ?? "unknown", cspNonce: res.locals.cspNonce }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const server = app.listen(port, host, () => {
  console.log(`揭阳银企融资对接平台 web listening on http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
});

// Finish in-flight requests on SIGTERM (rolling deploys), then exit.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
