// The live link to the hub: graphql-ws on /graphql, retried forever. A wall runs unattended for
// months, so every way the link can fail ends in another attempt, never in a dead screen.
import { createClient, type Client } from "graphql-ws";
import { FRAME_FIELDS, GRAPHQL_PATH, type TokenSource } from "./api";
import type { Connection, WallFrame } from "./model";

const BASE_DELAY_MS = 500;
// A wall on a control-room network: tens of screens at most, so a short cap keeps recovery quick.
const MAX_DELAY_MS = 10_000;
/** Frames come once a second: this long without one means the link is dead even if it looks open. */
const STALL_MS = 12_000;
/** graphql-ws codes that make the library give up for good; the wall starts a fresh client instead. */
const AUTH_CLOSE_CODES = new Set([4401, 4403]);

export interface LiveEvents {
  state(state: Connection, attempt: number): void;
  frame(frame: WallFrame): void;
  /** After each successful (re)connection: time to take a fresh snapshot. */
  connected(): void;
}

/** Full-jitter exponential backoff: spreads many walls reconnecting to one restarted hub. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt, 16));
  return Math.round(cap / 2 + random() * (cap / 2));
}

function wsUrl(): string {
  const url = new URL(GRAPHQL_PATH, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export class LiveConnection {
  private client: Client | null = null;
  private unsubscribe: (() => void) | null = null;
  private attempt = 0;
  private stopped = false;
  private wake: (() => void) | null = null;
  private restartTimer: number | null = null;
  private stallTimer: number | null = null;
  private lastFrameAt = 0;
  private state: Connection = "connecting";

  constructor(
    private readonly tokens: TokenSource,
    private readonly events: LiveEvents,
  ) {}

  start(): void {
    this.stopped = false;
    window.addEventListener("online", this.nudge);
    window.addEventListener("offline", this.onOffline);
    document.addEventListener("visibilitychange", this.onVisibility);
    this.stallTimer = window.setInterval(this.checkStall, 2000);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.nudge);
    window.removeEventListener("offline", this.onOffline);
    document.removeEventListener("visibilitychange", this.onVisibility);
    if (this.stallTimer !== null) window.clearInterval(this.stallTimer);
    if (this.restartTimer !== null) window.clearTimeout(this.restartTimer);
    this.wake?.();
    this.close();
  }

  private setState(state: Connection): void {
    this.state = state;
    this.events.state(state, this.attempt);
  }

  private open(): void {
    if (this.stopped) return;
    this.setState("connecting");
    // Set once createClient returns: it emits its first events synchronously, before that.
    let client: Client | null = null;
    const stale = () => client !== null && this.client !== client;
    client = createClient({
      url: wsUrl(),
      lazy: false,
      // Asked per attempt, so a refused demo token is replaced by a fresh one.
      connectionParams: async () => ({ authorization: `Bearer ${await this.tokens.get()}` }),
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: (retries) => this.waitBeforeRetry(retries),
      keepAlive: 10_000,
      onNonLazyError: () => this.restartIfCurrent(client),
      on: {
        connecting: () => {
          if (!stale()) this.setState("connecting");
        },
        connected: () => {
          if (stale()) return;
          this.attempt = 0;
          this.lastFrameAt = Date.now();
          this.setState("open");
          this.events.connected();
        },
        closed: (event) => {
          if (stale()) return;
          const code = (event as { code?: number } | undefined)?.code;
          if (code !== undefined && AUTH_CLOSE_CODES.has(code)) this.tokens.invalidate();
          this.setState("closed");
        },
      },
    });
    this.client = client;
    this.unsubscribe = client.subscribe<{ wallFrame: { data: WallFrame } }>(
      { query: `subscription WallFrames { wallFrame { ${FRAME_FIELDS} } }` },
      {
        next: (msg) => {
          const frame = msg.data?.wallFrame.data;
          if (!frame) return;
          this.lastFrameAt = Date.now();
          this.events.frame(frame);
        },
        // graphql-ws gives up on a few close codes (4400, 4500…) and on refused operations:
        // the wall does not, it builds a new client after a backoff.
        error: () => this.restartIfCurrent(client),
        complete: () => this.restartIfCurrent(client),
      },
    );
  }

  private close(): void {
    const client = this.client;
    this.client = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (client) void client.dispose();
  }

  /** Callbacks of a client already replaced must not tear down its successor. */
  private restartIfCurrent(client: Client | null): void {
    if (client !== null && this.client === client) this.restartSoon();
  }

  private restartSoon(): void {
    if (this.stopped || this.restartTimer !== null) return;
    this.close();
    this.setState("closed");
    const delay = backoffDelay(this.attempt++);
    this.restartTimer = window.setTimeout(() => {
      this.restartTimer = null;
      this.open();
    }, delay);
  }

  /** graphql-ws calls this between attempts; online/visibility events cut the wait short. */
  private waitBeforeRetry(retries: number): Promise<void> {
    this.attempt = retries + 1;
    this.setState("closed");
    const delay = backoffDelay(retries);
    return new Promise<void>((resolve) => {
      const done = (): void => {
        window.clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = window.setTimeout(done, delay);
      this.wake = done;
    });
  }

  private readonly nudge = (): void => {
    if (this.wake) {
      this.wake();
      return;
    }
    if (this.restartTimer !== null) {
      window.clearTimeout(this.restartTimer);
      this.restartTimer = null;
      this.open();
      return;
    }
    // Open but silent for a while (a laptop lid, a switch port): drop it and dial again.
    if (this.state === "open" && Date.now() - this.lastFrameAt > 3000) this.client?.terminate();
  };

  private readonly onOffline = (): void => {
    if (this.state === "open") this.client?.terminate();
  };

  private readonly onVisibility = (): void => {
    if (document.visibilityState === "visible") this.nudge();
  };

  private readonly checkStall = (): void => {
    if (this.state === "open" && Date.now() - this.lastFrameAt > STALL_MS) this.client?.terminate();
  };
}
