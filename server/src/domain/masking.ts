import type { Role } from "@cityops/schema";

/** Roles that talk to citizens and need their contact details in full. */
const CLEAR_PERSONAL_DATA: ReadonlySet<Role> = new Set<Role>(["operator", "supervisor"]);

export type PersonalDataView = "clear" | "masked" | "none";

export function personalDataView(role: Role): PersonalDataView {
  if (role === "wall") return "none";
  return CLEAR_PERSONAL_DATA.has(role) ? "clear" : "masked";
}

/** 13812341234 → 138****1234; shorter numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, "");
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 2) return "*".repeat(digits.length);
  return `${"*".repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/** 张三丰 → 张**; keeps the family name, which is how call-center staff address people. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return "";
  if (/^[\u4e00-\u9fff]/.test(chars[0]!)) return chars[0] + "*".repeat(Math.max(1, chars.length - 1));
  return chars[0] + "***";
}

export function viewPhone(phone: string | null, view: PersonalDataView): string | null {
  if (phone === null || view === "none") return null;
  return view === "clear" ? phone : maskPhone(phone);
}

export function viewName(name: string | null, view: PersonalDataView): string | null {
  if (name === null || view === "none") return null;
  return view === "clear" ? name : maskName(name);
}

/** Phone numbers typed into free text (内容里的手机号) are masked like the phone field. */
export function maskPhonesInText(text: string, view: PersonalDataView): string {
  if (view === "clear") return text;
  return text.replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (m) => maskPhone(m));
}
