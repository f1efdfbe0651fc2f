import { eq, and } from "drizzle-orm";
import { knowledgeAnswers, type AppealType, type Channel, type Source } from "@cityops/schema";
import type { Db } from "../db/client.js";
import type { Actor } from "../domain/actor.js";
import { invalidInput } from "../domain/errors.js";
import { RuleTagger } from "./rule-tagger.js";
import type { ReferenceData } from "./reference.store.js";
import { GroupCommit } from "./group-commit.js";
import { writeIntakeBatch, type IntakeResult, type PreparedTicket } from "./intake-write.js";
import type { DispatchService } from "../services/dispatch.service.js";
import type { EventBus } from "../realtime/bus.js";
import { writeTx } from "./write.js";

export interface NewTicket {
  source: Source;
  externalId: string;
  channel: Channel;
  appealType: AppealType;
  content: string;
  title?: string | undefined;
  address?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  citizenName?: string | undefined;
  citizenPhone?: string | undefined;
  receivedAt?: Date | undefined;
  raw?: Record<string, unknown> | undefined;
}

const SOURCE_CHANNELS: Record<Source, readonly Channel[]> = {
  hotline: ["phone", "web", "wechat", "app", "enterprise_line"],
  grid: ["grid_report", "app"],
  department: ["department_push", "sensor", "web"],
};

/** GraphQL and JSON send null for "not given": one meaning for both before anything looks at it. */
export function normalizeNewTicket(t: NewTicket): NewTicket {
  const out = { ...t } as Record<string, unknown>;
  for (const k of ["title", "address", "lat", "lng", "citizenName", "citizenPhone", "receivedAt", "raw"]) if (out[k] === null) delete out[k];
  return out as unknown as NewTicket;
}

/** Checks one new ticket; returns the reason it is refused, or null. Used by every intake path. */
export function validateNewTicket(t: NewTicket, now: Date): string | null {
  if (!t.externalId?.trim()) return "externalId is required / 缺少来源编号";
  if (t.externalId.length > 200) return "externalId is longer than 200 characters";
  if (!t.content?.trim()) return "content is required / 缺少诉求内容";
  if (t.content.length > 5000) return "content is longer than 5000 characters / 诉求内容超过5000字";
  // Address, phone and title are indexed or shown on one line: PostgreSQL refuses a btree entry over
  // ~2.7 kB, which would otherwise surface as an internal error instead of a reason.
  if (t.address && t.address.length > 500) return "address is longer than 500 characters / 地址超过500字";
  if (t.title && t.title.length > 200) return "title is longer than 200 characters / 标题超过200字";
  if (t.citizenName && t.citizenName.length > 100) return "citizenName is longer than 100 characters / 姓名超过100字";
  if (!SOURCE_CHANNELS[t.source].includes(t.channel)) return `channel ${t.channel} does not belong to source ${t.source} / 渠道与来源不符`;
  if ((t.lat === undefined) !== (t.lng === undefined)) return "lat and lng must be given together / 经纬度须同时提供";
  if (t.lat !== undefined && (!Number.isFinite(t.lat) || t.lat < -90 || t.lat > 90)) return "lat must be between -90 and 90";
  if (t.lng !== undefined && (!Number.isFinite(t.lng) || t.lng < -180 || t.lng > 180)) return "lng must be between -180 and 180";
  if (t.citizenPhone && !/^[\d+\-\s()]{3,20}$/.test(t.citizenPhone)) return "citizenPhone is not a phone number / 电话号码格式错误";
  if (t.receivedAt && (Number.isNaN(t.receivedAt.getTime()) || t.receivedAt.getTime() > now.getTime() + 5 * 60_000)) {
    return "receivedAt is in the future / 受理时间晚于当前时间";
  }
  return null;
}

export interface Locator {
  locate(lat: number, lng: number): number | null;
}


export class IntakeStore {
  private readonly tagger: RuleTagger;
  private readonly commits: GroupCommit<PreparedTicket, IntakeResult>;

  constructor(
    private readonly db: Db,
    private readonly ref: ReferenceData,
    private readonly locator: () => Locator,
    private readonly dispatch: DispatchService,
    private readonly bus: EventBus,
  ) {
    this.tagger = new RuleTagger(ref);
    this.commits = new GroupCommit((items) => writeTx(this.db, this.bus, (tx) => writeIntakeBatch(tx, this.tagger, items)));
  }

  /** How intake has been batching (batches, items, largest batch, items retried alone). */
  get commitStats(): Readonly<GroupCommit<PreparedTicket, IntakeResult>["stats"]> {
    return this.commits.stats;
  }

  /** The knowledge base's answer for a matter (by key, so every version shares it), or null. */
  private async knownAnswer(matterKey: string): Promise<{ id: number; answer: string } | null> {
    const [row] = await this.db
      .select({ id: knowledgeAnswers.id, answer: knowledgeAnswers.answer })
      .from(knowledgeAnswers)
      .where(and(eq(knowledgeAnswers.matterKey, matterKey), eq(knowledgeAnswers.active, true)));
    return row ?? null;
  }

  /**
   * Creates a ticket, idempotent on (source, externalId): a replay returns the stored ticket and
   * writes nothing. Ticket, created event, rule tags and the heatmap rollup land in one transaction,
   * shared with the tickets other callers are creating at the same moment (group commit); the answer
   * comes after that commit. A consultation whose top suggestion is a matter the knowledge base
   * answers is answered and closed in the same transaction (即问即答), through the lifecycle's 直接答复
   * transition.
   */
  async create(actor: Actor, given: NewTicket, now = new Date()): Promise<IntakeResult> {
    const input = normalizeNewTicket(given);
    const reason = validateNewTicket(input, now);
    if (reason) throw invalidInput(reason);
    const cellId = input.lat !== undefined && input.lng !== undefined ? this.locator().locate(input.lat, input.lng) : null;
    const cell = cellId !== null ? this.ref.regions.get(cellId) : undefined;
    const community = cell?.parentId ? this.ref.regions.get(cell.parentId) : undefined;
    const [top] = await this.dispatch.suggest(`${input.title ?? ""} ${input.content}`, 1);
    const suggestedMatter = top?.matterId ? await this.dispatch.matter(top.matterId) : null;
    const known = input.appealType === "consult" && suggestedMatter ? await this.knownAnswer(suggestedMatter.key) : null;
    await this.tagger.ensureRules();
    return this.commits.submit({
      actor,
      now,
      values: {
        source: input.source,
        externalId: input.externalId.trim(),
        channel: input.channel,
        appealType: input.appealType,
        title: input.title?.trim() || null,
        content: input.content.trim(),
        address: input.address?.trim() || null,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        gridCellId: cell?.id ?? null,
        communityId: community?.id ?? null,
        streetId: community?.parentId ?? null,
        citizenName: input.citizenName?.trim() || null,
        citizenPhone: input.citizenPhone?.trim() || null,
        status: "received",
        domain: suggestedMatter?.domain ?? null,
        suggestedDepartmentId: top?.departmentId ?? null,
        suggestedMatterId: top?.matterId ?? null,
        receivedAt: input.receivedAt ?? now,
        raw: input.raw ?? null,
        updatedAt: now,
      },
      basics: {
        matterMatched: suggestedMatter !== null,
        matterTimeLimitDays: suggestedMatter?.timeLimitDays ?? null,
        byPrecedent: top?.precedentId != null,
      },
      known: known && suggestedMatter ? { ...known, matterKey: suggestedMatter.key } : null,
    });
  }
}
