import { afterEach, describe, expect, it } from 'vitest';
import { routeEntry } from '../domain/group-route.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.forEach((c) => c()); cleanups = []; });

describe('routing a call to a group', () => {
  it('a header naming a group wins; an IVR digit and the number dialled are mapped by the routes; nothing else routes', () => {
    const { store, cleanup } = tempStore();
    cleanups.push(cleanup);
    const r = store.groupRoutes;
    for (const g of ['Ostrava', 'brno', 'praha']) store.groups.add(g, NOON);
    r.set(routeEntry('ivr', '2', 'CZ')!, 'praha', NOON);
    r.set(routeEntry('number', '+420 222 000 111', 'CZ')!, 'brno', NOON);
    expect(r.resolve('Ostrava', '222000111')).toEqual({ name: 'Ostrava', via: 'header' });
    expect(r.resolve(' 2 ', undefined)).toEqual({ name: 'praha', via: 'ivr' });
    expect(r.resolve('9', '00420 222 000 111')).toEqual({ name: 'brno', via: 'number' });
    expect(r.resolve(undefined, '222 000 112')).toBeNull();
    expect(r.resolve('', '')).toBeNull();
    // a header naming no group routes nowhere by itself (the number dialled still may); a name in another letter case is the group's
    expect(r.resolve('Plzeň', undefined)).toBeNull();
    expect(r.resolve('Plzeň', '+420 222 000 111')).toEqual({ name: 'brno', via: 'number' });
    expect(r.resolve('OSTRAVA', undefined)).toEqual({ name: 'Ostrava', via: 'header' });
    // outside text: stripped of escape sequences before it names anything
    expect(r.resolve('\u001b[31mbrno\u001b[0m', undefined)).toEqual({ name: 'brno', via: 'header' });
    expect(r.list().map((x) => [x.kind, x.key, x.group])).toEqual([['ivr', '2', 'praha'], ['number', '+420222000111', 'brno']]);
    expect(routeEntry('ivr', 'two', 'CZ')).toBeNull();
    expect(routeEntry('number', 'not a number', 'CZ')).toBeNull();
    expect(r.remove('ivr:2')).toBe(true);
    expect(r.resolve('2', undefined)).toBeNull();
  });
});
