import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/** Parses a JSON-lines file, validating every non-blank line; errors name the file and line. */
export function readJsonLines<Schema extends z.ZodType>(file: string, schema: Schema): z.infer<Schema>[] {
  const rows: z.infer<Schema>[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${file}:${index + 1}: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.message}`);
    rows.push(parsed.data);
  }
  return rows;
}
