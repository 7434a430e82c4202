import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { GatewayError } from '../spec/gateway-error.js';
import { Cancellation } from './cancellation.js';
import { createImageFetcher, type ImageFetcherOptions } from './fetch-image.js';

/** A real 1×1 PNG (8-bit greyscale). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgAB4iG8MwAAAABJRU5ErkJggg==', 'base64');

interface TestServer {
  port: number;
  hits: string[];
  close(): Promise<void>;
}

/** An image server with one route per behaviour; it records every path it is asked for. */
async function startImageServer(): Promise<TestServer> {
  const hits: string[] = [];
  const route = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://local');
    hits.push(url.pathname);
    const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (chain !== null) {
      const left = Number(chain[1]);
      if (left === 0) return void response.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      return void response.writeHead(302, { location: `/chain/${left - 1}` }).end();
    }
    switch (url.pathname) {
      case '/x.png':
        return void response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(PNG.length) }).end(PNG);
      case '/redirect':
        return void response.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end('moved');
      case '/page':
        return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html>not an image</html>');
      case '/untyped':
        response.removeHeader('content-type');
        return void response.writeHead(200).end(PNG);
      case '/missing':
        return void response.writeHead(404, { 'content-type': 'text/plain' }).end('no');
      case '/big':
        return void response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '5000' }).end(Buffer.alloc(5000));
      case '/big-chunked': {
        // No content-length: the size is only known while reading.
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        for (let index = 0; index < 10; index++) response.write(Buffer.alloc(500));
        return void response.end();
      }
      case '/slow':
        // Headers and a first piece at once, then nothing: only a deadline on the whole fetch stops it.
        response.writeHead(200, { 'content-type': 'image/png' });
        response.write(PNG.subarray(0, 10));
        return;
      default:
        response.writeHead(404).end();
    }
  };
  const server: Server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const DEFAULTS: ImageFetcherOptions = { allowPrivateNetworks: false, allowedHosts: [], maxBytes: 1000, timeoutMs: 2000, maxRedirects: 3 };

const fetchers: Array<{ close(): Promise<void> }> = [];
function fetcherWith(options: Partial<ImageFetcherOptions>) {
  const fetcher = createImageFetcher({ ...DEFAULTS, ...options });
  fetchers.push(fetcher);
  return fetcher;
}

