-- CreateEnum
CREATE TYPE "AlertObjectType" AS ENUM ('node', 'workflow', 'workspace');

-- CreateEnum
CREATE TYPE "AlertTrigger" AS ENUM ('error', 'errorAfterAutoRerun', 'finished', 'uncompletedBy', 'uncompletedInCycle', 'timedOut');

-- CreateEnum
CREATE TYPE "AlertChannel" AS ENUM ('email', 'webhook', 'dingtalk', 'lark', 'wecom');

-- CreateEnum
CREATE TYPE "AlertEventStatus" AS ENUM ('pending', 'sent', 'failed', 'suppressed');

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "objectType" "AlertObjectType" NOT NULL,
    "objectIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "trigger" "AlertTrigger" NOT NULL,
    "uncompletedByTime" TEXT,
    "thresholdMinutes" INTEGER,
    "emails" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "webhookUrls" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "dingtalkUrl" TEXT NOT NULL DEFAULT '',
    "dingtalkSecretSealed" TEXT,
    "larkUrl" TEXT NOT NULL DEFAULT '',
    "larkSecretSealed" TEXT,
    "wecomUrl" TEXT NOT NULL DEFAULT '',
    "minIntervalMinutes" INTEGER NOT NULL DEFAULT 30,
    "maxAlertsPerDay" INTEGER NOT NULL DEFAULT 10,
    "quietStart" TEXT NOT NULL DEFAULT '',
    "quietEnd" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "trigger" "AlertTrigger" NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "channel" "AlertChannel" NOT NULL,
    "recipient" TEXT NOT NULL,
    "recipientKey" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "AlertEventStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkspaceSmtpSettings" (
    "workspaceId" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 587,
    "security" TEXT NOT NULL DEFAULT 'starttls',
    "username" TEXT NOT NULL DEFAULT '',
    "passwordSealed" TEXT,
    "fromAddress" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkspaceSmtpSettings_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateIndex
CREATE INDEX "AlertRule_enabled_idx" ON "AlertRule"("enabled");

-- CreateIndex
CREATE UNIQUE INDEX "AlertRule_workspaceId_name_key" ON "AlertRule"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "AlertEvent_status_nextAttemptAt_idx" ON "AlertEvent"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AlertEvent_workspaceId_createdAt_idx" ON "AlertEvent"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "AlertEvent_ruleId_createdAt_idx" ON "AlertEvent"("ruleId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertEvent_ruleId_instanceId_trigger_attempt_channel_recipi_key" ON "AlertEvent"("ruleId", "instanceId", "trigger", "attempt", "channel", "recipientKey");

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkspaceSmtpSettings" ADD CONSTRAINT "WorkspaceSmtpSettings_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
