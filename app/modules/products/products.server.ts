/**
 * Product management for an institution admin: create, edit, publish, retire. Every function is scoped by the
 * admin's own institution id (another institution's product is a 404). Publishing and retiring write an outbox event
 * in the same transaction; the jobs reindex the product and run reverse matching (published) or remove it from
 * search and future matches (retired). Retired products stay in the database: outcomes and history point at them.
 */
import { decimalToYuanString } from "~/kernel/money.ts";
import { randomBytes } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { ProductStatus } from "~/generated/prisma/enums.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import { parseWithSchema, type FieldErrors } from "~/kernel/forms.ts";
import { conflict, domainError, notFound } from "~/kernel/errors.ts";
import { recordOutboxEvent } from "~/modules/outbox/outbox.server.ts";
import { productFormSchema, productKindOf, SUBSIDY_FIELDS, type ProductFormInput } from "./product-form.ts";
import { productCostSelect, productTermsSelect } from "./product-select.ts";
import { productStatusLabel } from "~/kernel/labels.ts";
import { dateColumnDay, shanghaiToday } from "~/kernel/time.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";

export async function loadInstitutionKind(db: DbOrTx, institutionId: string) {
  const institution = await db.institution.findUnique({
    where: { id: institutionId },
    select: { kind: true, code: true, name: true },
  });
  if (!institution) throw notFound("未找到您所在的金融机构");
  return institution;
}

/** Regions a product may name: the whole tree (a product may be offered beyond where the branch sits). */
export async function loadRegionOptions(db: DbOrTx) {
  return db.region.findMany({
    orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
    select: { id: true, name: true, kind: true, parentId: true },
  });
}

const productDetailSelect = {
  ...productTermsSelect,
  ...productCostSelect,
  status: true,
  publishedAt: true,
  retiredAt: true,
  createdAt: true,
  updatedAt: true,
  regions: { select: { regionId: true } },
  _count: { select: { outcomes: true, matches: true } },
} satisfies Prisma.ProductSelect;

function productView(row: Prisma.ProductGetPayload<{ select: typeof productDetailSelect }>) {
  return {
    ...row,
    minAmount: decimalToYuanString(row.minAmount),
    maxAmount: decimalToYuanString(row.maxAmount),
    minAnnualRate: row.minAnnualRate?.toFixed(4) ?? null,
    maxAnnualRate: row.maxAnnualRate?.toFixed(4) ?? null,
    feeRate: row.feeRate?.toFixed(4) ?? null,
    upfrontFeeAmount: row.upfrontFeeAmount?.toFixed(2) ?? null,
    upfrontFeeRate: row.upfrontFeeRate?.toFixed(4) ?? null,
    periodicFeeRate: row.periodicFeeRate?.toFixed(4) ?? null,
    guaranteeFeeRate: row.guaranteeFeeRate?.toFixed(4) ?? null,
    premiumRate: row.premiumRate?.toFixed(4) ?? null,
    subsidies: row.subsidies.map((subsidy) => ({ ...subsidy, annualRate: subsidy.annualRate.toFixed(4) })),
    validFrom: dateColumnDay(row.validFrom),
    validTo: dateColumnDay(row.validTo),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    retiredAt: row.retiredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    regionIds: row.regions.map((region) => region.regionId),
  };
}

export type ProductView = ReturnType<typeof productView>;

export async function listOwnProducts(db: DbOrTx, institutionId: string, status?: ProductStatus) {
  const rows = await db.product.findMany({
    where: { institutionId, ...(status ? { status } : {}) },
    orderBy: [{ status: "asc" }, { updatedAt: "desc" }],
    select: productDetailSelect,
  });
  return rows.map(productView);
}

export async function loadOwnProduct(db: DbOrTx, productId: string, institutionId: string): Promise<ProductView> {
  const row = await db.product.findFirst({ where: { id: productId, institutionId }, select: productDetailSelect });
  if (!row) throw notFound("该产品不存在或不属于本机构");
  return productView(row);
}

