import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultRoutellmDirectory } from './load-routellm.js';

/**
 * Where `npm run test:data` finds RouteLLM's evaluation data: SKYROUTE_ROUTELLM_DATA, else
 * `../shared/eval-data/routellm` beside the repository. The data is never copied into the project, so
 * the tests that read it are a suite of their own (`*.data-test.ts`), run when the data is at hand;
 * `npm test` uses synthetic folders in the same layout.
 */
export function routellmDataDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  const configured = environment.SKYROUTE_ROUTELLM_DATA;
  if (configured !== undefined && configured !== '') return resolve(configured);
  return resolve(fileURLToPath(new URL('../../', import.meta.url)), defaultRoutellmDirectory);
}
