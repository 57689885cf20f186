-- CreateEnum
CREATE TYPE "ConnectivityCheckStatus" AS ENUM ('pending', 'claimed', 'answered');

-- CreateTable
CREATE TABLE "ConnectivityCheck" (
    "id" TEXT NOT NULL,
    "resourceGroupId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "dataSourceId" TEXT NOT NULL,
    "status" "ConnectivityCheckStatus" NOT NULL DEFAULT 'pending',
    "workerId" TEXT,
    "ok" BOOLEAN,
    "message" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "ConnectivityCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConnectivityCheck_resourceGroupId_status_requestedAt_idx" ON "ConnectivityCheck"("resourceGroupId", "status", "requestedAt");

-- AddForeignKey
ALTER TABLE "ConnectivityCheck" ADD CONSTRAINT "ConnectivityCheck_resourceGroupId_fkey" FOREIGN KEY ("resourceGroupId") REFERENCES "ResourceGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;
