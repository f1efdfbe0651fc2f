/**
 * Finds personal data written into free text (诉求内容, 答复, 备注): what citizens and operators
 * type, not what the ticket's own fields hold. Pattern-based on purpose: the kinds below have
 * fixed shapes (numbers, plates, addresses' building/room parts) or fixed frames (我叫…, …女士),
 * and a missed frame is measured by the corpus test (test/unit/pii.test.ts), not guessed at.
 */

export type PiiKind = "phone" | "id" | "bank" | "plate" | "email" | "room" | "name" | "surname";

export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
}

import { findFreeNames, NAME_RULES } from "./names.js";

const PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

export interface Rule {
  kind: PiiKind;
  re: RegExp;
  /** The group holding the datum when the match also holds its frame (我叫…). */
  group?: number;
  /** A further test of a match in its context. */
  accept?: (text: string, start: number, value: string) => boolean;
}

/** The Luhn check every UnionPay card number passes. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, alt = false; i >= 0; i--, alt = !alt) {
    let n = digits.charCodeAt(i) - 48;
    if (alt && (n *= 2) > 9) n -= 9;
    sum += n;
  }
  return sum % 10 === 0;
}

/**
 * A long number is a bank card when it passes Luhn or is written next to the words for one, and
 * not when it is named as an order or ticket number.
 */
function isBankCard(text: string, start: number, value: string): boolean {
  const before = text.slice(Math.max(0, start - 8), start);
  if (/订单|单号|编号|流水|会员|快递|运单|工单|批次/.test(before)) return false;
  const after = text.slice(start + value.length, start + value.length + 6);
  return luhn(value.replace(/\D/g, "")) || /卡|账户|账号|银行|户名|收款|到$|退回|转入/.test(before) || /卡|账户/.test(after);
}

/** A number named as an account, order or invoice number is not a phone, whatever its shape. */
function notAnAccountNumber(text: string, start: number): boolean {
  return !/(?:用户|户|账|编|单|订单|发票|工单|流水|会员|卡)号(?:码)?(?:是|为)?[:：]?\s*$/.test(text.slice(Math.max(0, start - 8), start));
}

const RULES: Rule[] = [
  { kind: "email", re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // 18 digits with a plausible birth date (the shape of 身份证号), then the 15-digit older form.
  { kind: "id", re: /(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g },
  { kind: "id", re: /(?<![0-9A-Za-z])\d{8}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])/g },
  // Bank cards: 16–19 digits, as written or in groups of four.
  { kind: "bank", re: /(?<![0-9])(?:\d{4}[ -]){3}\d{4}(?:[ -]?\d{1,3})?(?![0-9])|(?<![0-9])\d{16,19}(?![0-9])/g, accept: isBankCard },
  // Mobile numbers (optionally +86, grouped 3-4-4), landlines with an area code, and bare 7–8 digit
  // numbers right after the word for a phone.
  { kind: "phone", re: /(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])/g },
  { kind: "phone", re: /(?<![0-9])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[ -]?\d{3,4}[ -]?\d{4}(?:(?:-|转|分机)\d{1,5})?(?![0-9])/g, accept: notAnAccountNumber },
  { kind: "phone", re: /(?:电话|座机|手机|联系方式|(?:电话|手机|联系)号码)(?:是|为|号码)?[:：]?\s*(\d{3,4}[ -]?\d{4})(?![0-9])/g, group: 1 },
  // A mobile number read out in words (一三九…), as elderly callers and transcripts give them.
  { kind: "phone", re: /[一幺][三四五六七八九][零〇一二三四五六七八九幺]{9}(?![零〇一二三四五六七八九幺])/g },
  // Licence plates: province, letter, optional separator, 5 (fuel) or 6 (new energy) characters.
  { kind: "plate", re: new RegExp(`[${PROVINCES}][A-HJ-NP-Z][·•・ .]?(?:[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])|[A-HJ-NP-Z0-9]{4,5}[挂学警港澳])`, "g") },
  // A bare room number where only a home can be meant (楼上1601, 家住302).
  { kind: "room", re: /(?<=楼上|楼下|隔壁|对门|住在|家住|家是|住户)\d{3,4}(?:室|号)?(?![0-9])/g },
  // A home's building / unit / room (5号楼302室, 3栋2单元501, B座1205室, 2单元501, 1102室).
  {
    kind: "room",
    re: /(?:(?<![0-9A-Za-z])(?:[A-Za-z]|\d{1,3}|[一二三四五六七八九十]{1,3})(?:号楼|号院|栋楼|栋|幢|座|#楼|#|号)[-—]?(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})(?:单元|门|号门)[-—]?)?\d{3,4}(?:室|号房|号|房|户)?|(?<![0-9A-Za-z])\d{1,3}(?:号楼|栋|幢)\d{1,2}号(?![0-9楼院])|(?<![0-9])\d{1,2}单元[-—]?\d{3,4}(?:室|号|户)?|(?<![0-9A-Za-z])\d{1,3}-\d{1,2}-\d{3,4}(?![0-9])|(?<![0-9])\d{3,4}(?:室|房间))/g,
  },
  // A home's building alone, when the sentence says someone lives there (住在桃源小区7号楼).
  {
    kind: "room",
    re: /(?<=(?:住在|家住|住|家在|家是|租的是)[\u4e00-\u9fff]{0,8})(?<![0-9A-Za-z])(?:[A-Za-z]|\d{1,3}|[一二三四五六七八九十]{1,3})(?:号楼|栋|幢|座)(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})单元)?(?![0-9]|门口|楼下|楼前|电梯|大堂|旁|附近|前面|后面|外)/g,
  },
  ...NAME_RULES,
];

function overlaps(spans: PiiSpan[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && end > s.start);
}

/**
 * Every span of personal data in `text`, left to right, none overlapping; `citizenName` is the
 * ticket's own caller, masked wherever it is written.
 */
export function findPersonalData(text: string, citizenName?: string | null): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const name = citizenName?.trim();
  if (name && Array.from(name).length >= 2) {
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) spans.push({ kind: "name", start: i, end: i + name.length });
  }
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const value = rule.group ? m[rule.group] : m[0];
      if (!value) continue;
      const start = rule.group ? m.index + m[0].lastIndexOf(value) : m.index;
      const end = start + value.length;
      if (rule.accept && !rule.accept(text, start, value)) continue;
      if (!overlaps(spans, start, end)) spans.push({ kind: rule.kind, start, end });
    }
  }
  for (const n of findFreeNames(text)) if (!overlaps(spans, n.start, n.end)) spans.push({ kind: "name", ...n });
  return spans.sort((a, b) => a.start - b.start);
}
