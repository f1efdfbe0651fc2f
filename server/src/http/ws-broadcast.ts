import { execute, type ExecutionArgs, type ExecutionResult, type OperationDefinitionNode } from "graphql";
import type { WebSocket } from "ws";
import type { Realtime } from "../realtime/realtime.js";
import type { TopicName } from "../realtime/topics.js";
import { rawSocket } from "./ws-coalesce.js";

/**
 * Wall frames are broadcasts: every wall with the same document, variables and role receives the
 * very same bytes once a second. graphql-ws would run one async iteration, one message object, one
 * stringify and one framed `send` per socket per frame; at 10,000 walls that per-socket machinery
 * (and its garbage) is most of the hub's work. Here a group of identical subscriptions has one
 * source and one execution per frame, the payload is encoded once, and each socket gets it with one
 * corked write of four buffers: the WebSocket header, the socket's own `{"id":…,"type":"next",
 * "payload":` prefix (made once, when it joined), the shared payload and `}`. The bytes on the wire
 * are exactly the graphql-transport-ws `next` message graphql-ws would have sent.
 *
 * graphql-ws still owns the protocol: it authenticates, validates, runs the resolver's `subscribe`
 * (so the role rules are the usual ones) and keeps the subscription; it iterates a parked iterable
 * that ends when graphql-ws returns it (the client's `complete`, or the socket closing), which is
 * when the socket leaves its group.
 */

/** Root fields whose stream is the same for every subscriber of one role: served as broadcasts. */
const BROADCAST_FIELDS: ReadonlySet<string> = new Set<TopicName>(["wallFrame"]);

/** Whether a subscription asks for one broadcast root field and nothing else. */
export function isBroadcast(operation: OperationDefinitionNode): boolean {
  if (operation.operation !== "subscription") return false;
  const sel = operation.selectionSet.selections;
  return sel.length === 1 && sel[0]!.kind === "Field" && BROADCAST_FIELDS.has(sel[0]!.name.value);
}

interface Member {
  socket: WebSocket;
  /** `{"id":"…","type":"next","payload":` for this subscription. */
  prefix: Buffer;
  untrack: () => void;
}

const SUFFIX = Buffer.from("}");
/** After a group's source failed: how long before it is opened again for the walls still there. */
const RESTART_MS = 1000;

/**
 * The header of one unmasked, final text frame of `length` bytes (RFC 6455 §5.2). Written past ws
 * onto its socket (sendText): ws is pinned to an exact version in server/package.json, and
 * test/unit/ws-internals.test.ts fails when the version or the internals this relies on change.
 */
export function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 65_536) {
    const h = Buffer.allocUnsafe(4);
    h[0] = 0x81;
    h[1] = 126;
    h.writeUInt16BE(length, 2);
    return h;
  }
  const h = Buffer.allocUnsafe(10);
  h[0] = 0x81;
  h[1] = 127;
  h.writeBigUInt64BE(BigInt(length), 2);
  return h;
}

/** How long a dropped slow reader gets to take the close frame before its connection is cut. */
const SLOW_CLOSE_GRACE_MS = 2000;

/**
 * Closes a socket whose reader fell too far behind with 4413. A reader that stopped altogether
 * never answers the closing handshake (ws would wait 30 s for it), so the connection is cut after
 * a short grace.
 */
export function dropSlowReader(socket: WebSocket): void {
  socket.close(4413, "Slow reader: too much unsent data / 接收过慢");
  setTimeout(() => {
    if (socket.readyState !== socket.CLOSED) socket.terminate();
  }, SLOW_CLOSE_GRACE_MS).unref();
}

/**
 * One text message in one write. ws writes a frame with the same cork/write/uncork when it is not
 * compressing (the hub never enables permessage-deflate), so its own frames (pings, closes) and
 * these never interleave inside a frame. Falls back to ws's `send` if its socket is not reachable.
 */
export function sendText(socket: WebSocket, parts: Buffer[], length: number, header: Buffer): void {
  const raw = rawSocket(socket);
  if (!raw) {
    socket.send(Buffer.concat(parts, length), { binary: false });
    return;
  }
  raw.cork();
  raw.write(header);
  for (const p of parts) raw.write(p);
  raw.uncork();
}

