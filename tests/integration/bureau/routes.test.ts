/**
 * The bureau pages through their real loaders and actions: the BUREAU role guard on every route, the target form,
 * the all-or-nothing CSV import with row-level errors (urlencoded and multipart), and the CSV/XLSX downloads
 * agreeing with the page.
 */
import ExcelJS from "exceljs";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { buildWorld, type World } from "./scenario.ts";

const environment = await setUpAppEnvironment("bureau_routes");
const db = environment.db;
const routes = {
  layout: { path: "/bureau", module: await import("~/routes/bureau.tsx") },
  dashboard: { path: "/bureau", module: await import("~/routes/bureau._index.tsx") },
  targets: { path: "/bureau/targets", module: await import("~/routes/bureau.targets.tsx") },
  ranking: { path: "/bureau/ranking", module: await import("~/routes/bureau.ranking.tsx") },
  overdue: { path: "/bureau/overdue", module: await import("~/routes/bureau.overdue.tsx") },
  report: { path: "/bureau/report", module: await import("~/routes/bureau.report.tsx") },
  exportFile: {
    path: "/bureau/export/dashboard.csv",
    module: await import("~/routes/bureau.export.$file.tsx"),
    params: { file: "dashboard.csv" },
  },
  need: { path: "/bureau/needs/x", module: await import("~/routes/bureau.needs.$needId.tsx"), params: { needId: "x" } },
};
const { refreshBureauRollups } = await import("~/modules/bureau/rollups.server.ts");

let world: World;

beforeAll(async () => {
  world = await buildWorld(db);
  await refreshBureauRollups(db);
}, 120_000);

afterAll(async () => {
  await environment.tearDown();
});

async function signedIn(loginName: string, ip: string): Promise<{ client: RouteClient; csrf: string }> {
  const client = new RouteClient(ip);
  return { client, csrf: await signIn(client, loginName) };
}

describe("role guard", () => {
  it("answers 401 to anonymous visitors and 403 to other roles on every bureau route; BUREAU gets 200", async () => {
    const anonymous = new RouteClient("198.51.100.40");
    const officer = await signedIn("officer.fixture", "198.51.100.41");
    const enterprise = await signedIn("13800009901", "198.51.100.42");
    const bureau = await signedIn("bureau.fixture", "198.51.100.43");
    for (const [name, route] of Object.entries(routes)) {
      const params = "params" in route ? route.params : {};
      expect((await anonymous.get(route.module, route.path, params)).status, `${name} anonymous`).toBe(401);
      expect((await officer.client.get(route.module, route.path, params)).status, `${name} officer`).toBe(403);
      expect((await enterprise.client.get(route.module, route.path, params)).status, `${name} enterprise`).toBe(403);
    }
    for (const [name, route] of Object.entries(routes)) {
      if (name === "need") continue;
      const params = "params" in route ? route.params : {};
      expect((await bureau.client.get(route.module, route.path, params)).status, `${name} bureau`).toBe(200);
    }
    const need = await bureau.client.get(routes.need.module, "/bureau/needs/x", {
      needId: world.needIds["n1-hardware-first-loan"]!,
    });
    expect(need.status).toBe(200);
    expect((await bureau.client.get(routes.need.module, "/bureau/needs/missing", { needId: "missing" })).status).toBe(
      404,
    );
  });

  it("refuses target changes from other roles and without a CSRF token", async () => {
    const officer = await signedIn("officer.fixture", "198.51.100.44");
    const denied = await officer.client.post(routes.targets.module, "/bureau/targets", {
      _csrf: officer.csrf,
      _intent: "save",
      year: "2026",
      metric: "DISBURSED_AMOUNT",
      region: "445200",
      value: "100",
    });
    expect(denied.status).toBe(403);
    const bureau = await signedIn("bureau.fixture", "198.51.100.45");
    const forged = await bureau.client.post(routes.targets.module, "/bureau/targets", {
      _csrf: "forged",
      _intent: "save",
      year: "2026",
      metric: "DISBURSED_AMOUNT",
      region: "445200",
      value: "100",
    });
    expect(forged.status).toBe(403);
    expect(await db.target.count()).toBe(0);
  });
});

