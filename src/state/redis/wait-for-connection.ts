import type { Redis } from 'ioredis';

/**
 * Resolves when `settled` does (default: when the connection is ready), when the connection fails,
 * or after `timeoutMs`, whichever comes first. Never rejects: a state that starts while Redis is down
 * still starts, and its commands reject until Redis answers.
 */
export function waitForConnection(client: Redis, timeoutMs: number, settled?: Promise<unknown>): Promise<void> {
  if (settled === undefined && client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      client.off('ready', finish);
      client.off('error', finish);
      client.off('end', finish);
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    timer.unref();
    if (settled === undefined) client.once('ready', finish);
    else settled.then(finish, finish);
    client.once('error', finish);
    client.once('end', finish);
  });
}
