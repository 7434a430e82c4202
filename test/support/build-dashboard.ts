import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Builds web/ into `outDir` with its own Vite config, so a test serves the dashboard as the source is now. */
export async function buildDashboard(outDir: string): Promise<void> {
  await build({
    configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}
