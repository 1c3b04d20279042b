-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RegionKind" AS ENUM ('CITY', 'DISTRICT', 'COUNTY', 'FUNCTIONAL_ZONE', 'INDUSTRIAL_PARK');

-- CreateEnum
CREATE TYPE "CalendarDayKind" AS ENUM ('HOLIDAY', 'ADJUSTED_WORKDAY');

-- CreateEnum
CREATE TYPE "EntityType" AS ENUM ('TRANSFERRED_FIRM', 'SMALL_MICRO', 'INDIVIDUAL_BUSINESS', 'FARM_HOUSEHOLD', 'FAMILY_FARM', 'COOPERATIVE', 'AGRI_ENTERPRISE', 'OTHER');

-- CreateEnum
CREATE TYPE "SizeClass" AS ENUM ('LARGE', 'MEDIUM', 'SMALL', 'MICRO');

-- CreateEnum
CREATE TYPE "EnterpriseIdType" AS ENUM ('USCC', 'FARMER_ID');

-- CreateEnum
CREATE TYPE "InstitutionKind" AS ENUM ('BANK', 'INSURER', 'GUARANTOR');

-- CreateEnum
CREATE TYPE "InstitutionSubType" AS ENUM ('STATE_OWNED_BANK', 'JOINT_STOCK_BANK', 'CITY_COMMERCIAL_BANK', 'RURAL_COMMERCIAL_BANK', 'VILLAGE_BANK', 'POLICY_BANK', 'PROPERTY_INSURER', 'LIFE_INSURER', 'CREDIT_INSURER', 'GOVERNMENT_GUARANTOR', 'COMMERCIAL_GUARANTOR');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ENTERPRISE', 'OFFICER', 'INSTITUTION_ADMIN', 'BUREAU', 'ADMIN');

-- CreateEnum
CREATE TYPE "ProductKind" AS ENUM ('LOAN', 'INSURANCE', 'GUARANTEE');

-- CreateEnum
CREATE TYPE "Collateral" AS ENUM ('CREDIT', 'REAL_ESTATE', 'EQUIPMENT', 'LAND_USE_RIGHT', 'FISHING_BOAT', 'SEA_AREA_USE_RIGHT', 'RECEIVABLES', 'IP_PLEDGE', 'FOREST_RIGHT', 'CARBON_RIGHT', 'DEPOSIT_RECEIPT', 'GUARANTEE_COMPANY', 'PERSONAL_GUARANTEE', 'POLICY', 'SUBSIDY_RECEIVABLE', 'INVENTORY');

-- CreateEnum
CREATE TYPE "ProductFlag" AS ENUM ('FIRST_LOAN_FRIENDLY', 'GREEN', 'MARINE', 'AGRI', 'TECH', 'TRANSFER', 'INCLUSIVE');

-- CreateEnum
CREATE TYPE "PolicyTool" AS ENUM ('AGRI_SMALL_RELENDING', 'INCLUSIVE_SMALL_MICRO_TOOL', 'CARBON_REDUCTION_TOOL', 'TECH_INNOVATION_RELENDING');

-- CreateEnum
CREATE TYPE "ProductStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'RETIRED');

-- CreateEnum
CREATE TYPE "PurposeCategory" AS ENUM ('WORKING_CAPITAL', 'EQUIPMENT_PURCHASE', 'TECH_RETROFIT', 'PLANT_CONSTRUCTION', 'SPRING_FARMING', 'FISHING_BOAT_RENEWAL', 'MARINE_AQUACULTURE', 'GREEN_RETROFIT', 'RESEARCH_AND_DEVELOPMENT', 'EXPORT_ORDER', 'OTHER');

-- CreateEnum
CREATE TYPE "NeedFlag" AS ENUM ('FIRST_LOAN', 'AGRI', 'GREEN', 'MARINE', 'TECH', 'TRANSFER');

-- CreateEnum
CREATE TYPE "NeedVisibility" AS ENUM ('OPEN', 'DIRECTED');

-- CreateEnum
CREATE TYPE "NeedStatus" AS ENUM ('DRAFT', 'OPEN', 'IN_PROGRESS', 'SUCCEEDED', 'CLOSED_UNMET', 'WITHDRAWN', 'EXPIRED');

-- CreateEnum
CREATE TYPE "MatchKind" AS ENUM ('DIRECT', 'BUNDLE', 'NEAR_MISS');

