import { SimulatedClock } from 'xstate';

/** XState's SimulatedClock, plus a look at when the next timer is due. */
export class TestClock extends SimulatedClock {
  /** Time of the earliest pending timer, or null when none is pending. */
  nextDue(): number | null {
    const timeouts = (this as unknown as { timeouts: Map<number, { start: number; timeout: number }> }).timeouts;
    let min: number | null = null;
    for (const t of timeouts.values()) if (min === null || t.start + t.timeout < min) min = t.start + t.timeout;
    return min;
  }

  /** Fires the earliest pending timer (and any due with it). */
  advanceToNext(): boolean {
    const due = this.nextDue();
    if (due === null) return false;
    this.set(Math.max(due, this.now()));
    return true;
  }
}
