import type { BudgetPeriod } from '../store/store-port.js';

export interface BudgetWindow {
  /** First day of the period ('YYYY-MM-DD', UTC); undefined for `total`. */
  fromDay: string | undefined;
  /** Epoch ms the period started (0 for `total`). */
  start: number;
  /** Epoch ms the next period starts; undefined for `total`, which never resets. */
  resetsAt: number | undefined;
}

const DAY_MS = 86_400_000;

/** The period a budget counts at `now`, in UTC: the day, the ISO week (from Monday), the calendar month, or all time. */
export function budgetWindow(period: BudgetPeriod, now: number): BudgetWindow {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  switch (period) {
    case 'day':
      return windowOf(today, today + DAY_MS);
    case 'week': {
      const weekday = (new Date(today).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
      const start = today - weekday * DAY_MS;
      return windowOf(start, start + 7 * DAY_MS);
    }
    case 'month': {
      const date = new Date(today);
      return windowOf(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1), Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
    }
    case 'total':
      return { fromDay: undefined, start: 0, resetsAt: undefined };
  }
}

function windowOf(start: number, resetsAt: number): BudgetWindow {
  return { fromDay: dayOf(start), start, resetsAt };
}

/** 'YYYY-MM-DD' of an epoch ms, UTC. */
export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** budgetWindow, remembered per period until the period ends: the request path asks it for every budget. */
export class BudgetWindows {
  private readonly current = new Map<BudgetPeriod, BudgetWindow>();

  at(period: BudgetPeriod, now: number): BudgetWindow {
    const known = this.current.get(period);
    if (known !== undefined && now >= known.start && (known.resetsAt === undefined || now < known.resetsAt)) return known;
    const window = budgetWindow(period, now);
    this.current.set(period, window);
    return window;
  }
}
