/**
 * Balance report upload on the institution workspace, through the real route: a corpus of bad files is refused
 * with line-level Chinese errors and nothing stored; a GBK CSV as Excel saves it and an XLSX are accepted; a month
 * re-uploaded becomes a new current version with the old one kept; the role guard and CSRF hold.
 */
import ExcelJS from "exceljs";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import {
  createEnterprise,
  createInstitution,
  createInstitutionAdmin,
  createOfficer,
  createRegions,
  nextCreditCode,
} from "../../support/world.ts";

const environment = await setUpAppEnvironment("balance_upload");
const db = environment.db;
const route = await import("~/routes/institution.balances.tsx");
const template = await import("~/routes/institution.balance-template.tsx");
const { BALANCE_FILE_HEADER } = await import("~/modules/balances/files.server.ts");

const MONTH = "2026-11";
const HEADER = BALANCE_FILE_HEADER.map(([, title]) => title).join(",");
let bankId = "";
let platformCode = "";
let platformEnterpriseId = "";
const codes = [nextCreditCode(), nextCreditCode(), nextCreditCode()];

beforeAll(async () => {
  const regions = await createRegions(db);
  const bank = await createInstitution(db, { name: "测试农商银行", locatedInRegionId: regions.rongcheng.id });
  bankId = bank.id;
  await createInstitutionAdmin(db, bank.id, { loginName: "bank.admin" });
  await createOfficer(db, bank.id, { loginName: "bank.officer" });
  const insurer = await createInstitution(db, { kind: "INSURER", name: "测试财险" });
  await createInstitutionAdmin(db, insurer.id, { loginName: "insurer.admin" });
  const platform = await createEnterprise(db, { regionId: regions.rongcheng.id });
  platformCode = platform.enterprise.idNumber;
  platformEnterpriseId = platform.enterprise.id;
}, 60_000);

afterAll(async () => {
  await environment.tearDown();
});

/** "是"/"否" columns for the five tags, in the template's order (普惠, 涉农, 绿色, 海洋, 转移). */
const tags = (inclusive: boolean, agri = false, green = false) =>
  [inclusive, agri, green, false, false].map((yes) => (yes ? "是" : "否")).join(",");

function line(
  code: string,
  loan: string,
  balance: string,
  credit: string,
  options: { month?: string; tagText?: string; name?: string } = {},
) {
  return [
    options.month ?? MONTH,
    code,
    options.name ?? "揭阳市测试制品有限公司",
    loan,
    "",
    options.tagText ?? tags(true),
    balance,
    credit,
  ].join(",");
}

const goodCsv = () =>
  [
    HEADER,
    line(platformCode, "L-001", "850000.00", "2000000"),
    line(platformCode, "L-002", "150000", "2000000"),
    line(codes[0]!, "L-003", "3000000.50", "20000000", { tagText: tags(false, true) }),
    line(codes[1]!, "L-004", "0", "500000"),
  ].join("\r\n");

async function admin(login = "bank.admin"): Promise<{ client: RouteClient; csrf: string }> {
  const client = new RouteClient();
  return { client, csrf: await signIn(client, login) };
}

