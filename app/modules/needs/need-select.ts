/**
 * The columns that describe what an enterprise asked for — the need form's fields. The detail page, the edit form
 * and republishing (which copies them into a new need) read the same set, so a new form field is added here once.
 */
import type { Prisma } from "~/generated/prisma/client.ts";

export const needTermsSelect = {
  id: true,
  status: true,
  visibility: true,
  amount: true,
  termMonths: true,
  purposeCategory: true,
  description: true,
  shareDescription: true,
  collateralOffered: true,
  maxAnnualRate: true,
  wantedBy: true,
  wantsLoan: true,
  wantsGuarantee: true,
  wantsInsurance: true,
  flags: true,
  allowWidening: true,
} satisfies Prisma.FinancingNeedSelect;
