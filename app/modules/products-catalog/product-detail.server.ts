/**
 * One product as the public sees it: read from Postgres (the truth), only while published by an active institution,
 * with its terms and eligibility written out in plain Chinese for people who are not used to finance jargon.
 */
import { formatTermRange } from "~/kernel/time.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { dateColumnDay, shanghaiToday } from "~/kernel/time.ts";
import { notFound } from "~/kernel/errors.ts";
import { formatMoneyRange, toFen } from "~/kernel/money.ts";
import { productCostSelect, productTermsSelect } from "~/modules/products/product-select.ts";
import { productCostTerms } from "~/modules/products/product-cost-terms.ts";
import { productRateText } from "./catalog.server.ts";
import {
  collateralSentence,
  entityTypeLabel,
  industryLabel,
  institutionKindLabel,
  policyToolLabel,
  productFlagLabel,
  productKindLabel,
} from "~/kernel/labels.ts";

export async function loadPublicProduct(db: DbOrTx, productId: string, now: Date = new Date()) {
  const product = await db.product.findFirst({
    where: { id: productId, status: "PUBLISHED", institution: { isActive: true } },
    select: {
      ...productTermsSelect,
      ...productCostSelect,
      regions: { select: { region: { select: { name: true } } } },
      institution: {
        select: {
          id: true,
          name: true,
          shortName: true,
          kind: true,
          isKeyPartner: true,
          servicePhone: true,
          address: true,
          regionsServed: { select: { region: { select: { name: true } } } },
        },
      },
    },
  });
  if (!product) throw notFound("该金融产品不存在或已下架");
  const today = new Date(`${shanghaiToday(now)}T00:00:00Z`);
  if ((product.validFrom && product.validFrom > today) || (product.validTo && product.validTo < today)) {
    throw notFound("该金融产品不在有效期内");
  }

  const regionNames =
    product.regions.length > 0
      ? product.regions.map((item) => item.region.name)
      : product.institution.regionsServed.map((item) => item.region.name);
  const collateral = product.acceptedCollateral;
  const eligibility: { label: string; text: string }[] = [
    {
      label: "适用对象",
      text:
        product.eligibleEntityTypes.length > 0
          ? product.eligibleEntityTypes.map((type) => entityTypeLabel[type]).join("、")
          : "各类经营主体均可申请",
    },
    {
      label: "适用行业",
      text:
        product.eligibleIndustrySections.length > 0
          ? product.eligibleIndustrySections.map(industryLabel).join("、")
          : "不限行业",
    },
    { label: "适用地区", text: regionNames.length > 0 ? regionNames.join("、") : "不限地区" },
    {
      label: "经营年限",
      text: product.minYearsInBusiness > 0 ? `成立满 ${product.minYearsInBusiness} 年` : "不限成立年限",
    },
    {
      label: "担保方式",
      text:
        collateral.length === 0 || (collateral.length === 1 && collateral[0] === "CREDIT")
          ? "信用方式，无需抵押"
          : `可用${collateral.map((item) => collateralSentence[item]).join("、")}${collateral.includes("CREDIT") ? "，也可纯信用" : ""}`,
    },
  ];
  const terms: { label: string; text: string }[] = [
    {
      label: product.kind === "LOAN" ? "贷款额度" : product.kind === "GUARANTEE" ? "担保额度" : "保险金额",
      text: formatMoneyRange(toFen(product.minAmount), toFen(product.maxAmount)),
    },
    { label: "期限", text: formatTermRange(product.minTermMonths, product.maxTermMonths) },
    {
      label: product.kind === "LOAN" ? "合同年利率（单利）" : "费率",
      text: productRateText(product) ?? "以机构审批为准",
    },
  ];
  if (product.policyTool) terms.push({ label: "政策工具", text: policyToolLabel[product.policyTool] });
  if (product.validTo) terms.push({ label: "有效期至", text: dateColumnDay(product.validTo) });

  return {
    id: product.id,
    name: product.name,
    summary: product.summary,
    description: product.description,
    kind: product.kind,
    kindLabel: productKindLabel[product.kind],
    flagLabels: product.flags.map((flag) => productFlagLabel[flag]),
    institution: {
      name: product.institution.name,
      shortName: product.institution.shortName,
      kindLabel: institutionKindLabel[product.institution.kind],
      isKeyPartner: product.institution.isKeyPartner,
      servicePhone: product.institution.servicePhone,
      address: product.institution.address,
    },
    terms,
    eligibility,
    costTerms: productCostTerms(product),
    range: {
      minAmountFen: toFen(product.minAmount),
      maxAmountFen: toFen(product.maxAmount),
      minTermMonths: product.minTermMonths,
      maxTermMonths: product.maxTermMonths,
    },
  };
}

export type PublicProduct = Awaited<ReturnType<typeof loadPublicProduct>>;
