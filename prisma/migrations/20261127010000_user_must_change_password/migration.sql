-- A user whose password someone else chose (an institution admin's one-time password for an invited officer) must
-- choose a new one before anything else (app/modules/auth/guard.server.ts, /account/password).
ALTER TABLE "User" ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;
