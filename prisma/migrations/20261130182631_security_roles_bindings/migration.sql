-- CreateEnum
CREATE TYPE "LoginAttemptOutcome" AS ENUM ('pending', 'failed');

-- CreateEnum
CREATE TYPE "WorkspaceRole" AS ENUM ('administrator', 'developer', 'operations', 'visitor');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "disabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "LoginAttempt" ADD COLUMN     "outcome" "LoginAttemptOutcome" NOT NULL DEFAULT 'pending';

-- AlterTable
ALTER TABLE "WorkspaceMember" ADD COLUMN     "role" "WorkspaceRole" NOT NULL DEFAULT 'developer';

-- AlterTable
ALTER TABLE "DataSourceConfig" ADD COLUMN     "lastTestWarning" TEXT;

-- CreateTable
CREATE TABLE "ResourceGroupBinding" (
    "resourceGroupId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResourceGroupBinding_pkey" PRIMARY KEY ("resourceGroupId","workspaceId")
);

-- CreateIndex
CREATE INDEX "ResourceGroupBinding_workspaceId_idx" ON "ResourceGroupBinding"("workspaceId");

-- CreateIndex
CREATE INDEX "LoginAttempt_username_address_createdAt_idx" ON "LoginAttempt"("username", "address", "createdAt");

-- AddForeignKey
ALTER TABLE "ResourceGroupBinding" ADD CONSTRAINT "ResourceGroupBinding_resourceGroupId_fkey" FOREIGN KEY ("resourceGroupId") REFERENCES "ResourceGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceGroupBinding" ADD CONSTRAINT "ResourceGroupBinding_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data (added to the generated DDL): rows recorded before this migration were all failures,
-- and every group that existed was usable by every workspace, so bind it to each of them.
UPDATE "LoginAttempt" SET "outcome" = 'failed';
INSERT INTO "ResourceGroupBinding" ("resourceGroupId", "workspaceId")
SELECT g."id", w."id" FROM "ResourceGroup" g CROSS JOIN "Workspace" w;
