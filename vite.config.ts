// The page is built from index.html at the root; the wasm package comes from web/pkg
// (written by `make wasm`).
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { port: 8080 },
  preview: { port: 8080, strictPort: true },
});
