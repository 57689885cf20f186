import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export const defaultDatabaseUrl = "postgresql://postgres@127.0.0.1:5432/synclane";

const globalForPrisma = globalThis as unknown as { synclanePrisma?: PrismaClient };

function createPrismaClient() {
  const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL || defaultDatabaseUrl });
  return new PrismaClient({ adapter });
}

// One client per process; `next dev` reloads modules, so keep it on globalThis.
export const db: PrismaClient = (globalForPrisma.synclanePrisma ??= createPrismaClient());
