-- Month-end loan balances reported by institutions (versioned per month) and the entered start-of-year bases
-- of institutions that joined mid-year; the 两增 check is computed from them. See docs/domain.md.

-- CreateTable
CREATE TABLE "BalanceReport" (
    "id" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "month" VARCHAR(7) NOT NULL,
    "version" INTEGER NOT NULL,
    "isCurrent" BOOLEAN NOT NULL DEFAULT true,
    "source" TEXT NOT NULL,
    "fileName" TEXT,
    "submittedById" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "loanCount" INTEGER NOT NULL,
    "totalBalance" DECIMAL(20,2) NOT NULL,
    "inclusiveBalance" DECIMAL(20,2) NOT NULL,
    "inclusiveBorrowers" INTEGER NOT NULL,
    "agriBalance" DECIMAL(20,2) NOT NULL,
    "greenBalance" DECIMAL(20,2) NOT NULL,
    "marineBalance" DECIMAL(20,2) NOT NULL,
    "transferBalance" DECIMAL(20,2) NOT NULL,

    CONSTRAINT "BalanceReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BalanceRow" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "borrowerCode" TEXT NOT NULL,
    "borrowerName" TEXT NOT NULL,
    "enterpriseId" TEXT,
    "loanId" TEXT NOT NULL,
    "productId" TEXT,
    "inclusive" BOOLEAN NOT NULL,
    "agri" BOOLEAN NOT NULL,
    "green" BOOLEAN NOT NULL,
    "marine" BOOLEAN NOT NULL,
    "transfer" BOOLEAN NOT NULL,
    "balance" DECIMAL(18,2) NOT NULL,
    "totalCredit" DECIMAL(18,2) NOT NULL,

    CONSTRAINT "BalanceRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BalanceBaseline" (
    "id" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "totalBalance" DECIMAL(20,2) NOT NULL,
    "inclusiveBalance" DECIMAL(20,2) NOT NULL,
    "inclusiveBorrowers" INTEGER NOT NULL,
    "setById" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BalanceBaseline_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BalanceReport_month_isCurrent_idx" ON "BalanceReport"("month", "isCurrent");

-- CreateIndex
CREATE UNIQUE INDEX "BalanceReport_institutionId_month_version_key" ON "BalanceReport"("institutionId", "month", "version");

-- CreateIndex
CREATE INDEX "BalanceRow_reportId_borrowerCode_idx" ON "BalanceRow"("reportId", "borrowerCode");

-- CreateIndex
CREATE INDEX "BalanceRow_enterpriseId_idx" ON "BalanceRow"("enterpriseId");

-- CreateIndex
CREATE UNIQUE INDEX "BalanceRow_reportId_loanId_key" ON "BalanceRow"("reportId", "loanId");

-- CreateIndex
CREATE UNIQUE INDEX "BalanceBaseline_institutionId_year_key" ON "BalanceBaseline"("institutionId", "year");

-- AddForeignKey
ALTER TABLE "BalanceReport" ADD CONSTRAINT "BalanceReport_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BalanceReport" ADD CONSTRAINT "BalanceReport_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BalanceRow" ADD CONSTRAINT "BalanceRow_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "BalanceReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BalanceRow" ADD CONSTRAINT "BalanceRow_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BalanceRow" ADD CONSTRAINT "BalanceRow_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BalanceBaseline" ADD CONSTRAINT "BalanceBaseline_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BalanceBaseline" ADD CONSTRAINT "BalanceBaseline_setById_fkey" FOREIGN KEY ("setById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
