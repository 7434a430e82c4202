import { GatewayError } from '../../spec/gateway-error.js';

/**
 * The request-log page cursor: the (at, id) of the last row of a page, opaque to clients (base64url of
 * `at:id`) so that they pass it back rather than build one, and so its shape can change.
 */
export function encodeLogCursor(row: { at: number; id: string }): string {
  return Buffer.from(`${row.at}:${row.id}`, 'utf8').toString('base64url');
}

export function decodeLogCursor(cursor: string): { at: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const at = Number(text.slice(0, colon));
  if (colon <= 0 || !Number.isSafeInteger(at) || colon === text.length - 1) {
    throw new GatewayError('GW_ERR_ADMIN_INVALID', 'before: not a cursor this API made; pass the next_before of the previous page unchanged.', { param: 'before' });
  }
  return { at, id: text.slice(colon + 1) };
}
