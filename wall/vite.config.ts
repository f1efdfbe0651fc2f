import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

// The hub serves dist/ statically under /ui/ and hands out the two HTML pages itself
// (/ and /wall → index.html, /graphiql → graphiql.html), so every asset URL must start with /ui/.
export default defineConfig(({ command }) => {
  // A build is always the production build. vitest runs the stale-bundle check with NODE_ENV=test,
  // and Vite would then bundle React's development runtime, several times slower on the wall.
  // Vite reads NODE_ENV after loading this file, which is where its docs say to set it.
  if (command === "build") process.env.NODE_ENV = "production";
  return {
    root: here("."),
    base: "/ui/",
    plugins: [react()],
    build: {
      outDir: "dist",
      emptyOutDir: true,
      // GraphiQL with CodeMirror and graphql-js is one large chunk by nature; it is served from the
      // same machine on a closed network, so size warnings would only be noise.
      chunkSizeWarningLimit: 4096,
      rollupOptions: {
        input: {
          index: here("index.html"),
          graphiql: here("graphiql.html"),
        },
      },
    },
  };
});
