-- The terms a borrower's total cost depends on (年化综合成本, by the IRR method): how a loan is repaid, its fees,
-- how guarantee fees and premiums are charged, and the subsidies its borrowers may receive.
CREATE TYPE "RepaymentMethod" AS ENUM ('BULLET', 'INTEREST_ONLY', 'EQUAL_INSTALMENT', 'EQUAL_PRINCIPAL', 'REVOLVING');
CREATE TYPE "FeeBase" AS ENUM ('PRINCIPAL', 'BALANCE');
CREATE TYPE "ChargeBasis" AS ENUM ('UPFRONT', 'YEARLY');
CREATE TYPE "SubsidyKind" AS ENUM ('INTEREST', 'GUARANTEE_FEE');
CREATE TYPE "SubsidyMode" AS ENUM ('RATE_REDUCTION', 'REFUND');

ALTER TABLE "Product" ADD COLUMN "repaymentMethods" "RepaymentMethod"[] DEFAULT ARRAY[]::"RepaymentMethod"[];
ALTER TABLE "Product" ADD COLUMN "upfrontFeeAmount" DECIMAL(18,2);
ALTER TABLE "Product" ADD COLUMN "upfrontFeeRate" DECIMAL(7,4);
ALTER TABLE "Product" ADD COLUMN "periodicFeeRate" DECIMAL(7,4);
ALTER TABLE "Product" ADD COLUMN "periodicFeeBase" "FeeBase" NOT NULL DEFAULT 'PRINCIPAL';
ALTER TABLE "Product" ADD COLUMN "guaranteeFeeRate" DECIMAL(7,4);
ALTER TABLE "Product" ADD COLUMN "premiumRate" DECIMAL(7,4);
ALTER TABLE "Product" ADD COLUMN "feeBasis" "ChargeBasis" NOT NULL DEFAULT 'UPFRONT';
ALTER TABLE "Product" ADD COLUMN "feeBase" "FeeBase" NOT NULL DEFAULT 'PRINCIPAL';

CREATE TABLE "ProductSubsidy" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "kind" "SubsidyKind" NOT NULL,
    "mode" "SubsidyMode" NOT NULL,
    "annualRate" DECIMAL(7,4) NOT NULL,
    "source" TEXT NOT NULL,
    "eligibility" TEXT NOT NULL,

    CONSTRAINT "ProductSubsidy_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ProductSubsidy_productId_kind_key" ON "ProductSubsidy"("productId", "kind");
ALTER TABLE "ProductSubsidy" ADD CONSTRAINT "ProductSubsidy_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing products: small-business loans are repaid monthly interest with principal at maturity or in equal
-- instalments (the methods banks offer by default); one-year-or-shorter loans may also be repaid in one go, and
-- online credit lines (快贷, e贷, 随借随还) are drawn and repaid at will. Small-business loans charge no other fees
-- (the 2021–2023 fee rules), so none are set. Guarantee companies charge their fee yearly in advance on the
-- principal; a loan insurance premium is paid once at drawdown. No subsidy is assumed: each has a policy source and
-- is entered by the institution.
UPDATE "Product"
SET "repaymentMethods" = ARRAY['INTEREST_ONLY', 'EQUAL_INSTALMENT', 'EQUAL_PRINCIPAL']::"RepaymentMethod"[]
    || CASE WHEN "minTermMonths" <= 12 THEN ARRAY['BULLET']::"RepaymentMethod"[] ELSE ARRAY[]::"RepaymentMethod"[] END
    || CASE WHEN "name" ~ '(随借随还|快贷|e贷|E贷)' THEN ARRAY['REVOLVING']::"RepaymentMethod"[] ELSE ARRAY[]::"RepaymentMethod"[] END
WHERE "kind" = 'LOAN';
UPDATE "Product" SET "feeBasis" = 'YEARLY', "feeBase" = 'PRINCIPAL' WHERE "kind" = 'GUARANTEE';
