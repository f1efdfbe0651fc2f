// Questions that first look up live facts (the streets, a ticket worth showing, a busy grid
// cell) and build their document from them.

import { startOfMonth } from "./dates";
import { alias, literal, oneLine, type Edges, type Question, type RegionRef } from "./question-kit";

export const streetsThisMonth: Question = {
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

export const ticketLifecycle: Question = {
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

interface GridCell extends RegionRef {
  parent: { id: string; name: string; parent: { name: string } | null } | null;
}

export const nearPlace: Question = {
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
