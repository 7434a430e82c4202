import { createConnection, createServer, type Socket } from 'node:net';

export interface RedisRelay {
  /** Where the relay listens: `redis://127.0.0.1:<port>` reaches the real Redis while it is up. */
  port: number;
  /** Refuses new connections and cuts the open ones: Redis is "down" for whoever uses the relay. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
}

/** A TCP relay to a real Redis that a test can take down and bring back, to play an outage without stopping Redis. */
export async function startRedisRelay(redisPort = 6379, redisHost = '127.0.0.1'): Promise<RedisRelay> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(redisPort, redisHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // A cut connection errors on both ends; the relay has nothing to report.
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const port = (server.address() as { port: number }).port;
  return {
    port,
    async down() {
      if (!server.listening) return;
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    up: () => listen(port),
  };
}
