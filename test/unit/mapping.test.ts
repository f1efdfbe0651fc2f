import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { adapt, adapterFor, type AdapterContext } from "../../server/src/ingest/adapters/index.js";
import { CsvParser, csvLine, readCsv } from "../../server/src/ingest/csv.js";
import { dateParser } from "../../server/src/ingest/datetime.js";
import { inferAppealType, RowError } from "../../server/src/ingest/fields.js";
import { readLines } from "../../server/src/ingest/lines.js";
import { compileMapping } from "../../server/src/ingest/mapping.js";
import { nyc311, nyc311Api } from "../../server/src/ingest/mappings/nyc311.js";
import { validateNewTicket } from "../../server/src/store/intake.store.js";
import { parseCsv } from "../bench/csv.js";

const NOW = new Date("2025-06-12T02:00:00Z");
const ctx: AdapterContext = { now: NOW, cellCenter: (code) => (code === "G001" ? { lat: 37.6, lng: 121.2 } : null) };
const hotline = adapterFor("hotline");
const grid = adapterFor("grid");
const department = adapterFor("department");
const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof RowError) return err.message;
    throw err;
  }
  return null;
};

describe("source adapters", () => {
  it("maps a hotline call, with the enterprise line and the operator's category", () => {
    const { ticket, departmentCode } = adapt(hotline, {
      callId: "RX2025061200012", receivedAt: "2025-06-12 09:31:00", callerName: "王女士", phone: "13812345678", channel: "政企通",
      content: "公司门口道路积水严重，影响员工进出", address: "八角街道长江路88号", lat: "37.55", lng: 121.25, category: "求助-道路积水", company: "烟台海达物流有限公司", department: "D004",
    }, ctx);
    expect(ticket).toMatchObject({
      source: "hotline", externalId: "RX2025061200012", channel: "enterprise_line", appealType: "help", lat: 37.55, lng: 121.25,
      citizenName: "王女士", citizenPhone: "13812345678", address: "八角街道长江路88号", title: "求助-道路积水",
    });
    expect(ticket.content).toBe("烟台海达物流有限公司反映：公司门口道路积水严重，影响员工进出");
    // A time without a zone is Beijing time.
    expect(ticket.receivedAt!.toISOString()).toBe("2025-06-12T01:31:00.000Z");
    expect(ticket.raw).toMatchObject({ callId: "RX2025061200012" });
    expect(departmentCode).toBe("D004");
    expect(validateNewTicket(ticket, NOW)).toBeNull();
  });

  it("infers the appeal type from the category or the words, and defaults calls to the phone", () => {
    const { ticket } = adapt(hotline, { callId: "c1", content: "请问居住证怎么办理，需要哪些材料" }, ctx);
    expect(ticket).toMatchObject({ channel: "phone", appealType: "consult" });
    expect(inferAppealType("举报", "x")).toBe("report");
    expect(inferAppealType(undefined, "小区里噪音很大")).toBe("complaint");
    expect(inferAppealType("praise", "x")).toBe("praise");
  });

  it("refuses hotline records with the reason", () => {
    expect(reason(() => adapt(hotline, { content: "x" }, ctx))).toMatch(/callId is required/);
    expect(reason(() => adapt(hotline, { callId: "c", content: "x", channel: "fax" }, ctx))).toMatch(/unknown channel "fax"/);
    expect(reason(() => adapt(hotline, { callId: "c", content: "x", lat: 37.5 }, ctx))).toMatch(/lat and lng must be given together/);
    expect(reason(() => adapt(hotline, { callId: "c", content: "x", receivedAt: "yesterday" }, ctx))).toMatch(/ISO-8601/);
    expect(reason(() => adapt(hotline, { callId: "c", content: "x", lat: "north", lng: 1 }, ctx))).toMatch(/lat must be a number/);
    expect(reason(() => adapt(hotline, ["not", "an", "object"], ctx))).toMatch(/JSON object/);
    expect(reason(() => adapt(hotline, { callId: "c", content: "x", appealType: "gossip" }, ctx))).toMatch(/unknown appealType/);
  });

  it("maps a grid report: GPS in any of its shapes, the cell's centre without a fix, photos counted", () => {
    const base = { reportId: "WG-1", workerId: "GW0231", workerName: "孙伟", category: "占道经营", description: "商户在人行道摆摊", foundAt: "2025-06-12T08:10:00+08:00" };
    const a = adapt(grid, { ...base, gps: "37.51,121.33", photos: ["https://x/1.jpg", "https://x/2.jpg"] }, ctx).ticket;
    expect(a).toMatchObject({ source: "grid", channel: "grid_report", appealType: "report", lat: 37.51, lng: 121.33, title: "网格上报：占道经营" });
    expect(a.content).toBe("网格员孙伟巡查发现（占道经营）：商户在人行道摆摊（附现场照片2张）");
    expect(adapt(grid, { ...base, gps: { lat: 37.4, lng: 121.1 } }, ctx).ticket).toMatchObject({ lat: 37.4, lng: 121.1 });
    expect(adapt(grid, { ...base, gridCode: "G001" }, ctx).ticket).toMatchObject({ lat: 37.6, lng: 121.2 });
    // An unknown cell and no fix: kept, with no place (an unknown cell), never dropped.
    const lost = adapt(grid, { ...base, gridCode: "NOPE" }, ctx).ticket;
    expect(lost.lat).toBeUndefined();
    expect(validateNewTicket(lost, NOW)).toBeNull();
    expect(reason(() => adapt(grid, { ...base, photos: "one.jpg" }, ctx))).toMatch(/photos must be a list/);
    expect(reason(() => adapt(grid, { ...base, gps: "here" }, ctx))).toMatch(/gps must be/);
    expect(reason(() => adapt(grid, { ...base, workerId: undefined }, ctx))).toMatch(/workerId is required/);
  });

  it("maps the three department pushes, each with its own id space", () => {
    const law = adapt(department, { kind: "law_enforcement", caseId: "ZF-88", department: "D003", caseType: "违法建设", description: "楼顶私搭乱建", party: "某餐饮店", reportedAt: "2025-06-11T10:00:00+08:00", address: "福莱山街道", lat: 37.5, lng: 121.3 }, ctx);
    expect(law.ticket).toMatchObject({ externalId: "law_enforcement:ZF-88", channel: "department_push", appealType: "report" });
    expect(law.ticket.content).toBe("执法案件推送（违法建设）：楼顶私搭乱建。当事人：某餐饮店");
    expect(law.departmentCode).toBe("D003");
    const alarm = adapt(department, { kind: "sensor_alarm", alarmId: "A-7", sensorId: "NOISE-12", metric: "噪声", value: 78.5, threshold: 70, unit: "dB", at: "2025-06-12T01:20:00Z", address: "长江路工地" }, ctx).ticket;
    expect(alarm).toMatchObject({ externalId: "sensor_alarm:A-7", channel: "sensor", appealType: "report" });
    expect(alarm.content).toBe("物联感知设备报警：长江路工地监测点NOISE-12噪声读数78.5dB，超过阈值70dB，请尽快核查处置。");
    const outage = adapt(department, { kind: "utility_outage", noticeId: "W-3", utility: "water", area: "海韵花园1-8号楼", start: "2025-06-13T08:00:00+08:00", end: "2025-06-13T18:00:00+08:00", reason: "管网维修", planned: true }, ctx).ticket;
    expect(outage).toMatchObject({ externalId: "utility_outage:W-3", channel: "department_push", appealType: "help", title: "供水计划停水通知", address: "海韵花园1-8号楼" });
    expect(outage.content).toBe("供水单位推送计划停水通知：海韵花园1-8号楼自6月13日08:00至6月13日18:00停水，原因：管网维修。请做好群众解释和来电答复。");
    // A planned outage starts in the future; the notice itself is received now.
    expect(outage.receivedAt).toBeUndefined();
    expect(reason(() => adapt(department, { kind: "fax" }, ctx))).toMatch(/kind must be one of/);
    expect(reason(() => adapt(department, { kind: "sensor_alarm", alarmId: "x", sensorId: "s", metric: "m" }, ctx))).toMatch(/value is required/);
    expect(reason(() => adapt(department, { kind: "utility_outage", noticeId: "x", utility: "steam", area: "a", start: "2025-06-13" }, ctx))).toMatch(/utility must be/);
    expect(reason(() => adapt(department, { kind: "utility_outage", noticeId: "x", utility: "gas", area: "a", start: "2025-06-13T10:00:00Z", end: "2025-06-13T09:00:00Z" }, ctx))).toMatch(/end is before start/);
  });

  it("reads the ticket model's own fields (format ticket)", () => {
    const { ticket, departmentCode } = adapt(adapterFor("grid", "ticket"), { externalId: "e1", content: "井盖缺失", appealType: "REPORT", raw: { a: 1 }, departmentCode: "D009" }, ctx);
    expect(ticket).toMatchObject({ source: "grid", channel: "grid_report", appealType: "report", raw: { a: 1 } });
    expect(departmentCode).toBe("D009");
  });
});

