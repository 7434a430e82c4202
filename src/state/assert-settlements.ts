import { assertCounterInteger } from './counter-integers.js';
import { assertWindow } from './assert-window.js';
import type { Settlement } from './state-port.js';

/** The argument checks of settleAll, shared by both implementations: each settlement is refused as its single operation (add, adjustCounter) refuses it. */
export function assertSettlements(settlements: readonly Settlement[]): void {
  for (const settlement of settlements) {
    if (settlement.kind === 'window-add') assertWindow(settlement.windowMs);
    else if (settlement.kind === 'counter-adjust') assertCounterInteger(`settleAll: counter-adjust "${settlement.key}" amount`, settlement.amount);
  }
}
