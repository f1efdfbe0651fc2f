// The current tagging rule set. Bump `version` whenever a rule is added, removed or changed: every
// rule tag records `ruleId@version`, and `cityops retag` replaces tags of older versions in a range.

import type { RuleSet } from "../types.js";
import { CONTEXT_RULES } from "./context.js";
import { RECORD_RULES } from "./record.js";
import { WORD_RULES } from "./words.js";

export const RULE_SET: RuleSet = {
  version: "2025.1",
  rules: [...RECORD_RULES, ...WORD_RULES, ...CONTEXT_RULES],
};
