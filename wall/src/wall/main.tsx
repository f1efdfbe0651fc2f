// The command center's video wall (大屏): served by the hub at /wall and /.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Wall } from "./Wall";
import "./wall.css";

const root = document.getElementById("root");
if (root) {
  document.title = "黄渤海新区城市运行管理中心 · 城运大屏";
  createRoot(root).render(
    <StrictMode>
      <Wall />
    </StrictMode>,
  );
}