/** The fetch's rejection, checked to be the image-fetch 400, with its message. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => assert.fail('the fetch should have been refused'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof GatewayError, `a GatewayError, got ${String(error)}`);
  assert.equal(error.code, 'GW_ERR_REQUEST_IMAGE_FETCH');
  assert.equal(error.status, 400);
  return error.message;
}

let first: TestServer;
let second: TestServer;

before(async () => {
  first = await startImageServer();
  second = await startImageServer();
});

after(async () => {
  await Promise.all(fetchers.map((fetcher) => fetcher.close()));
  await Promise.all([first.close(), second.close()]);
});

describe('refused addresses', () => {
  test('a loopback IP: refused before any connection, with a message that says how to allow it', async () => {
    const fetchImage = fetcherWith({});
    const message = await refusal(fetchImage(`http://127.0.0.1:${first.port}/x.png`, new Cancellation()));
    assert.match(message, new RegExp(`http://127\\.0\\.0\\.1:${first.port}/x\\.png`));
    assert.match(message, /127\.0\.0\.1 is a loopback address; set images\.allow_private_networks or images\.allowed_hosts to allow it/);
    assert.deepEqual(first.hits, []);
  });

  test('the cloud metadata address, private and link-local ranges, and metadata host names', async () => {
    const fetchImage = fetcherWith({ timeoutMs: 500 });
    const cases: Array<[string, RegExp]> = [
      ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', /169\.254\.169\.254 is a cloud metadata service address/],
      ['http://10.0.0.1/', /10\.0\.0\.1 is a private-network address/],
      ['http://192.168.1.20/cat.png', /a private-network address/],
      ['http://172.20.0.5/cat.png', /a private-network address/],
      ['http://100.64.1.1/cat.png', /carrier-grade NAT/],
      ['http://0.0.0.0/cat.png', /unspecified/],
      ['http://[fe80::1]/cat.png', /a link-local address/],
      ['http://[fd12:3456::1]/cat.png', /a private-network address/],
      ['http://[64:ff9b::a00:1]/cat.png', /a private-network address \(an IPv4 address inside an IPv6 address\)/],
      ['http://2130706433/cat.png', /127\.0\.0\.1 is a loopback address/],
      ['http://metadata.google.internal/computeMetadata/v1/', /metadata\.google\.internal is a cloud metadata service/],
      ['http://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/', /metadata\.google\.internal is a cloud metadata service/],
    ];
    for (const [url, expected] of cases) {
      const started = Date.now();
      assert.match(await refusal(fetchImage(url, new Cancellation())), expected, url);
      assert.ok(Date.now() - started < 400, `${url} is refused without trying to connect`);
    }
  });

  test('IPv6 loopback and IPv4-mapped loopback', async () => {
    const fetchImage = fetcherWith({});
    assert.match(await refusal(fetchImage(`http://[::1]:${first.port}/x.png`, new Cancellation())), /::1 is a loopback address/);
    const mapped = await refusal(fetchImage(`http://[::ffff:127.0.0.1]:${first.port}/x.png`, new Cancellation()));
    assert.match(mapped, /::ffff:7f00:1 is a loopback address \(an IPv4 address inside an IPv6 address\)/);
    assert.deepEqual(first.hits, []);
  });

  test('a host name that resolves to loopback is refused by the connection lookup', async () => {
    const fetchImage = fetcherWith({});
    const message = await refusal(fetchImage(`http://localhost:${first.port}/x.png`, new Cancellation()));
    assert.match(message, /localhost resolves to (127\.0\.0\.1|::1), a loopback address; set images\.allow_private_networks/);
    assert.deepEqual(first.hits, []);
  });

  test('the address checked is the one the connection resolves: one bad address among good ones refuses the host', async () => {
    const asked: string[] = [];
    const fetchImage = fetcherWith({
      resolveHost: async (hostname) => {
        asked.push(hostname);
        return [
          { address: '93.184.215.14', family: 4 },
          { address: '10.9.8.7', family: 4 },
        ];
      },
    });
    const message = await refusal(fetchImage(`http://images.example.test:${first.port}/x.png`, new Cancellation()));
    assert.match(message, /images\.example\.test resolves to 10\.9\.8\.7, a private-network address/);
    assert.deepEqual(asked, ['images.example.test'], 'resolved once, by the connection itself');
  });

  test('a redirect from an allowed host into a private address is refused', async () => {
    const fetchImage = fetcherWith({ allowedHosts: [`localhost:${first.port}`] });
    const into = `http://127.0.0.1:${second.port}/x.png`;
    const message = await refusal(fetchImage(`http://localhost:${first.port}/redirect?to=${encodeURIComponent(into)}`, new Cancellation()));
    assert.match(message, new RegExp(`it redirects to http://127\\.0\\.0\\.1:${second.port}/x\\.png, and 127\\.0\\.0\\.1 is a loopback address`));
    assert.deepEqual(second.hits, [], 'the private target was never contacted');
  });

  test('only http and https, also after a redirect', async () => {
    const fetchImage = fetcherWith({ allowedHosts: [`localhost:${first.port}`] });
    assert.match(await refusal(fetchImage('file:///etc/passwd', new Cancellation())), /only http and https URLs are fetched, not file:/);
    assert.match(await refusal(fetchImage('not a url', new Cancellation())), /not a valid URL/);
    const message = await refusal(fetchImage(`http://localhost:${first.port}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`, new Cancellation()));
    assert.match(message, /it redirects to file:\/\/\/etc\/passwd; only http and https/);
  });
});

describe('allowed fetches', () => {
  test('a real PNG from a host allowed as host:port', async () => {
    const fetchImage = fetcherWith({ allowedHosts: [`127.0.0.1:${first.port}`] });
    const image = await fetchImage(`http://127.0.0.1:${first.port}/x.png`, new Cancellation());
    assert.equal(image.mediaType, 'image/png');
    assert.deepEqual(Buffer.from(image.base64, 'base64'), PNG);
  });

  test('a host allowed by name (any port), and every address with allow_private_networks', async () => {
    const byName = fetcherWith({ allowedHosts: ['LocalHost'] });
    assert.deepEqual(Buffer.from((await byName(`http://localhost:${first.port}/x.png`, new Cancellation())).base64, 'base64'), PNG);
    const open = fetcherWith({ allowPrivateNetworks: true });
    assert.deepEqual(Buffer.from((await open(`http://127.0.0.1:${second.port}/x.png`, new Cancellation())).base64, 'base64'), PNG);
  });

  test('an allowed host:port does not allow the same host on another port', async () => {
    const fetchImage = fetcherWith({ allowedHosts: [`127.0.0.1:${first.port}`] });
    assert.match(await refusal(fetchImage(`http://127.0.0.1:${second.port}/x.png`, new Cancellation())), /a loopback address/);
  });

  test('redirects are followed up to max_redirects and refused past it', async () => {
    const fetchImage = fetcherWith({ allowPrivateNetworks: true, maxRedirects: 2 });
    const image = await fetchImage(`http://127.0.0.1:${first.port}/chain/2`, new Cancellation());
    assert.deepEqual(Buffer.from(image.base64, 'base64'), PNG);
    const message = await refusal(fetchImage(`http://127.0.0.1:${first.port}/chain/3`, new Cancellation()));
    assert.match(message, /redirects more than 2 time\(s\) \(images\.max_redirects\)/);
    const none = fetcherWith({ allowPrivateNetworks: true, maxRedirects: 0 });
    assert.match(await refusal(none(`http://127.0.0.1:${first.port}/chain/1`, new Cancellation())), /more than 0 time/);
  });
});

describe('what comes back', () => {
  const open = (options: Partial<ImageFetcherOptions> = {}) => fetcherWith({ allowPrivateNetworks: true, ...options });

  test('not an image, no content type, or an HTTP error', async () => {
    const fetchImage = open();
    assert.match(await refusal(fetchImage(`http://127.0.0.1:${first.port}/page`, new Cancellation())), /not an image \(content-type "text\/html"; expected image\/\*\)/);
    assert.match(await refusal(fetchImage(`http://127.0.0.1:${first.port}/untyped`, new Cancellation())), /content-type missing/);
    assert.match(await refusal(fetchImage(`http://127.0.0.1:${first.port}/missing`, new Cancellation())), /the server answered HTTP 404/);
  });

  test('over max_bytes: refused from content-length, and while streaming without one', async () => {
    const fetchImage = open({ maxBytes: 1000 });
    assert.match(await refusal(fetchImage(`http://127.0.0.1:${first.port}/big`, new Cancellation())), /it is 5000 bytes, over images\.max_bytes \(1000\)/);
    assert.match(await refusal(fetchImage(`http://127.0.0.1:${first.port}/big-chunked`, new Cancellation())), /larger than images\.max_bytes \(1000 bytes\)/);
    const roomy = open({ maxBytes: 5000 });
    assert.equal(Buffer.from((await roomy(`http://127.0.0.1:${first.port}/big-chunked`, new Cancellation())).base64, 'base64').length, 5000);
  });

  test('too slow: the deadline covers the whole fetch, body included', async () => {
    const fetchImage = open({ timeoutMs: 300 });
    const started = Date.now();
    assert.match(await refusal(fetchImage(`http://127.0.0.1:${first.port}/slow`, new Cancellation())), /took longer than 300 ms \(images\.timeout_ms\)/);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 280 && elapsed < 1500, `gave up after ${elapsed} ms`);
  });

  test("the request's cancellation stops the fetch with its reason", async () => {
    const fetchImage = open({ timeoutMs: 5000 });
    const cancellation = new Cancellation();
    const reason = new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', 'the request deadline passed');
    setTimeout(() => cancellation.abort(reason), 100);
    const started = Date.now();
    const error = await fetchImage(`http://127.0.0.1:${first.port}/slow`, cancellation).then(
      () => assert.fail('should be cancelled'),
      (caught: unknown) => caught,
    );
    assert.equal(error, reason);
    assert.ok(Date.now() - started < 1000);
    const already = new Cancellation();
    already.abort(reason);
    assert.equal(await fetchImage(`http://127.0.0.1:${first.port}/x.png`, already).catch((caught: unknown) => caught), reason);
  });

  test('a long URL is shortened in the message', async () => {
    const fetchImage = fetcherWith({});
    const message = await refusal(fetchImage(`http://10.0.0.1/${'a'.repeat(500)}.png`, new Cancellation()));
    assert.ok(message.length < 300, message);
    assert.match(message, /http:\/\/10\.0\.0\.1\/a+…/);
  });
});
