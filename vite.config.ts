// The page is built from index.html at the root, and the embedding example from web/embed.html;
// the wasm package comes from web/pkg (written by `make wasm`).
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    // The editor and the terminal are lazy chunks; the core's wasm is its own asset.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: {
        main: "index.html",
        embed: "web/embed.html",
      },
    },
  },
  server: { port: 8080 },
  preview: { port: 8080, strictPort: true },
});
