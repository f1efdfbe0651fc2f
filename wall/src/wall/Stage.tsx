// The wall is laid out once, at 3840×2160, and scaled to whatever the viewport is. Canvases are
// drawn at devicePixelRatio × scale, so after the CSS scale one canvas pixel is one screen pixel.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

export const DESIGN_WIDTH = 3840;
export const DESIGN_HEIGHT = 2160;

interface Fit {
  scale: number;
  left: number;
  top: number;
  /** Pixel ratio for canvases inside the scaled stage. */
  canvasRatio: number;
}

function fit(): Fit {
  // The viewport, not window.screen: a wall may be a browser window spanning several monitors.
  const w = window.innerWidth || DESIGN_WIDTH;
  const h = window.innerHeight || DESIGN_HEIGHT;
  const scale = Math.min(w / DESIGN_WIDTH, h / DESIGN_HEIGHT);
  const canvasRatio = Math.round((window.devicePixelRatio || 1) * scale * 1000) / 1000;
  return { scale, left: Math.round((w - DESIGN_WIDTH * scale) / 2), top: Math.round((h - DESIGN_HEIGHT * scale) / 2), canvasRatio };
}

const CanvasRatio = createContext(1);
export const useCanvasRatio = (): number => useContext(CanvasRatio);

export function Stage({ children }: { children: ReactNode }) {
  const [f, setF] = useState(fit);
  useEffect(() => {
    let frame = 0;
    const onResize = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const next = fit();
        setF((prev) => (prev.scale === next.scale && prev.left === next.left && prev.top === next.top && prev.canvasRatio === next.canvasRatio ? prev : next));
      });
    };
    window.addEventListener("resize", onResize);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("resize", onResize);
    };
  }, []);
  return (
    <div
      className="stage"
      style={{ width: DESIGN_WIDTH, height: DESIGN_HEIGHT, transform: `translate(${f.left}px, ${f.top}px) scale(${f.scale})` }}
    >
      <CanvasRatio.Provider value={f.canvasRatio}>{children}</CanvasRatio.Provider>
    </div>
  );
}
