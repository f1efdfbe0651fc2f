// An import's dispatch suggestions by text. A hotline export repeats its phrasings across the whole
// file (a category and descriptor, a template the operators type), so each distinct text is
// suggested once: a suggestion costs 0.3–0.4 ms, more than everything else a row needs together.
// Kept by a 64-bit hash of the text, not the text, with equal suggestions shared: 250,000 texts
// take about 26 MB instead of the 78 MB that 120-character texts take as keys, so a file that
// cycles through many texts (the 10,000,000-row benchmark draws from 200,000) stays cached.

/** Distinct texts whose suggestion is kept; beyond it, the oldest go first. */
export const SUGGESTION_CACHE_TEXTS = 250_000;

/** Two independent 32-bit FNV-1a style hashes of the UTF-16 units, as one key. */
export function textKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

export class SuggestionCache<T extends object> {
  private readonly byText = new Map<string, T | Promise<T>>();
  private readonly shared = new Map<string, T>();

  constructor(
    private readonly limit = SUGGESTION_CACHE_TEXTS,
    /** What makes two suggestions equal, so that equal ones are stored once. */
    private readonly identity: (value: T) => string = (v) => JSON.stringify(v),
  ) {}

  get size(): number {
    return this.byText.size;
  }

  /** The text's value, computed by `make` only when the text is not cached (nor being computed). */
  get(text: string, make: () => Promise<T>): T | Promise<T> {
    const key = textKey(text);
    const hit = this.byText.get(key);
    if (hit !== undefined) return hit;
    const pending = make().then(
      (value) => {
        const id = this.identity(value);
        let one = this.shared.get(id);
        if (one === undefined) {
          if (this.shared.size >= this.limit) this.shared.clear();
          one = value;
          this.shared.set(id, one);
        }
        if (this.byText.get(key) === pending) this.byText.set(key, one);
        return one;
      },
      (err: unknown) => {
        this.byText.delete(key);
        throw err;
      },
    );
    if (this.byText.size >= this.limit) this.byText.delete(this.byText.keys().next().value as string);
    this.byText.set(key, pending);
    return pending;
  }
}