async function upload(
  who: { client: RouteClient; csrf: string | null },
  file: Blob,
  name: string,
  month = MONTH,
): Promise<Response> {
  const body = new FormData();
  if (who.csrf) body.set("_csrf", who.csrf);
  body.set("month", month);
  body.set("file", new File([file], name, { type: name.endsWith(".csv") ? "text/csv" : "application/octet-stream" }));
  const request = new Request("http://jieyang.test/institution/balances", {
    method: "POST",
    body,
    headers: { Cookie: who.client.cookieHeader(), "User-Agent": "vitest-route-client" },
  });
  const { runRouteHandler } = await import("~/web/domain-errors.server.ts");
  try {
    return (await runRouteHandler(route.action, {
      request,
      params: {},
      context: { clientIp: "203.0.113.90" },
    })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

type Answer = { ok: boolean; formError?: string; errors: { line: number; reason: string }[]; version?: number };

/** A GBK encoder built from the platform's own GBK decoder: every two-byte code decoded once, then reversed. */
function gbkEncoder(): (text: string) => Uint8Array<ArrayBuffer> {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder("gbk");
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && char !== "\uFFFD" && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  return (text) => {
    const bytes: number[] = [];
    for (const char of text) {
      if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
      else bytes.push(...table.get(char)!);
    }
    return new Uint8Array(bytes);
  };
}

describe("a corpus of bad files", () => {
  const cases: { name: string; csv: () => string; line: number; reason: string }[] = [
    {
      name: "a row of another month",
      csv: () =>
        [HEADER, line(codes[0]!, "A-1", "100", "100"), line(codes[0]!, "A-2", "100", "100", { month: "2026-10" })].join(
          "\n",
        ),
      line: 3,
      reason: "数据月份“2026-10”与报送月份 2026-11 不符",
    },
    {
      name: "a negative balance",
      csv: () => [HEADER, line(codes[0]!, "A-1", "-5000", "100000")].join("\n"),
      line: 2,
      reason: "贷款余额须为非负金额",
    },
    {
      name: "a balance that is not a number",
      csv: () =>
        [HEADER, line(codes[0]!, "A-1", "100", "100000"), line(codes[0]!, "A-2", "十二万", "100000")].join("\n"),
      line: 3,
      reason: "贷款余额须为非负金额（单位：元，如 125000.00），您填写的是“十二万”",
    },
    {
      name: "a balance below 1 分",
      csv: () => [HEADER, line(codes[0]!, "A-1", "100.005", "100000")].join("\n"),
      line: 2,
      reason: "贷款余额最多精确到分",
    },
    {
      name: "an invalid credit code",
      csv: () =>
        [HEADER, line(codes[0]!, "A-1", "100", "100000"), line("91445200MA4UQ0X12Q", "A-2", "100", "100000")].join(
          "\n",
        ),
      line: 3,
      reason: "借款人统一社会信用代码“91445200MA4UQ0X12Q”无效",
    },
    {
      name: "a duplicate loan",
      csv: () => [HEADER, line(codes[0]!, "A-1", "100", "100000"), line(codes[1]!, "A-1", "200", "100000")].join("\n"),
      line: 3,
      reason: "贷款编号“A-1”与第 2 行重复",
    },
    {
      name: "one borrower with two credit lines",
      csv: () => [HEADER, line(codes[0]!, "A-1", "100", "100000"), line(codes[0]!, "A-2", "200", "300000")].join("\n"),
      line: 3,
      reason: "同一借款人的授信总额与第 2 行不一致",
    },
    {
      name: "an inclusive loan above the 1000 万元 credit cap",
      csv: () => [HEADER, line(codes[0]!, "A-1", "100", "10000000.01")].join("\n"),
      line: 2,
      reason: "授信总额超过 1000 万元，不属于普惠型小微企业贷款",
    },
    {
      name: "a tag cell that is not 是/否",
      csv: () => [HEADER, line(codes[0]!, "A-1", "100", "100", { tagText: "也许,否,否,否,否" })].join("\n"),
      line: 2,
      reason: "“普惠”列应填“是”或“否”",
    },
    {
      name: "a missing column",
      csv: () => ["数据月份,借款人统一社会信用代码,借款人名称,贷款编号", `${MONTH},${codes[0]},名称,A-1`].join("\n"),
      line: 1,
      reason: "表头缺少列：贷款余额（元）、借款人在本机构授信总额（元）",
    },
    {
      name: "an empty file",
      csv: () => "\r\n",
      line: 1,
      reason: "文件为空",
    },
  ];

  for (const example of cases) {
    it(`refuses ${example.name} with the line and reason, storing nothing`, async () => {
      const response = await upload(await admin(), new Blob([example.csv()]), "balances.csv");
      expect(response.status).toBe(422);
      const answer = await readJson<Answer>(response);
      expect(answer.ok).toBe(false);
      const error = answer.errors.find((each) => each.line === example.line);
      expect(error?.reason, JSON.stringify(answer.errors)).toContain(example.reason);
      expect(await db.balanceReport.count()).toBe(0);
      expect(await db.balanceRow.count()).toBe(0);
    });
  }

  it("reports every bad line of a file at once, and a good line beside them is not stored either", async () => {
    const csv = [
      HEADER,
      line(codes[0]!, "A-1", "100", "100000"),
      line(codes[0]!, "A-2", "-1", "100000"),
      line("123", "A-3", "1", "100000"),
      line(codes[1]!, "A-1", "abc", "100000"),
    ].join("\n");
    const answer = await readJson<Answer>(await upload(await admin(), new Blob([csv]), "balances.csv"));
    expect(answer.errors.map((error) => error.line)).toEqual([3, 4, 5]);
    expect(await db.balanceReport.count()).toBe(0);
  });

  it("refuses a month that has not ended yet", async () => {
    const response = await upload(await admin(), new Blob([goodCsv()]), "balances.csv", "2099-01");
    expect(response.status).toBe(422);
    expect((await readJson<Answer>(response)).formError).toContain("报送月份 2099-01 尚未结束");
    expect(await db.balanceReport.count()).toBe(0);
  });

  it("refuses a 10 MB file with a clear message, without reading it", async () => {
    const big = goodCsv() + "\r\n" + `${line(codes[2]!, "X", "1", "1")}\r\n`.repeat(Math.ceil((10 * 1024 * 1024) / 60));
    const file = new Blob([big]);
    expect(file.size).toBeGreaterThan(10 * 1024 * 1024);
    const response = await upload(await admin(), file, "balances.csv");
    expect(response.status).toBe(413);
    expect((await readJson<Answer>(response)).formError).toMatch(/^文件超过 5 MB（本次 1\d\.\d MB）/);
    expect(await db.balanceReport.count()).toBe(0);
  });

  it("refuses a file that is neither CSV nor a readable XLSX", async () => {
    const response = await upload(
      await admin(),
      new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])]),
      "b.xlsx",
    );
    expect(response.status).toBe(422);
    expect((await readJson<Answer>(response)).errors[0]!.reason).toContain("无法读取该 XLSX 文件");
  });
});

