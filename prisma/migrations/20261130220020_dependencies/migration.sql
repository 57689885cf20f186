-- CreateEnum
CREATE TYPE "DependencyKind" AS ENUM ('sameCycle', 'crossCycle');

-- CreateTable
CREATE TABLE "InstanceDependency" (
    "childId" TEXT NOT NULL,
    "parentId" TEXT NOT NULL,
    "kind" "DependencyKind" NOT NULL DEFAULT 'sameCycle',

    CONSTRAINT "InstanceDependency_pkey" PRIMARY KEY ("childId","parentId")
);

-- CreateIndex
CREATE INDEX "InstanceDependency_parentId_idx" ON "InstanceDependency"("parentId");

-- AddForeignKey
ALTER TABLE "InstanceDependency" ADD CONSTRAINT "InstanceDependency_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstanceDependency" ADD CONSTRAINT "InstanceDependency_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
