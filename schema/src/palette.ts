// The wall's colours (designed for its dark 4K screen), shared so the reports' charts read as the
// wall's. No imports: the wall's bundle and the server both load this file as it is.

export const WALL_COLORS = {
  text: "#cfe8ff",
  dim: "#7fa7cf",
  accent: "#3ee0ff",
  grid: "rgba(95, 160, 230, 0.18)",
  land: "#0b2547",
  border: "rgba(90, 170, 255, 0.28)",
  street: "#5fd4ff",
  warn: "#ffb03a",
  danger: "#ff4d4f",
  ok: "#34d399",
  heat: ["#0b2547", "#134a8a", "#1e88e5", "#26c6da", "#ffe066", "#ff8a3d", "#ff3b3b"],
};
