-- AlterTable
ALTER TABLE "NodeVersion" ADD COLUMN     "sameDayGeneratedAt" TIMESTAMP(3);
