// Tokenizer for dispatch matching. There is no Chinese word segmenter on the server, so Han runs
// become overlapping character bigrams (which capture most two-character words) plus single
// characters (recall for one-character concepts like 水/电/气 and for typos). Latin text, used by the
// New York data and by mixed Chinese texts ("wifi信号差"), becomes lowercased words plus word bigrams.

/** A Han run, or a run of non-Han letters and digits. Han is excluded from the second branch so that
 *  "wifi信号" splits into "wifi" and "信号" instead of one run. */
const RUN = /(\p{Script=Han}+)|((?:[^\P{L}\p{Script=Han}]|\p{N})+)/gu;
const HAN_CHAR = /^\p{Script=Han}$/u;

/** Function characters that carry no topic on their own; their bigrams are kept ("不满", "没有"). */
const CJK_STOP_CHARS = new Set(
  Array.from("的了是在我你他她它们这那有和与及也都就要很还吗呢吧啊呀哦把被给对让说请您个一"),
);

const EN_STOPWORDS = new Set(
  (
    "a an the of to in on at for and or is are was were be been being it its this that these those with " +
    "from by as my our we i me you your he she they them their there not no but have has had do does did " +
    "please can could would will should so if than then into about up out over very just also"
  ).split(" "),
);

/** Relative weights of term kinds in a query: bigrams carry meaning, single characters mostly noise. */
export const TERM_KIND_WEIGHTS = {
  cjkChar: 0.35,
  cjkBigram: 1,
  word: 1,
  wordBigram: 0.6,
} as const;

export type TermKind = "cjkChar" | "cjkBigram" | "word" | "wordBigram";

/** Word bigrams join with "_", which never occurs inside a word token (it is not a letter or digit). */
const WORD_BIGRAM_JOIN = "_";

export function termKind(term: string): TermKind {
  if (term.includes(WORD_BIGRAM_JOIN)) return "wordBigram";
  const chars = Array.from(term);
  if (chars.length === 1 && HAN_CHAR.test(term)) return "cjkChar";
  if (chars.length === 2 && chars.every((c) => HAN_CHAR.test(c))) return "cjkBigram";
  return "word";
}

export function termWeight(term: string): number {
  return TERM_KIND_WEIGHTS[termKind(term)];
}

/** Very light English stemming so that "noises"/"noise" and "streetlights"/"streetlight" meet. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) return word.slice(0, -1);
  return word;
}

/** Full-width forms (Ａ, １, ，) become ASCII so that text typed on phones matches the list. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

function pushHanRun(run: string, out: string[]): void {
  const chars = Array.from(run);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (!CJK_STOP_CHARS.has(c)) out.push(c);
    const next = chars[i + 1];
    if (next !== undefined) out.push(c + next);
  }
}

/** Tokens in text order, with repetitions (term frequency matters to BM25). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  // Consecutive words pair into bigrams across punctuation ("Noise - Residential"), but not across a
  // Han run, which interrupts the phrase.
  let previousWord: string | null = null;
  for (const match of normalizeText(text).matchAll(RUN)) {
    const han = match[1];
    if (han !== undefined) {
      pushHanRun(han, out);
      previousWord = null;
      continue;
    }
    const raw = match[2];
    if (raw === undefined) continue;
    if (EN_STOPWORDS.has(raw)) continue;
    const word = stem(raw);
    out.push(word);
    if (previousWord !== null) out.push(previousWord + WORD_BIGRAM_JOIN + word);
    previousWord = word;
  }
  return out;
}

/** Distinct query terms with their weight; repetition adds sublinearly, as a caller who says "太吵了，
 *  太吵了" is not describing a different problem than one who says it once. */
export function queryTermWeights(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of tokenize(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  const weights = new Map<string, number>();
  for (const [term, count] of counts) weights.set(term, termWeight(term) * (1 + Math.log(count)));
  return weights;
}
