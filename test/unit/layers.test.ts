import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layer rules live in eslint.config.js; this lints deliberate violations as if they were files
 * of the server, so a rule that stops working fails here, not in a review months later.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("the layer rules of the lint config", () => {
  it("keeps I/O, transports and outer layers out of the domain", async () => {
    expect(await problems("server/src/domain/zz-violation.ts", `import { sql } from "drizzle-orm";\nexport const q = sql\`select 1\`;\n`)).toEqual([
      expect.stringMatching(/no-restricted-imports: .*The domain does no I\/O/),
    ]);
    expect(await problems("server/src/domain/zz-violation.ts", `import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n`)).toHaveLength(1);
    expect(await problems("server/src/domain/tagging/zz-violation.ts", `import { TicketStore } from "../../store/ticket.store.js";\nexport const s = TicketStore;\n`)).toEqual([
      expect.stringMatching(/The domain imports nothing from the layers around it/),
    ]);
    expect(await problems("server/src/domain/zz-violation.ts", `import { tickets } from "@cityops/schema";\nexport const t = tickets;\n`)).toEqual([
      expect.stringMatching(/not the package root/),
    ]);
    // What the domain may use passes.
    expect(await problems("server/src/domain/zz-fine.ts", `import { TICKET_STATUSES } from "@cityops/schema/vocabulary";\nexport const n = TICKET_STATUSES.length;\n`)).toEqual([]);
  });

  it("keeps SQL in the store and resolvers under GraphQL", async () => {
    expect(await problems("server/src/http/zz-violation.ts", `import { sql } from "drizzle-orm";\nexport const q = sql\`select 1\`;\n`)).toEqual([
      expect.stringMatching(/Only the store \(and db\) speaks SQL/),
    ]);
    expect(await problems("server/src/store/zz-fine.ts", `import { sql } from "drizzle-orm";\nexport const q = sql\`select 1\`;\n`)).toEqual([]);
    expect(await problems("server/src/http/zz-violation.ts", `import { ReportResolver } from "../graphql/resolvers/report.resolver.js";\nexport const r = ReportResolver;\n`)).toEqual([
      expect.stringMatching(/Only the GraphQL schema imports resolvers/),
    ]);
    // The store may name a service's type, never call it.
    expect(await problems("server/src/store/zz-fine.ts", `import type { DispatchService } from "../services/dispatch.service.js";\nexport type D = DispatchService;\n`)).toEqual([]);
    expect(await problems("server/src/store/zz-violation.ts", `import { DispatchService } from "../services/dispatch.service.js";\nexport const d = DispatchService;\n`)).toEqual([
      expect.stringMatching(/may name their types, never call them/),
    ]);
  });

  it("refuses an import circle", async () => {
    // ticket-query.ts is imported by ticket.store.ts: importing ticket.store back closes a circle.
    const code = `import { TicketStore } from "./ticket.store.js";\nexport const s = TicketStore;\n`;
    const out = await problems("server/src/store/ticket-query.ts", code);
    expect(out.some((m) => m.startsWith("import-x/no-cycle"))).toBe(true);
  });
});
