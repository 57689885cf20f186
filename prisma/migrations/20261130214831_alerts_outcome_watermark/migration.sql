-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN     "outcomesCheckedUntil" TIMESTAMP(3);
