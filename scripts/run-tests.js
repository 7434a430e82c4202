#!/usr/bin/env node
// Node 20's test runner does not expand globs, so this finds the test files and hands them over.
// Usage: node scripts/run-tests.js [path-filter ...]
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const roots = ['src', 'test', 'bench'];
// --data: the suite that reads RouteLLM's evaluation data from outside the repository (*.data-test.ts;
// src/router-eval/routellm-data-directory.ts says where it looks); npm test runs everything else.
const data = process.argv[2] === '--data';
const filters = process.argv.slice(data ? 3 : 2);
const suffix = data ? '.data-test.ts' : '.test.ts';
const files = roots
  .flatMap((root) => readdirSync(root, { recursive: true }).map((name) => join(root, String(name))))
  .filter((file) => file.endsWith(suffix) && !file.includes('node_modules'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || '(all)'}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
