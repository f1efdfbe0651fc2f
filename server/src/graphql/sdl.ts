import path from "node:path";
import { fileURLToPath } from "node:url";
import { lexicographicSortSchema, printSchema } from "graphql";
import { buildCityOpsSchema } from "./schema.js";

/** The checked-in SDL; a test fails when it drifts from what the resolvers build. */
export const SDL_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../schema/schema.graphql");

export async function printCityOpsSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await buildCityOpsSchema())) + "\n";
}
