import { defineConfig } from "vitest/config";

// No dev server is used: the app embeds dist/ (tauri.conf.json build.frontendDist).
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // Keep everything in files the CSP allows ('self'): no inline module preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  test: { include: ["src/**/*.test.ts"] },
});
