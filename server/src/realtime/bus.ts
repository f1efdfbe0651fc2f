import { EventEmitter } from "node:events";
import { sql, type SQL } from "drizzle-orm";
import postgres from "postgres";
import { Redis } from "ioredis";
import { reconnectBackoff, type Db } from "../db/client.js";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Wakes the event pumps when the log has grown. It carries no events — only "look again" —
 * so a lost wake-up costs latency, never data: the pump also polls, and always reads the log.
 */
export interface EventBus {
  readonly kind: "memory" | "postgres" | "redis";
  /** Inside a write transaction: arrange for every process to be woken when it commits. */
  inTransaction(tx: Tx): Promise<void>;
  /**
   * For a write that is one statement (its own transaction): an expression that statement evaluates
   * to wake every process when it commits, or null when `committed()` does it.
   */
  inStatement(): SQL | null;
  /** After a write transaction of this process committed. */
  committed(): void;
  onWake(listener: () => void): () => void;
  /**
   * After a commit that changed reference data (the responsibility list, precedents, regions,
   * departments): every process on the database drops what it derived from it — this one at once,
   * the others when the message arrives.
   */
  announce(topic: ReferenceTopic): Promise<void>;
  /** A listener may return a promise: `announce` resolves once this process's listeners are done. */
  onAnnounce(listener: (topic: ReferenceTopic) => void | Promise<unknown>): () => void;
  close(): Promise<void>;
}

export const CHANNEL = "cityops_events";
/** Reference data changes, "<process>:<topic>"; a process skips its own (it has acted already). */
export const REFERENCE_CHANNEL = "cityops_reference";

export const REFERENCE_TOPICS = ["matters", "precedents", "reference"] as const;
export type ReferenceTopic = (typeof REFERENCE_TOPICS)[number];

/** This process's name on the reference channel. */
const ORIGIN = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

/** The topic of another process's message, or null for this process's own or a malformed one. */
export function foreignTopic(message: string): ReferenceTopic | null {
  const at = message.lastIndexOf(":");
  const topic = message.slice(at + 1) as ReferenceTopic;
  return at > 0 && message.slice(0, at) !== ORIGIN && REFERENCE_TOPICS.includes(topic) ? topic : null;
}

const referenceMessage = (topic: ReferenceTopic) => `${ORIGIN}:${topic}`;

const notify = () => sql`pg_notify(${CHANNEL}, '')`;

/** Embedded mode: one process owns the database, so an in-process emitter is the whole bus. */
export class MemoryBus implements EventBus {
  readonly kind: EventBus["kind"] = "memory";
  protected readonly emitter = new EventEmitter().setMaxListeners(0);

  /** The statement's wake-up, sent first: a notification is only delivered at commit anyway. */
  async inTransaction(tx: Tx): Promise<void> {
    const wake = this.inStatement();
    if (wake) await tx.execute(sql`select ${wake}`);
  }

  inStatement(): SQL | null {
    return null;
  }

  committed(): void {
    this.emitter.emit("wake");
  }

  onWake(listener: () => void): () => void {
    this.emitter.on("wake", listener);
    return () => this.emitter.off("wake", listener);
  }

  private readonly referenceListeners = new Set<(topic: ReferenceTopic) => void | Promise<unknown>>();

  async announce(topic: ReferenceTopic): Promise<void> {
    await this.tellListeners(topic);
  }

  onAnnounce(listener: (topic: ReferenceTopic) => void | Promise<unknown>): () => void {
    this.referenceListeners.add(listener);
    return () => this.referenceListeners.delete(listener);
  }

  protected async tellListeners(topic: ReferenceTopic): Promise<void> {
    await Promise.allSettled([...this.referenceListeners].map(async (l) => l(topic)));
  }

