import { readdirSync, readFileSync } from 'node:fs';

/** Every `*.json` file in a provider's `__fixtures__/` folder, parsed, in file-name order (the folder's README gives the format). */
export function loadProviderFixtures<Fixture>(directory: URL): Fixture[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as Fixture);
}
