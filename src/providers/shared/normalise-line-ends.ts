/**
 * CRLF and CR line ends become LF, for splitting an event stream into lines. Unless this is the
 * body's last text (`final`), a CR at the very end waits for the next read: it may be half of a CRLF.
 */
export function normaliseLineEnds(text: string, final: boolean): string {
  if (!text.includes('\r')) return text;
  if (!final && text.endsWith('\r')) return `${text.slice(0, -1).replace(/\r\n?/g, '\n')}\r`;
  return text.replace(/\r\n?/g, '\n');
}
