/** GET /admin/audit.csv — the filtered audit log as CSV for Excel; every export is itself an audit row. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/infra/db.server.ts";
import { domainError } from "~/kernel/errors.ts";
import { parseWithSchema } from "~/kernel/forms.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { AUDIT_EXPORT_MAX_ROWS, AuditLogQuerySchema, auditLogCsv } from "~/modules/audit/audit-log.server.ts";
import { clientIpFrom } from "~/web/client-ip.server.ts";
import { requireUser } from "~/web/guard.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, "ADMIN");
  const url = new URL(request.url);
  const parsed = parseWithSchema(AuditLogQuerySchema, Object.fromEntries(url.searchParams));
  if (!parsed.ok) throw domainError(400, "INVALID_FILTER", Object.values(parsed.fieldErrors)[0] ?? "筛选条件有误");
  const db = getDb();
  const csv = await auditLogCsv(db, parsed.data);
  if (csv === null)
    throw domainError(
      400,
      "EXPORT_TOO_LARGE",
      `符合条件的记录超过 ${AUDIT_EXPORT_MAX_ROWS} 条，请缩小日期范围或增加筛选条件后再导出`,
    );
  await recordAudit(db, {
    action: "AUDIT_LOG_EXPORTED",
    actor: { userId: user.id, role: user.role },
    subject: { type: "AuditLog" },
    request: { ip: clientIpFrom(context), userAgent: request.headers.get("user-agent") },
    data: { filter: url.search },
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log.csv"; filename*=UTF-8''${encodeURIComponent("审计日志.csv")}`,
    },
  });
}
