// Pushes from departments' own systems (部门推送): law-enforcement cases, environmental sensor
// alarms and utility outage notices. `kind` says which; external ids are prefixed with it, so two
// systems numbering their records alike never collide.
import { DISTRICT_UTC_OFFSET_MS } from "@cityops/schema/vocabulary";
import type { Adapter, Adapted } from "./types.js";
import { explicitAppealType, optNumber, optString, optTime, position, reqString, RowError, type JsonRecord } from "../fields.js";

/** Beijing local time as people write it in a notice: 6月12日09:30. */
function local(d: Date): string {
  const b = new Date(d.getTime() + DISTRICT_UTC_OFFSET_MS);
  const hh = String(b.getUTCHours()).padStart(2, "0");
  const mm = String(b.getUTCMinutes()).padStart(2, "0");
  return `${b.getUTCMonth() + 1}月${b.getUTCDate()}日${hh}:${mm}`;
}

function lawEnforcement(r: JsonRecord): Adapted {
  const caseType = reqString(r, "caseType");
  const party = optString(r, "party");
  return {
    ticket: {
      source: "department",
      externalId: `law_enforcement:${reqString(r, "caseId")}`,
      channel: "department_push",
      appealType: explicitAppealType(r) ?? "report",
      title: `执法案件：${caseType}`,
      content: `执法案件推送（${caseType}）：${reqString(r, "description")}${party ? `。当事人：${party}` : ""}`,
      address: optString(r, "address"),
      ...position(r),
      receivedAt: optTime(r, "reportedAt"),
      raw: r,
    },
    departmentCode: optString(r, "department"),
  };
}

function sensorAlarm(r: JsonRecord): Adapted {
  const sensorId = reqString(r, "sensorId");
  const metric = reqString(r, "metric");
  const value = optNumber(r, "value");
  if (value === undefined) throw new RowError("value is required / 缺少监测值");
  const threshold = optNumber(r, "threshold");
  const unit = optString(r, "unit") ?? "";
  const address = optString(r, "address");
  return {
    ticket: {
      source: "department",
      externalId: `sensor_alarm:${reqString(r, "alarmId")}`,
      channel: "sensor",
      appealType: "report",
      title: `物联感知告警：${metric}`,
      content:
        `物联感知设备报警：${address ?? ""}监测点${sensorId}${metric}读数${value}${unit}` +
        `${threshold !== undefined ? `，超过阈值${threshold}${unit}` : ""}${optString(r, "level") ? `（${optString(r, "level")}）` : ""}，请尽快核查处置。`,
      address,
      ...position(r),
      receivedAt: optTime(r, "at"),
      raw: r,
    },
    departmentCode: optString(r, "department"),
  };
}

const UTILITIES: Record<string, [name: string, what: string]> = {
  water: ["供水", "水"], 供水: ["供水", "水"], power: ["供电", "电"], 供电: ["供电", "电"],
  gas: ["燃气", "气"], 燃气: ["燃气", "气"], heating: ["供热", "暖"], 供热: ["供热", "暖"],
};

function utilityOutage(r: JsonRecord): Adapted {
  const utility = reqString(r, "utility");
  const u = UTILITIES[utility.toLowerCase()] ?? UTILITIES[utility];
  if (!u) throw new RowError(`utility must be water, power, gas or heating (供水/供电/燃气/供热), got ${JSON.stringify(utility)} / 公用事业类型无法识别`);
  const start = optTime(r, "start");
  if (!start) throw new RowError("start is required / 缺少停止供应开始时间");
  const end = optTime(r, "end");
  if (end && end.getTime() < start.getTime()) throw new RowError("end is before start / 结束时间早于开始时间");
  const planned = r.planned === true || r.planned === "true";
  const reason = optString(r, "reason");
  return {
    ticket: {
      source: "department",
      externalId: `utility_outage:${reqString(r, "noticeId")}`,
      channel: "department_push",
      appealType: explicitAppealType(r) ?? "help",
      title: `${u[0]}${planned ? "计划" : "临时"}停${u[1]}通知`,
      content:
        `${u[0]}单位推送${planned ? "计划" : "临时"}停${u[1]}通知：${reqString(r, "area")}自${local(start)}` +
        `${end ? `至${local(end)}` : "起"}停${u[1]}${reason ? `，原因：${reason}` : ""}。请做好群众解释和来电答复。`,
      address: optString(r, "address") ?? optString(r, "area"),
      ...position(r),
      // A planned outage starts in the future; the notice itself arrives now (or when it was issued).
      receivedAt: optTime(r, "issuedAt"),
      raw: r,
    },
    departmentCode: optString(r, "department"),
  };
}

const KINDS: Record<string, (r: JsonRecord) => Adapted> = {
  law_enforcement: lawEnforcement,
  sensor_alarm: sensorAlarm,
  utility_outage: utilityOutage,
};

export const departmentAdapter: Adapter = (r) => {
  const kind = reqString(r, "kind");
  const adapt = KINDS[kind];
  if (!adapt) throw new RowError(`kind must be one of ${Object.keys(KINDS).join(", ")}, got ${JSON.stringify(kind)} / 推送类型无法识别`);
  return adapt(r);
};
