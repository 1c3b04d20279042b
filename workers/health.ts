/**
 * A tiny HTTP endpoint for the orchestrator: GET /health answers 200 when Postgres and Redis are reachable (503
 * otherwise) with the relay lag, the outbox completion lag and the schedules; `status` is "degraded" (still 200)
 * while a schedule is missing from Redis or a delivery failed for good, with the reasons in `problems`. GET /metrics
 * gives the same numbers and queue depths in Prometheus text format.
 */
import { createServer, type Server } from "node:http";
import type { HealthReport, WorkerRuntime } from "./runtime.ts";

export function startHealthServer(
  runtime: Pick<WorkerRuntime, "health" | "queues">,
  port: number,
  host = "0.0.0.0",
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      response.end(body);
    };
    if (request.method !== "GET") return send(405, "text/plain; charset=utf-8", "method not allowed\n");
    if (path === "/health") {
      runtime.health().then(
        (report) => send(report.ok ? 200 : 503, "application/json; charset=utf-8", JSON.stringify(report)),
        (error: unknown) =>
          send(503, "application/json; charset=utf-8", JSON.stringify({ ok: false, error: (error as Error).message })),
      );
      return;
    }
    if (path === "/metrics") {
      metrics(runtime).then(
        (text) => send(200, "text/plain; version=0.0.4; charset=utf-8", text),
        (error: unknown) => send(503, "text/plain; charset=utf-8", `# error ${(error as Error).message}\n`),
      );
      return;
    }
    send(404, "text/plain; charset=utf-8", "not found\n");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function metrics(runtime: Pick<WorkerRuntime, "health" | "queues">): Promise<string> {
  const report: HealthReport = await runtime.health();
  const lines = [
    "# HELP jieyang_up Postgres and Redis reachable (1) or not (0).",
    "# TYPE jieyang_up gauge",
    `jieyang_up{dependency="postgres"} ${report.postgres ? 1 : 0}`,
    `jieyang_up{dependency="redis"} ${report.redis ? 1 : 0}`,
    "# HELP jieyang_outbox_lag_seconds Age of the oldest unrelayed outbox event.",
    "# TYPE jieyang_outbox_lag_seconds gauge",
    `jieyang_outbox_lag_seconds ${report.relay.lagSeconds ?? "NaN"}`,
    "# TYPE jieyang_outbox_unrelayed gauge",
    `jieyang_outbox_unrelayed ${report.relay.unrelayed ?? "NaN"}`,
    "# TYPE jieyang_outbox_relayed_total counter",
    `jieyang_outbox_relayed_total ${report.relay.relayed}`,
    "# HELP jieyang_outbox_completion_lag_seconds Age of the oldest relayed delivery whose job has not finished.",
    "# TYPE jieyang_outbox_completion_lag_seconds gauge",
    `jieyang_outbox_completion_lag_seconds ${report.completion.oldestPendingSeconds ?? "NaN"}`,
    "# TYPE jieyang_outbox_deliveries gauge",
    `jieyang_outbox_deliveries{state="pending"} ${report.completion.pending ?? "NaN"}`,
    `jieyang_outbox_deliveries{state="failed"} ${report.completion.failed ?? "NaN"}`,
    "# HELP jieyang_outbox_requeued_total Deliveries re-enqueued because their job vanished from Redis.",
    "# TYPE jieyang_outbox_requeued_total counter",
    `jieyang_outbox_requeued_total ${report.completion.requeued}`,
    "# HELP jieyang_schedules_missing Repeatable schedules missing from Redis.",
    "# TYPE jieyang_schedules_missing gauge",
    `jieyang_schedules_missing ${report.schedules.missing?.length ?? "NaN"}`,
  ];
  if (report.redis) {
    lines.push("# HELP jieyang_queue_jobs Jobs per queue and state.", "# TYPE jieyang_queue_jobs gauge");
    for (const [name, queue] of Object.entries(runtime.queues)) {
      const counts = await queue.getJobCounts("waiting", "active", "delayed", "failed", "completed");
      for (const [state, count] of Object.entries(counts))
        lines.push(`jieyang_queue_jobs{queue="${name}",state="${state}"} ${count}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
