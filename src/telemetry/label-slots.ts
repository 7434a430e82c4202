import { LABEL_VALUES } from './label-values.js';

/**
 * Label values for ids without a bound of their own (virtual keys, teams): the first `limit` distinct ids
 * keep their own value for the life of the process, every later one is counted under `other`, and a
 * request without one is `none`. So a gateway with 50,000 keys cannot make 50,000 series per metric.
 */
export class LabelSlots {
  private readonly slots = new Map<string, string>();

  constructor(private readonly limit: number) {}

  label(id: string | undefined): string {
    if (id === undefined) return LABEL_VALUES.none;
    const known = this.slots.get(id);
    if (known !== undefined) return known;
    if (this.slots.size >= this.limit) return LABEL_VALUES.other;
    this.slots.set(id, id);
    return id;
  }
}
