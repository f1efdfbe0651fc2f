// Placeholder until the real video wall lands; it only proves the index.html entry builds and serves.
import { StrictMode, type CSSProperties } from "react";
import { createRoot } from "react-dom/client";

const page: CSSProperties = {
  minHeight: "100vh",
  display: "flex",
  flexDirection: "column",
  alignItems: "center",
  justifyContent: "center",
  gap: "1rem",
  background: "radial-gradient(circle at 50% 30%, #0d2545, #050b16 70%)",
  color: "#cfe8ff",
  fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", system-ui, sans-serif',
  textAlign: "center",
};

function WallPlaceholder() {
  return (
    <main style={page}>
      <h1 style={{ margin: 0, fontSize: "3rem", letterSpacing: "0.2em", color: "#5fd4ff" }}>CityOps 城运中心大屏</h1>
      <p style={{ margin: 0, fontSize: "1.4rem" }}>大屏建设中，敬请期待 / The video wall is coming soon</p>
      <p style={{ margin: 0, opacity: 0.7 }}>
        现在可使用 <a href="/graphiql" style={{ color: "#5fd4ff" }}>数据查询 GraphiQL</a> / Meanwhile, ask the data in GraphiQL
      </p>
    </main>
  );
}

const root = document.getElementById("root");
if (root) {
  document.title = "CityOps 城运中心大屏";
  createRoot(root).render(
    <StrictMode>
      <WallPlaceholder />
    </StrictMode>,
  );
}