describe("the streaming CSV reader", () => {
  const sample = 'id,text,n\r\n1,"a, ""quoted""\nsecond line",3\n\n2,plain,4\n3,"x"y,5\n4,"never closed,6\n';

  it("agrees with the whole-text parser however the input is chunked", () => {
    const clean = 'a,b,c\n1,"x,\ny",3\n2,"""q""",\n"",,\n';
    const whole = parseCsv(clean);
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const p = new CsvParser();
      const out = [];
      for (let i = 0; i < clean.length; i += size) out.push(...p.push(clean.slice(i, i + size)));
      out.push(...p.end());
      expect(out.map((r) => r.fields), `chunk ${size}`).toEqual(whole);
    }
  });

  it("numbers records by the physical line they start on and keeps their text; flags malformed ones", () => {
    const p = new CsvParser();
    const out = [...p.push(sample), ...p.end()];
    expect(out.map((r) => r.line)).toEqual([1, 2, 5, 6, 7]);
    expect(out[1]!.fields).toEqual(["1", 'a, "quoted"\nsecond line', "3"]);
    expect(out[1]!.text).toBe('1,"a, ""quoted""\nsecond line",3');
    expect(out[3]!.error).toMatch(/after a closing quote/);
    expect(out[4]!.error).toMatch(/unterminated/);
  });

  it("reports a runaway record and carries on after it", () => {
    const p = new CsvParser(",", 50);
    const text = `h\n"${"x".repeat(80)}\nok1\nok2\n`;
    const out = [...p.push(text.slice(0, 40)), ...p.push(text.slice(40)), ...p.end()];
    expect(out[0]!.fields).toEqual(["h"]);
    expect(out.some((r) => r.error?.includes("longer than"))).toBe(true);
  });

  it("streams records with progress in bytes, and writes fields back as CSV", async () => {
    const rows = [];
    for await (const r of readCsv(Readable.from(["\ufeffa,b\n1,", "2\n"]))) rows.push(r);
    expect(rows.map((r) => r.fields)).toEqual([["a", "b"], ["1", "2"]]);
    expect(rows.at(-1)!.bytes).toBe(Buffer.byteLength("\ufeffa,b\n1,2\n"));
    expect(csvLine(["a", "b,c", 'd"e', "f\ng"])).toBe('a,"b,c","d""e","f\ng"');
  });

  it("splits NDJSON lines in constant memory, numbering blank lines too", async () => {
    const lines = [];
    for await (const l of readLines(Readable.from(['{"a":1}\r\n\n{"b"', ':2}\n', "x".repeat(30), "\nlast"]), 20)) lines.push(l);
    expect(lines.map((l) => [l.line, l.text, l.tooLong ?? false])).toEqual([[1, '{"a":1}', false], [2, "", false], [3, '{"b":2}', false], [4, "", true], [5, "last", false]]);
  });
});

