-- One row per submitted form (its submission token), so a double click, a retry after a timeout or a resubmitted
-- page runs the action once and replays its answer (app/web/form-submissions.server.ts).
CREATE TABLE "FormSubmission" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER,
    "location" TEXT,
    "contentType" TEXT,
    "responseBody" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FormSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FormSubmission_scope_token_path_key" ON "FormSubmission"("scope", "token", "path");

-- CreateIndex
CREATE INDEX "FormSubmission_expiresAt_idx" ON "FormSubmission"("expiresAt");
