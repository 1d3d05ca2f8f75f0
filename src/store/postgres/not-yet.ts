/**
 * What the PostgreSQL engine does not do yet (issue 17 lands in steps): asked for, it answers with
 * one line saying so — never a wrong answer, never a silent nothing. The table of what works on
 * PostgreSQL today is docs/architecture.md "PostgreSQL today".
 */
import { StoreError } from '../db.js';

export class NotOnPostgresYet extends StoreError {}

const why = (what: string) => `${what} does not work on PostgreSQL yet (docs/architecture.md, "PostgreSQL today"): use an SQLite database file for it`;

/** One method that is not there yet: it rejects with the line. */
export function notYet(repo: string, method: string): (...args: unknown[]) => Promise<never> {
  return () => Promise.reject(new NotOnPostgresYet(why(`${repo}.${method}`)));
}

/** A whole repository that is not there yet: every method rejects with the line. */
export function repositoryNotYet<T extends object>(repo: string): T {
  return new Proxy({} as T, {
    get: (_t, method) => (typeof method === 'string' && method !== 'then' ? notYet(repo, method) : undefined),
  });
}
