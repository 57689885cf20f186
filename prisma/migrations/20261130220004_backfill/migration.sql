-- CreateEnum
CREATE TYPE "BackfillStatus" AS ENUM ('running', 'succeeded', 'failed', 'stopped');

-- AlterTable
ALTER TABLE "Instance" ADD COLUMN     "backfillId" TEXT;

-- CreateTable
CREATE TABLE "Backfill" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rootNodeId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "dates" TEXT[],
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "BackfillStatus" NOT NULL DEFAULT 'running',
    "stoppedBy" TEXT,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Backfill_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Backfill_workspaceId_createdAt_idx" ON "Backfill"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "Instance_backfillId_bizdate_idx" ON "Instance"("backfillId", "bizdate");

-- AddForeignKey
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_backfillId_fkey" FOREIGN KEY ("backfillId") REFERENCES "Backfill"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Backfill" ADD CONSTRAINT "Backfill_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Backfill" ADD CONSTRAINT "Backfill_rootNodeId_fkey" FOREIGN KEY ("rootNodeId") REFERENCES "SyncNode"("id") ON DELETE CASCADE ON UPDATE CASCADE;
