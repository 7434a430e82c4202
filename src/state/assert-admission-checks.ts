import { assertCounterInteger } from './counter-integers.js';
import { assertWindow } from './assert-window.js';
import type { AdmissionCheck } from './state-port.js';

/**
 * The argument checks of admitAll, shared by both implementations: each check is refused as its
 * single operation (consume, reserve, acquireLease) refuses it, and a kind and key may appear only
 * once, since every check is evaluated against the state as it was before the call.
 */
export function assertAdmissionChecks(checks: readonly AdmissionCheck[]): void {
  const seen = new Set<string>();
  for (const check of checks) {
    switch (check.kind) {
      case 'window':
        assertWindow(check.windowMs);
        break;
      case 'budget':
        // The quick test first: the messages are built only for a check that fails it.
        if (!(Number.isSafeInteger(check.amount) && check.amount >= 1 && Number.isSafeInteger(check.limit))) {
          assertCounterInteger(`admitAll: budget "${check.key}" amount`, check.amount, 1);
          assertCounterInteger(`admitAll: budget "${check.key}" limit`, check.limit);
        }
        break;
      case 'lease':
        if (!(Number.isSafeInteger(check.limit) && check.limit >= 0 && Number.isSafeInteger(check.ttlMs) && check.ttlMs >= 1)) {
          assertCounterInteger(`admitAll: lease "${check.key}" limit`, check.limit, 0);
          assertCounterInteger(`admitAll: lease "${check.key}" ttlMs`, check.ttlMs, 1);
        }
        break;
    }
    // The kind never holds a NUL, so kind, NUL, key names one check whatever characters the key holds.
    const identity = `${check.kind}\u0000${check.key}`;
    if (seen.has(identity)) {
      throw new Error(`admitAll: the ${check.kind} check "${check.key}" appears twice; each would be judged against the same state, so merge them into one`);
    }
    seen.add(identity);
  }
}
