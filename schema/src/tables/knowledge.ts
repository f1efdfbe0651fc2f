import { boolean, index, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The knowledge base for immediate answers (即问即答): the answer to the common consultation about a
 * matter, in the words read to the citizen. Keyed by the matter's `key`, not a version's id, so that
 * a new version of the matter keeps its answer.
 */
export const knowledgeAnswers = pgTable(
  "knowledge_answers",
  {
  id: serial("id").primaryKey(),
  /** The matter answered, for the demo's answers; a city's loaded sheet is keyed by its question. */
  matterKey: text("matter_key").unique(),
  question: text("question").notNull(),
  answer: text("answer").notNull(),
  /** Where the answer comes from (policy, regulation), for the operator who checks it. */
  basis: text("basis").notNull().default(""),
  active: boolean("active").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** The period the answer holds (生效日期, 失效日期); open-ended when null. */
  validFrom: timestamp("valid_from", { withTimezone: true }),
  validTo: timestamp("valid_to", { withTimezone: true }),
  },
  (t) => [index("knowledge_answers_question_idx").on(t.question)],
);
