/** Where a router command writes: passed in, so tests run the commands in-process. */
export interface RouterCommandIo {
  out(text: string): void;
  err(text: string): void;
}
