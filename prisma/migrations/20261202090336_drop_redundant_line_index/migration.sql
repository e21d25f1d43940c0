-- (shop, state, inventoryItemId) is a prefix of BackorderLine_waiting_idx, which serves the same reads.
-- DropIndex
DROP INDEX "BackorderLine_shop_state_inventoryItemId_idx";
