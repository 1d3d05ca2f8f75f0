/**
 * The store's ports on a real PostgreSQL (issue 17): the contract suites of test/contracts, the
 * same ones SQLite passes (src/store/sqlite-ports.test.ts), for the repositories PostgreSQL has
 * today — and a clear line, not a wrong answer, for those it has not yet.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PgDb } from './pg-db.js';
import { migratePostgres } from './pg-migrate.js';
import { openPostgres } from './pg-ports.js';
import type { StorePorts } from '../ports.js';
import type { PortsEngine } from '../../../test/contracts/index.js';
import { customersContract } from '../../../test/contracts/customers.contract.js';
import { postgresSuite, startPostgres, type PostgresServer } from '../../../test/helpers/postgres.js';
import { NOON } from '../../../test/helpers/clock.js';
import { emptyAddress } from '../../domain/address.js';

const region = { region: 'CZ', currency: 'CZK' };

postgresSuite('the store\'s ports on PostgreSQL', () => {
  let server: PostgresServer;
  let n = 0;
  beforeAll(async () => {
    server = await startPostgres();
    // migrated once; each test's database is a copy of it (CREATE DATABASE … TEMPLATE)
    const admin = new PgDb(server.url('postgres'));
    await admin.rows('CREATE DATABASE ringdesk_template');
    await admin.close();
    const template = new PgDb(server.url('ringdesk_template'));
    await migratePostgres(template);
    await template.close();
  }, 60_000);
  afterAll(async () => { await server?.stop(); });

  const postgres: PortsEngine = {
    name: 'postgres',
    async open() {
      const name = `desk_${++n}`;
      const admin = new PgDb(server.url('postgres'));
      await admin.rows(`CREATE DATABASE ${name} TEMPLATE ringdesk_template`);
      const opened: StorePorts[] = [await openPostgres(server.url(name), region)];
      return {
        ports: opened[0],
        async colleague() {
          opened.push(await openPostgres(server.url(name), region));
          return opened[opened.length - 1];
        },
        async close() {
          for (const p of opened) await p.close();
          await admin.rows(`DROP DATABASE ${name}`);
          await admin.close();
        },
      };
    },
  };

  customersContract(postgres);

  it('a repository not on PostgreSQL yet answers with one line saying so, naming where the table of what works is', async () => {
    const opened = await postgres.open();
    try {
      await expect(opened.ports.outbox.counts()).rejects.toThrow(
        'outbox.counts does not work on PostgreSQL yet (docs/architecture.md, "PostgreSQL today"): use an SQLite database file for it');
      const id = await opened.ports.customers.create({ name: 'Jana' }, NOON);
      const d = await opened.ports.deliveries.createDraft({ customerId: id, phone: '', phoneKey: null }, NOON);
      await expect(opened.ports.deliveries.save(d, NOON)).rejects.toThrow(/^deliveries\.save does not work on PostgreSQL yet/);
    } finally {
      await opened.close();
    }
  });

  it('the desk\'s day sequence numbers drafts without an outlet D-001, D-002 on every connection', async () => {
    const opened = await postgres.open();
    try {
      const other = await opened.colleague();
      const a = await opened.ports.deliveries.createDraft({ customerId: null, phone: '', phoneKey: null, timezone: 'Europe/Prague' }, NOON);
      const b = await other.deliveries.createDraft({ customerId: null, phone: '', phoneKey: null, timezone: 'Europe/Prague' }, NOON);
      expect([a.number, b.number]).toEqual(['D-001', 'D-002']);
    } finally {
      await opened.close();
    }
  });

  it('an address used on orders by two consoles at once is saved once, then moved to the top when used again', async () => {
    const opened = await postgres.open();
    try {
      const other = await opened.colleague();
      const id = await opened.ports.customers.create({ name: 'Petr' }, NOON);
      const home = { ...emptyAddress, city: 'Brno', street: 'Masarykova', house: '12' };
      const work = { ...home, street: 'Údolní', house: '5' };
      await Promise.all([opened.ports.addresses.remember(id, home, NOON), other.addresses.remember(id, home, NOON)]);
      await opened.ports.addresses.remember(id, work, NOON + 1000);
      await other.addresses.remember(id, home, NOON + 2000);
      expect((await opened.ports.addresses.forCustomer(id)).map((a) => a.street)).toEqual(['Masarykova', 'Údolní']);
      // nothing to remember: no street and no position
      await opened.ports.addresses.remember(id, { ...emptyAddress, city: 'Brno' }, NOON + 3000);
      expect(await opened.ports.addresses.forCustomer(id)).toHaveLength(2);
    } finally {
      await opened.close();
    }
  });

  it('a server that is not there: one line naming the database with its password masked', async () => {
    const db = new PgDb(`postgres://ringdesk:s3cret-pw@127.0.0.1:${server.port}/no_such_db`);
    try {
      const err = await migratePostgres(db).then(() => null, (e: Error) => e);
      expect(err?.message).toBe(`there is no PostgreSQL database at postgres://ringdesk:****@127.0.0.1:${server.port}/no_such_db: create it (createdb) or check --db or RINGDESK_DB`);
    } finally {
      await db.close();
    }
  });
});
