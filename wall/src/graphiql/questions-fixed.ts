// Questions whose text is fixed; only dates are filled in at click time.

import { APPEAL_TYPE_LABELS, bilingual, SATISFACTION_LABELS, SOURCE_LABELS } from "@cityops/schema/vocabulary";
import { daysAgo, startOfMonth } from "./dates";
import type { Question } from "./question-kit";

export const lastSevenDays: Question = {
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
      count("hotline", bilingual(SOURCE_LABELS.hotline), ", source: [HOTLINE]"),
      count("grid", bilingual(SOURCE_LABELS.grid), ", source: [GRID]"),
      count("department", bilingual(SOURCE_LABELS.department), ", source: [DEPARTMENT]"),
      count("complaints", bilingual(APPEAL_TYPE_LABELS.complaint), ", appealType: [COMPLAINT]"),
      count("overdueNow", "目前已超期 / Overdue now", ", overdue: true"),
      count("dissatisfied", bilingual(SATISFACTION_LABELS.dissatisfied), ", satisfaction: [DISSATISFIED]"),
      "}",
      "",
    ].join("\n");
    return { query, variables: { from: daysAgo(7) } };
  },
};

export const overdueTickets: Question = {
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

export const dissatisfiedThisMonth: Question = {
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

export const searchMatters: Question = {
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

export const suggestDispatch: Question = {
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

export const tagSystem: Question = {
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

export const todayOnTheWall: Question = {
  id: "wall-today",
  zh: "今日城运概况（大屏指标）",
  en: "Today at a glance: the wall's KPIs",
  async prepare() {
    return {
      query: `# 今日城运概况：与大屏同一帧——今日受理/办结、在办、超期、办结率、满意率、按时率、重办率、热力、最新工单、预警
# Today at a glance: the same frame the wall shows - received/closed today, open, overdue, rates, heat, newest tickets, warnings
query TodayOnTheWall {
  wallSnapshot {
    at
    seq
    data
  }
}
`,
      variables: {},
    };
  },
};

export const liveTicketEvents: Question = {
  id: "live-events",
  zh: "实时工单动态（订阅）",
  en: "Live ticket events (subscription)",
  async prepare() {
    return {
      query: `# 实时工单动态：受理、派单、办结……随发生随推送；再点运行按钮停止
# Live ticket events as they happen: intake, dispatch, closing...; press the run button again to stop
subscription LiveTicketEvents {
  ticketEvents {
    at
    type
    ticket {
      id
      title
      status
      department { name }
      street { name }
    }
  }
}
`,
      variables: {},
    };
  },
};