describe("dates in a format and a time zone", () => {
  it("reads New York 12-hour times across daylight saving", () => {
    const p = dateParser("MM/DD/YYYY hh:mm:ss A", "America/New_York");
    expect(p("06/26/2018 10:58:54 AM").toISOString()).toBe("2018-06-26T14:58:54.000Z");
    expect(p("01/15/2019 12:05:00 AM").toISOString()).toBe("2019-01-15T05:05:00.000Z");
    expect(p("01/15/2019 12:05:00 PM").toISOString()).toBe("2019-01-15T17:05:00.000Z");
    expect(p("11/04/2018 03:30:00 AM").toISOString()).toBe("2018-11-04T08:30:00.000Z");
  });

  it("reads other layouts and zones, and refuses what does not fit", () => {
    expect(dateParser("YYYY/M/D H:mm", "Asia/Shanghai")("2025/6/1 9:05").toISOString()).toBe("2025-06-01T01:05:00.000Z");
    expect(dateParser("iso", "Asia/Shanghai")("2025-06-01 09:05:00").toISOString()).toBe("2025-06-01T01:05:00.000Z");
    expect(dateParser("iso", "Asia/Shanghai")("2025-06-01T09:05:00Z").toISOString()).toBe("2025-06-01T09:05:00.000Z");
    expect(dateParser("epoch_s", "UTC")("1700000000").toISOString()).toBe("2023-11-14T22:13:20.000Z");
    const p = dateParser("MM/DD/YYYY", "UTC");
    expect(() => p("02/30/2020")).toThrow(/not a valid date/);
    expect(() => p("2020-02-03")).toThrow(/does not match/);
    expect(() => dateParser("hh:mm", "UTC")).toThrow(/needs YYYY/);
    expect(() => dateParser("iso", "Mars/Olympus")).toThrow(/unknown time zone/);
  });
});

