import { useCallback, useMemo, useRef, useState } from "react";
import { GraphiQL } from "graphiql";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { bearer, runQuery } from "./api";
import { AuthBar } from "./AuthBar";
import { createHubFetcher } from "./fetcher";
import { QuestionPanel } from "./QuestionPanel";
import type { Ask, PreparedQuery } from "./questions";
import { useAuth } from "./useAuth";

const WELCOME = `# 欢迎使用城运中心数据查询 / Welcome to the CityOps data hub
#
# 左侧"领导常用问题"点击即运行 / Click a ready-made question on the left to run it
# 上方选择身份（角色）/ Pick who you are (a role) in the bar above
# Ctrl-Enter 运行，Ctrl-Space 补全 / Ctrl-Enter runs, Ctrl-Space completes
# 左侧竖栏可打开字段浏览器与文档 / The left strip opens the field explorer and the docs

query WhoAmI {
  me {
    id
    role
    department { name }
  }
}
`;

// GraphiQL has no public "run" for code outside its provider (@graphiql/react is not a direct
// dependency here), so a question presses the same button a user would.
function pressExecute(): void {
  const button = () => document.querySelector<HTMLButtonElement>(".graphiql-execute-button");
  const now = button();
  if (!now) return;
  // While a subscription streams the same button means "stop"; stop it, then run the new text.
  if (now.getAttribute("aria-label")?.startsWith("Stop")) {
    now.click();
    window.setTimeout(() => button()?.click(), 100);
    return;
  }
  now.click();
}

/** Longer than GraphiQL's 100 ms edit debounce, for the rare case no edit event comes. */
const RUN_FALLBACK_MS = 600;

export function App() {
  const auth = useAuth();
  const tokenRef = useRef<string | null>(null);
  tokenRef.current = auth.token;

  const fetcher = useMemo(() => createHubFetcher(() => (tokenRef.current ? bearer(tokenRef.current) : null)), []);
  const plugins = useMemo(() => [explorerPlugin({ showAttribution: false })], []);
  const ask = useCallback<Ask>((query, variables = {}) => runQuery(query, variables, tokenRef.current), []);

  // The editors are controlled only after the first question: until then GraphiQL restores its
  // own saved tabs. Edits flow back into state so a later question always differs from it.
  const [query, setQuery] = useState<string | undefined>(undefined);
  const [variables, setVariables] = useState<string | undefined>(undefined);
  const editorQuery = useRef<string | null>(null);
  const pending = useRef<{ query: string; timer: number } | null>(null);

  const runPending = useCallback(() => {
    if (!pending.current) return;
    window.clearTimeout(pending.current.timer);
    pending.current = null;
    // Let the edit that announced the new text finish before running it.
    window.setTimeout(pressExecute, 0);
  }, []);

  const onEditQuery = useCallback(
    (value: string) => {
      editorQuery.current = value;
      setQuery(value);
      // GraphiQL reports an edit only after it has re-read the operation names, so the run that
      // follows sends the new operation, not the one that was in the editor before.
      if (pending.current?.query === value) runPending();
    },
    [runPending],
  );

  const load = useCallback(
    (prepared: PreparedQuery) => {
      const vars = JSON.stringify(prepared.variables, null, 2);
      if (pending.current) window.clearTimeout(pending.current.timer);
      const unchanged = editorQuery.current === prepared.query;
      pending.current = { query: prepared.query, timer: window.setTimeout(runPending, unchanged ? 50 : RUN_FALLBACK_MS) };
      setQuery(prepared.query);
      setVariables(vars);
    },
    [runPending],
  );

  return (
    <div className="co-page">
      <header className="co-header">
        <div className="co-brand">
          <strong>CityOps 城运中心</strong>
          <span>数据查询台 · GraphQL Console</span>
        </div>
        <AuthBar auth={auth} />
      </header>
      <div className="co-body">
        <QuestionPanel ask={ask} enabled={auth.ready} onLoad={load} />
        <main className="co-graphiql">
          {auth.ready ? (
            <GraphiQL
              fetcher={fetcher}
              plugins={plugins}
              defaultQuery={WELCOME}
              defaultTheme="dark"
              defaultEditorToolsVisibility="variables"
              query={query}
              variables={variables}
              onEditQuery={onEditQuery}
              onEditVariables={setVariables}
            >
              <GraphiQL.Logo>
                <span className="co-logo">
                  城运中心 <small>CityOps</small>
                </span>
              </GraphiQL.Logo>
            </GraphiQL>
          ) : (
            <p className="co-waiting">正在确定身份… / Settling the identity…</p>
          )}
        </main>
      </div>
    </div>
  );
}
