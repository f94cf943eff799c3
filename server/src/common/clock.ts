import { Injectable } from '@nestjs/common';

/** The time source. Tests (and the benchmark) move it without waiting. */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Shift "now" by `ms` (cumulative). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Make "now" be `at` (time then runs on from there). */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
}
