import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Section } from "~/components/ui/card.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { StatGrid } from "~/components/ui/stat.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { getDb } from "~/infra/db.server.ts";
import { isQueueName } from "~/kernel/queues.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireUser } from "~/web/guard.server.ts";
import { formatDateTime } from "~/kernel/time.ts";
import { domainError } from "~/kernel/errors.ts";
import { loadQueueOverview, retryFailedJobs } from "~/modules/outbox/queue-overview.server.ts";

export const meta: MetaFunction = () => [{ title: "后台任务 · 平台管理 · 揭阳银企融资对接平台" }];

const queueLabels: Record<string, string> = {
  "search-sync": "搜索索引同步",
  matching: "需求匹配",
  notifications: "消息通知",
  deadlines: "限时响应",
  ledger: "目标台账",
  reports: "报表与摘要",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "ADMIN");
  return json(await loadQueueOverview(getDb()));
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, "ADMIN");
  const form = await readFormWithCsrf(request);
  const queue = form.get("queue");
  if (typeof queue !== "string" || !isQueueName(queue)) throw domainError(400, "BAD_FORM", "无法识别的队列");
  if (!(await retryFailedJobs(queue))) throw domainError(503, "REDIS_DOWN", "任务队列（Redis）暂时不可达，请稍后再试");
  return redirect("/admin/queues");
}

function lagText(seconds: number): string {
  if (seconds < 1) return "无积压";
  if (seconds < 120) return `${Math.round(seconds)} 秒`;
  return `${Math.round(seconds / 60)} 分钟`;
}

export default function AdminQueues() {
  const data = useLoaderData<typeof loader>();
  const failed = data.queues.reduce((sum, queue) => sum + queue.counts.failed, 0);
  return (
    <PageShell title="后台任务" subtitle="事务外发箱（outbox）转发、各队列的积压与失败任务">
      <StatGrid
        items={[
          { label: "待转发事件", value: data.outbox.unrelayed },
          { label: "转发延迟", value: lagText(data.outbox.lagSeconds), hint: "最早一条未转发事件的等待时间" },
          {
            label: "任务队列",
            value: data.redis.reachable ? "正常" : "不可达",
            hint: data.redis.reachable ? undefined : "变更已写入数据库，恢复后自动补发",
          },
          { label: "失败任务", value: failed },
        ]}
      />
      {data.outbox.stuck.length > 0 ? (
        <Section title="转发重试中的事件">
          <ul className="space-y-1 text-sm">
            {data.outbox.stuck.map((event) => (
              <li key={event.id} className="break-words">
                <span className="font-mono">{event.type}</span> · 已尝试 {event.attempts} 次 ·{" "}
                {formatDateTime(event.createdAt)}
                {event.lastError ? <span className="text-slate-600"> · {event.lastError}</span> : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {data.queues.map((queue) => (
        <Section key={queue.name} title={`${queueLabels[queue.name] ?? queue.name}（${queue.name}）`}>
          <dl className="grid grid-cols-3 gap-2 text-sm sm:grid-cols-5">
            {(
              [
                ["waiting", "等待"],
                ["active", "执行中"],
                ["delayed", "延迟/重试"],
                ["completed", "已完成"],
                ["failed", "失败"],
              ] as const
            ).map(([key, label]) => (
              <div key={key} className="rounded border border-slate-200 px-3 py-2">
                <dt className="text-slate-600">{label}</dt>
                <dd className="font-semibold tabular-nums">{queue.counts[key]}</dd>
              </div>
            ))}
          </dl>
          {queue.schedules.length > 0 ? (
            <p className="mt-2 text-sm text-slate-600">
              定时：
              {queue.schedules
                .map(
                  (schedule) =>
                    `${schedule.id}（${schedule.pattern ?? `每 ${Math.round((schedule.every ?? 0) / 1000)} 秒`}，下次 ${formatDateTime(schedule.next)}）`,
                )
                .join("；")}
            </p>
          ) : null}
          {queue.failures.length > 0 ? (
            <div className="mt-3">
              <ul className="space-y-1 text-sm">
                {queue.failures.map((job) => (
                  <li key={job.id} className="break-words">
                    <span className="font-mono">{job.name}</span> · {job.attempts} 次 · {formatDateTime(job.finishedAt)}{" "}
                    · <span className="text-slate-600">{job.reason}</span>
                  </li>
                ))}
              </ul>
              <PostForm fields={{ queue: queue.name }} className="mt-2">
                <SubmitButton tone="secondary" size="sm">
                  重试失败任务
                </SubmitButton>
              </PostForm>
            </div>
          ) : null}
        </Section>
      ))}
    </PageShell>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
