// Departments as history files name them: by the hub's code or by name, as a city's own export
// writes them. An unknown one is a row error unless the mapping allows creating it (a foreign
// city's agencies that the hub has never heard of, such as NYC's NYPD), never a silent null.

import { sql } from "drizzle-orm";
import type { ReferenceData } from "../store/reference.store.js";
import { rowsOf } from "../store/rule-tagger.js";
import type { Tx } from "../store/write.js";
import type { DepartmentRef } from "./mapping-history.js";

/** A reference that resolved: a known id, or a department to create with this code and name. */
export type Resolved = { id: number } | { create: { code: string; name: string } };

export class DepartmentResolver {
  private byName = new Map<string, number>();
  private version = -1;

  constructor(private readonly ref: ReferenceData) {}

  private names(): Map<string, number> {
    if (this.version !== this.ref.version) {
      this.version = this.ref.version;
      this.byName = new Map([...this.ref.departments.values()].map((d) => [d.name, d.id]));
    }
    return this.byName;
  }

  /** The department a reference names, one to create, or the reason it cannot be used. */
  resolve(d: DepartmentRef): Resolved | { error: string } {
    const ref = d.ref.trim();
    const id = this.ref.departmentsByCode.get(ref)?.id ?? this.names().get(ref);
    if (id !== undefined) return { id };
    if (d.create) return { create: { code: ref, name: d.name?.trim() || ref } };
    return { error: `department ${JSON.stringify(ref)} is neither a department code nor a name (load it, or let the mapping create it) / 承办单位不存在` };
  }

  /**
   * Creates the departments (kind other) inside the import's transaction; returns code → id for
   * them and any that a concurrent import created first.
   */
  static async create(tx: Tx, wanted: ReadonlyMap<string, string>): Promise<Map<string, number>> {
    if (wanted.size === 0) return new Map();
    const json = JSON.stringify([...wanted].map(([code, name]) => ({ code, name })));
    await tx.execute(sql`insert into departments (code, name, name_en, kind)
      select code, name, code, 'other' from json_to_recordset(${json}::json) as d(code text, name text)
      on conflict (code) do nothing`);
    const rows = rowsOf<{ id: number; code: string }>(
      await tx.execute(sql`select id, code from departments where code in (select code from json_to_recordset(${json}::json) as d(code text))`),
    );
    return new Map(rows.map((r) => [r.code, Number(r.id)]));
  }
}
