// The command center's video wall (大屏): served by the hub at /wall and /.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ENGLISH, tr } from "./model";
import { Wall } from "./Wall";
import "./wall.css";
import "./panels.css";

const root = document.getElementById("root");
if (root) {
  // The center's own name joins the title once the wall knows it (TitleBar).
  document.title = tr("城运大屏", "City Operations wall");
  if (ENGLISH) document.documentElement.lang = "en";
  createRoot(root).render(
    <StrictMode>
      <Wall />
    </StrictMode>,
  );
}
