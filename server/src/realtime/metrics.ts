import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { TOPIC_NAMES, type TopicName } from "./topics.js";

/** Prometheus metrics of the real-time layer, on /metrics. One registry per hub (tests run several). */
export class RealtimeMetrics {
  readonly registry = new Registry();
  readonly sockets = new Gauge({ name: "cityops_ws_open_sockets", help: "Open WebSocket connections", registers: [this.registry] });
  readonly subscriptions = new Gauge({
    name: "cityops_subscriptions",
    help: "Active subscriptions by kind",
    labelNames: ["kind"],
    registers: [this.registry],
  });
  readonly events = new Counter({ name: "cityops_events_delivered_total", help: "Ticket events delivered to subscribers", registers: [this.registry] });
  readonly lag = new Histogram({
    name: "cityops_delivery_lag_seconds",
    help: "Time from an event's commit to its delivery to a subscriber",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly dropped = new Counter({ name: "cityops_slow_clients_dropped_total", help: "Subscribers closed for falling behind", registers: [this.registry] });
  readonly frameBuild = new Gauge({ name: "cityops_wall_frame_build_ms", help: "Time to build the last wall frame", registers: [this.registry] });
  // Set when scraped, from the warning engine's own counts.
  readonly warningRuns = new Gauge({ name: "cityops_warning_runs", help: "Warning detector runs completed by this process", registers: [this.registry] });
  readonly warningFailures = new Gauge({ name: "cityops_warning_run_failures", help: "Warning detector runs that failed", registers: [this.registry] });
  readonly warningLastRun = new Gauge({ name: "cityops_warning_last_run_ms", help: "Duration of the last warning detector run", registers: [this.registry] });
  readonly warningThread = new Gauge({
    name: "cityops_warning_thread_up",
    help: "1 while the warning detectors' worker thread runs, 0 before its first run, after it died, or where runs stay in the hub's thread",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "cityops_" });
    for (const k of TOPIC_NAMES) this.subscriptions.set({ kind: k }, 0);
  }

  track(kind: TopicName): () => void {
    this.subscriptions.inc({ kind });
    let done = false;
    return () => {
      if (!done) this.subscriptions.dec({ kind });
      done = true;
    };
  }
}
