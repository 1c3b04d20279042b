/**
 * The operator's audit log (/admin/audit) and its export (/admin/audit.csv) through their real loaders: ADMIN only;
 * the filters (actor, action, institution, record, Shanghai days) select exactly the matching rows; contact reveals
 * are counted per institution; the export is Excel-ready CSV of the filtered rows and is itself audited; a bad
 * filter is a 400 in Chinese.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { createAdmin, createBureauUser, createInstitution, createOfficer } from "../../support/world.ts";

const environment = await setUpAppEnvironment("admin_audit");
const db = environment.db;
const page = await import("~/routes/admin.audit.tsx");
const csvExport = await import("~/routes/admin.audit[.]csv.ts");
const { recordAudit } = await import("~/modules/audit/audit.server.ts");

afterAll(() => environment.tearDown());

interface PageData {
  log: { total: number; entries: { action: string; actor: { loginName: string } | null; subjectId: string | null }[] };
  reveals: { rows: { name: string; reveals: number; officers: number }[] };
}

let bankA: string;

beforeAll(async () => {
  await createAdmin(db, { loginName: "admin.audit", displayName: "平台管理员" });
  await createBureauUser(db, { loginName: "bureau.audit" });
  bankA = (await createInstitution(db, { code: "AUDA", name: "揭阳审计甲银行", shortName: "甲银行" })).id;
  const bankB = (await createInstitution(db, { code: "AUDB", name: "揭阳审计乙银行", shortName: "乙银行" })).id;
  const officerA1 = await createOfficer(db, bankA, { loginName: "officer.audit.a1", displayName: "甲一" });
  const officerA2 = await createOfficer(db, bankA, { loginName: "officer.audit.a2", displayName: "甲二" });
  const officerB = await createOfficer(db, bankB, { loginName: "officer.audit.b", displayName: "乙一" });
  // 2026-11-30 23:30 and 2026-12-01 00:30 Shanghai: either side of a day boundary that UTC would put on one day.
  const lateNovember = new Date("2026-11-30T15:30:00Z");
  const earlyDecember = new Date("2026-11-30T16:30:00Z");
  const reveal = (actor: { id: string }, enterpriseId: string) =>
    recordAudit(db, {
      action: "CONTACT_REVEALED",
      actor: { userId: actor.id, role: "OFFICER" },
      subject: { type: "Enterprise", id: enterpriseId },
      request: { ip: "203.0.113.7" },
    });
  await reveal(officerA1, "ent-1");
  await reveal(officerA1, "ent-2");
  await reveal(officerA2, "ent-1");
  await reveal(officerB, "ent-3");
  await recordAudit(db, {
    action: "PRODUCT_PUBLISHED",
    actor: { userId: officerB.id, role: "OFFICER" },
    subject: { type: "Product", id: "prod-9" },
  });
  await db.auditLog.create({
    data: {
      action: "SIGN_IN",
      actorId: officerA1.id,
      subjectType: "User",
      subjectId: officerA1.id,
      createdAt: lateNovember,
    },
  });
  await db.auditLog.create({
    data: {
      action: "SIGN_IN",
      actorId: officerA2.id,
      subjectType: "User",
      subjectId: officerA2.id,
      createdAt: earlyDecember,
    },
  });
});

async function signedIn(loginName: string): Promise<RouteClient> {
  const client = new RouteClient();
  await signIn(client, loginName);
  return client;
}

describe("/admin/audit", () => {
  it("is for the platform admin only", async () => {
    expect((await new RouteClient().get(page, "/admin/audit")).status).toBe(401);
    expect((await (await signedIn("bureau.audit")).get(page, "/admin/audit")).status).toBe(403);
    expect((await (await signedIn("officer.audit.a1")).get(page, "/admin/audit")).status).toBe(403);
    expect((await (await signedIn("officer.audit.a1")).get(csvExport, "/admin/audit.csv")).status).toBe(403);
    expect(await db.auditLog.count({ where: { action: "AUDIT_LOG_EXPORTED" } })).toBe(0);
  });

  it("selects exactly the rows each filter names", async () => {
    const admin = await signedIn("admin.audit");
    const load = async (query: string) => readJson<PageData>(await admin.get(page, `/admin/audit?${query}`));

    const reveals = await load("action=CONTACT_REVEALED");
    expect(reveals.log.total).toBe(4);
    const ofBankA = await load(`action=CONTACT_REVEALED&institutionId=${bankA}`);
    expect(ofBankA.log.entries.map((entry) => entry.actor?.loginName).sort()).toEqual([
      "officer.audit.a1",
      "officer.audit.a1",
      "officer.audit.a2",
    ]);
    expect(
      (await load("actor=audit.a2")).log.entries.every((entry) => entry.actor?.loginName === "officer.audit.a2"),
    ).toBe(true);
    expect((await load("subjectId=ent-1")).log.total).toBe(2);
    // Shanghai days: 23:30 on 30 November and 00:30 on 1 December fall on different days.
    const november30 = await load("action=SIGN_IN&from=2026-11-30&to=2026-11-30");
    expect(november30.log.entries.map((entry) => entry.actor?.loginName)).toEqual(["officer.audit.a1"]);
    const december1 = await load("action=SIGN_IN&from=2026-12-01&to=2026-12-01");
    expect(december1.log.entries.map((entry) => entry.actor?.loginName)).toEqual(["officer.audit.a2"]);
  });

  it("counts contact reveals per institution, with the officers who made them", async () => {
    const admin = await signedIn("admin.audit");
    const data = await readJson<PageData>(await admin.get(page, "/admin/audit"));
    expect(data.reveals.rows).toEqual([
      expect.objectContaining({ name: "甲银行", reveals: 3, officers: 2 }),
      expect.objectContaining({ name: "乙银行", reveals: 1, officers: 1 }),
    ]);
  });

  it("refuses a malformed filter with a Chinese 400", async () => {
    const admin = await signedIn("admin.audit");
    const bad = await admin.get(page, "/admin/audit?from=2026-13-40");
    expect(bad.status).toBe(400);
    expect((await readJson<{ message: string }>(bad)).message).toBe("起始日期格式应为 年-月-日");
    const reversed = await admin.get(page, "/admin/audit?from=2026-12-02&to=2026-12-01");
    expect(reversed.status).toBe(400);
  });

  it("exports the filtered rows as CSV and audits the export", async () => {
    const admin = await signedIn("admin.audit");
    const response = await admin.get(csvExport, "/admin/audit.csv?action=CONTACT_REVEALED&subjectId=ent-1");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const text = bytes.subarray(3).toString("utf8");
    expect(text.startsWith("时间,操作,操作代码,操作人")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines).toHaveLength(3); // header + the two reveals of ent-1
    expect(lines.slice(1).every((line) => line.includes("查看企业联系方式") && line.includes("ent-1"))).toBe(true);
    const exported = await db.auditLog.findMany({ where: { action: "AUDIT_LOG_EXPORTED" } });
    expect(exported).toHaveLength(1);
    expect(exported[0]!.data).toEqual({ filter: "?action=CONTACT_REVEALED&subjectId=ent-1" });
  });
});
