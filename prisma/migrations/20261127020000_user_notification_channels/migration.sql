-- Each user chooses the channels besides in-app messages (/account/notifications): e-mail, and SMS for urgent ones.
-- Existing users keep receiving what they received before.
ALTER TABLE "User" ADD COLUMN "notifyByEmail" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "User" ADD COLUMN "notifyBySms" BOOLEAN NOT NULL DEFAULT true;