-- CreateEnum
CREATE TYPE "EngagementStatus" AS ENUM ('REQUESTED', 'ACCEPTED', 'CONTACTED', 'UNDER_REVIEW', 'APPROVED', 'DISBURSED', 'DECLINED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "EngagementInitiator" AS ENUM ('ENTERPRISE', 'INSTITUTION');

-- CreateEnum
CREATE TYPE "OutcomeKind" AS ENUM ('APPROVED', 'DISBURSED', 'DECLINED');

-- CreateEnum
CREATE TYPE "OutcomeState" AS ENUM ('ACTIVE', 'SUPERSEDED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DeclineReason" AS ENUM ('NOT_QUALIFIED', 'INSUFFICIENT_COLLATERAL', 'CREDIT_RECORD', 'BUSINESS_RISK', 'QUOTA_EXHAUSTED', 'ENTERPRISE_GAVE_UP', 'OTHER');

-- CreateEnum
CREATE TYPE "LedgerMetric" AS ENUM ('FIRST_LOAN_BORROWER', 'INCLUSIVE_SMALL_MICRO_AMOUNT', 'INCLUSIVE_SMALL_MICRO_BORROWER', 'AGRI_AMOUNT', 'GREEN_AMOUNT', 'MARINE_AMOUNT', 'TRANSFER_FIRM_AMOUNT', 'DISBURSED_AMOUNT');

-- CreateEnum
CREATE TYPE "NotificationChannel" AS ENUM ('IN_APP', 'EMAIL', 'SMS', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "Region" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "RegionKind" NOT NULL,
    "parentId" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "responseDeadlineWorkingDays" INTEGER,
    "decisionDeadlineWorkingDays" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Region_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Industry" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sectionCode" TEXT,

    CONSTRAINT "Industry_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" DATE NOT NULL,
    "kind" "CalendarDayKind" NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "Enterprise" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "idType" "EnterpriseIdType" NOT NULL DEFAULT 'USCC',
    "idNumber" TEXT NOT NULL,
    "entityType" "EntityType" NOT NULL,
    "sizeClass" "SizeClass" NOT NULL,
    "industrySection" TEXT NOT NULL,
    "industryDivision" TEXT,
    "regionId" TEXT NOT NULL,
    "parkId" TEXT,
    "foundedOn" DATE,
    "employees" INTEGER,
    "annualRevenue" DECIMAL(18,2),
    "originCity" TEXT,
    "declaresNoPriorLoan" BOOLEAN NOT NULL DEFAULT false,
    "legalRepresentative" TEXT,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "contactEmail" TEXT,
    "address" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Enterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Institution" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT NOT NULL,
    "kind" "InstitutionKind" NOT NULL,
    "subType" "InstitutionSubType" NOT NULL,
    "parentId" TEXT,
    "isKeyPartner" BOOLEAN NOT NULL DEFAULT false,
    "locatedInRegionId" TEXT,
    "servicePhone" TEXT,
    "address" TEXT,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Institution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstitutionRegion" (
    "institutionId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,

    CONSTRAINT "InstitutionRegion_pkey" PRIMARY KEY ("institutionId","regionId")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "loginName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "enterpriseId" TEXT,
    "institutionId" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "preferredRegionIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "preferredIndustrySections" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "lastSignInAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "kind" "ProductKind" NOT NULL,
    "name" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "minAmount" DECIMAL(18,2) NOT NULL,
    "maxAmount" DECIMAL(18,2) NOT NULL,
    "minTermMonths" INTEGER NOT NULL,
    "maxTermMonths" INTEGER NOT NULL,
    "minAnnualRate" DECIMAL(7,4),
    "maxAnnualRate" DECIMAL(7,4),
    "feeRate" DECIMAL(7,4),
    "acceptedCollateral" "Collateral"[],
    "eligibleEntityTypes" "EntityType"[],
    "eligibleIndustrySections" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "minYearsInBusiness" INTEGER NOT NULL DEFAULT 0,
    "flags" "ProductFlag"[] DEFAULT ARRAY[]::"ProductFlag"[],
    "policyTool" "PolicyTool",
    "status" "ProductStatus" NOT NULL DEFAULT 'DRAFT',
    "validFrom" DATE,
    "validTo" DATE,
    "publishedAt" TIMESTAMP(3),
    "retiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductRegion" (
    "productId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,

    CONSTRAINT "ProductRegion_pkey" PRIMARY KEY ("productId","regionId")
);

-- CreateTable
CREATE TABLE "FinancingNeed" (
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "termMonths" INTEGER NOT NULL,
    "purposeCategory" "PurposeCategory" NOT NULL,
    "description" TEXT NOT NULL,
    "shareDescription" BOOLEAN NOT NULL DEFAULT false,
    "collateralOffered" "Collateral"[] DEFAULT ARRAY[]::"Collateral"[],
    "maxAnnualRate" DECIMAL(7,4),
    "wantedBy" DATE,
    "wantsLoan" BOOLEAN NOT NULL DEFAULT true,
    "wantsGuarantee" BOOLEAN NOT NULL DEFAULT false,
    "wantsInsurance" BOOLEAN NOT NULL DEFAULT false,
    "flags" "NeedFlag"[] DEFAULT ARRAY[]::"NeedFlag"[],
    "visibility" "NeedVisibility" NOT NULL DEFAULT 'OPEN',
    "allowWidening" BOOLEAN NOT NULL DEFAULT true,
    "status" "NeedStatus" NOT NULL DEFAULT 'DRAFT',
    "publishedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "firstResponseDueAt" TIMESTAMP(3),
    "firstRespondedAt" TIMESTAMP(3),
    "overdueSince" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closeNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FinancingNeed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NeedDirectedInstitution" (
    "needId" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "addedByEscalation" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NeedDirectedInstitution_pkey" PRIMARY KEY ("needId","institutionId")
);

-- CreateTable
CREATE TABLE "ConsentTextVersion" (
    "version" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "effectiveAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentTextVersion_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "institutionId" TEXT,
    "textVersion" TEXT NOT NULL,
    "grantedById" TEXT NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Match" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "kind" "MatchKind" NOT NULL,
    "bundleProductId" TEXT,
    "score" DECIMAL(5,2) NOT NULL,
    "rank" INTEGER NOT NULL,
    "components" JSONB NOT NULL,
    "reasons" TEXT[],
    "failedConditions" JSONB,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Match_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Engagement" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "officerId" TEXT,
    "initiatedBy" "EngagementInitiator" NOT NULL,
    "status" "EngagementStatus" NOT NULL DEFAULT 'REQUESTED',
    "activeSlot" INTEGER,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),
    "contactedAt" TIMESTAMP(3),
    "decisionDueAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Engagement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NeedEvent" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "engagementId" TEXT,
    "actorId" TEXT,
    "type" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "note" TEXT,
    "data" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NeedEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Outcome" (
    "id" TEXT NOT NULL,
    "engagementId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "state" "OutcomeState" NOT NULL DEFAULT 'ACTIVE',
    "kind" "OutcomeKind" NOT NULL,
    "approvedAmount" DECIMAL(18,2),
    "disbursedAmount" DECIMAL(18,2),
    "annualRate" DECIMAL(7,4),
    "termMonths" INTEGER,
    "decidedOn" DATE NOT NULL,
    "productId" TEXT,
    "policyTool" "PolicyTool",
    "firstLoanConfirmed" BOOLEAN NOT NULL DEFAULT false,
    "totalCreditAtInstitution" DECIMAL(18,2),
    "declineReason" "DeclineReason",
    "declineMessage" TEXT,
    "recordedById" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Outcome_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" TEXT NOT NULL,
    "entryKey" TEXT NOT NULL,
    "outcomeId" TEXT NOT NULL,
    "metric" "LedgerMetric" NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "borrowerCount" INTEGER NOT NULL DEFAULT 0,
    "enterpriseId" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "entityType" "EntityType" NOT NULL,
    "productKind" "ProductKind",
    "policyTool" "PolicyTool",
    "occurredOn" DATE NOT NULL,
    "reversesId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "metric" "LedgerMetric" NOT NULL,
    "regionId" TEXT NOT NULL,
    "institutionId" TEXT,
    "value" DECIMAL(20,2) NOT NULL,
    "setById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "uniqueKey" TEXT NOT NULL,
    "recipientId" TEXT,
    "webhookEndpointId" TEXT,
    "channel" "NotificationChannel" NOT NULL,
    "template" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "payload" JSONB,
    "status" "NotificationStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "readAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "isEnabled" BOOLEAN NOT NULL DEFAULT true,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "disabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" TEXT NOT NULL,
    "sequence" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "aggregateType" TEXT NOT NULL,
    "aggregateId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "relayedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL,
    "actorId" TEXT,
    "actorRole" "Role",
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "data" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Region_code_key" ON "Region"("code");

-- CreateIndex
CREATE INDEX "Region_parentId_idx" ON "Region"("parentId");

-- CreateIndex
CREATE INDEX "Region_kind_idx" ON "Region"("kind");

-- CreateIndex
CREATE INDEX "Industry_sectionCode_idx" ON "Industry"("sectionCode");

-- CreateIndex
CREATE INDEX "Enterprise_regionId_idx" ON "Enterprise"("regionId");

-- CreateIndex
CREATE INDEX "Enterprise_entityType_idx" ON "Enterprise"("entityType");

-- CreateIndex
CREATE INDEX "Enterprise_industrySection_idx" ON "Enterprise"("industrySection");

-- CreateIndex
CREATE UNIQUE INDEX "Enterprise_idType_idNumber_key" ON "Enterprise"("idType", "idNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Institution_code_key" ON "Institution"("code");

-- CreateIndex
CREATE INDEX "Institution_parentId_idx" ON "Institution"("parentId");

-- CreateIndex
CREATE INDEX "Institution_kind_idx" ON "Institution"("kind");

-- CreateIndex
CREATE INDEX "InstitutionRegion_regionId_idx" ON "InstitutionRegion"("regionId");

-- CreateIndex
CREATE UNIQUE INDEX "User_loginName_key" ON "User"("loginName");

-- CreateIndex
CREATE INDEX "User_enterpriseId_idx" ON "User"("enterpriseId");

-- CreateIndex
CREATE INDEX "User_institutionId_role_idx" ON "User"("institutionId", "role");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Product_code_key" ON "Product"("code");

-- CreateIndex
CREATE INDEX "Product_institutionId_status_idx" ON "Product"("institutionId", "status");

-- CreateIndex
CREATE INDEX "Product_status_kind_idx" ON "Product"("status", "kind");

-- CreateIndex
CREATE INDEX "ProductRegion_regionId_idx" ON "ProductRegion"("regionId");

-- CreateIndex
CREATE INDEX "FinancingNeed_enterpriseId_status_idx" ON "FinancingNeed"("enterpriseId", "status");

-- CreateIndex
CREATE INDEX "FinancingNeed_status_publishedAt_idx" ON "FinancingNeed"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "FinancingNeed_regionId_status_idx" ON "FinancingNeed"("regionId", "status");

-- CreateIndex
CREATE INDEX "FinancingNeed_overdueSince_idx" ON "FinancingNeed"("overdueSince");

-- CreateIndex
CREATE INDEX "FinancingNeed_firstResponseDueAt_idx" ON "FinancingNeed"("firstResponseDueAt");

-- CreateIndex
CREATE INDEX "NeedDirectedInstitution_institutionId_idx" ON "NeedDirectedInstitution"("institutionId");

-- CreateIndex
CREATE INDEX "ConsentRecord_needId_institutionId_idx" ON "ConsentRecord"("needId", "institutionId");

-- CreateIndex
CREATE INDEX "ConsentRecord_enterpriseId_idx" ON "ConsentRecord"("enterpriseId");

-- CreateIndex
CREATE INDEX "Match_productId_idx" ON "Match"("productId");

-- CreateIndex
CREATE INDEX "Match_needId_rank_idx" ON "Match"("needId", "rank");

-- CreateIndex
CREATE UNIQUE INDEX "Match_needId_productId_kind_key" ON "Match"("needId", "productId", "kind");

-- CreateIndex
CREATE INDEX "Engagement_institutionId_status_idx" ON "Engagement"("institutionId", "status");

-- CreateIndex
CREATE INDEX "Engagement_officerId_status_idx" ON "Engagement"("officerId", "status");

-- CreateIndex
CREATE INDEX "Engagement_status_decisionDueAt_idx" ON "Engagement"("status", "decisionDueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Engagement_needId_institutionId_key" ON "Engagement"("needId", "institutionId");

-- CreateIndex
CREATE UNIQUE INDEX "Engagement_needId_activeSlot_key" ON "Engagement"("needId", "activeSlot");

-- CreateIndex
CREATE INDEX "NeedEvent_needId_createdAt_idx" ON "NeedEvent"("needId", "createdAt");

-- CreateIndex
CREATE INDEX "NeedEvent_engagementId_createdAt_idx" ON "NeedEvent"("engagementId", "createdAt");

-- CreateIndex
CREATE INDEX "Outcome_kind_decidedOn_idx" ON "Outcome"("kind", "decidedOn");

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_engagementId_version_key" ON "Outcome"("engagementId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_entryKey_key" ON "LedgerEntry"("entryKey");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_reversesId_key" ON "LedgerEntry"("reversesId");

-- CreateIndex
CREATE INDEX "LedgerEntry_metric_occurredOn_idx" ON "LedgerEntry"("metric", "occurredOn");

-- CreateIndex
CREATE INDEX "LedgerEntry_regionId_metric_occurredOn_idx" ON "LedgerEntry"("regionId", "metric", "occurredOn");

-- CreateIndex
CREATE INDEX "LedgerEntry_institutionId_metric_occurredOn_idx" ON "LedgerEntry"("institutionId", "metric", "occurredOn");

-- CreateIndex
CREATE INDEX "LedgerEntry_enterpriseId_idx" ON "LedgerEntry"("enterpriseId");

-- CreateIndex
CREATE UNIQUE INDEX "Target_year_metric_regionId_institutionId_key" ON "Target"("year", "metric", "regionId", "institutionId") NULLS NOT DISTINCT;

-- CreateIndex
CREATE UNIQUE INDEX "Notification_uniqueKey_key" ON "Notification"("uniqueKey");

-- CreateIndex
CREATE INDEX "Notification_recipientId_channel_readAt_idx" ON "Notification"("recipientId", "channel", "readAt");

-- CreateIndex
CREATE INDEX "Notification_status_createdAt_idx" ON "Notification"("status", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_institutionId_idx" ON "WebhookEndpoint"("institutionId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_sequence_key" ON "OutboxEvent"("sequence");

-- CreateIndex
CREATE INDEX "OutboxEvent_relayedAt_sequence_idx" ON "OutboxEvent"("relayedAt", "sequence");

-- CreateIndex
CREATE INDEX "OutboxEvent_aggregateType_aggregateId_idx" ON "OutboxEvent"("aggregateType", "aggregateId");

-- CreateIndex
CREATE INDEX "AuditLog_subjectType_subjectId_idx" ON "AuditLog"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_createdAt_idx" ON "AuditLog"("actorId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_action_createdAt_idx" ON "AuditLog"("action", "createdAt");

-- AddForeignKey
ALTER TABLE "Region" ADD CONSTRAINT "Region_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Industry" ADD CONSTRAINT "Industry_sectionCode_fkey" FOREIGN KEY ("sectionCode") REFERENCES "Industry"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enterprise" ADD CONSTRAINT "Enterprise_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enterprise" ADD CONSTRAINT "Enterprise_parkId_fkey" FOREIGN KEY ("parkId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Institution" ADD CONSTRAINT "Institution_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Institution" ADD CONSTRAINT "Institution_locatedInRegionId_fkey" FOREIGN KEY ("locatedInRegionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstitutionRegion" ADD CONSTRAINT "InstitutionRegion_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstitutionRegion" ADD CONSTRAINT "InstitutionRegion_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Product" ADD CONSTRAINT "Product_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductRegion" ADD CONSTRAINT "ProductRegion_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductRegion" ADD CONSTRAINT "ProductRegion_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinancingNeed" ADD CONSTRAINT "FinancingNeed_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinancingNeed" ADD CONSTRAINT "FinancingNeed_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinancingNeed" ADD CONSTRAINT "FinancingNeed_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedDirectedInstitution" ADD CONSTRAINT "NeedDirectedInstitution_needId_fkey" FOREIGN KEY ("needId") REFERENCES "FinancingNeed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedDirectedInstitution" ADD CONSTRAINT "NeedDirectedInstitution_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_needId_fkey" FOREIGN KEY ("needId") REFERENCES "FinancingNeed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_textVersion_fkey" FOREIGN KEY ("textVersion") REFERENCES "ConsentTextVersion"("version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Match" ADD CONSTRAINT "Match_needId_fkey" FOREIGN KEY ("needId") REFERENCES "FinancingNeed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Match" ADD CONSTRAINT "Match_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Match" ADD CONSTRAINT "Match_bundleProductId_fkey" FOREIGN KEY ("bundleProductId") REFERENCES "Product"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_needId_fkey" FOREIGN KEY ("needId") REFERENCES "FinancingNeed"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedEvent" ADD CONSTRAINT "NeedEvent_needId_fkey" FOREIGN KEY ("needId") REFERENCES "FinancingNeed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedEvent" ADD CONSTRAINT "NeedEvent_engagementId_fkey" FOREIGN KEY ("engagementId") REFERENCES "Engagement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedEvent" ADD CONSTRAINT "NeedEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_engagementId_fkey" FOREIGN KEY ("engagementId") REFERENCES "Engagement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_outcomeId_fkey" FOREIGN KEY ("outcomeId") REFERENCES "Outcome"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_reversesId_fkey" FOREIGN KEY ("reversesId") REFERENCES "LedgerEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_setById_fkey" FOREIGN KEY ("setById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_webhookEndpointId_fkey" FOREIGN KEY ("webhookEndpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
