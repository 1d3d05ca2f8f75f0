/** Invitation codes in a real SQLite file: kept as HMACs, one-off and reusable, expiry, routing while the operator is offline. */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { codeState, normaliseCode, routeByCode, showCode } from '../domain/invitation-code.js';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('invitation codes', () => {
  it('a one-off code works once, for a day; the database never holds the code itself', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    const made = t.store.invitationCodes.create({ operator: 'jana' }, NOON, () => 42_017);
    expect(made).toMatchObject({ ok: true, code: '042017', record: { operator: 'jana', reusable: false, expiresAt: NOON + 86_400_000 } });
    expect(showCode('042017')).toBe('042 017');
    t.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = Buffer.concat([t.file, `${t.file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
    expect(bytes.includes('042017')).toBe(false);
    expect(t.store.invitationCodes.redeem('042 017', NOON + 60_000)).toMatchObject({ ok: true, code: { operator: 'jana', uses: 1 } });
    expect(t.store.invitationCodes.redeem('042017', NOON + 120_000)).toEqual({ ok: false, reason: 'no such invitation code, or it expired or was used' });
    expect(t.store.invitationCodes.list(NOON + 120_000, 'jana')[0].state).toBe('used');
  });

  it('a reusable code works until its expiry, and no two active codes are the same', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    expect(t.store.invitationCodes.create({ operator: 'petr', reusable: true }, NOON)).toEqual({ ok: false, reason: 'a reusable code needs an expiry (--until)' });
    const draws = [123_456, 123_456, 654_321];
    const a = t.store.invitationCodes.create({ operator: 'petr', reusable: true, expiresAt: NOON + 3_600_000 }, NOON, () => draws.shift()!);
    const b = t.store.invitationCodes.create({ operator: 'eva' }, NOON, () => draws.shift()!);
    expect(a.ok && a.code).toBe('123456');
    expect(b.ok && b.code).toBe('654321'); // 123456 was taken: drawn again
    for (const at of [NOON + 1, NOON + 2, NOON + 3_599_999]) expect(t.store.invitationCodes.redeem('123456', at).ok).toBe(true);
    expect(t.store.invitationCodes.redeem('123456', NOON + 3_600_000).ok).toBe(false);
    expect(t.store.invitationCodes.redeem('12345', NOON)).toEqual({ ok: false, reason: 'an invitation code is 6 digits' });
    const revoked = t.store.invitationCodes.create({ operator: 'eva' }, NOON, () => 111_111);
    expect(revoked.ok && t.store.invitationCodes.revoke(revoked.record.id, NOON + 5)).toBe(true);
    expect(t.store.invitationCodes.redeem('111111', NOON + 6).ok).toBe(false);
    expect(t.store.invitationCodes.list(NOON + 6).map((c) => c.state)).toEqual(['revoked', 'active', 'active']);
  });

  it('routes to the operator while online, else to the fallback group (the named one, else theirs)', () => {
    const code = { id: 3, operator: 'jana', reusable: false, expiresAt: NOON + 1, createdAt: NOON, usedAt: null, uses: 0, revokedAt: null, fallback: '' };
    const groups = (op: string) => (op === 'jana' ? ['Brno', 'Praha'] : []);
    expect(routeByCode(code, () => true, groups)).toEqual({ to: 'operator', operator: 'jana', codeId: 3 });
    expect(routeByCode(code, () => false, groups)).toEqual({ to: 'fallback', operator: 'jana', group: 'Brno', codeId: 3, why: 'jana is offline' });
    expect(routeByCode({ ...code, fallback: 'Night' }, () => false, groups)).toMatchObject({ group: 'Night' });
    expect(codeState(code, NOON + 1)).toBe('expired');
    expect(normaliseCode('12-34-56')).toBe('123456');
  });
});
