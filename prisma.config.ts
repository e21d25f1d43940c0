// Prisma CLI configuration. The engines Prisma would download are out of reach
// on offline machines, so the CLI runs on the JavaScript engine through the
// same driver adapters the app uses. The database URL picks the provider.
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./data/dev.db";
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  adapter: async () => (postgres ? new PrismaPg({ connectionString: url }) : new PrismaLibSQL({ url })),
});
