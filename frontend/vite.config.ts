/// <reference types="node" />
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// emptyOutDir removes dist/.gitkeep, which Go's go:embed needs on a fresh
// clone; put it back so a build leaves the working tree clean.
const keepDist: Plugin = {
  name: 'longhand-keep-dist',
  apply: 'build',
  closeBundle() {
    writeFileSync(fileURLToPath(new URL('./dist/.gitkeep', import.meta.url)), '');
  },
};

export default defineConfig({
  plugins: [svelte(), keepDist],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Keep every script an external same-origin file so the strict CSP holds.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
