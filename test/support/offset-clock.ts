/**
 * The application's clock in tests that run a real engine: real time plus an
 * offset the test moves forward. Rule 2 (a commitment letter open 60 seconds)
 * is judged on this clock, so a test reads a letter "for a minute" by
 * advancing it instead of waiting; the engine keeps real time.
 */
import type { Clock } from '../../server/clock.js';

export class OffsetClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