function toColumns(input: ProductFormInput) {
  const date = (day: string | undefined) => (day ? new Date(`${day}T00:00:00Z`) : null);
  return {
    name: input.name,
    summary: input.summary,
    description: input.description,
    minAmount: input.minAmount,
    maxAmount: input.maxAmount,
    minTermMonths: input.minTermMonths,
    maxTermMonths: input.maxTermMonths,
    minAnnualRate: typeof input.minAnnualRate === "string" ? input.minAnnualRate : null,
    maxAnnualRate: typeof input.maxAnnualRate === "string" ? input.maxAnnualRate : null,
    feeRate: typeof input.feeRate === "string" ? input.feeRate : null,
    acceptedCollateral: input.acceptedCollateral,
    eligibleEntityTypes: input.eligibleEntityTypes,
    eligibleIndustrySections: input.eligibleIndustrySections,
    minYearsInBusiness: input.minYearsInBusiness,
    flags: input.flags,
    policyTool: input.policyTool ?? null,
    validFrom: date(input.validFrom),
    validTo: date(input.validTo),
    repaymentMethods: input.repaymentMethods ?? [],
    upfrontFeeAmount: input.upfrontFeeAmount ?? null,
    upfrontFeeRate: input.upfrontFeeRate ?? null,
    periodicFeeRate: input.periodicFeeRate ?? null,
    periodicFeeBase: input.periodicFeeBase ?? "PRINCIPAL",
    guaranteeFeeRate: input.guaranteeFeeRate ?? null,
    premiumRate: input.premiumRate ?? null,
    feeBasis: input.feeBasis ?? "UPFRONT",
    feeBase: input.feeBase ?? "PRINCIPAL",
  };
}

/** The subsidies posted with the form: a section counts when its rate is above zero. */
function subsidyRows(input: ProductFormInput) {
  return SUBSIDY_FIELDS.flatMap(({ kind, prefix }) => {
    const rate = input[`${prefix}Rate`];
    const mode = input[`${prefix}Mode`];
    if (typeof rate !== "string" || Number(rate) === 0 || !mode) return [];
    return [
      {
        kind,
        mode,
        annualRate: rate,
        source: input[`${prefix}Source`] ?? "",
        eligibility: input[`${prefix}Eligibility`] ?? "",
      },
    ];
  });
}

export type SaveProductResult = { ok: true; productId: string } | { ok: false; fieldErrors: FieldErrors };

async function parseProduct(db: DbOrTx, institutionId: string, fields: Record<string, unknown>) {
  const [institution, regions] = await Promise.all([
    loadInstitutionKind(db, institutionId),
    db.region.findMany({ select: { id: true } }),
  ]);
  const kind = productKindOf[institution.kind];
  const parsed = parseWithSchema(productFormSchema({ kind, regionIds: regions.map((region) => region.id) }), fields);
  return { institution, kind, parsed };
}

async function audit(
  tx: DbOrTx,
  actor: InstitutionActor,
  action: "PRODUCT_CREATED" | "PRODUCT_UPDATED" | "PRODUCT_PUBLISHED" | "PRODUCT_RETIRED",
  productId: string,
  data: Prisma.InputJsonValue = {},
) {
  await recordAudit(tx, { action, actor, subject: { type: "Product", id: productId }, data });
}