describe("accepted files", () => {
  it("accepts a GBK CSV as Excel saves it, decoding the Chinese names exactly", async () => {
    const encode = gbkEncoder();
    const bytes = encode(goodCsv().replace("揭阳市测试制品有限公司", "揭阳市榕城区恒昌塑料制品有限公司"));
    // Not valid UTF-8: this is what Excel's plain "CSV" writes on a Chinese Windows machine.
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const response = await upload(await admin(), new Blob([bytes]), "余额.csv");
    expect(response.status).toBe(200);
    expect((await readJson<Answer>(response)).version).toBe(1);
    const rows = await db.balanceRow.findMany({ orderBy: { line: "asc" } });
    expect(rows.map((row) => [row.line, row.loanId, row.borrowerName, row.balance.toFixed(2)])).toEqual([
      [2, "L-001", "揭阳市榕城区恒昌塑料制品有限公司", "850000.00"],
      [3, "L-002", "揭阳市测试制品有限公司", "150000.00"],
      [4, "L-003", "揭阳市测试制品有限公司", "3000000.50"],
      [5, "L-004", "揭阳市测试制品有限公司", "0.00"],
    ]);
    // A platform enterprise is linked by its credit code; other borrowers are kept by code and name.
    expect(rows[0]!.enterpriseId).toBe(platformEnterpriseId);
    expect(rows[2]!.enterpriseId).toBeNull();
    const report = await db.balanceReport.findFirstOrThrow({ where: { institutionId: bankId, month: MONTH } });
    expect(report.totalBalance.toFixed(2)).toBe("4000000.50");
    expect(report.inclusiveBalance.toFixed(2)).toBe("1000000.00");
    expect(report.agriBalance.toFixed(2)).toBe("3000000.50");
    // L-004 is inclusive with a zero balance: its borrower does not count.
    expect(report.inclusiveBorrowers).toBe(1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "BALANCE_REPORT_SUBMITTED" } });
    expect(audit.subjectId).toBe(report.id);
  });

  it("replaces the month with an XLSX re-upload as version 2, keeping version 1", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("余额");
    sheet.addRow(BALANCE_FILE_HEADER.map(([, title]) => title));
    sheet.addRow([
      MONTH,
      codes[2]!,
      "揭阳市新客户有限公司",
      "L-100",
      "",
      "是",
      "否",
      "否",
      "否",
      "否",
      1234.56,
      5000000,
    ]);
    sheet.addRow([MONTH, codes[2]!, "揭阳市新客户有限公司", "L-101", "", "否", "否", "是", "否", "否", 20000, 5000000]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const response = await upload(await admin(), new Blob([bytes]), "余额.xlsx");
    expect(response.status).toBe(200);
    expect(await readJson<Answer>(response)).toMatchObject({ ok: true, version: 2 });
    const reports = await db.balanceReport.findMany({ where: { month: MONTH }, orderBy: { version: "asc" } });
    expect(reports.map((report) => [report.version, report.isCurrent, report.loanCount])).toEqual([
      [1, false, 4],
      [2, true, 2],
    ]);
    expect(reports[1]!.totalBalance.toFixed(2)).toBe("21234.56");
    expect(reports[1]!.greenBalance.toFixed(2)).toBe("20000.00");
    const page = await readJson<{ reports: { version: number; isCurrent: boolean }[] }>(
      await (await admin()).client.get(route, "/institution/balances"),
    );
    expect(page.reports.map((report) => [report.version, report.isCurrent])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it("serves a template that uploads as it is", async () => {
    const { client } = await admin();
    const response = await client.get(template, "/institution/balance-template");
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A UTF-8 byte-order mark, so Excel opens the Chinese header correctly.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3)).split("\r\n")[0]).toBe(HEADER);
    const uploaded = await upload(await admin(), new Blob([bytes]), "template.csv");
    expect(uploaded.status).toBe(200);
    expect((await readJson<Answer>(uploaded)).version).toBe(3);
  });
});

describe("who may report", () => {
  it("refuses officers, other kinds of institution and a post without the CSRF token", async () => {
    const before = await db.balanceReport.count();
    expect((await upload(await admin("bank.officer"), new Blob([goodCsv()]), "b.csv")).status).toBe(403);
    expect((await upload(await admin("insurer.admin"), new Blob([goodCsv()]), "b.csv")).status).toBe(403);
    const forged = await admin();
    expect((await upload({ client: forged.client, csrf: null }, new Blob([goodCsv()]), "b.csv")).status).toBe(403);
    expect((await upload({ client: new RouteClient(), csrf: "x" }, new Blob([goodCsv()]), "b.csv")).status).toBe(403);
    expect(await db.balanceReport.count()).toBe(before);
  });
});
