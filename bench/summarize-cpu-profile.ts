import { readFileSync } from 'node:fs';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  /** Milliseconds of samples. */
  ms: number;
  /** Share of the busy (non-idle) samples, in %. */
  percent: number;
}

export interface CpuProfileSummary {
  busyMs: number;
  idleMs: number;
  /** Self time per function (name, file:line). */
  functions: ProfileEntry[];
  /** Self time per file (gateway files as src/…ts, packages as their name, node internals as node:…). */
  files: ProfileEntry[];
  /** Self time per area: gateway source, each package, node internals, GC, program. */
  areas: ProfileEntry[];
  /** Inclusive time per gateway source file: samples with that file anywhere on the stack. */
  gatewayInclusive: ProfileEntry[];
}

/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and adds up where the time went. dist/…js paths are
 * shown as the src/…ts file they were compiled from (line numbers are the compiled file's).
 * `windowMicros` keeps only the samples taken in that interval of the monotonic clock
 * (`process.hrtime.bigint() / 1000n` in any process on the machine: V8 stamps samples with it).
 */
export function summarizeCpuProfile(path: string, options: { top?: number; windowMicros?: [number, number] } = {}): CpuProfileSummary {
  const top = options.top ?? 25;
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map<number, CpuProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfMs = new Map<number, number>();
  let timestamp = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    timestamp += delta;
    if (options.windowMicros && (timestamp < options.windowMicros[0] || timestamp > options.windowMicros[1])) return;
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta / 1000);
  });

  let idleMs = 0;
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const file = displayFile(url, functionName);
    add(functions, `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`, ms);
    add(files, file, ms);
    add(areas, area(file), ms);
    // Inclusive time per gateway file: each file once per sample stack.
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frameFile = displayFile(byId.get(current)!.callFrame.url, '');
      if (frameFile.startsWith('src/') && !seen.has(frameFile)) {
        seen.add(frameFile);
        add(inclusive, frameFile, ms);
      }
    }
  }
  const busyMs = [...files.values()].reduce((sum, ms) => sum + ms, 0);
  const rank = (map: Map<string, number>, limit: number): ProfileEntry[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => ({ name, ms, percent: (ms / busyMs) * 100 }));
  return { busyMs, idleMs, functions: rank(functions, top), files: rank(files, top), areas: rank(areas, 20), gatewayInclusive: rank(inclusive, top) };
}

/** Markdown tables of a summary. */
export function formatCpuProfileSummary(summary: CpuProfileSummary): string {
  const table = (title: string, entries: ProfileEntry[]): string =>
    [`| ${title} | ms | % of busy |`, '|---|---:|---:|', ...entries.map((entry) => `| \`${entry.name}\` | ${entry.ms.toFixed(0)} | ${entry.percent.toFixed(1)} |`)].join('\n');
  return [
    `Busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms.`,
    '',
    table('area (self time)', summary.areas),
    '',
    table('file (self time)', summary.files),
    '',
    table('function (self time)', summary.functions),
    '',
    table('gateway file (inclusive: on the stack)', summary.gatewayInclusive),
    '',
  ].join('\n');
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function displayFile(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (pkg) return `${pkg[1]}/${pkg[2]}`;
  const dist = /\/dist\/(.+)\.js$/.exec(url);
  if (dist) return `src/${dist[1]}.ts`;
  // undici's HTTP parser (llhttp) is WebAssembly.
  if (url.startsWith('wasm://')) return 'undici/llhttp (wasm)';
  return url.replace(/^file:\/\//, '');
}

function area(file: string): string {
  if (file.startsWith('src/')) return 'gateway (src/)';
  if (file.startsWith('node:')) return 'node internals';
  if (file.startsWith('(')) return file;
  const slash = file.startsWith('@') ? file.indexOf('/', file.indexOf('/') + 1) : file.indexOf('/');
  return slash > 0 ? `package ${file.slice(0, slash)}` : file;
}
