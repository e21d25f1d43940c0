-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "trigger" TEXT;

-- CreateIndex
CREATE INDEX "AuditEvent_shop_type_createdAt_idx" ON "AuditEvent"("shop", "type", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_shop_subject_createdAt_idx" ON "AuditEvent"("shop", "subject", "createdAt");

-- CreateIndex
CREATE INDEX "OrderSnapshot_shop_name_idx" ON "OrderSnapshot"("shop", "name");

