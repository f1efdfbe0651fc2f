import { useEffect, useState, type FormEvent } from "react";
import { ROLES, isRole } from "./auth";
import type { AuthState } from "./useAuth";

const PASTED = "__pasted__";

export function AuthBar({ auth }: { auth: AuthState }) {
  const { choice, setChoice, demo, status, departments, departmentsError } = auth;
  const [draft, setDraft] = useState(choice.kind === "paste" ? choice.token : "");

  // Keep the box in step when the choice changes elsewhere (e.g. a ?token= link).
  useEffect(() => {
    if (choice.kind === "paste") setDraft(choice.token);
  }, [choice]);

  const onRole = (value: string) => {
    if (value === PASTED) {
      setChoice({ kind: "paste", token: draft });
    } else if (isRole(value)) {
      setChoice({ kind: "role", role: value, department: null });
    }
  };
  const onPaste = (e: FormEvent) => {
    e.preventDefault();
    // Users paste whole header values too; the hub wants the bare token behind "Bearer".
    setChoice({ kind: "paste", token: draft.trim().replace(/^bearer\s+/i, "") });
  };

  return (
    <div className="co-auth" role="group" aria-label="身份 / Identity">
      {demo !== "off" && (
        <label className="co-field">
          <span>
            身份 <small>Role</small>
          </span>
          <select
            value={choice.kind === "role" ? choice.role : PASTED}
            onChange={(e) => onRole(e.target.value)}
            disabled={demo === "probing" && choice.kind === "paste"}
          >
            {ROLES.map((r) => (
              <option key={r.code} value={r.code}>
                {r.zh} {r.en}
              </option>
            ))}
            <option value={PASTED}>粘贴的令牌 Pasted token</option>
          </select>
        </label>
      )}
      {demo === "on" && choice.kind === "role" && choice.role === "department" && (
        <label className="co-field">
          <span>
            责任单位 <small>Department</small>
          </span>
          {departments ? (
            <select
              value={choice.department ?? ""}
              onChange={(e) => setChoice({ kind: "role", role: "department", department: e.target.value })}
            >
              {departments.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.code} · {d.name}
                </option>
              ))}
            </select>
          ) : (
            <em>{departmentsError ? "加载失败 / Failed" : "加载中… / Loading…"}</em>
          )}
        </label>
      )}
      <form className="co-field co-paste" onSubmit={onPaste}>
        <span>
          令牌 <small>Token</small>
        </span>
        <input
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="粘贴令牌 / Paste a token"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit">使用 Use</button>
      </form>
      <span className={`co-status co-status-${status.state}`} title={status.message}>
        {status.message}
      </span>
      {choice.kind === "role" && demo === "on" && (
        <button type="button" className="co-link" onClick={auth.refresh} title="重新获取令牌 / Get a new token">
          ↻
        </button>
      )}
    </div>
  );
}
