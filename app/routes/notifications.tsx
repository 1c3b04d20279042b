import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Page, PageHeader } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireUser } from "~/web/guard.server.ts";
import { safeRedirectPath } from "~/web/safe-redirect.ts";
import { formatDateTime } from "~/kernel/time.ts";
import { parseWithSchema } from "~/kernel/forms.ts";
import { domainError } from "~/kernel/errors.ts";
import {
  countUnread,
  groupInboxByNeed,
  listInbox,
  markAllRead,
  markRead,
} from "~/modules/notifications/inbox.server.ts";

export const meta: MetaFunction = () => [{ title: "消息通知 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const unreadOnly = url.searchParams.get("unread") === "1";
  const cursor = url.searchParams.get("cursor");
  const db = getDb();
  const [page, unread] = await Promise.all([
    listInbox(db, user.id, {
      unreadOnly,
      take: 20,
      cursor: cursor && /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? cursor : null,
    }),
    countUnread(db, user.id),
  ]);
  const items = page.items.map((item) => ({
    ...item,
    createdAt: item.createdAt.toISOString(),
    readAt: item.readAt?.toISOString() ?? null,
  }));
  // An enterprise reads its messages need by need; other roles in one list.
  const groups =
    user.role === "ENTERPRISE" && user.enterpriseId
      ? await groupInboxByNeed(db, user.enterpriseId, items)
      : [{ needId: null, label: "", items }];
  return json({
    groups,
    count: items.length,
    nextCursor: page.nextCursor,
    unread,
    unreadOnly,
  });
}

const InboxAction = z.discriminatedUnion(
  "_intent",
  [
    z.object({ _intent: z.literal("read"), id: z.string().min(1).max(40), next: z.string().optional() }),
    z.object({ _intent: z.literal("read-all") }),
  ],
  { error: "无法识别的操作" },
);

/** Only links inside this site may be followed after marking a notification read. */

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireUser(request);
  const parsed = parseWithSchema(
    InboxAction,
    Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string")),
  );
  if (!parsed.ok) throw domainError(400, "BAD_FORM", "无法识别的操作，请刷新页面后重试");
  const db = getDb();
  if (parsed.data._intent === "read-all") {
    await markAllRead(db, user.id);
    return redirect("/notifications");
  }
  // Someone else's id simply marks nothing: the query is scoped to this user.
  await markRead(db, user.id, parsed.data.id);
  return redirect(safeRedirectPath(parsed.data.next, "/notifications"));
}

export default function NotificationsPage() {
  const { groups, count, nextCursor, unread, unreadOnly } = useLoaderData<typeof loader>();
  return (
    <Page width="2xl">
      <PageHeader
        title={
          <>
            消息通知
            {unread > 0 ? (
              <span className="ml-2 rounded-full bg-accent-600 px-2 py-0.5 align-middle text-sm text-white">
                {unread} 条未读
              </span>
            ) : null}
          </>
        }
        actions={
          unread > 0 ? (
            <PostForm intent="read-all">
              <SubmitButton tone="secondary" size="sm">
                全部标为已读
              </SubmitButton>
            </PostForm>
          ) : null
        }
      />
      <nav aria-label="筛选" className="mt-3 flex gap-4 text-sm">
        <Link
          to="/notifications"
          className={unreadOnly ? "text-brand-700 underline" : "font-semibold"}
          aria-current={unreadOnly ? undefined : "page"}
        >
          全部
        </Link>
        <Link
          to="/notifications?unread=1"
          className={unreadOnly ? "font-semibold" : "text-brand-700 underline"}
          aria-current={unreadOnly ? "page" : undefined}
        >
          未读
        </Link>
        <Link to="/account/notifications" className="ml-auto text-brand-700 underline">
          通知方式设置
        </Link>
      </nav>
      {count === 0 ? (
        <p className="card mt-4 text-sm text-slate-600">
          {unreadOnly ? "没有未读消息。" : "暂无消息。金融机构响应您的需求时，会在这里通知您。"}
        </p>
      ) : (
        groups.map((group) => (
          <section key={group.needId ?? "other"} aria-label={group.label || "消息"} className="mt-4">
            {group.label ? (
              <h2 className="flex flex-wrap items-baseline justify-between gap-2 text-base font-semibold text-slate-900">
                <span>{group.label}</span>
                {group.needId ? (
                  <Link
                    to={`/enterprise/needs/${group.needId}`}
                    className="text-sm font-normal text-brand-700 underline"
                  >
                    查看需求
                  </Link>
                ) : null}
              </h2>
            ) : null}
            <ul className="mt-2 space-y-3">
              {group.items.map((item) => (
                <li key={item.id} className={`card ${item.readAt ? "" : "border-l-4 border-l-brand-600"}`}>
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <p className="font-medium text-slate-900">
                      {item.readAt ? null : <span className="sr-only">未读：</span>}
                      {item.title}
                    </p>
                    <time dateTime={item.createdAt} className="text-xs text-slate-500">
                      {formatDateTime(item.createdAt)}
                    </time>
                  </div>
                  <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-700">{item.body}</p>
                  <div className="mt-2 flex flex-wrap gap-3">
                    {item.link && !item.readAt ? (
                      <PostForm intent="read" fields={{ id: item.id, next: item.link }}>
                        <button type="submit" className="min-h-[44px] text-sm text-brand-700 underline">
                          查看详情
                        </button>
                      </PostForm>
                    ) : item.link ? (
                      <Link
                        to={item.link}
                        className="inline-flex min-h-[44px] items-center text-sm text-brand-700 underline"
                      >
                        查看详情
                      </Link>
                    ) : null}
                    {!item.readAt ? (
                      <PostForm intent="read" fields={{ id: item.id }}>
                        <button type="submit" className="min-h-[44px] text-sm text-slate-600 underline">
                          标为已读
                        </button>
                      </PostForm>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
      {nextCursor ? (
        <Link to={`/notifications?${unreadOnly ? "unread=1&" : ""}cursor=${nextCursor}`} className="btn-secondary mt-4">
          更早的消息
        </Link>
      ) : null}
    </Page>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
