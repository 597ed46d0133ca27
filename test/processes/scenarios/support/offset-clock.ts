/**
 * The application's clock in the scenarios: real time plus an offset the test
 * moves forward. Rule 2 (a commitment letter open 60 seconds) is judged on this
 * clock, so a scenario reads a letter "for a minute" by advancing it instead of
 * waiting. The engines keep real time (Zeebe's broker has its own clock), so
 * timers, job deadlines and message lifetimes are never pushed by the offset.
 */
import type { Clock } from '../../../../server/clock.js';

export class OffsetClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
