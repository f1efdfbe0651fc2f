import type { MappingSpec } from "../mapping.js";

/**
 * New York City 311 service requests as exported by NYC Open Data (41 columns). 311 is New York's
 * hotline, so rows come in as hotline tickets; the agency stays in the raw record (the demo
 * district has no NYPD to dispatch to), as do the source's status and every other column.
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
    status: {
      column: "Status",
      codes: { Open: "received", Pending: "received", Assigned: "dispatched", "In Progress": "in_progress", "Email Sent": "replied", Closed: "closed" },
    },
    category: "Complaint Type",
  },
  raw: "all",
};

export const BUILTIN_MAPPINGS: Record<string, MappingSpec> = { nyc311 };
