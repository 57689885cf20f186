-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "verification" JSONB;