/** A new product, always a DRAFT: nothing reaches enterprises until the admin publishes it. */
export async function createProduct(
  db: Db,
  args: { actor: InstitutionActor; fields: Record<string, unknown> },
): Promise<SaveProductResult> {
  const { institution, kind, parsed } = await parseProduct(db, args.actor.institutionId, args.fields);
  if (!parsed.ok) return parsed;
  const productId = await db.$transaction(async (tx) => {
    const product = await tx.product.create({
      data: {
        ...toColumns(parsed.data),
        code: `${institution.code}-${Date.now().toString(36).toUpperCase()}${randomBytes(2).toString("hex").toUpperCase()}`,
        institutionId: args.actor.institutionId,
        kind,
        status: "DRAFT",
        regions: { create: parsed.data.regionIds.map((regionId) => ({ regionId })) },
        subsidies: { create: subsidyRows(parsed.data) },
      },
      select: { id: true },
    });
    await audit(tx, args.actor, "PRODUCT_CREATED", product.id);
    return product.id;
  });
  return { ok: true, productId };
}

/**
 * Edits a draft or a published product. A published product's new terms are announced (product.updated) so the
 * index and the matches follow; a retired product is history and cannot change.
 */
export async function updateProduct(
  db: Db,
  args: { actor: InstitutionActor; productId: string; fields: Record<string, unknown> },
): Promise<SaveProductResult> {
  const current = await loadOwnProduct(db, args.productId, args.actor.institutionId);
  if (current.status === "RETIRED") throw conflict("已下架的产品不能再修改，如需重新提供请新建产品");
  const { parsed } = await parseProduct(db, args.actor.institutionId, args.fields);
  if (!parsed.ok) return parsed;
  await db.$transaction(async (tx) => {
    const { count } = await tx.product.updateMany({
      where: { id: current.id, institutionId: args.actor.institutionId, status: current.status },
      data: toColumns(parsed.data),
    });
    if (count !== 1) throw conflict("产品状态已被他人更新，请刷新页面后重试");
    await tx.productRegion.deleteMany({ where: { productId: current.id } });
    await tx.productRegion.createMany({
      data: parsed.data.regionIds.map((regionId) => ({ productId: current.id, regionId })),
    });
    await tx.productSubsidy.deleteMany({ where: { productId: current.id } });
    await tx.productSubsidy.createMany({
      data: subsidyRows(parsed.data).map((subsidy) => ({ ...subsidy, productId: current.id })),
    });
    await audit(tx, args.actor, "PRODUCT_UPDATED", current.id);
    if (current.status === "PUBLISHED") {
      await recordOutboxEvent(tx, {
        type: "product.updated",
        aggregateId: current.id,
        payload: { productId: current.id },
      });
    }
  });
  return { ok: true, productId: current.id };
}

/** DRAFT → PUBLISHED. A product whose validity already ended cannot go on sale. */
export async function publishProduct(
  db: Db,
  args: { actor: InstitutionActor; productId: string; now?: Date },
): Promise<void> {
  const now = args.now ?? new Date();
  const product = await loadOwnProduct(db, args.productId, args.actor.institutionId);
  if (product.status !== "DRAFT") {
    throw conflict(`产品当前为“${productStatusLabel[product.status]}”，只有草稿可以上架`);
  }
  if (product.validTo && product.validTo < shanghaiToday(now)) throw conflict("产品有效期已过，请先修改截止日期再上架");
  await db.$transaction(async (tx) => {
    const { count } = await tx.product.updateMany({
      where: { id: product.id, institutionId: args.actor.institutionId, status: "DRAFT" },
      data: { status: "PUBLISHED", publishedAt: now, retiredAt: null },
    });
    if (count !== 1) throw conflict("产品状态已被他人更新，请刷新页面后重试");
    await audit(tx, args.actor, "PRODUCT_PUBLISHED", product.id);
    await recordOutboxEvent(tx, {
      type: "product.published",
      aggregateId: product.id,
      payload: { productId: product.id },
    });
  });
}

