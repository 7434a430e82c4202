/**
 * The fixed label values that keep every metric's series bounded: `none` where a request had no such
 * thing (no deployment served it, no virtual key sent it), `other` for a value past a cap or one the
 * config does not know (a model name a client made up).
 */
export const LABEL_VALUES = Object.freeze({ none: 'none', other: 'other' });
