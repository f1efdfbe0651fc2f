// The command center's video wall (大屏): served by the hub at /wall and /.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ENGLISH, tr } from "./model";
import { Wall } from "./Wall";
import "./wall.css";
import "./panels.css";

const root = document.getElementById("root");
if (root) {
  document.title = tr("黄渤海新区城市运行管理中心 · 城运大屏", "Huangbohai New Area · City Operations wall");
  if (ENGLISH) document.documentElement.lang = "en";
  createRoot(root).render(
    <StrictMode>
      <Wall />
    </StrictMode>,
  );
}