/** DRAFT or PUBLISHED → RETIRED: off the shelf and out of future matches; the row and its history stay. */
export async function retireProduct(
  db: Db,
  args: { actor: InstitutionActor; productId: string; now?: Date },
): Promise<void> {
  const now = args.now ?? new Date();
  const product = await loadOwnProduct(db, args.productId, args.actor.institutionId);
  if (product.status === "RETIRED") throw conflict("该产品已经下架");
  await db.$transaction(async (tx) => {
    const { count } = await tx.product.updateMany({
      where: { id: product.id, institutionId: args.actor.institutionId, status: product.status },
      data: { status: "RETIRED", retiredAt: now },
    });
    if (count !== 1) throw conflict("产品状态已被他人更新，请刷新页面后重试");
    await audit(tx, args.actor, "PRODUCT_RETIRED", product.id, { from: product.status });
    await recordOutboxEvent(tx, {
      type: "product.retired",
      aggregateId: product.id,
      payload: { productId: product.id },
    });
  });
}

// ───────────────────────────── Open API ─────────────────────────────

/** A product as the Open API answers it: the view without the screen's counters and join rows. */
export function toApiProduct(view: ProductView) {
  return {
    id: view.id,
    code: view.code,
    kind: view.kind,
    status: view.status,
    name: view.name,
    summary: view.summary,
    description: view.description,
    minAmount: view.minAmount,
    maxAmount: view.maxAmount,
    minTermMonths: view.minTermMonths,
    maxTermMonths: view.maxTermMonths,
    minAnnualRate: view.minAnnualRate,
    maxAnnualRate: view.maxAnnualRate,
    feeRate: view.feeRate,
    acceptedCollateral: view.acceptedCollateral,
    eligibleEntityTypes: view.eligibleEntityTypes,
    eligibleIndustrySections: view.eligibleIndustrySections,
    regionIds: view.regionIds,
    minYearsInBusiness: view.minYearsInBusiness,
    flags: view.flags,
    policyTool: view.policyTool,
    validFrom: view.validFrom,
    validTo: view.validTo,
    repaymentMethods: view.repaymentMethods,
    upfrontFeeAmount: view.upfrontFeeAmount,
    upfrontFeeRate: view.upfrontFeeRate,
    periodicFeeRate: view.periodicFeeRate,
    periodicFeeBase: view.periodicFeeBase,
    guaranteeFeeRate: view.guaranteeFeeRate,
    premiumRate: view.premiumRate,
    feeBasis: view.feeBasis,
    feeBase: view.feeBase,
    subsidies: view.subsidies,
    publishedAt: view.publishedAt,
    retiredAt: view.retiredAt,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
  };
}

export type ApiProduct = ReturnType<typeof toApiProduct>;

const invalidProductCursor = () => domainError(400, "INVALID_CURSOR", "cursor 无效：请使用上一页返回的 nextCursor");

function encodeProductCursor(row: { createdAt: string; id: string }): string {
  return Buffer.from(`${Date.parse(row.createdAt)}.${row.id}`, "utf8").toString("base64url");
}

function decodeProductCursor(cursor: string): { createdAt: Date; id: string } {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalidProductCursor();
  const match = /^(\d{1,15})\.([a-z0-9]{1,64})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match?.[1] || !match[2]) throw invalidProductCursor();
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

/**
 * One page of the institution's products in any status, oldest first by (createdAt, id). A listing, not a feed:
 * what changes later reaches a client through the events feed, or by reading the product again.
 */
export async function listOwnProductsPage(
  db: DbOrTx,
  args: { institutionId: string; cursor?: string; limit: number },
): Promise<{ items: ApiProduct[]; nextCursor: string; hasMore: boolean }> {
  const after = args.cursor ? decodeProductCursor(args.cursor) : null;
  const rows = await db.product.findMany({
    where: {
      institutionId: args.institutionId,
      ...(after
        ? {
            OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }],
          }
        : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: args.limit + 1,
    select: productDetailSelect,
  });
  const page = rows.slice(0, args.limit).map(productView);
  const last = page.at(-1);
  return {
    items: page.map(toApiProduct),
    nextCursor: last ? encodeProductCursor(last) : (args.cursor ?? ""),
    hasMore: rows.length > args.limit,
  };
}
