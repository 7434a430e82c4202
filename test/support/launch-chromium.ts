import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it), or SKYROUTE_CHROMIUM. */
export function chromiumPath(): string {
  const candidates = [process.env.SKYROUTE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string => path !== undefined && path !== '');
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(`The dashboard tests need Chromium: install it (apt-get install -y chromium; .ci/run does) or set SKYROUTE_CHROMIUM to its path. Looked at: ${candidates.join(', ')}.`);
  }
  return found;
}

/** Real headless Chromium for the dashboard's end-to-end tests. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
