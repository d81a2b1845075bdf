/**
 * The web explorer: a static site in web/dist (relative asset paths, so any static host and
 * any sub-path serves it). The page and its worker import the core from ../src unchanged.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // vega and vega-lite are one large lazy chunk, loaded for the first chart.
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: "es" },
  server: { host: "localhost", fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] } },
  preview: { host: "localhost", port: 4173 },
});
