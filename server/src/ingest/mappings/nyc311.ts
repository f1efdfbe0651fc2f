import type { FieldSpec, MappingSpec } from "../mapping.js";

/**
 * New York City 311 service requests as exported by NYC Open Data (41 columns). 311 is New York's
 * hotline, so rows come in as hotline tickets, handled by the agency the row names (created as a
 * department on first sight: a Chinese district has no NYPD). The status is what the times say —
 * a row with a closed date is closed, one without is with its agency — because the export's own
 * Status column lags behind its dates (rows "Pending" or "Open" with a closed date). Every column
 * stays in the raw record.
 */
export const nyc311: MappingSpec = {
  name: "nyc311",
  description: "NYC Open Data 311 Service Requests export (CSV, 41 columns)",
  format: "csv",
  source: "hotline",
  dateFormat: "MM/DD/YYYY hh:mm:ss A",
  timeZone: "America/New_York",
  fields: {
    externalId: "Unique Key",
    receivedAt: "Created Date",
    content: { join: ["Complaint Type", "Descriptor"], separator: ": " },
    title: "Complaint Type",
    address: { join: ["Incident Address", "City"], separator: ", " },
    lat: "Latitude",
    lng: "Longitude",
    channel: { column: "Open Data Channel Type", codes: { PHONE: "phone", ONLINE: "web", MOBILE: "app" }, default: "phone" },
    appealType: {
      column: "Complaint Type",
      codes: {
        "Request Large Bulky Item Collection": "help",
        "Benefit Card Replacement": "help",
        "Electronics Waste Appointment": "help",
        "New Tree Request": "suggestion",
        Question: "consult",
        "Ferry Inquiry": "consult",
        "Taxpayer Advocate Inquiry": "consult",
        "Housing Options": "consult",
        "HPD Literature Request": "consult",
        "DOF Property - Request Copy": "consult",
        "Drug Activity": "report",
        "Taxi Report": "report",
      },
      default: "complaint",
    },
    department: { column: "Agency", create: true, name: "Agency Name" },
    closedAt: "Closed Date",
    reply: "Resolution Description",
    category: "Complaint Type",
  },
  raw: "all",
};

/** A mapping's columns renamed: every column a field reads goes through `rename`. */
function renamed(spec: MappingSpec, rename: (column: string) => string): MappingSpec {
  const field = (f: FieldSpec): FieldSpec => {
    if (typeof f === "string") return rename(f);
    if ("column" in f) return { ...f, column: rename(f.column), ...(f.name !== undefined ? { name: rename(f.name) } : {}) };
    if ("join" in f) return { ...f, join: f.join.map(rename) };
    if ("template" in f) return { template: f.template.replace(/\{([^{}]+)\}/g, (_m, c: string) => `{${rename(c)}}`) };
    return f;
  };
  return { ...spec, fields: Object.fromEntries(Object.entries(spec.fields).map(([k, f]) => [k, f === undefined ? f : field(f)])) };
}

/**
 * The same data as the Socrata API and its CSV download with API field names serve it: the
 * export's columns in lowercase with underscores (`unique_key`, `created_date`, `closed_date`,
 * `agency` …) and ISO 8601 local times (`2018-06-26T10:58:54.000`).
 */
export const nyc311Api: MappingSpec = {
  ...renamed(nyc311, (c) => c.toLowerCase().replaceAll(" ", "_")),
  name: "nyc311-api",
  description: "NYC Open Data 311 Service Requests through the Socrata API (lowercase field names, ISO times)",
  dateFormat: "iso",
};

export const BUILTIN_MAPPINGS: Record<string, MappingSpec> = { nyc311, "nyc311-api": nyc311Api };
