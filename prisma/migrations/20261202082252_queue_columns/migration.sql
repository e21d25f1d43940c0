-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BackorderLine" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "allocated" INTEGER NOT NULL,
    "backordered" INTEGER NOT NULL,
    "queuePosition" INTEGER,
    "state" TEXT NOT NULL,
    "promisedEta" TEXT,
    "currentEta" TEXT,
    "etaSource" TEXT,
    "releasedByMerchant" BOOLEAN NOT NULL DEFAULT false,
    "backorderedOn" TEXT,
    "waitedUnits" INTEGER NOT NULL DEFAULT 0,
    "unitPriceCents" INTEGER,
    "resolvedAt" DATETIME,
    "resolvedOn" TEXT,
    "waitHours" INTEGER,
    "releasedOnTime" BOOLEAN,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "orderName" TEXT NOT NULL DEFAULT '',
    "orderedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "customerName" TEXT NOT NULL DEFAULT '',
    "customerTags" TEXT NOT NULL DEFAULT '',
    "sku" TEXT NOT NULL DEFAULT '',
    "productLabel" TEXT NOT NULL DEFAULT '',
    "searchText" TEXT NOT NULL DEFAULT '',
    "lateOn" TEXT NOT NULL DEFAULT '9999-12-31'
);
INSERT INTO "new_BackorderLine" ("allocated", "backordered", "backorderedOn", "createdAt", "currentEta", "etaSource", "id", "inventoryItemId", "lineItemId", "locationId", "orderId", "promisedEta", "quantity", "queuePosition", "releasedByMerchant", "releasedOnTime", "resolvedAt", "resolvedOn", "shop", "state", "unitPriceCents", "updatedAt", "waitHours", "waitedUnits") SELECT "allocated", "backordered", "backorderedOn", "createdAt", "currentEta", "etaSource", "id", "inventoryItemId", "lineItemId", "locationId", "orderId", "promisedEta", "quantity", "queuePosition", "releasedByMerchant", "releasedOnTime", "resolvedAt", "resolvedOn", "shop", "state", "unitPriceCents", "updatedAt", "waitHours", "waitedUnits" FROM "BackorderLine";
DROP TABLE "BackorderLine";
ALTER TABLE "new_BackorderLine" RENAME TO "BackorderLine";
CREATE INDEX "BackorderLine_shop_state_idx" ON "BackorderLine"("shop", "state");
CREATE INDEX "BackorderLine_shop_state_createdAt_idx" ON "BackorderLine"("shop", "state", "createdAt");
CREATE INDEX "BackorderLine_shop_state_backordered_waitedUnits_unitPriceCents_idx" ON "BackorderLine"("shop", "state", "backordered", "waitedUnits", "unitPriceCents");
CREATE INDEX "BackorderLine_shop_backorderedOn_state_waitedUnits_idx" ON "BackorderLine"("shop", "backorderedOn", "state", "waitedUnits");
CREATE INDEX "BackorderLine_shop_promisedEta_idx" ON "BackorderLine"("shop", "promisedEta");
CREATE INDEX "BackorderLine_shop_resolvedOn_state_idx" ON "BackorderLine"("shop", "resolvedOn", "state");
CREATE INDEX "BackorderLine_shop_inventoryItemId_locationId_idx" ON "BackorderLine"("shop", "inventoryItemId", "locationId");
CREATE INDEX "BackorderLine_queue_walk_idx" ON "BackorderLine"("shop", "state", "orderedAt", "id", "lateOn", "customerTags", "searchText");
CREATE INDEX "BackorderLine_shop_state_backordered_id_idx" ON "BackorderLine"("shop", "state", "backordered", "id");
CREATE INDEX "BackorderLine_shop_state_productLabel_id_idx" ON "BackorderLine"("shop", "state", "productLabel", "id");
CREATE INDEX "BackorderLine_shop_state_locationId_orderedAt_id_idx" ON "BackorderLine"("shop", "state", "locationId", "orderedAt", "id");
CREATE INDEX "BackorderLine_shop_state_inventoryItemId_idx" ON "BackorderLine"("shop", "state", "inventoryItemId");
CREATE INDEX "BackorderLine_shop_state_releasedByMerchant_idx" ON "BackorderLine"("shop", "state", "releasedByMerchant");
CREATE UNIQUE INDEX "BackorderLine_shop_lineItemId_locationId_key" ON "BackorderLine"("shop", "lineItemId", "locationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Rebuilding BackorderLine dropped what the purchase_planning migration made
-- on it: its index and WaitingStock's triggers. Made again, and WaitingStock
-- counted again from the lines.
CREATE INDEX "BackorderLine_waiting_idx" ON "BackorderLine"("shop", "state", "inventoryItemId", "locationId", "createdAt");

-- WaitingStock follows every insert, update and delete of a line: a line
-- counts while its state is 'backordered'. The oldest line is found again (one
-- seek on BackorderLine_waiting_idx) only when the oldest one stops waiting.
-- An update that changes none of the columns counted costs nothing.
CREATE TRIGGER "BackorderLine_waiting_insert" AFTER INSERT ON "BackorderLine"
WHEN NEW."state" = 'backordered'
BEGIN
    INSERT INTO "WaitingStock" ("shop", "inventoryItemId", "locationId", "units", "lines", "oldest")
    VALUES (NEW."shop", NEW."inventoryItemId", NEW."locationId", NEW."backordered", 1, NEW."createdAt")
    ON CONFLICT ("shop", "inventoryItemId", "locationId") DO UPDATE SET
        "units" = "units" + excluded."units",
        "lines" = "lines" + 1,
        "oldest" = CASE WHEN excluded."oldest" < "oldest" THEN excluded."oldest" ELSE "oldest" END;
END;

CREATE TRIGGER "BackorderLine_waiting_delete" AFTER DELETE ON "BackorderLine"
WHEN OLD."state" = 'backordered'
BEGIN
    UPDATE "WaitingStock" SET "units" = "units" - OLD."backordered", "lines" = "lines" - 1
    WHERE "shop" = OLD."shop" AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId";
    DELETE FROM "WaitingStock"
    WHERE "shop" = OLD."shop" AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId" AND "lines" <= 0;
    UPDATE "WaitingStock" SET "oldest" = (
        SELECT "createdAt" FROM "BackorderLine"
        WHERE "shop" = OLD."shop" AND "state" = 'backordered' AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId"
        ORDER BY "createdAt" LIMIT 1)
    WHERE "shop" = OLD."shop" AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId" AND "oldest" = OLD."createdAt";
END;

-- An update is the old line leaving and the new one arriving.
CREATE TRIGGER "BackorderLine_waiting_update" AFTER UPDATE OF "state", "backordered", "inventoryItemId", "locationId", "createdAt", "shop" ON "BackorderLine"
WHEN (OLD."state" = 'backordered' OR NEW."state" = 'backordered')
    AND (OLD."state" IS NOT NEW."state" OR OLD."backordered" IS NOT NEW."backordered" OR OLD."inventoryItemId" IS NOT NEW."inventoryItemId"
        OR OLD."locationId" IS NOT NEW."locationId" OR OLD."createdAt" IS NOT NEW."createdAt" OR OLD."shop" IS NOT NEW."shop")
BEGIN
    UPDATE "WaitingStock" SET "units" = "units" - OLD."backordered", "lines" = "lines" - 1
    WHERE OLD."state" = 'backordered' AND "shop" = OLD."shop" AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId";
    DELETE FROM "WaitingStock"
    WHERE OLD."state" = 'backordered' AND "shop" = OLD."shop" AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId" AND "lines" <= 0;
    UPDATE "WaitingStock" SET "oldest" = (
        SELECT "createdAt" FROM "BackorderLine"
        WHERE "shop" = OLD."shop" AND "state" = 'backordered' AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId"
        ORDER BY "createdAt" LIMIT 1)
    WHERE OLD."state" = 'backordered' AND "shop" = OLD."shop" AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId"
        AND "oldest" = OLD."createdAt";
    INSERT INTO "WaitingStock" ("shop", "inventoryItemId", "locationId", "units", "lines", "oldest")
    SELECT NEW."shop", NEW."inventoryItemId", NEW."locationId", NEW."backordered", 1, NEW."createdAt" WHERE NEW."state" = 'backordered'
    ON CONFLICT ("shop", "inventoryItemId", "locationId") DO UPDATE SET
        "units" = "units" + excluded."units",
        "lines" = "lines" + 1,
        "oldest" = CASE WHEN excluded."oldest" < "oldest" THEN excluded."oldest" ELSE "oldest" END;
END;

DELETE FROM "WaitingStock";
INSERT INTO "WaitingStock" ("shop", "inventoryItemId", "locationId", "units", "lines", "oldest")
SELECT "shop", "inventoryItemId", "locationId", SUM("backordered"), COUNT(*), MIN("createdAt")
FROM "BackorderLine" WHERE "state" = 'backordered'
GROUP BY "shop", "inventoryItemId", "locationId";
