// The leaders' ready-made questions. Each one prepares its document at click time, because some
// need live facts first (the list of streets, a ticket worth showing) and all need today's dates.
// Field names are checked against schema/schema.graphql; keep them in step when it changes.

import { daysAgo, startOfMonth } from "./dates";

export interface PreparedQuery {
  query: string;
  variables: Record<string, unknown>;
}

/** Runs a helper query with the identity chosen in the role bar. */
export type Ask = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export interface Question {
  id: string;
  zh: string;
  en: string;
  prepare(ask: Ask): Promise<PreparedQuery>;
}

interface Edges<T> {
  edges: { node: T }[];
}

interface RegionRef {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}

/** GraphQL aliases are ASCII names; codes and English names make them readable in the result. */
function alias(...parts: string[]): string {
  const name = parts.map((p) => p.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "")).filter(Boolean).join("_");
  return /^[A-Za-z_]/.test(name) ? name : `r_${name}`;
}

/** A GraphQL string literal; JSON's escaping is a valid subset of GraphQL's. */
function literal(value: string): string {
  return JSON.stringify(value);
}

/** Comments are single-line; a name with a line break must not end the comment early. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, " ");
}

const streetsThisMonth: Question = {
  id: "streets-month",
  zh: "本月各街道诉求量",
  en: "Requests by street this month",
  async prepare(ask) {
    const { regions } = await ask<{ regions: RegionRef[] }>("query CityOpsStreets { regions(level: STREET) { id code name nameEn } }");
    if (regions.length === 0) throw new Error("没有街道数据 / No streets in the hub");
    const fields = [...regions]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((r) => [`  # ${oneLine(r.name)} / ${oneLine(r.nameEn)}`, `  ${alias(r.code, r.nameEn)}: tickets(filter: { regionId: ${literal(r.id)}, from: $from }, first: 0) { totalCount }`].join("\n"));
    const query = [
      "# 本月各街道诉求量 / Requests by street this month",
      "# 每个街道一行计数；$from 为本月1日零点 / One count per street; $from is the 1st of this month, 00:00",
      "query RequestsByStreetThisMonth($from: DateTimeISO!) {",
      ...fields,
      "}",
      "",
    ].join("\n");
    return { query, variables: { from: startOfMonth() } };
  },
};

const overdueTickets: Question = {
  id: "overdue",
  zh: "超期工单（按时限排序）",
  en: "Overdue tickets, longest overdue first",
  async prepare() {
    return {
      query: `# 超期工单（按办理时限排序，超期最久在前）/ Overdue tickets, longest overdue first
# remainingSeconds 为负数表示已超期的秒数 / a negative remainingSeconds is how long it is overdue
query OverdueTickets {
  tickets(filter: { overdue: true }, orderBy: DUE_AT_ASC, first: 50) {
    totalCount
    edges {
      node {
        id
        title
        status
        loop
        dueAt
        remainingSeconds
        department { name }
        street { name }
        supervisionCount
      }
    }
  }
}
`,
      variables: {},
    };
  },
};

const dissatisfiedThisMonth: Question = {
  id: "dissatisfied",
  zh: "本月不满意工单",
  en: "Dissatisfied callbacks this month",
  async prepare() {
    return {
      query: `# 本月回访不满意的工单 / Tickets whose callback this month was "dissatisfied"
query DissatisfiedThisMonth($from: DateTimeISO!) {
  tickets(filter: { satisfaction: [DISSATISFIED], from: $from }, first: 50) {
    totalCount
    edges {
      node {
        id
        title
        status
        receivedAt
        closedAt
        reopenCount
        department { name }
        street { name }
      }
    }
  }
}
`,
      variables: { from: startOfMonth() },
    };
  },
};

const lastSevenDays: Question = {
  id: "week-glance",
  zh: "近7天诉求概况",
  en: "The last 7 days at a glance",
  async prepare() {
    const count = (name: string, comment: string, extra: string) =>
      `  # ${comment}\n  ${name}: tickets(filter: { from: $from${extra} }, first: 0) { totalCount }`;
    const query = [
      "# 近7天诉求概况：总量、三大来源、投诉、超期、不满意 / Last 7 days: total, the three sources, complaints, overdue, dissatisfied",
      "query LastSevenDays($from: DateTimeISO!) {",
      count("total", "总量 / All requests", ""),
      count("hotline", "热线 / Hotline", ", source: [HOTLINE]"),
      count("grid", "网格 / Grid", ", source: [GRID]"),
      count("department", "部门 / Department systems", ", source: [DEPARTMENT]"),
      count("complaints", "投诉 / Complaints", ", appealType: [COMPLAINT]"),
      count("overdueNow", "目前已超期 / Overdue now", ", overdue: true"),
      count("dissatisfied", "不满意 / Dissatisfied", ", satisfaction: [DISSATISFIED]"),
      "}",
      "",
    ].join("\n");
    return { query, variables: { from: daysAgo(7) } };
  },
};

const searchMatters: Question = {
  id: "matters",
  zh: "检索权责清单：油烟",
  en: "Search the responsibility list: cooking fumes",
  async prepare() {
    return {
      query: `# 检索权责清单：谁管油烟？改 $search 可查其他事项 / Who is responsible for cooking fumes? Change $search for other matters
query SearchResponsibilityList($search: String!) {
  matters(search: $search, first: 10) {
    totalCount
    edges {
      node {
        key
        name
        domain
        timeLimitDays
        leadDepartment { name }
        coDepartments { name }
        legalBasis
        keywords
      }
    }
  }
}
`,
      variables: { search: "油烟" },
    };
  },
};

const suggestDispatch: Question = {
  id: "suggest",
  zh: "派单建议",
  en: "Dispatch suggestion for a request",
  async prepare() {
    return {
      query: `# 派单建议：这条诉求该派给谁？改 $text 试试其他诉求 / Which department should take this request? Change $text to try others
query SuggestDispatch($text: String!) {
  suggestDispatch(text: $text) {
    department { name }
    matter { name }
    legalBasis
    score
    reason
    precedent { title }
  }
}
`,
      variables: { text: "小区门口餐馆油烟很大，晚上排风扇噪音扰民" },
    };
  },
};

const ticketLifecycle: Question = {
  id: "lifecycle",
  zh: "工单全过程",
  en: "One ticket, start to finish",
  async prepare(ask) {
    // Prefer a ticket with a long story: dissatisfied first, then one called back, then any.
    const picks = await ask<Record<"dissatisfied" | "calledBack" | "any", Edges<{ id: string }>>>(
      `query CityOpsPickTicket {
  dissatisfied: tickets(filter: { satisfaction: [DISSATISFIED] }, first: 1) { edges { node { id } } }
  calledBack: tickets(filter: { status: [CALLED_BACK] }, first: 1) { edges { node { id } } }
  any: tickets(first: 1) { edges { node { id } } }
}`,
    );
    const id = (picks.dissatisfied.edges[0] ?? picks.calledBack.edges[0] ?? picks.any.edges[0])?.node.id;
    if (!id) throw new Error("没有可查看的工单 / No ticket visible to this role");
    return {
      query: `# 工单全过程：受理、派单、签收、办理、答复、回访…… / One ticket's full history: intake, dispatch, accept, handle, reply, callback…
# 改 $id 查看其他工单 / Change $id to look at another ticket
query TicketLifecycle($id: ID!) {
  ticket(id: $id) {
    id
    title
    content
    status
    receivedAt
    dueAt
    closedAt
    satisfaction
    department { name }
    events {
      type
      at
      actor
      actorRole
      fromStatus
      toStatus
    }
  }
}
`,
      variables: { id },
    };
  },
};

const tagSystem: Question = {
  id: "tags",
  zh: "标签体系",
  en: "The tag system",
  async prepare() {
    return {
      query: `# 标签体系：各类别的标签及工单数 / Every tag category, its tags and how many tickets carry each
query TagSystem {
  tagCategories {
    code
    name
    nameEn
    setBy
    tags { code name count }
  }
}
`,
      variables: {},
    };
  },
};

interface GridCell extends RegionRef {
  parent: { id: string; name: string; parent: { name: string } | null } | null;
}

const nearPlace: Question = {
  id: "near",
  zh: "某地附近的诉求",
  en: "Requests near a place",
  async prepare(ask) {
    // The grid cell of the latest located request, so the answer is never empty.
    const data = await ask<{ regions: GridCell[]; tickets: Edges<{ gridCell: { id: string } | null }> }>(
      `query CityOpsPickGridCell {
  regions(level: GRID_CELL) { id code name nameEn parent { id name parent { name } } }
  tickets(filter: { located: true }, first: 1) { edges { node { gridCell { id } } } }
}`,
    );
    const latest = data.tickets.edges[0]?.node.gridCell?.id;
    const cell = data.regions.find((r) => r.id === latest) ?? data.regions[0];
    if (!cell) throw new Error("没有网格数据 / No grid cells in the hub");
    const place = [cell.parent?.parent?.name, cell.parent?.name, cell.name].filter(Boolean).map((s) => oneLine(String(s))).join(" · ");
    const community = cell.parent?.id ?? cell.id;
    return {
      query: `# 某地附近的诉求 / Requests near a place
# 网格 / Grid cell: ${place} (${oneLine(cell.code)})
# 换个地方：把 $cell 换成 regions(level: GRID_CELL) 里的其他 id / Another place: set $cell to another grid cell's id
query RequestsNearPlace($cell: ID!, $community: ID!) {
  # 本网格的诉求 / Requests in this grid cell
  cell: tickets(filter: { regionId: $cell }, first: 20) {
    totalCount
    edges {
      node {
        id
        title
        appealType
        status
        receivedAt
        address
        department { name }
      }
    }
  }
  # 所在社区合计 / The whole community around it
  community: tickets(filter: { regionId: $community }, first: 0) { totalCount }
}
`,
      variables: { cell: cell.id, community },
    };
  },
};

export const QUESTIONS: readonly Question[] = [
  streetsThisMonth,
  lastSevenDays,
  overdueTickets,
  dissatisfiedThisMonth,
  searchMatters,
  suggestDispatch,
  ticketLifecycle,
  tagSystem,
  nearPlace,
];
