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
    "oldest" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WaitingStock_pkey" PRIMARY KEY ("shop","inventoryItemId","locationId")
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
CREATE FUNCTION "BackorderLine_waiting"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- An update is the old line leaving and the new one arriving.
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."state" = 'backordered' THEN
        UPDATE "WaitingStock" SET "units" = "units" - OLD."backordered", "lines" = "lines" - 1
        WHERE "shop" = OLD."shop" AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId";
        DELETE FROM "WaitingStock"
        WHERE "shop" = OLD."shop" AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId" AND "lines" <= 0;
        UPDATE "WaitingStock" SET "oldest" = (
            SELECT "createdAt" FROM "BackorderLine"
            WHERE "shop" = OLD."shop" AND "state" = 'backordered' AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId"
            ORDER BY "createdAt" LIMIT 1)
        WHERE "shop" = OLD."shop" AND "inventoryItemId" = OLD."inventoryItemId" AND "locationId" = OLD."locationId" AND "oldest" = OLD."createdAt";
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."state" = 'backordered' THEN
        INSERT INTO "WaitingStock" ("shop", "inventoryItemId", "locationId", "units", "lines", "oldest")
        VALUES (NEW."shop", NEW."inventoryItemId", NEW."locationId", NEW."backordered", 1, NEW."createdAt")
        ON CONFLICT ("shop", "inventoryItemId", "locationId") DO UPDATE SET
            "units" = "WaitingStock"."units" + EXCLUDED."units",
            "lines" = "WaitingStock"."lines" + 1,
            "oldest" = LEAST("WaitingStock"."oldest", EXCLUDED."oldest");
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "BackorderLine_waiting_insert_delete" AFTER INSERT OR DELETE ON "BackorderLine"
FOR EACH ROW EXECUTE FUNCTION "BackorderLine_waiting"();

CREATE TRIGGER "BackorderLine_waiting_update" AFTER UPDATE OF "state", "backordered", "inventoryItemId", "locationId", "createdAt", "shop" ON "BackorderLine"
FOR EACH ROW WHEN ((OLD."state" = 'backordered' OR NEW."state" = 'backordered')
    AND (OLD."state", OLD."backordered", OLD."inventoryItemId", OLD."locationId", OLD."createdAt", OLD."shop")
        IS DISTINCT FROM (NEW."state", NEW."backordered", NEW."inventoryItemId", NEW."locationId", NEW."createdAt", NEW."shop"))
EXECUTE FUNCTION "BackorderLine_waiting"();

-- The lines waiting now.
INSERT INTO "WaitingStock" ("shop", "inventoryItemId", "locationId", "units", "lines", "oldest")
SELECT "shop", "inventoryItemId", "locationId", SUM("backordered"), COUNT(*), MIN("createdAt")
FROM "BackorderLine" WHERE "state" = 'backordered'
GROUP BY "shop", "inventoryItemId", "locationId";