describe("targets", () => {
  it("saves one target from the form (万元 → 元) and updates it on a second save", async () => {
    const { client, csrf } = await signedIn("bureau.fixture", "198.51.100.46");
    const form = {
      _csrf: csrf,
      _intent: "save",
      year: "2026",
      metric: "DISBURSED_AMOUNT",
      region: "445224",
      institution: "",
      value: "1234.5",
    };
    const saved = await client.post(routes.targets.module, "/bureau/targets?period=year&year=2026", form);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/bureau/targets?period=year&year=2026&saved=1");
    await client.post(routes.targets.module, "/bureau/targets", { ...form, value: "2000" });
    const rows = await db.target.findMany({ where: { regionId: world.regionIds.huilai, metric: "DISBURSED_AMOUNT" } });
    expect(rows.map((row) => row.value.toFixed(2))).toEqual(["20000000.00"]);
    expect(await db.auditLog.count({ where: { action: "TARGET_SET" } })).toBe(2);

    const bad = await client.post(routes.targets.module, "/bureau/targets", {
      ...form,
      metric: "FIRST_LOAN_BORROWER",
      value: "12.5",
    });
    expect(bad.status).toBe(400);
    expect((await readJson<{ fieldErrors: Record<string, string> }>(bad)).fieldErrors.value).toBe("户数目标须为正整数");
  });

  it("imports a CSV all-or-nothing: bad rows are reported with their line and reason, nothing is saved", async () => {
    const { client, csrf } = await signedIn("bureau.fixture", "198.51.100.47");
    const before = await db.target.findMany({ orderBy: { id: "asc" } });
    const csv = [
      "\uFEFF年度,指标,区域,机构,目标值（金额：万元；户数：户）",
      "2026,放款金额,445200,,50000", // line 2: fine
      "2026,首贷户数,惠来县,,120", // line 3: fine (region by name)
      "2026,不存在的指标,445200,,10", // line 4: unknown metric
      "2026,AGRI_AMOUNT,999999,,10", // line 5: unknown region
      "2026,涉农贷款金额,445224,T-NOPE,10", // line 6: unknown institution
      "2026,首贷户数,445202,,3.5", // line 7: borrowers must be whole
      "2026,放款金额,445200,,-5", // line 8: negative
      '2026,"放款金额",445200,,"60,000"', // line 9: duplicate of line 2 (quoted, thousands separator)
      "1999,放款金额,445200,,1", // line 10: year out of range
    ].join("\r\n");
    const response = await client.post(routes.targets.module, "/bureau/targets", {
      _csrf: csrf,
      _intent: "import",
      csv,
    });
    expect(response.status).toBe(422);
    const { errors } = await readJson<{ errors: { line: number; reason: string }[] }>(response);
    expect(errors.map((error) => error.line)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(errors.find((error) => error.line === 4)!.reason).toMatch(/指标“不存在的指标”无法识别/);
    expect(errors.find((error) => error.line === 5)!.reason).toMatch(/区域“999999”不存在/);
    expect(errors.find((error) => error.line === 6)!.reason).toMatch(/机构“T-NOPE”不存在/);
    expect(errors.find((error) => error.line === 7)!.reason).toMatch(/户数目标须为正整数/);
    expect(errors.find((error) => error.line === 8)!.reason).toMatch(/金额目标须为以万元计的正数/);
    expect(errors.find((error) => error.line === 9)!.reason).toMatch(/与第 2 行重复/);
    expect(errors.find((error) => error.line === 10)!.reason).toMatch(/年度“1999”无效/);
    expect(await db.target.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("imports a valid CSV file uploaded as multipart: every row saved in one go", async () => {
    const { client, csrf } = await signedIn("bureau.fixture", "198.51.100.48");
    const csv = [
      "year,metric,region,institution,value",
      "2026,DISBURSED_AMOUNT,445200,,50000",
      "2026,FIRST_LOAN_BORROWER,惠来县,,120",
      "2026,涉农贷款金额,445224,T-RCB,800.25",
      "2026,放款金额,445224,,3000", // replaces the 2,000 万元 set through the form
    ].join("\n");
    const body = new FormData();
    body.set("_csrf", csrf);
    body.set("_intent", "import");
    body.set("file", new File([csv], "targets.csv", { type: "text/csv" }));
    const request = new Request("http://jieyang.test/bureau/targets", {
      method: "POST",
      body,
      headers: { Cookie: client.cookieHeader(), "User-Agent": "vitest-route-client" },
    });
    const response = (await routes.targets.module.action({
      request,
      params: {},
      context: { clientIp: "198.51.100.48" },
    })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/bureau/targets?imported=4");
    const targets = await db.target.findMany({ include: { region: true, institution: true } });
    const byKey = new Map(
      targets.map((target) => [
        `${target.metric}|${target.region.code}|${target.institution?.code ?? ""}`,
        target.value.toFixed(2),
      ]),
    );
    expect(byKey.get("DISBURSED_AMOUNT|445200|")).toBe("500000000.00");
    expect(byKey.get("FIRST_LOAN_BORROWER|445224|")).toBe("120.00");
    expect(byKey.get("AGRI_AMOUNT|445224|T-RCB")).toBe("8002500.00");
    expect(byKey.get("DISBURSED_AMOUNT|445224|")).toBe("30000000.00");
    expect(targets.length).toBe(4);

    const page = await readJson<{ targets: { metric: string; actual: string; region: { code: string } }[] }>(
      await client.get(routes.targets.module, "/bureau/targets?period=year&year=2026"),
    );
    expect(page.targets.find((target) => target.metric === "AGRI_AMOUNT")!.actual).toBe("60000.00");
  });
});

describe("financing cost on the overview", () => {
  it("carries the weighted average rates with their base, and — (null) for a cell without loans", async () => {
    const { client } = await signedIn("bureau.fixture", "198.51.100.52");
    const page = await readJson<{
      rateTotal: { all: { rate: string | null; amount: string }; inclusive: { rate: string | null; amount: string } };
      tables: { id: string; rows: Record<string, string | number | null>[] }[];
    }>(await client.get(routes.dashboard.module, "/bureau?period=year&year=2026"));
    const rateTable = page.tables.find((table) => table.id === "average-rates")!;
    expect(page.rateTotal.all).toMatchObject({ rate: "3.57", amount: "2510000.00" });
    expect(page.rateTotal.inclusive).toMatchObject({ rate: "4.09", amount: "950000.00" });
    expect(rateTable.rows[0]).toMatchObject({ name: "全部", allRate: "3.57%", inclusiveRate: "4.09%" });
    // 揭阳市本级 had no disbursement in 2026: no rate at all, not 0.00%.
    expect(rateTable.rows.find((row) => row.name === "揭阳市（市本级）")).toMatchObject({
      allRate: null,
      allLoans: 0,
    });

    const csv = await client.get(routes.exportFile.module, "/bureau/export/dashboard.csv?period=year&year=2026", {
      file: "dashboard.csv",
    });
    const text = new TextDecoder().decode(await csv.arrayBuffer());
    expect(text).toContain("贷款加权平均利率");
    expect(text).toMatch(/全部,合计,3\.57%,2510000\.00/);

    const empty = await readJson<{ rateTotal: { all: { rate: string | null; amount: string } } }>(
      await client.get(routes.dashboard.module, "/bureau?period=year&year=2024"),
    );
    expect(empty.rateTotal.all).toMatchObject({ rate: null, amount: "0.00" });
  });
});

describe("exports", () => {
  it("CSV has a BOM and the page's numbers; XLSX opens and carries the same tables", async () => {
    const { client } = await signedIn("bureau.fixture", "198.51.100.49");
    const search = "?period=quarter&year=2026&quarter=1&region=445224";
    const page = await readJson<{
      tables: { id: string; title: string; rows: Record<string, string | number | null>[] }[];
    }>(await client.get(routes.dashboard.module, `/bureau${search}`));
    const funnel = page.tables.find((table) => table.id === "funnel")!;

    const csvResponse = await client.get(routes.exportFile.module, `/bureau/export/dashboard.csv${search}`, {
      file: "dashboard.csv",
    });
    expect(csvResponse.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csvResponse.headers.get("Content-Disposition")).toMatch(/filename\*=UTF-8''/);
    const bytes = new Uint8Array(await csvResponse.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("区域：惠来县");
    for (const row of funnel.rows) expect(text).toContain(`${row.step},${row.count},`);

    const xlsxResponse = await client.get(routes.exportFile.module, `/bureau/export/dashboard.xlsx${search}`, {
      file: "dashboard.xlsx",
    });
    expect(xlsxResponse.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsxResponse.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      "说明",
      ...page.tables.map((table) => table.title),
    ]);
    const sheet = workbook.getWorksheet("对接漏斗")!;
    funnel.rows.forEach((row, index) => {
      expect(sheet.getRow(index + 2).getCell(1).value).toBe(row.step);
      expect(sheet.getRow(index + 2).getCell(2).value).toBe(row.count);
    });
    const regions = page.tables.find((table) => table.id === "by-region")!;
    const regionSheet = workbook.getWorksheet("分区域")!;
    const headers = (regionSheet.getRow(1).values as unknown[]).slice(1);
    const column = headers.indexOf("放款金额（元）") + 1;
    expect(column).toBeGreaterThan(0);
    regions.rows.forEach((row, index) =>
      expect(regionSheet.getRow(index + 2).getCell(column).value).toBe(Number(row.disbursed)),
    );
  });

  it("the ledger export lists every entry of the filter, reversals included, summing to the dashboard's net figure", async () => {
    const { client } = await signedIn("bureau.fixture", "198.51.100.50");
    const response = await client.get(routes.exportFile.module, "/bureau/export/ledger.csv?period=year&year=2026", {
      file: "ledger.csv",
    });
    const text = new TextDecoder().decode(new Uint8Array(await response.arrayBuffer()));
    const lines = text.split("\r\n").filter((line) => /^\d{4}-\d{2}-\d{2},/.test(line));
    expect(lines.length).toBe(
      await db.ledgerEntry.count({
        where: { occurredOn: { gte: new Date("2026-01-01"), lt: new Date("2027-01-01") } },
      }),
    );
    const disbursedFen = lines
      .map((line) => line.split(","))
      .filter((cells) => cells[1] === "放款金额")
      .reduce((sum, cells) => sum + BigInt(Math.round(Number(cells[2]) * 100)), 0n);
    expect(disbursedFen).toBe(251_000_000n);
    expect(lines.filter((line) => line.includes(",是,")).length).toBe(2);
    expect(text).toContain("林**（农户）");
    expect(text).not.toContain("林阿伯");

    const xlsx = await client.get(routes.exportFile.module, "/bureau/export/ledger.xlsx?period=year&year=2026", {
      file: "ledger.xlsx",
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.getWorksheet("台账明细")!.rowCount).toBe(lines.length + 1);

    const ranking = await client.get(routes.exportFile.module, "/bureau/export/ranking.xlsx?period=year&year=2026", {
      file: "ranking.xlsx",
    });
    const rankingBook = new ExcelJS.Workbook();
    await rankingBook.xlsx.load(await ranking.arrayBuffer());
    const rankingSheet = rankingBook.getWorksheet("金融机构排名")!;
    const names = rankingSheet.getColumn(2).values.slice(2);
    expect(names).toEqual(expect.arrayContaining(["测试农商银行", "测试工商银行揭阳分行"]));
    expect(
      (await client.get(routes.exportFile.module, "/bureau/export/secret.txt", { file: "secret.txt" })).status,
    ).toBe(404);
  });
});
