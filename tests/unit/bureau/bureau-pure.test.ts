import { CsvSyntaxError, parseCsv, toCsv } from "~/modules/bureau/csv.ts";
import { filterToSearch, parseBureauFilter } from "~/modules/bureau/filters.ts";
import {
  customPeriod,
  elapsedShare,
  monthPeriod,
  quarterPeriod,
  slicePeriod,
  yearPeriod,
} from "~/modules/bureau/period.ts";
import { displayBorrowerName, maskContactData } from "~/modules/bureau/privacy.ts";
import { parseTargetValue } from "~/modules/bureau/targets.server.ts";
import { splitRegionName } from "~/modules/bureau/tables.ts";

describe("periods", () => {
  it("builds month, quarter, year and custom ranges as half-open Shanghai days", () => {
    expect(monthPeriod(2026, 2)).toMatchObject({
      from: "2026-02-01",
      to: "2026-03-01",
      lastDay: "2026-02-28",
      label: "2026年2月",
    });
    expect(monthPeriod(2026, 12)).toMatchObject({ from: "2026-12-01", to: "2027-01-01" });
    expect(quarterPeriod(2026, 3)).toMatchObject({ from: "2026-07-01", to: "2026-10-01", label: "2026年第3季度" });
    expect(yearPeriod(2028)).toMatchObject({ from: "2028-01-01", to: "2029-01-01", lastDay: "2028-12-31" });
    expect(customPeriod("2026-01-15", "2026-02-20")).toMatchObject({ from: "2026-01-15", to: "2026-02-21" });
  });

  it("slices a range into whole months (rollups) and leftover days", () => {
    expect(slicePeriod("2026-01-01", "2027-01-01")).toEqual({
      months: { from: "2026-01-01", to: "2027-01-01" },
      days: [],
    });
    expect(slicePeriod("2025-12-15", "2026-02-11")).toEqual({
      months: { from: "2026-01-01", to: "2026-02-01" },
      days: [
        { from: "2025-12-15", to: "2026-01-01" },
        { from: "2026-02-01", to: "2026-02-11" },
      ],
    });
    expect(slicePeriod("2026-03-05", "2026-03-20")).toEqual({
      months: null,
      days: [{ from: "2026-03-05", to: "2026-03-20" }],
    });
    expect(slicePeriod("2026-03-05", "2026-04-01")).toEqual({
      months: null,
      days: [{ from: "2026-03-05", to: "2026-04-01" }],
    });
    expect(slicePeriod("2026-03-01", "2026-03-01")).toEqual({ months: null, days: [] });
  });

  it("measures the share of the year passed (today counts)", () => {
    const year = yearPeriod(2026);
    expect(elapsedShare(year, "2025-12-31")).toBe(0);
    expect(elapsedShare(year, "2026-01-01")).toBeCloseTo(1 / 365);
    expect(elapsedShare(year, "2026-07-02")).toBeCloseTo(183 / 365);
    expect(elapsedShare(year, "2027-03-01")).toBe(1);
  });
});

describe("filter from the query string", () => {
  const now = new Date("2026-11-25T04:00:00Z");
  it("defaults to the current year and reads codes", () => {
    const { filter, problems } = parseBureauFilter(new URLSearchParams("region=445224&institution=RCB-JY"), now);
    expect(problems).toEqual([]);
    expect(filter.period).toMatchObject({ kind: "year", from: "2026-01-01" });
    expect(filter.regionCode).toBe("445224");
    expect(filter.institutionCode).toBe("RCB-JY");
  });

  it("round-trips through filterToSearch", () => {
    const params = new URLSearchParams("period=quarter&year=2026&quarter=1&region=445224");
    const { filter } = parseBureauFilter(params, now);
    expect(filterToSearch(filter)).toBe("?period=quarter&year=2026&quarter=1&region=445224");
    const custom = parseBureauFilter(new URLSearchParams("period=custom&from=2026-01-10&to=2026-03-20"), now).filter;
    expect(custom.period).toMatchObject({ from: "2026-01-10", to: "2026-03-21" });
    expect(filterToSearch(custom)).toBe("?period=custom&from=2026-01-10&to=2026-03-20");
  });

  it("falls back with a message instead of failing on bad input", () => {
    const bad = parseBureauFilter(
      new URLSearchParams("period=custom&from=2026-03-20&to=2026-01-10&region=<script>"),
      now,
    );
    expect(bad.filter.period.kind).toBe("year");
    expect(bad.filter.regionCode).toBeNull();
    expect(bad.problems[0]).toMatch(/自定义日期无效/);
    expect(parseBureauFilter(new URLSearchParams("period=month&year=abc&month=13"), now).problems).toHaveLength(2);
  });
});

describe("CSV", () => {
  it("parses BOM, CRLF, quotes, embedded commas and line breaks, with the line each record starts on", () => {
    const records = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",2\n3,4');
    expect(records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 4, fields: ["multi\nline", "2"] },
      { line: 6, fields: ["3", "4"] },
    ]);
    expect(() => parseCsv('a,"open\nb')).toThrow(CsvSyntaxError);
  });

  it("writes a BOM, CRLF and neutralises spreadsheet formulas", () => {
    expect(
      toCsv([
        ["名称", "金额"],
        ["=cmd|calc", "-12.50"],
        ['a"b', null],
      ]),
    ).toBe('\uFEFF名称,金额\r\n\'=cmd|calc,-12.50\r\n"a""b",\r\n');
  });
});

describe("target values", () => {
  it("validates by metric", () => {
    expect(parseTargetValue("FIRST_LOAN_BORROWER", "120")).toEqual({ ok: true, value: "120.00" });
    expect(parseTargetValue("FIRST_LOAN_BORROWER", "0")).toMatchObject({ ok: false });
    expect(parseTargetValue("DISBURSED_AMOUNT", "0")).toEqual({ ok: false, reason: "金额目标须大于 0" });
    expect(parseTargetValue("DISBURSED_AMOUNT", "")).toEqual({ ok: false, reason: "目标值不能为空" });
    expect(parseTargetValue("DISBURSED_AMOUNT", "9999999999999")).toMatchObject({ ok: false });
  });
});

describe("privacy", () => {
  it("shortens a farm household's name and masks contact data in free text", () => {
    expect(displayBorrowerName("林阿伯", "FARM_HOUSEHOLD")).toBe("林**（农户）");
    expect(displayBorrowerName("揭阳某公司", "SMALL_MICRO")).toBe("揭阳某公司");
    expect(maskContactData("电话 138-0013-8000，座机 0663-8223456，邮箱 a.b@qq.com，身份证 44520019900101123X")).toBe(
      "电话 ［手机号已隐藏］，座机 ［电话已隐藏］，邮箱 ［邮箱已隐藏］，身份证 ［身份证号已隐藏］",
    );
  });
});

describe("region split names", () => {
  const city = { id: "city", name: "揭阳市", parentId: null };
  const huilai = { id: "huilai", name: "惠来县", parentId: "city" };
  const park = { id: "park", name: "惠来县临港产业园", parentId: "huilai" };

  it("labels the parent row of a split as its own level, not as a total", () => {
    const split = [{ region: city }, { region: huilai }];
    expect(splitRegionName(city, split)).toBe("揭阳市（市本级）");
    expect(splitRegionName(huilai, split)).toBe("惠来县");
    expect(splitRegionName(huilai, [{ region: huilai }, { region: park }])).toBe("惠来县（本级）");
    expect(splitRegionName(city, [{ region: city }])).toBe("揭阳市");
  });
});
