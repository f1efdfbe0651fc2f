import { useCallback, useEffect, useRef, useState } from "react";
import { fetchDemoToken, runQuery } from "./api";
import { loadChoice, roleLabel, saveChoice, type AuthChoice } from "./auth";

export interface DepartmentOption {
  id: string;
  code: string;
  name: string;
}

export type DemoMode = "probing" | "on" | "off";

export interface AuthStatus {
  state: "loading" | "ok" | "error";
  message: string;
}

export interface AuthState {
  choice: AuthChoice;
  setChoice(choice: AuthChoice): void;
  /** "off" when /demo/token answers 404: the hub runs in production and only pasted tokens work. */
  demo: DemoMode;
  token: string | null;
  status: AuthStatus;
  departments: DepartmentOption[] | null;
  departmentsError: string | null;
  /** True once the first identity is settled, so GraphiQL's first introspection carries it. */
  ready: boolean;
  refresh(): void;
}

const ME_QUERY = "query CityOpsWhoAmI { me { id role department { name } } }";
const PASTE_PLEASE = "生产模式：请粘贴令牌 / Production mode: paste a token";
const DEPARTMENTS_QUERY = "query CityOpsDepartments { departments { id code name } }";

interface MeData {
  me: { id: string; role: string; department: { name: string } | null } | null;
}

export function useAuth(): AuthState {
  const [choice, setChoiceState] = useState<AuthChoice>(loadChoice);
  const [demo, setDemo] = useState<DemoMode>("probing");
  const demoRef = useRef<DemoMode>("probing");
  // null while a token is being fetched or could not be had; a fresh object per settled token,
  // so a refresh re-verifies even when the token string did not change.
  const [resolved, setResolved] = useState<{ token: string | null } | null>(null);
  const [status, setStatus] = useState<AuthStatus>({ state: "loading", message: "正在获取令牌… / Getting a token…" });
  const [departments, setDepartments] = useState<DepartmentOption[] | null>(null);
  const [departmentsError, setDepartmentsError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [generation, setGeneration] = useState(0);

  const markDemo = (mode: DemoMode) => {
    demoRef.current = mode;
    setDemo(mode);
  };
  const fail = (message: string) => {
    setResolved(null);
    setStatus({ state: "error", message });
  };

  const setChoice = useCallback((next: AuthChoice) => {
    saveChoice(next);
    setChoiceState(next);
  }, []);

  // Choice → token. The first request doubles as the probe for demo vs production mode.
  useEffect(() => {
    let cancelled = false;
    const probe = async (): Promise<DemoMode> => {
      if (demoRef.current !== "probing") return demoRef.current;
      const result = await fetchDemoToken("leader");
      const mode = result.kind === "unavailable" ? "off" : "on";
      if (!cancelled) markDemo(mode);
      return mode;
    };
    void (async () => {
      if (choice.kind === "paste") {
        setResolved({ token: choice.token.trim() || null });
        await probe();
        return;
      }
      if (demoRef.current === "off") return fail(PASTE_PLEASE);
      setResolved(null);
      if (choice.role === "department" && !choice.department) {
        // The department list (loaded below) picks the first unit; meanwhile learn the mode.
        setStatus({ state: "loading", message: "请选择责任单位 / Pick a department" });
        if ((await probe()) === "off" && !cancelled) fail(PASTE_PLEASE);
        return;
      }
      setStatus({ state: "loading", message: "正在获取令牌… / Getting a token…" });
      const result = await fetchDemoToken(choice.role, choice.department);
      if (cancelled) return;
      if (result.kind === "unavailable") {
        markDemo("off");
        return fail(PASTE_PLEASE);
      }
      markDemo("on");
      if (result.kind === "ok") setResolved({ token: result.token });
      else fail(`获取令牌失败 / Token request failed: ${result.message}`);
    })();
    return () => {
      cancelled = true;
    };
  }, [choice, generation]);

  // Token → who the hub says we are; shown in the bar so a wrong or expired token is obvious.
  useEffect(() => {
    if (!resolved) return;
    if (resolved.token === null) {
      setStatus({ state: "ok", message: "匿名（无令牌）/ Anonymous: no token" });
      return;
    }
    let cancelled = false;
    setStatus({ state: "loading", message: "正在核验令牌… / Checking the token…" });
    runQuery<MeData>(ME_QUERY, {}, resolved.token).then(
      (data) => {
        if (cancelled) return;
        const me = data.me;
        const who = me ? `${roleLabel(me.role)}${me.department ? ` · ${me.department.name}` : ""} (${me.id})` : "匿名 / Anonymous";
        setStatus({ state: "ok", message: `当前身份 / Signed in as: ${who}` });
      },
      (err: unknown) => {
        if (!cancelled) setStatus({ state: "error", message: `令牌不可用 / Token not accepted: ${err instanceof Error ? err.message : String(err)}` });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [resolved]);

  useEffect(() => {
    if (status.state !== "loading") setReady(true);
  }, [status.state]);

  // The department picker lists units as an operator sees them: a department token sees only itself.
  const wantsDepartments = demo === "on" && choice.kind === "role" && choice.role === "department";
  useEffect(() => {
    if (!wantsDepartments || departments !== null) return;
    let cancelled = false;
    void (async () => {
      try {
        const operator = await fetchDemoToken("operator");
        if (operator.kind !== "ok") throw new Error(operator.kind === "error" ? operator.message : "unavailable");
        const data = await runQuery<{ departments: DepartmentOption[] }>(DEPARTMENTS_QUERY, {}, operator.token);
        if (cancelled) return;
        setDepartments([...data.departments].sort((a, b) => a.code.localeCompare(b.code)));
        setDepartmentsError(null);
      } catch (err) {
        if (cancelled) return;
        const message = err instanceof Error ? err.message : String(err);
        setDepartmentsError(message);
        setStatus({ state: "error", message: `无法加载责任单位 / Cannot load departments: ${message}` });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [wantsDepartments, departments]);

  // A department role without a unit gets the first one, so one click on the role is enough.
  useEffect(() => {
    if (choice.kind !== "role" || choice.role !== "department" || choice.department || !departments?.length) return;
    const first = departments[0];
    if (first) setChoice({ kind: "role", role: "department", department: first.code });
  }, [choice, departments, setChoice]);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  return { choice, setChoice, demo, token: resolved?.token ?? null, status, departments, departmentsError, ready, refresh };
}
