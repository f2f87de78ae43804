// Builds the floor app into STDPLUS_WEB_OUT (the Rust build script points it at OUT_DIR) or
// dist/. Everything the app needs is bundled: no request ever leaves the LAN.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: process.env.STDPLUS_WEB_OUT ?? 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 200,
    modulePreload: { polyfill: false },
  },
});
