/**
 * A PostgreSQL database behind the store's ports (issue 17): a node-postgres pool, the one place
 * queries run, transactions on one client of the pool, and one line a dispatcher can act on for a
 * server that cannot be reached — the connection string always masked (src/domain/secret-url.ts).
 */
import pg from 'pg';
import { maskUrlPasswords } from '../../domain/secret-url.js';
import { StoreError } from '../db.js';

/** What a repository asks of the database, inside a transaction or not. */
export interface Queryable {
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  row<T>(sql: string, params?: unknown[]): Promise<T | null>;
}

// BIGINT (ids, times in milliseconds) and COUNT(*) as numbers: every value ringdesk keeps fits in 2^53
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Whether a text given as --db, RINGDESK_DB or `db` in the config names a PostgreSQL database. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db.trim());
}

/** The connection string as it may be shown: its password masked. */
export function shownUrl(url: string): string {
  return maskUrlPasswords(url);
}

export class PgDb implements Queryable {
  readonly pool: pg.Pool;

  constructor(readonly url: string, opts: { max?: number } = {}) {
    this.pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4, types, connectionTimeoutMillis: 5000 });
    // an idle client whose server went away: the next query says so; never an unhandled 'error'
    this.pool.on('error', () => {});
  }

  async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query(sql, params)).rows as T[];
    } catch (e) {
      throw this.failure(e);
    }
  }

  async row<T>(sql: string, params: unknown[] = []): Promise<T | null> {
    return (await this.rows<T>(sql, params))[0] ?? null;
  }

  /** `fn` in one transaction on one client: committed when it returns, rolled back when it throws. */
  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw this.failure(e);
    }
    const q: Queryable = {
      rows: async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[],
      row: async <R>(sql: string, params: unknown[] = []) => ((await client.query(sql, params)).rows as R[])[0] ?? null,
    };
    try {
      await client.query('BEGIN');
      const out = await fn(q);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw this.failure(e);
    } finally {
      client.release();
    }
  }

  /** A failure to reach the server as one line naming the database (password masked); SQL errors keep their stack. */
  failure(e: unknown): unknown {
    if (e instanceof StoreError) return e;
    const line = describePostgresFailure(e, this.url);
    return line ? new StoreError(line) : e;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** One line for a connection failure (server down, refused login, no such database); null for anything else. */
export function describePostgresFailure(e: unknown, url: string): string | null {
  const code = (e as { code?: unknown })?.code;
  const msg = (e as Error)?.message ?? String(e);
  const where = shownUrl(url);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || /timeout exceeded when trying to connect/.test(msg)) {
    return `cannot reach the PostgreSQL database ${where}: ${code ?? 'timed out'} (is the server running, and is --db or RINGDESK_DB right?)`;
  }
  if (code === '28P01' || code === '28000') return `PostgreSQL refused the login to ${where}: check the user and password`;
  if (code === '3D000') return `there is no PostgreSQL database at ${where}: create it (createdb) or check --db or RINGDESK_DB`;
  if (code === '57P01' || code === '57P03') return `the PostgreSQL server of ${where} is shutting down or starting: try again in a moment`;
  return null;
}
