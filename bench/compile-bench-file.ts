import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';

/**
 * Transpiles one self-contained bench file (no relative imports) to plain ESM JavaScript in
 * `outDir`, so the process under test runs on bare `node` like the gateway's dist/ build does —
 * not under the tsx loader, whose hook thread would add memory and start-up work to the floor.
 * Returns the path of the .js file.
 */
export function compileBenchFile(sourcePath: string, outDir: string): string {
  const output = ts.transpileModule(readFileSync(sourcePath, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, sourceMap: false },
    fileName: sourcePath,
  });
  mkdirSync(outDir, { recursive: true });
  const outPath = join(outDir, basename(sourcePath).replace(/\.ts$/, '.js'));
  writeFileSync(outPath, output.outputText);
  return outPath;
}
