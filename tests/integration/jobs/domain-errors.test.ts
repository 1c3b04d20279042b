/**
 * Jobs and the error model, through the worker runtime against real Redis: a 4xx DomainError thrown while a job runs
 * fails the job at once (no retries, code and Chinese message kept), while a 5xx DomainError and any other error are
 * retried with the queue's attempts and backoff.
 */
import { QueueEvents } from "bullmq";
import { DomainError, notFound } from "~/kernel/errors.ts";
import type { MatchingPort } from "../../../workers/context.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { recordingSearchPorts, redisUrl, startTestRuntime } from "./support/runtime.ts";

const environment = await setUpAppEnvironment("jobs-domain-errors");
const db = environment.db;

afterAll(async () => {
  await environment.tearDown();
});

describe("a DomainError in a job", () => {
  it("fails the job permanently when it is a 4xx and retries other errors", async () => {
    const calls = new Map<string, number>();
    const matching: MatchingPort = {
      async matchNeed(needId) {
        const call = (calls.get(needId) ?? 0) + 1;
        calls.set(needId, call);
        if (needId === "gone") throw notFound("该融资需求不存在");
        if (needId === "unconfigured") throw new DomainError(503, "CONSENT_TEXT_MISSING", "平台授权书尚未配置");
        if (needId === "flaky" && call < 3) throw new Error("search engine timed out");
        return { found: false };
      },
      async matchProduct() {
        return { needIds: [], institutionId: null };
      },
    };
    // The test runtime's tuning: 5 attempts, exponential backoff from 50 ms.
    const runtime = await startTestRuntime(db, {
      search: recordingSearchPorts().search,
      matching,
      queues: ["matching"],
      relay: false,
    });
    const events = new QueueEvents("matching", { connection: { url: redisUrl() }, prefix: environment.redisPrefix });
    try {
      await events.waitUntilReady();
      const add = (needId: string) =>
        runtime.queues.matching.add("match-need", { needId }, { jobId: `match-${needId}` });
      const [gone, unconfigured, flaky] = await Promise.all([add("gone"), add("unconfigured"), add("flaky")]);

      await expect(gone.waitUntilFinished(events, 10_000)).rejects.toThrow("NOT_FOUND: 该融资需求不存在");
      expect((await runtime.queues.matching.getJob("match-gone"))!.attemptsMade).toBe(1);
      expect(calls.get("gone")).toBe(1);

      await expect(unconfigured.waitUntilFinished(events, 10_000)).rejects.toThrow("平台授权书尚未配置");
      expect((await runtime.queues.matching.getJob("match-unconfigured"))!.attemptsMade).toBe(5);
      expect(calls.get("unconfigured")).toBe(5);

      expect(await flaky.waitUntilFinished(events, 10_000)).toEqual({ needId: "flaky", found: false });
      expect(calls.get("flaky")).toBe(3);
    } finally {
      await events.close();
      await runtime.stop({ timeoutMs: 5_000 });
    }
  });
});
