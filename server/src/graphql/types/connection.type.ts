import { Field, Int, ObjectType, type ClassType } from "type-graphql";

@ObjectType({ description: "分页信息 / Page information" })
export class PageInfo {
  @Field(() => Boolean, { description: "是否还有下一页 / Whether more items follow" })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "本页最后一项的游标 / Cursor of the last item" })
  endCursor!: string | null;
}

/** Relay-style connection types, one pair per node type, all shaped alike. */
export function Connection<T extends object>(Node: ClassType<T>, name: string, zh: string) {
  @ObjectType(`${name}Edge`, { description: `${zh}分页项 / ${name} edge` })
  class Edge {
    @Field(() => String, { description: "游标 / Cursor" })
    cursor!: string;

    @Field(() => Node, { description: "节点 / Node" })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `${zh}列表 / ${name} connection` })
  class ConnectionType {
    @Field(() => [Edge], { description: "本页各项 / Items of this page" })
    edges!: Edge[];

    @Field(() => PageInfo, { description: "分页信息 / Page information" })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "符合条件的总数 / Total number of matching items" })
    async totalCount(): Promise<number> {
      return this.count();
    }

    count!: () => Promise<number>;
  }
  return ConnectionType;
}

export function toConnection<T>(page: { rows: { cursor: string; node: T }[]; hasNextPage: boolean; totalCount: () => Promise<number> }) {
  return {
    edges: page.rows,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.rows.at(-1)?.cursor ?? null },
    count: page.totalCount,
    totalCount: page.totalCount,
  };
}
