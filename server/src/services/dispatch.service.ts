import type { Db } from "../db/client.js";
import { dispatchSources } from "../store/dispatch-sources.js";
import { DispatchSuggester, type Suggestion } from "../domain/dispatch/suggester.js";
import type { MatterRow } from "../store/matter.store.js";

/**
 * Keeps a dispatch suggester built from the database: current matters, active precedents and
 * resolved history. Built on first use and rebuilt after the list or the precedents change, so
 * the hot path (one suggestion per intake) never touches the database.
 */
export class DispatchService {
  private building: Promise<{ suggester: DispatchSuggester; matters: Map<number, MatterRow> }> | null = null;

  constructor(private readonly db: Db) {}

  invalidate(): void {
    this.building = null;
  }

  private state() {
    this.building ??= this.build().catch((err: unknown) => {
      this.building = null;
      throw err;
    });
    return this.building;
  }

  private async build() {
    const [current, prec, history] = await dispatchSources(this.db);
    const suggester = new DispatchSuggester();
    suggester.addMatters(
      current.map((m) => ({
        matterId: m.id,
        departmentId: m.leadDepartmentId,
        name: m.name,
        keywords: m.keywords,
        legalBasis: m.legalBasis,
        domain: m.domain,
      })),
    );
    suggester.addPrecedents(
      prec.map((p) => ({
        precedentId: p.id,
        departmentId: p.departmentId,
        matterId: p.matterId,
        title: p.title,
        summary: p.summary,
        keywords: p.keywords,
      })),
    );
    suggester.addHistory(
      history.map((h) => ({ departmentId: h.departmentId!, matterId: h.matterId, text: `${h.title ?? ""} ${h.content}` })),
    );
    return { suggester, matters: new Map(current.map((m) => [m.id, m])) };
  }

  async suggest(text: string, limit = 5): Promise<Suggestion[]> {
    const { suggester } = await this.state();
    return suggester.suggest(text, limit);
  }

  /** A current matter by id, from the suggester's snapshot. */
  async matter(id: number): Promise<MatterRow | null> {
    return (await this.state()).matters.get(id) ?? null;
  }

  async warm(): Promise<void> {
    await this.state();
  }
}
