import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // type-graphql's ESM build and vitest would otherwise load two copies of graphql.
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    include: ["unit/**/*.test.ts", "integration/**/*.test.ts", "e2e/**/*.test.ts"],
    // PostgreSQL and Redis for the run: the machine's when they answer, else started here.
    globalSetup: ["helpers/services.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration files start servers and databases; two cores do not take many at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