describe("mappings", () => {
  const header = parseCsv(readFileSync("/work/shared/data/nyc311-service-requests-1000.csv", "utf8").split("\n")[0]!)[0]!;
  const nyc = compileMapping(nyc311);
  const row = (values: Record<string, string>) => ({ ...Object.fromEntries(header.map((h) => [h, ""])), ...values });

  it("the built-in nyc311 mapping reads a real row", () => {
    const { ticket, history } = nyc.map(row({
      "Unique Key": "39573567", "Created Date": "06/26/2018 10:58:54 AM", Agency: "NYPD", "Complaint Type": "Non-Emergency Police Matter",
      Descriptor: "Other (complaint details)", "Incident Address": "91-33 97 STREET", City: "WOODHAVEN", Status: "Closed",
      "Open Data Channel Type": "PHONE", Latitude: "40.690092327843345", Longitude: "-73.84642755940943", "Closed Date": "06/26/2018 12:50:01 PM",
      "Agency Name": "New York City Police Department", "Resolution Description": "The Police Department responded to the complaint.",
    }));
    expect(ticket).toMatchObject({
      source: "hotline", externalId: "39573567", channel: "phone", appealType: "complaint", title: "Non-Emergency Police Matter",
      content: "Non-Emergency Police Matter: Other (complaint details)", address: "91-33 97 STREET, WOODHAVEN", lat: 40.690092327843345, lng: -73.84642755940943,
    });
    expect(ticket.receivedAt!.toISOString()).toBe("2018-06-26T14:58:54.000Z");
    expect(ticket.raw).toMatchObject({ Agency: "NYPD", _mapped: { category: "Non-Emergency Police Matter" } });
    expect(ticket.raw).not.toHaveProperty("Landmark");
    // Handled by its agency, closed at its closed time, the resolution as the reply.
    expect(history!.department).toEqual({ ref: "NYPD", name: "New York City Police Department", create: true });
    expect(history!.life).toMatchObject({ status: "closed", reply: "The Police Department responded to the complaint." });
    expect(history!.life.closedAt!.toISOString()).toBe("2018-06-26T16:50:01.000Z");
    expect(history!.life.steps.map((s) => s.status)).toEqual(["received", "dispatched", "replied", "closed"]);
  });

  it("reads the Socrata API's lowercase columns and ISO times as the export's (nyc311-api)", () => {
    const api = compileMapping(nyc311Api);
    const values: Record<string, string> = {
      "Unique Key": "39573567", "Created Date": "06/26/2018 10:58:54 AM", "Closed Date": "06/26/2018 12:50:01 PM", Agency: "NYPD",
      "Agency Name": "New York City Police Department", "Complaint Type": "Noise - Residential", Descriptor: "Loud Music/Party",
      "Incident Address": "91-33 97 STREET", City: "WOODHAVEN", "Open Data Channel Type": "ONLINE", Latitude: "40.69", Longitude: "-73.84",
      "Resolution Description": "Responded.",
    };
    const iso = (v: string) => v.replace(/^(\d\d)\/(\d\d)\/(\d{4}) (\d\d)(:\d\d:\d\d) ([AP]M)$/, (_m, mo, d, y, h, rest, ap) => `${y}-${mo}-${d}T${String((Number(h) % 12) + (ap === "PM" ? 12 : 0)).padStart(2, "0")}${rest}.000`);
    const lower = Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase().replaceAll(" ", "_"), k.endsWith("Date") ? iso(v) : v]));
    const a = nyc.map(row(values));
    const b = api.map(lower);
    expect(b.ticket).toEqual({ ...a.ticket, raw: b.ticket.raw });
    expect(b.history).toEqual(a.history);
    expect(b.ticket.receivedAt!.toISOString()).toBe("2018-06-26T14:58:54.000Z");
  });

  it("uses its code tables, and keeps rows without coordinates", () => {
    const { ticket, history } = nyc.map(row({ "Unique Key": "1", "Created Date": "01/01/2019 01:00:00 PM", "Complaint Type": "Request Large Bulky Item Collection", "Open Data Channel Type": "ONLINE", Status: "Pending" }));
    expect(ticket).toMatchObject({ channel: "web", appealType: "help", lat: undefined, address: undefined });
    // No agency and no times: the ticket is where every ticket starts.
    expect(history!.life.status).toBe("received");
    expect(nyc.map(row({ "Unique Key": "1", "Created Date": "01/01/2019 01:00:00 PM", Agency: "DSNY" })).history!.life.status).toBe("dispatched");
    expect(validateNewTicket(ticket, new Date())).toBeNull();
    expect(nyc.map(row({ "Unique Key": "2", "Created Date": "01/01/2019 01:00:00 PM", "Complaint Type": "Noise", "Open Data Channel Type": "UNKNOWN", Status: "Closed" })).ticket.channel).toBe("phone");
  });

  it("refuses a bad row with the reason", () => {
    const bad = (v: Record<string, string>) => reason(() => nyc.map(row({ "Unique Key": "3", "Created Date": "01/01/2019 01:00:00 PM", "Complaint Type": "Noise", Status: "Closed", ...v })));
    expect(bad({ "Created Date": "2019-01-01" })).toMatch(/does not match the date format/);
    expect(bad({ Latitude: "forty" })).toMatch(/lat is not a number/);
    expect(bad({ "Unique Key": "" })).toMatch(/externalId is empty/);
    expect(bad({ Agency: "DOT", "Closed Date": "12/31/2018 01:00:00 PM" })).toMatch(/closedAt 2018-12-31T18:00:00.000Z is before receivedAt/);
    expect(bad({ "Resolution Description": "fixed" })).toMatch(/a reply without a department/);
  });

  it("checks a mapping before any row: targets, required fields, formats, zones", () => {
    expect(() => compileMapping({ source: "hotline", fields: { externalId: "a" } })).toThrow(/content/);
    expect(() => compileMapping({ source: "hotline", fields: { externalId: "a", content: "b", colour: "c" } as never })).toThrow(/unknown target field "colour"/);
    expect(() => compileMapping({ fields: { externalId: "a", content: "b" } })).toThrow(/must give a source/);
    expect(() => compileMapping({ source: "hotline", timeZone: "Nowhere/Land", fields: { externalId: "a", content: "b" } })).toThrow(/unknown time zone/);
    expect(() => compileMapping({ source: "hotline", fields: { externalId: "a", content: { template: "no columns" } } })).toThrow(/names no column/);
  });

  it("builds content from several columns, reads nested NDJSON fields and a per-row source", () => {
    const m = compileMapping({
      source: { column: "from", codes: { "12345": "hotline", 网格: "grid" } },
      fields: {
        externalId: "meta.id",
        content: { template: "{what}（{where}）" },
        appealType: { column: "kind", codes: { 投诉件: "complaint", 咨询件: "consult" } },
        departmentCode: { column: "dept", codes: { 城管: "D004" } },
        receivedAt: { column: "time", format: "YYYY年M月D日 HH:mm" },
      },
      raw: ["meta.id"],
    });
    expect(m.columns).toEqual(expect.arrayContaining(["meta.id", "what", "where", "kind", "dept", "time", "from"]));
    const out = m.map({ from: "网格", meta: { id: 7 }, what: "垃圾满溢", where: "长江路", kind: "投诉件", dept: "城管", time: "2025年6月1日 09:30" });
    expect(out.ticket).toMatchObject({ source: "grid", channel: "grid_report", externalId: "7", content: "垃圾满溢（长江路）", appealType: "complaint", raw: { "meta.id": "7" } });
    expect(out.ticket.receivedAt!.toISOString()).toBe("2025-06-01T01:30:00.000Z");
    expect(out.history!.department).toMatchObject({ ref: "D004", create: false });
    expect(reason(() => m.map({ from: "fax", meta: { id: 1 }, what: "x" }))).toMatch(/source "fax"/);
  });
});
