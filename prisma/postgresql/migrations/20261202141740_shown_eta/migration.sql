-- AlterTable
ALTER TABLE "BackorderLine" ADD COLUMN     "shownEta" TEXT;

