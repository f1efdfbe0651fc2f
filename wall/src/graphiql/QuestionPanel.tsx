import { useState } from "react";
import { QUESTIONS, type Ask, type PreparedQuery, type Question } from "./questions";

interface Props {
  ask: Ask;
  /** False until GraphiQL is on the page to receive the question. */
  enabled: boolean;
  onLoad(prepared: PreparedQuery): void;
}

export function QuestionPanel({ ask, enabled, onLoad }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; message: string } | null>(null);

  const pick = async (q: Question) => {
    setBusy(q.id);
    setError(null);
    try {
      onLoad(await q.prepare(ask));
    } catch (err) {
      setError({ id: q.id, message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <nav className="co-questions" aria-label="领导常用问题 / Ready-made questions">
      <h2>
        领导常用问题
        <small>Ready-made questions · 点击即运行 click to run</small>
      </h2>
      <ol>
        {QUESTIONS.map((q) => (
          <li key={q.id}>
            <button type="button" data-question={q.id} disabled={!enabled || busy !== null} onClick={() => void pick(q)}>
              <span className="co-q-zh">{q.zh}</span>
              <span className="co-q-en">{busy === q.id ? "准备中… / Preparing…" : q.en}</span>
            </button>
            {error?.id === q.id && <p className="co-q-error">{error.message}</p>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
