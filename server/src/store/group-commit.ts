// Group commit for single-item writes. Each commit costs the same handful of round trips and a WAL
// flush whatever it holds, and on this kind of machine a round trip is mostly system-call time
// shared with the server, so N concurrent callers writing one ticket each are far cheaper as one
// transaction of N than as N transactions. Nothing waits on a timer: when no batch is in flight an
// item goes out at once (with whatever arrived in the same tick); items that arrive while one is in
// flight form the next batch. Every caller still gets its own answer only after its commit.
//
// A batch that fails is retried one item at a time, so a single bad item fails alone and the
// others land; an item is never written twice because a failed transaction wrote nothing.

export interface GroupCommitOptions {
  /** Most items per transaction: bounds statement size and a batch's latency. */
  maxBatch?: number;
  /** Batches written at the same time (each on its own connection). */
  concurrency?: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class GroupCommit<T, R> {
  private readonly queue: Pending<T, R>[] = [];
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private inFlight = 0;
  private scheduled = false;

  /** `writeMany` writes all items in one transaction and answers in the same order, or throws. */
  constructor(
    private readonly writeMany: (items: readonly T[]) => Promise<R[]>,
    opts: GroupCommitOptions = {},
  ) {
    this.maxBatch = Math.max(1, opts.maxBatch ?? 256);
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
  }

  /** Batches written per transaction so far, for metrics and tests. */
  readonly stats = { batches: 0, items: 0, largest: 0, retriedAlone: 0 };

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.concurrency || this.queue.length === 0) return;
    this.scheduled = true;
    // One macrotask lets the callers whose requests were parsed in the same I/O turn join in.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  /** An answer per item or an error: a short answer must never resolve a caller with nothing. */
  private async write(items: T[]): Promise<R[]> {
    const results = await this.writeMany(items);
    if (results.length !== items.length) throw new Error(`group commit: ${results.length} answers for ${items.length} items`);
    return results;
  }

  private async run(batch: Pending<T, R>[]): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    try {
      const results = await this.write(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // Nothing of the failed transaction was written: each item again, alone, gets its own answer.
      for (const p of batch) {
        this.stats.retriedAlone++;
        try {
          const [r] = await this.write([p.item]);
          p.resolve(r!);
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }
}
