-- CreateEnum
CREATE TYPE "NodeChangeType" AS ENUM ('create', 'change');

-- CreateEnum
CREATE TYPE "InstanceKind" AS ENUM ('auto', 'test', 'backfill');

-- CreateEnum
CREATE TYPE "InstanceStatus" AS ENUM ('notRun', 'waitingTime', 'waitingResources', 'running', 'succeeded', 'failed');

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "periodicScheduling" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "schedulingDefaults" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "schedulingTimeZone" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "SyncNode" ADD COLUMN     "deployedVersionId" TEXT,
ADD COLUMN     "frozen" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "owner" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "scheduling" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "SyncNodeVersion" ADD COLUMN     "scheduling" JSONB;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "environment" "Environment" NOT NULL DEFAULT 'development',
ADD COLUMN     "instanceId" TEXT,
ADD COLUMN     "runNumber" INTEGER,
ADD COLUMN     "timeoutSeconds" INTEGER;

-- CreateTable
CREATE TABLE "NodeVersion" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "changeType" "NodeChangeType" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "jobSpec" JSONB NOT NULL,
    "arguments" TEXT NOT NULL DEFAULT '',
    "scheduling" JSONB NOT NULL,
    "resourceGroupId" TEXT,
    "committedBy" TEXT NOT NULL,
    "committedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deployedBy" TEXT,
    "deployedAt" TIMESTAMP(3),

    CONSTRAINT "NodeVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "kind" "InstanceKind" NOT NULL DEFAULT 'auto',
    "batch" TEXT NOT NULL DEFAULT '',
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "bizdate" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "status" "InstanceStatus" NOT NULL DEFAULT 'notRun',
    "frozen" BOOLEAN NOT NULL DEFAULT false,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "dryRunReason" TEXT,
    "setSucceededBy" TEXT,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "runNumber" INTEGER NOT NULL DEFAULT 0,
    "autoRerunsUsed" INTEGER NOT NULL DEFAULT 0,
    "currentRunId" TEXT,
    "createdBy" TEXT NOT NULL DEFAULT 'scheduler',
    "generatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "message" TEXT,

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstanceGeneration" (
    "workspaceId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "instances" INTEGER NOT NULL,

    CONSTRAINT "InstanceGeneration_pkey" PRIMARY KEY ("workspaceId","day")
);

-- CreateIndex
CREATE INDEX "NodeVersion_nodeId_deployedAt_idx" ON "NodeVersion"("nodeId", "deployedAt");

-- CreateIndex
CREATE UNIQUE INDEX "NodeVersion_nodeId_version_key" ON "NodeVersion"("nodeId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_currentRunId_key" ON "Instance"("currentRunId");

-- CreateIndex
CREATE INDEX "Instance_workspaceId_kind_bizdate_idx" ON "Instance"("workspaceId", "kind", "bizdate");

-- CreateIndex
CREATE INDEX "Instance_status_notBefore_idx" ON "Instance"("status", "notBefore");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_nodeId_kind_scheduledAt_batch_key" ON "Instance"("nodeId", "kind", "scheduledAt", "batch");

-- CreateIndex
CREATE UNIQUE INDEX "SyncNode_deployedVersionId_key" ON "SyncNode"("deployedVersionId");

-- CreateIndex
CREATE INDEX "Run_instanceId_idx" ON "Run"("instanceId");

-- AddForeignKey
ALTER TABLE "SyncNode" ADD CONSTRAINT "SyncNode_deployedVersionId_fkey" FOREIGN KEY ("deployedVersionId") REFERENCES "NodeVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NodeVersion" ADD CONSTRAINT "NodeVersion_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "SyncNode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "SyncNode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_currentRunId_fkey" FOREIGN KEY ("currentRunId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstanceGeneration" ADD CONSTRAINT "InstanceGeneration_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE SET NULL ON UPDATE CASCADE;
