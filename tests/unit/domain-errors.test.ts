import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { Job } from "bullmq";
import { conflict, DomainError, ensureFound, notFound } from "~/kernel/errors.ts";
import { answeringDomainErrors, withDomainErrors } from "~/web/domain-errors.server.ts";
import { failingDomainErrorsForGood } from "../../workers/runtime.ts";

async function thrownBy(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("DomainError", () => {
  it("answers as its status with the Chinese message as JSON", async () => {
    const thrown = await thrownBy(() => answeringDomainErrors(() => Promise.reject(conflict("该需求已被撤回"))));
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ code: "CONFLICT", message: "该需求已被撤回" });
  });

  it("leaves other errors and plain results alone", async () => {
    const bug = new TypeError("boom");
    expect(await thrownBy(() => answeringDomainErrors(() => Promise.reject(bug)))).toBe(bug);
    expect(await answeringDomainErrors(() => 42)).toBe(42);
    const redirect = new Response(null, { status: 302, headers: { Location: "/login" } });
    expect(await thrownBy(() => answeringDomainErrors(() => Promise.reject(redirect)))).toBe(redirect);
  });

  it("wraps every route's loader and action in the server build", async () => {
    const build = {
      routes: {
        root: {
          id: "root",
          path: "",
          module: { default: () => null, loader: () => ensureFound(null, "没有这个页面") },
        },
        "routes/x": { id: "routes/x", path: "x", module: { action: () => Promise.reject(notFound()) } },
      },
    } as unknown as ServerBuild;
    const wrapped = withDomainErrors(build);
    // Remix always passes the request; the wrapper's input boundary reads it.
    const args = { request: new Request("http://jieyang.test/x"), params: {}, context: {} } as never;
    const loaderThrow = (await thrownBy(() => wrapped.routes.root!.module.loader!(args))) as Response;
    expect(loaderThrow.status).toBe(404);
    expect(await loaderThrow.json()).toEqual({ code: "NOT_FOUND", message: "没有这个页面" });
    const actionThrow = (await thrownBy(() => wrapped.routes["routes/x"]!.module.action!(args))) as Response;
    expect(actionThrow.status).toBe(404);
    expect(wrapped.routes["routes/x"]!.module.loader).toBeUndefined();
  });

  it("fails a job for good on a 4xx instead of retrying it, and leaves a 5xx to the retries", async () => {
    const processor = failingDomainErrorsForGood(() => Promise.reject(new DomainError(422, "INVALID", "金额无效")));
    const thrown = (await thrownBy(() => processor({} as Job))) as Error;
    expect(thrown.name).toBe("UnrecoverableError");
    expect(thrown.message).toBe("INVALID: 金额无效");
    const unconfigured = new DomainError(503, "CONSENT_TEXT_MISSING", "平台授权书尚未配置");
    expect(await thrownBy(() => failingDomainErrorsForGood(() => Promise.reject(unconfigured))({} as Job))).toBe(
      unconfigured,
    );
    const outage = new Error("connect ECONNREFUSED");
    expect(await thrownBy(() => failingDomainErrorsForGood(() => Promise.reject(outage))({} as Job))).toBe(outage);
  });
});

describe("withDomainErrors inside Remix's own request handler", () => {
  const build: ServerBuild = {
    mode: "production",
    // The unwrapped build's 500 below is expected, so Remix need not log it.
    entry: { module: { default: () => new Response("document"), handleError: () => {} } },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      // A resource route (no default export): Remix answers with what its loader or action returns or throws.
      "routes/thing": {
        id: "routes/thing",
        parentId: "root",
        path: "thing",
        module: {
          default: undefined,
          loader: () => ensureFound(null, "没有这种导出文件"),
          action: () => Promise.reject(conflict("产品状态已被他人更新，请刷新页面后重试")),
        },
      },
      "routes/fine": {
        id: "routes/fine",
        parentId: "root",
        path: "fine",
        module: { default: undefined, loader: () => ({ ok: true }) },
      },
    },
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "1" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_lazyRouteDiscovery: true,
      v3_singleFetch: false,
    },
    isSpaMode: false,
  };

  it("answers a thrown DomainError with its status and { code, message } as JSON", async () => {
    expect((await createRequestHandler(build)(new Request("http://jieyang.test/thing"))).status).toBe(500);
    const handler = createRequestHandler(withDomainErrors(build));

    const missing = await handler(new Request("http://jieyang.test/thing"));
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(await missing.json()).toEqual({ code: "NOT_FOUND", message: "没有这种导出文件" });

    const stale = await handler(
      new Request("http://jieyang.test/thing", { method: "POST", body: new URLSearchParams() }),
    );
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ code: "CONFLICT", message: "产品状态已被他人更新，请刷新页面后重试" });

    const fine = await handler(new Request("http://jieyang.test/fine"));
    expect(fine.status).toBe(200);
    expect(await fine.json()).toEqual({ ok: true });
  });
});