class Group {
  readonly members = new Set<Member>();
  /** The last payload sent, for members that join between frames. */
  private last: Buffer | null = null;
  private source: AsyncIterableIterator<unknown> | null = null;

  constructor(
    private readonly args: ExecutionArgs,
    private readonly open: () => AsyncIterableIterator<unknown>,
    private readonly encode: (r: ExecutionResult) => string,
    private readonly maxBuffered: number,
    private readonly onSlow: () => void,
    private readonly onEmpty: () => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  join(m: Member): void {
    this.members.add(m);
    if (this.last) this.sendTo([m], this.last);
    if (!this.source) void this.run();
  }

  leave(m: Member): void {
    if (!this.members.delete(m)) return;
    m.untrack();
    if (this.members.size === 0) {
      void this.source?.return?.();
      this.source = null;
      this.onEmpty();
    }
  }

  private async run(): Promise<void> {
    const source = (this.source = this.open());
    try {
      for (let r = await source.next(); !r.done && this.source === source; r = await source.next()) {
        const result = await execute({ ...this.args, rootValue: r.value });
        this.last = Buffer.from(this.encode(result));
        this.sendTo(this.members, this.last);
      }
    } catch (err) {
      this.onError(err);
    } finally {
      if (this.source === source) {
        this.source = null;
        // Walls still watching must not be left without frames: start over a moment later.
        if (this.members.size > 0) setTimeout(() => this.members.size > 0 && !this.source && void this.run(), RESTART_MS).unref();
      }
    }
  }

  private sendTo(members: Iterable<Member>, payload: Buffer): void {
    // Sockets of one group mostly have ids of one length: one header per length and frame.
    const headers = new Map<number, Buffer>();
    for (const m of members) {
      const s = m.socket;
      if (s.readyState !== s.OPEN) continue;
      // A reader that does not keep up would make us buffer without bound: cut it loose.
      if (s.bufferedAmount > this.maxBuffered) {
        this.onSlow();
        dropSlowReader(s);
        continue;
      }
      const length = m.prefix.length + payload.length + SUFFIX.length;
      let header = headers.get(length);
      if (!header) headers.set(length, (header = textFrameHeader(length)));
      sendText(s, [m.prefix, payload, SUFFIX], length, header);
    }
  }
}

/** A subscription graphql-ws keeps iterating until it returns it: then the socket leaves its group. */
function parked(leave: () => void): AsyncIterableIterator<never> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const gen: AsyncIterableIterator<never> = {
    async next() {
      await released;
      return { value: undefined as never, done: true };
    },
    async return() {
      leave();
      release();
      return { value: undefined as never, done: true };
    },
    async throw(err?: unknown) {
      leave();
      release();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return gen;
    },
  };
  return gen;
}

export class Broadcasts {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly realtime: Realtime,
    private readonly encode: (r: ExecutionResult) => string,
    private readonly maxBuffered: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /**
   * Puts one subscription (`id` on `socket`) into the group of its document, variables and role;
   * returns what graphql-ws should iterate instead of the subscription's own stream.
   */
  join(socket: WebSocket, id: string, role: string, args: ExecutionArgs): AsyncIterableIterator<never> {
    const key = `${role}\u0000${args.operationName ?? ""}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${documentKey(args)}`;
    let group = this.groups.get(key);
    if (!group) {
      group = new Group(
        args,
        () => this.realtime.frames({ track: false }),
        this.encode,
        this.maxBuffered,
        () => this.realtime.metrics.dropped.inc(),
        () => this.groups.delete(key),
        this.onError,
      );
      this.groups.set(key, group);
    }
    const g = group;
    const member: Member = {
      socket,
      prefix: Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`),
      untrack: this.realtime.metrics.track("wallFrame"),
    };
    g.join(member);
    return parked(() => g.leave(member));
  }
}

/** Documents come from the subscription document cache, one object per text: identity is the key. */
const documentIds = new WeakMap<object, number>();
let nextDocumentId = 0;
function documentKey(args: ExecutionArgs): number {
  let id = documentIds.get(args.document);
  if (id === undefined) documentIds.set(args.document, (id = nextDocumentId++));
  return id;
}
