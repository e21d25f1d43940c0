-- Purchase planning: the shop's vendors and the locations it has stock at
-- are listed from indexes; the waiting lines are summed per item and
-- location in WaitingStock, kept by the triggers below.
-- CreateTable
CREATE TABLE "WaitingStock" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "lines" INTEGER NOT NULL,
    "oldest" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "inventoryItemId", "locationId")
);

-- CreateIndex
CREATE INDEX "BackorderLine_waiting_idx" ON "BackorderLine"("shop", "state", "inventoryItemId", "locationId", "createdAt");

-- CreateIndex
CREATE INDEX "InventoryLevel_shop_locationId_idx" ON "InventoryLevel"("shop", "locationId");

-- CreateIndex
CREATE INDEX "VariantSetting_shop_vendor_idx" ON "VariantSetting"("shop", "vendor");

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

-- The lines waiting now.
INSERT INTO "WaitingStock" ("shop", "inventoryItemId", "locationId", "units", "lines", "oldest")
SELECT "shop", "inventoryItemId", "locationId", SUM("backordered"), COUNT(*), MIN("createdAt")
FROM "BackorderLine" WHERE "state" = 'backordered'
GROUP BY "shop", "inventoryItemId", "locationId";
