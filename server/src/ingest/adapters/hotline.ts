// Call-center records (热线工单): one call, chat or web message as the operator registered it.
import type { Adapter } from "./types.js";
import { channelOf, explicitAppealType, inferAppealType, optString, optTime, position, reqString } from "../fields.js";

export const hotlineAdapter: Adapter = (r) => {
  const content = reqString(r, "content");
  const category = optString(r, "category");
  const company = optString(r, "company");
  const channel = channelOf(optString(r, "channel"), "phone");
  return {
    ticket: {
      source: "hotline",
      externalId: reqString(r, "callId"),
      channel,
      appealType: explicitAppealType(r) ?? inferAppealType(category, content, "complaint"),
      content: company && !content.includes(company) ? `${company}反映：${content}` : content,
      title: optString(r, "title") ?? (category ? `${category}` : undefined),
      address: optString(r, "address"),
      ...position(r),
      citizenName: optString(r, "callerName"),
      citizenPhone: optString(r, "phone"),
      receivedAt: optTime(r, "receivedAt"),
      raw: r,
    },
    departmentCode: optString(r, "department"),
  };
};
