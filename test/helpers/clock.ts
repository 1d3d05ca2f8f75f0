/** The tests' fixed instant: no test reads the wall clock for what it checks (src/domain/clock.ts). */

/** Monday 23 November 2026, 12:00 in Prague (11:00 UTC): outlets open, zones serving. */
export const NOON = Date.parse('2026-11-23T11:00:00Z');
