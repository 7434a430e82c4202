import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export interface DashboardAsset {
  body: Buffer;
  /** The body gzipped, when that makes it smaller (text files: the script goes from ~100 to ~35 KB). */
  gzipped: Buffer | undefined;
  contentType: string;
  etag: string;
  /** Vite's content-hashed files under assets/ never change, so browsers may keep them for good. */
  immutable: boolean;
}

/** The built dashboard (web/ → dist/web/), held in memory: a few hundred KB, read once at start-up. */
export interface Dashboard {
  /** Keyed by the path under /ui/ (`index.html`, `assets/index-3f2a.js`). */
  assets: ReadonlyMap<string, DashboardAsset>;
}

/** Where `npm run build` puts the dashboard: dist/web/ at the package root (from src/ under tsx, or dist/ when built). */
export const DEFAULT_DASHBOARD_DIRECTORY = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Reads the built dashboard; undefined when it was not built (the gateway then says how to build it). */
export function loadDashboard(directory: string = DEFAULT_DASHBOARD_DIRECTORY): Dashboard | undefined {
  if (!existsSync(join(directory, 'index.html'))) return undefined;
  const assets = new Map<string, DashboardAsset>();
  for (const name of readdirSync(directory, { recursive: true })) {
    const file = join(directory, String(name));
    if (!statSync(file).isFile()) continue;
    const path = relative(directory, file).split(sep).join('/');
    const body = readFileSync(file);
    const compressed = gzipSync(body, { level: 9 });
    assets.set(path, {
      body,
      gzipped: compressed.length < body.length * 0.9 ? compressed : undefined,
      contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      immutable: path.startsWith('assets/'),
    });
  }
  return { assets };
}
