// Production web server: Express in front of the Remix request handler.
// Why not remix-serve: we need the client's socket address (sign-in throttling per IP, audit log) and control over
// proxy trust and static caching; @remix-run/express gives both with the same Remix build.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const build = await import(path.join(root, "build", "index.js"));

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy set TRUST_PROXY=true so req.ip is the real client from X-Forwarded-For.
app.set("trust proxy", process.env.TRUST_PROXY === "true");

// Fingerprinted assets can be cached forever; everything else in public/ for an hour.
app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

app.get("/healthz", (_req, res) => {
  res.json({ status: "ok" });
});

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req) => ({ clientIp: req.ip ?? "unknown" }),
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