  /** A message from the reference channel of another process. */
  protected received(message: string): void {
    const topic = foreignTopic(message);
    if (topic) void this.tellListeners(topic);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Several server processes on one PostgreSQL: each write transaction sends one NOTIFY (identical
 * notifications in a transaction are folded into one by PostgreSQL, and delivered only on
 * commit); each process holds one LISTEN connection, which postgres.js re-establishes by itself.
 */
export class PostgresBus extends MemoryBus {
  override readonly kind: EventBus["kind"] = "postgres";
  private readonly client: postgres.Sql;
  private listening: Promise<unknown> | null = null;

  constructor(url: string, onError: (err: unknown) => void = () => {}) {
    super();
    // postgres.js re-listens by itself when the connection drops (waiting for the server to come
    // back); the short backoff makes that happen within a second of a PostgreSQL restart, and
    // `onlisten` wakes the pump to catch up on what was committed meanwhile.
    this.client = postgres(url, { max: 1, onnotice: () => {}, backoff: reconnectBackoff, connection: { application_name: "cityops-bus" } });
    this.listening = Promise.all([
      this.client.listen(CHANNEL, () => this.emitter.emit("wake"), () => this.emitter.emit("wake")),
      // A re-established LISTEN may have missed messages: everything derived is dropped then.
      this.client.listen(REFERENCE_CHANNEL, (m) => this.received(m), () => {
        if (this.relistened++ > 0) for (const topic of REFERENCE_TOPICS) void this.tellListeners(topic);
      }),
    ]).catch(onError);
    this.onError = onError;
  }

  private readonly onError: (err: unknown) => void;
  private relistened = 0;

  override inStatement(): SQL {
    return notify();
  }

  private readonly sending = new Set<Promise<unknown>>();

  override async announce(topic: ReferenceTopic): Promise<void> {
    const sent = this.client.notify(REFERENCE_CHANNEL, referenceMessage(topic)).catch(this.onError);
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
    await super.announce(topic);
  }

  override async close(): Promise<void> {
    // A short-lived process (cityops load) announces and closes at once: the message goes first.
    await Promise.allSettled([...this.sending]);
    await super.close();
    await this.listening;
    await this.client.end({ timeout: 2 });
  }
}

/**
 * Redis pub/sub for larger fan-out or when PostgreSQL's LISTEN connections are scarce. Redis is
 * not part of the database transaction, so the wake-up is published after commit; a process that
 * dies in between costs the others one poll interval, never an event.
 */
export class RedisBus extends MemoryBus {
  override readonly kind: EventBus["kind"] = "redis";
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(url: string, onError: (err: unknown) => void = () => {}) {
    super();
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
    this.sub = new Redis(url, { lazyConnect: false });
    for (const c of [this.pub, this.sub]) c.on("error", onError);
    this.sub.on("message", (channel: string, message: string) => (channel === REFERENCE_CHANNEL ? this.received(message) : this.emitter.emit("wake")));
    // Every (re)connection subscribes again; ioredis re-subscribes by itself, and a wake-up after
    // reconnecting makes the pump catch up on whatever it missed meanwhile.
    this.sub.on("ready", () => this.emitter.emit("wake"));
    void this.sub.subscribe(CHANNEL, REFERENCE_CHANNEL).catch(onError);
  }

  private readonly sending = new Set<Promise<unknown>>();

  override async announce(topic: ReferenceTopic): Promise<void> {
    const sent = this.pub.publish(REFERENCE_CHANNEL, referenceMessage(topic)).catch(() => {});
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
    await super.announce(topic);
  }

  override committed(): void {
    super.committed();
    void this.pub.publish(CHANNEL, "").catch(() => {});
  }

  override async close(): Promise<void> {
    await Promise.allSettled([...this.sending]);
    await super.close();
    this.sub.disconnect();
    this.pub.disconnect();
  }
}

/**
 * The bus of a worker thread of a hub (the warning thread): it has no listeners of its own. On
 * PostgreSQL its writes NOTIFY like the hub's; after each commit it tells the hub's thread
 * (`relay`), whose bus wakes that process's readers and, on Redis, publishes to the others.
 */
export class RelayBus extends MemoryBus {
  constructor(
    override readonly kind: EventBus["kind"],
    private readonly relay: () => void,
  ) {
    super();
  }

  override inStatement(): SQL | null {
    return this.kind === "postgres" ? notify() : null;
  }

  override committed(): void {
    this.relay();
  }
}
