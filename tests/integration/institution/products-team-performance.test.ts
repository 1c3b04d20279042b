/**
 * Product management (validation, publish/retire through the outbox, history kept), the team page's invite and
 * deactivation, and the performance figures — all against a real Postgres.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { createInstitutionAdmin, createOfficer } from "../../support/world.ts";
import { actorOf, buildWorld, statusOf, type World } from "./scenario.ts";

const environment = await setUpAppEnvironment("inst_products");
const db = environment.db;
const products = await import("~/modules/products/products.server.ts");
const team = await import("~/modules/institution/team.server.ts");
const performance = await import("~/modules/institution/performance.server.ts");
const engagements = await import("~/modules/engagements/engagements.server.ts");
const { verifyPassword } = await import("~/modules/auth/password.server.ts");

let world: World;
beforeAll(async () => {
  world = await buildWorld(db);
});
afterAll(async () => {
  await environment.tearDown();
});

function loanFields(overrides: Record<string, string | string[]> = {}) {
  return {
    name: "甲银行设备更新贷",
    summary: "支持中小企业设备更新改造",
    description: "以所购设备抵押，最长 5 年，可享贴息。",
    minAmount: "100000",
    maxAmount: "5000000",
    minTermMonths: "12",
    maxTermMonths: "60",
    minAnnualRate: "3.2",
    maxAnnualRate: "4.35",
    acceptedCollateral: ["EQUIPMENT", "REAL_ESTATE"],
    eligibleEntityTypes: ["SMALL_MICRO", "TRANSFERRED_FIRM"],
    eligibleIndustrySections: ["C"],
    regionIds: [world.regions.rongcheng.id],
    minYearsInBusiness: "2",
    flags: ["TRANSFER"],
    policyTool: "",
    ...overrides,
  };
}

describe("products", () => {
  it("rejects bad product input with a Chinese message per field and writes nothing", async () => {
    const admin = actorOf(world.users.adminA);
    const before = await db.product.count();
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ minAmount: "-100" }, "minAmount", /不能为负数/],
      [{ maxAmount: "abc" }, "maxAmount", /须为数字/],
      [{ minAmount: "6000000" }, "maxAmount", /最高额度不能低于最低额度/],
      [{ minTermMonths: "72" }, "maxTermMonths", /最长期限不能短于最短期限/],
      [{ maxTermMonths: "999" }, "maxTermMonths", /1–360/],
      [{ maxAnnualRate: "480" }, "maxAnnualRate", /0%–24%/],
      [{ minAnnualRate: "0" }, "minAnnualRate", /0%–24%/],
      [{ minAnnualRate: "5" }, "maxAnnualRate", /最高年化利率不能低于最低年化利率/],
      [{ eligibleEntityTypes: [] }, "eligibleEntityTypes", /请至少选择一项适用主体类型/],
      [{ regionIds: [] }, "regionIds", /请至少选择一个适用地区/],
      [{ regionIds: ["no-such-region"] }, "regionIds.0", /无法识别的地区/],
      [{ acceptedCollateral: ["GOLD"] }, "acceptedCollateral.0", /无法识别/],
      [{ acceptedCollateral: [] }, "acceptedCollateral", /请至少选择一项担保方式/],
      [{ validFrom: "2026-06-01", validTo: "2026-01-01" }, "validTo", /截止日期不能早于生效日期/],
      [{ name: "" }, "name", /请填写产品名称/],
    ];
    for (const [overrides, field, pattern] of cases) {
      const result = await products.createProduct(db, { actor: admin, fields: loanFields(overrides) });
      expect(result.ok, JSON.stringify(overrides)).toBe(false);
      if (!result.ok)
        expect(
          result.fieldErrors[field],
          `${JSON.stringify(overrides)} → ${JSON.stringify(result.fieldErrors)}`,
        ).toMatch(pattern);
    }
    expect(await db.product.count()).toBe(before);
  });

  it("creates a draft of the institution's kind, publishes it through the outbox, retires it and keeps it", async () => {
    const admin = actorOf(world.users.adminA);
    const created = await products.createProduct(db, { actor: admin, fields: loanFields() });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const row = await db.product.findUniqueOrThrow({ where: { id: created.productId }, include: { regions: true } });
    expect(row).toMatchObject({
      kind: "LOAN",
      status: "DRAFT",
      institutionId: world.institutions.bankA.id,
      minYearsInBusiness: 2,
    });
    expect(row.minAmount.toFixed(2)).toBe("100000.00");
    expect(row.maxAnnualRate!.toFixed(4)).toBe("4.3500");
    expect(row.regions.map((region) => region.regionId)).toEqual([world.regions.rongcheng.id]);
    expect(await db.outboxEvent.count({ where: { aggregateId: created.productId } })).toBe(0);

    await products.publishProduct(db, { actor: admin, productId: created.productId });
    expect((await db.product.findUniqueOrThrow({ where: { id: created.productId } })).status).toBe("PUBLISHED");
    expect(await db.outboxEvent.count({ where: { type: "product.published", aggregateId: created.productId } })).toBe(
      1,
    );
    expect(await db.auditLog.count({ where: { action: "PRODUCT_PUBLISHED", subjectId: created.productId } })).toBe(1);
    expect(await statusOf(products.publishProduct(db, { actor: admin, productId: created.productId }))).toBe(409);

    const edited = await products.updateProduct(db, {
      actor: admin,
      productId: created.productId,
      fields: loanFields({ maxAnnualRate: "4.1" }),
    });
    expect(edited.ok).toBe(true);
    expect(await db.outboxEvent.count({ where: { type: "product.updated", aggregateId: created.productId } })).toBe(1);

    await products.retireProduct(db, { actor: admin, productId: created.productId });
    const retired = await db.product.findUniqueOrThrow({ where: { id: created.productId } });
    expect(retired.status).toBe("RETIRED");
    expect(retired.retiredAt).not.toBeNull();
    expect(await db.outboxEvent.count({ where: { type: "product.retired", aggregateId: created.productId } })).toBe(1);
    expect(
      await statusOf(products.updateProduct(db, { actor: admin, productId: created.productId, fields: loanFields() })),
    ).toBe(409);
    expect(await statusOf(products.retireProduct(db, { actor: admin, productId: created.productId }))).toBe(409);
    expect(await statusOf(products.publishProduct(db, { actor: admin, productId: created.productId }))).toBe(409);
  });

  it("makes a guarantor's products guarantees priced by a fee rate", async () => {
    const guarantorAdmin = await createInstitutionAdmin(db, world.institutions.guarantor.id, {
      loginName: "inst.g",
      displayName: "担保管理员",
    });
    const actor = actorOf(guarantorAdmin);
    const missingFee = await products.createProduct(db, { actor, fields: loanFields() });
    expect(missingFee.ok).toBe(false);
    if (!missingFee.ok) expect(missingFee.fieldErrors.feeRate).toMatch(/请填写担保费率/);
    const absurdFee = await products.createProduct(db, { actor, fields: loanFields({ feeRate: "15" }) });
    expect(absurdFee.ok).toBe(false);
    const created = await products.createProduct(db, {
      actor,
      fields: loanFields({ feeRate: "1.0", acceptedCollateral: ["CREDIT"] }),
    });
    expect(created.ok).toBe(true);
    if (created.ok) {
      const row = await db.product.findUniqueOrThrow({ where: { id: created.productId } });
      expect(row.kind).toBe("GUARANTEE");
      expect(row.minAnnualRate).toBeNull();
      expect(row.feeRate!.toFixed(4)).toBe("1.0000");
    }
  });

  it("stores the terms the total cost depends on, and asks for a subsidy's source and who qualifies", async () => {
    const admin = actorOf(world.users.adminA);
    const costFields = {
      repaymentMethods: ["EQUAL_INSTALMENT", "BULLET"],
      upfrontFeeAmount: "500",
      periodicFeeRate: "0.6",
      periodicFeeBase: "BALANCE",
      guaranteeFeeRate: "1",
      feeBasis: "YEARLY",
      feeBase: "PRINCIPAL",
      interestSubsidyRate: "1",
      interestSubsidyMode: "REFUND",
      interestSubsidySource: "揭阳市技改贷款贴息",
      interestSubsidyEligibility: "列入市技改项目库的企业",
    };
    const incomplete = await products.createProduct(db, {
      actor: admin,
      fields: loanFields({ ...costFields, interestSubsidySource: "", interestSubsidyMode: "" }),
    });
    expect(incomplete.ok).toBe(false);
    if (!incomplete.ok) {
      expect(incomplete.fieldErrors).toMatchObject({
        interestSubsidySource: "请填写贴息的政策依据",
        interestSubsidyMode: "请选择贴息方式",
      });
    }
    const created = await products.createProduct(db, { actor: admin, fields: loanFields(costFields) });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const row = await db.product.findUniqueOrThrow({ where: { id: created.productId }, include: { subsidies: true } });
    expect(row.repaymentMethods).toEqual(["EQUAL_INSTALMENT", "BULLET"]);
    expect(row.upfrontFeeAmount!.toFixed(2)).toBe("500.00");
    expect(row.periodicFeeRate!.toFixed(4)).toBe("0.6000");
    expect(row).toMatchObject({ periodicFeeBase: "BALANCE", feeBasis: "YEARLY", feeBase: "PRINCIPAL" });
    expect(row.subsidies.map((s) => [s.kind, s.mode, s.annualRate.toFixed(4), s.source])).toEqual([
      ["INTEREST", "REFUND", "1.0000", "揭阳市技改贷款贴息"],
    ]);
    // Editing without the subsidy removes it.
    const edited = await products.updateProduct(db, {
      actor: admin,
      productId: created.productId,
      fields: loanFields({ ...costFields, interestSubsidyRate: "" }),
    });
    expect(edited.ok).toBe(true);
    expect(await db.productSubsidy.count({ where: { productId: created.productId } })).toBe(0);
  });

  it("keeps other institutions' products out of reach", async () => {
    const stranger = actorOf(world.users.adminB);
    const productId = world.products.productA.id;
    expect(await statusOf(products.loadOwnProduct(db, productId, stranger.institutionId))).toBe(404);
    expect(await statusOf(products.publishProduct(db, { actor: stranger, productId }))).toBe(404);
    expect(await statusOf(products.retireProduct(db, { actor: stranger, productId }))).toBe(404);
    expect(await statusOf(products.updateProduct(db, { actor: stranger, productId, fields: loanFields() }))).toBe(404);
    expect((await products.listOwnProducts(db, stranger.institutionId)).map((product) => product.id)).not.toContain(
      productId,
    );
  });
});

describe("team", () => {
  it("invites an officer with a one-time password stored only as a hash, and refuses a taken account name", async () => {
    const admin = actorOf(world.users.adminA);
    const result = await team.inviteOfficer(db, {
      actor: admin,
      fields: { displayName: "陈经理", loginName: "Officer.Chen", phone: "13711112222", email: "" },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.password).toMatch(/^[A-Za-z2-9]{12}$/);
    const user = await db.user.findUniqueOrThrow({ where: { loginName: "officer.chen" } });
    expect(user).toMatchObject({ role: "OFFICER", institutionId: world.institutions.bankA.id, isActive: true });
    expect(user.passwordHash).not.toContain(result.password);
    expect(await verifyPassword(user.passwordHash, result.password)).toBe(true);
    const again = await team.inviteOfficer(db, {
      actor: admin,
      fields: { displayName: "陈经理", loginName: "officer.chen" },
    });
    expect(again).toEqual({ ok: false, fieldErrors: { loginName: "该登录账号已被使用，请换一个" } });
    const bad = await team.inviteOfficer(db, {
      actor: admin,
      fields: { displayName: "陈", loginName: "1x", phone: "123" },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fieldErrors).sort()).toEqual(["displayName", "loginName", "phone"]);
  });

  it("deactivates an officer (signing them out) and refuses another institution's admin", async () => {
    const officer = await createOfficer(db, world.institutions.bankA.id, {
      loginName: "officer.tmp",
      displayName: "临时",
    });
    await db.session.create({
      data: { id: "tmp-session", userId: officer.id, csrfToken: "t", expiresAt: new Date(Date.now() + 3_600_000) },
    });
    expect(
      await statusOf(
        team.setOfficerActive(db, { actor: actorOf(world.users.adminB), userId: officer.id, active: false }),
      ),
    ).toBe(404);
    await team.setOfficerActive(db, { actor: actorOf(world.users.adminA), userId: officer.id, active: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: officer.id } })).isActive).toBe(false);
    expect(await db.session.count({ where: { userId: officer.id } })).toBe(0);
    expect(
      await statusOf(
        team.setOfficerActive(db, { actor: actorOf(world.users.adminA), userId: officer.id, active: false }),
      ),
    ).toBe(409);
    // Admins are not officers: the team page cannot deactivate them.
    expect(
      await statusOf(
        team.setOfficerActive(db, { actor: actorOf(world.users.adminA), userId: world.users.adminA.id, active: false }),
      ),
    ).toBe(404);
  });

  it("resets a forgotten password: a new one-time password, sessions signed out, a new password required at sign-in", async () => {
    const officer = await createOfficer(db, world.institutions.bankA.id, {
      loginName: "officer.forgot",
      displayName: "健忘",
    });
    await db.session.create({
      data: { id: "forgot-session", userId: officer.id, csrfToken: "t", expiresAt: new Date(Date.now() + 3_600_000) },
    });
    expect(
      await statusOf(team.resetOfficerPassword(db, { actor: actorOf(world.users.adminB), userId: officer.id })),
    ).toBe(404);
    expect(
      await statusOf(
        team.resetOfficerPassword(db, { actor: actorOf(world.users.adminA), userId: world.users.adminA.id }),
      ),
    ).toBe(404);

    const reset = await team.resetOfficerPassword(db, { actor: actorOf(world.users.adminA), userId: officer.id });
    expect(reset).toMatchObject({ loginName: "officer.forgot", displayName: "健忘" });
    const stored = await db.user.findUniqueOrThrow({ where: { id: officer.id } });
    expect(await verifyPassword(stored.passwordHash, reset.password)).toBe(true);
    expect(stored.mustChangePassword).toBe(true);
    expect(await db.session.count({ where: { userId: officer.id } })).toBe(0);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "OFFICER_PASSWORD_RESET", subjectId: officer.id },
    });
    expect(JSON.stringify(audit)).not.toContain(reset.password);

    await team.setOfficerActive(db, { actor: actorOf(world.users.adminA), userId: officer.id, active: false });
    expect(
      await statusOf(team.resetOfficerPassword(db, { actor: actorOf(world.users.adminA), userId: officer.id })),
    ).toBe(409);
  });
});

describe("performance", () => {
  it("counts the institution's own engagements and sums its disbursements exactly, by month", async () => {
    const actor = actorOf(world.users.officerA);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    for (const amount of ["100000.10", "200000.20"]) {
      const needId = await world.need();
      const { engagementId } = await engagements.requestLead(db, { needId, actor });
      await engagements.changeEngagementStatus(db, { engagementId, actor, to: "CONTACTED" });
      await engagements.changeEngagementStatus(db, { engagementId, actor, to: "UNDER_REVIEW" });
      await engagements.recordOutcome(db, {
        engagementId,
        actor,
        kind: "APPROVED",
        fields: { approvedAmount: amount, annualRate: "3.9", termMonths: "12", decidedOn: today },
      });
      const result = await engagements.recordOutcome(db, {
        engagementId,
        actor,
        kind: "DISBURSED",
        fields: {
          disbursedAmount: amount,
          annualRate: "3.9",
          termMonths: "12",
          decidedOn: today,
          totalCreditAtInstitution: amount,
          firstLoanConfirmed: "on",
        },
      });
      expect(result.ok).toBe(true);
    }
    const declinedNeed = await world.need();
    const declined = await engagements.requestLead(db, { needId: declinedNeed, actor });
    await engagements.recordOutcome(db, {
      engagementId: declined.engagementId,
      actor,
      kind: "DECLINED",
      fields: { declineReason: "CREDIT_RECORD", declineMessage: "征信存在逾期记录" },
    });

    const mine = await performance.loadInstitutionPerformance(db, world.institutions.bankA.id);
    const month = today.slice(0, 7);
    const row = mine.months.find((candidate) => candidate.month === month)!;
    expect(row.disbursedAmount).toBe("300000.30");
    expect(row.disbursedCount).toBe(2);
    expect(row.requested).toBe(3);
    expect(row.declined).toBe(1);
    expect(mine.months).toHaveLength(12);
    expect(mine.totals).toMatchObject({
      requested: 3,
      accepted: 3,
      disbursed: 2,
      firstLoans: 2,
      disbursedAmount: "300000.30",
    });
    expect(mine.declineReasons).toEqual([{ reason: "CREDIT_RECORD", count: 1 }]);
    const theirs = await performance.loadInstitutionPerformance(db, world.institutions.bankB.id);
    expect(theirs.totals).toMatchObject({ requested: 0, disbursed: 0, disbursedAmount: "0.00" });
  });
});
