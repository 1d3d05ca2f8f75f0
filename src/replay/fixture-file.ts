/**
 * Reads a call-fixture file (src/replay/format.ts) and validates it: a malformed fixture is
 * refused with the file and the JSON path of the first thing wrong.
 */
import fs from 'node:fs';
import { bytesForKey } from './virtual-terminal.js';
import { cleanJsonDocument } from '../domain/outside-text.js';
import { defaults } from '../config/config.js';
import { presenceStatuses } from '../domain/presence.js';
import { chatDeliveryStates, chatStepProblem } from './chats.js';
import { checkFigures } from '../domain/call-figures.js';
import { FixtureError, advanceMs, fixtureStart, type Fixture } from './format.js';

const stepKinds = ['ring', 'hangup', 'elsewhere', 'remoteAnswers', 'remoteBusy', 'transfer', 'figures', 'press', 'type', 'wait', 'advance', 'pos', 'resize', 'restart', 'registration', 'callbackRequest', 'chat', 'chatDelivery', 'presence', 'item', 'itemAccepted', 'itemRedirected', 'consoleGone', 'expect'] as const;
const itemFields = ['id', 'kind', 'name', 'phone', 'language', 'entry', 'web', 'owner', 'text', 'by', 'waited', 'due', 'expires', 'attempts'];
const entryVias = ['web', 'ivr', 'number', 'code'];
const settableStatuses = ['available', 'break', 'offline'];
const registrationStates = ['registered', 'connecting', 'offline', 'failed'];
const transferSteps = ['trying', 'ringing', 'answered', 'failed', 'refused'];
const expectKeys = ['screen', 'notScreen', 'screenName', 'modal', 'message', 'delivery', 'openOrders', 'waiting', 'outbox', 'transfers', 'calls', 'phoneActions', 'registration', 'deliveryCount', 'customer', 'terms', 'scheduled', 'callbacks', 'mail', 'presence', 'bells', 'queue', 'chat'];

/** Read and validate one fixture file. Throws FixtureError naming the file and JSON path. */
export function loadFixture(file: string): Fixture {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new FixtureError(file, '$', `cannot read: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const where = lineCol(text, errorOffset(text));
    throw new FixtureError(file, '$', `not valid JSON${where ? ` at ${where}` : ''}: ${(e as Error).message}`);
  }
  // a fixture is outside text too: absurd nesting and NULs refused, every string stripped of escape sequences
  const problem = cleanJsonDocument(data, { multiline: true })[0];
  if (problem) throw new FixtureError(file, problem.path, problem.reason);
  return validateFixture(data, file);
}

/** Where JSON.parse fails: the shortest prefix that fails for a reason other than ending early. */
function errorOffset(text: string): number {
  const failsInside = (n: number) => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (e) {
      return !/end of (JSON )?input|Unterminated string/i.test((e as Error).message);
    }
  };
  let lo = 0;
  let hi = text.length;
  if (!failsInside(hi)) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(mid)) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(0, lo - 1);
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

export function validateFixture(data: unknown, file = '<fixture>'): Fixture {
  const fail = (path: string, msg: string): never => {
    throw new FixtureError(file, path, msg);
  };
  const obj = (v: unknown, path: string): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, `expected an object, got ${kind(v)}`);
    return v as Record<string, unknown>;
  };
  const str = (v: unknown, path: string) => (typeof v === 'string' ? v : fail(path, `expected a string, got ${kind(v)}`));
  const num = (v: unknown, path: string) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(path, `expected a number, got ${kind(v)}`));
  const only = (o: Record<string, unknown>, allowed: readonly string[], path: string) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${path}.${k}`, `unknown field (allowed: ${allowed.join(', ')})`);
  };

  const presenceOf = (v: unknown, path: string, who: 'name' | 'operator') => {
    const o = obj(v, path);
    only(o, [who, 'status'], path);
    str(o[who], `${path}.${who}`);
    if (!settableStatuses.includes(str(o.status, `${path}.status`))) fail(`${path}.status`, `expected one of ${settableStatuses.join(', ')}`);
  };

  const root = obj(data, '$');
  only(root, ['name', 'description', 'covers', 'terminal', 'setup', 'steps', '$schema'], '$');
  str(root.name, '$.name');
  if (root.terminal !== undefined) {
    const t = obj(root.terminal, '$.terminal');
    if (num(t.columns, '$.terminal.columns') < 20) fail('$.terminal.columns', 'at least 20');
    if (num(t.rows, '$.terminal.rows') < 5) fail('$.terminal.rows', 'at least 5');
  }
  if (root.setup !== undefined) {
    const s = obj(root.setup, '$.setup');
    only(s, ['demo', 'registered', 'operator', 'customers', 'deliveries', 'rejectSpam', 'autoAnswerMs', 'clock', 'stopped', 'pointOfSale', 'invitationCodes', 'offlineMailTo', 'limits', 'colleagues', 'routes', 'groups'], '$.setup');
    if (s.offlineMailTo !== undefined) str(s.offlineMailTo, '$.setup.offlineMailTo');
    if (s.invitationCodes !== undefined) {
      if (!Array.isArray(s.invitationCodes)) fail('$.setup.invitationCodes', 'expected an array');
      (s.invitationCodes as unknown[]).forEach((c, n) => {
        const o = obj(c, `$.setup.invitationCodes[${n}]`);
        only(o, ['operator', 'code', 'reusable', 'fallback'], `$.setup.invitationCodes[${n}]`);
        str(o.operator, `$.setup.invitationCodes[${n}].operator`);
        if (!/^\d{6}$/.test(str(o.code, `$.setup.invitationCodes[${n}].code`))) fail(`$.setup.invitationCodes[${n}].code`, 'expected 6 digits');
      });
    }
    if (s.groups !== undefined) {
      if (!Array.isArray(s.groups)) fail('$.setup.groups', 'expected an array');
      (s.groups as unknown[]).forEach((g, n) => {
        if (typeof g === 'string') return;
        const o = obj(g, `$.setup.groups[${n}]`);
        only(o, ['name', 'members'], `$.setup.groups[${n}]`);
        str(o.name, `$.setup.groups[${n}].name`);
        if (o.members !== undefined && (!Array.isArray(o.members) || !(o.members as unknown[]).every((m) => typeof m === 'string'))) fail(`$.setup.groups[${n}].members`, 'expected an array of operator names');
      });
    }
    if (s.routes !== undefined) {
      if (!Array.isArray(s.routes)) fail('$.setup.routes', 'expected an array');
      (s.routes as unknown[]).forEach((r, n) => {
        const o = obj(r, `$.setup.routes[${n}]`);
        only(o, ['number', 'ivr', 'group'], `$.setup.routes[${n}]`);
        str(o.group, `$.setup.routes[${n}].group`);
        if ((o.number === undefined) === (o.ivr === undefined)) fail(`$.setup.routes[${n}]`, 'exactly one of "number" or "ivr"');
        str(o.number ?? o.ivr, `$.setup.routes[${n}].${o.number !== undefined ? 'number' : 'ivr'}`);
      });
    }
    if (s.limits !== undefined) {
      const l = obj(s.limits, '$.setup.limits');
      only(l, ['maxChats', 'chatsBesideCall', 'wrapUp'], '$.setup.limits');
      for (const k of ['maxChats', 'chatsBesideCall']) if (l[k] !== undefined && (num(l[k], `$.setup.limits.${k}`) < 0 || !Number.isInteger(l[k]))) fail(`$.setup.limits.${k}`, 'a whole number, 0 or more');
      if (l.wrapUp !== undefined && advanceMs(str(l.wrapUp, '$.setup.limits.wrapUp')) === null) fail('$.setup.limits.wrapUp', `expected a duration such as "20s", got "${l.wrapUp}"`);
    }
    if (s.colleagues !== undefined) {
      if (!Array.isArray(s.colleagues)) fail('$.setup.colleagues', 'expected an array');
      (s.colleagues as unknown[]).forEach((c, n) => presenceOf(c, `$.setup.colleagues[${n}]`, 'name'));
    }
    if (s.autoAnswerMs !== undefined && num(s.autoAnswerMs, '$.setup.autoAnswerMs') < 0) fail('$.setup.autoAnswerMs', 'must not be negative (leave it out for no auto-answer)');
    if (s.pointOfSale !== undefined) {
      const ps = obj(s.pointOfSale, '$.setup.pointOfSale');
      only(ps, ['kitchen', 'down', 'giveUp'], '$.setup.pointOfSale');
      if (ps.kitchen !== undefined) str(ps.kitchen, '$.setup.pointOfSale.kitchen');
      if (ps.giveUp !== undefined) str(ps.giveUp, '$.setup.pointOfSale.giveUp');
      if (ps.down !== undefined && typeof ps.down !== 'boolean') fail('$.setup.pointOfSale.down', `expected true or false, got ${kind(ps.down)}`);
    }
    const stopEntry = (x: unknown) => typeof x === 'string'
      || (typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).sort().join() === 'outlet,product'
        && typeof (x as Record<string, unknown>).product === 'string' && typeof (x as Record<string, unknown>).outlet === 'string');
    if (s.stopped !== undefined && (!Array.isArray(s.stopped) || !(s.stopped as unknown[]).every(stopEntry))) fail('$.setup.stopped', 'expected ["product name" (everywhere) or { "product": "...", "outlet": "..." }, ...]');
    if (s.clock !== undefined) {
      const start = fixtureStart(str(s.clock, '$.setup.clock'), defaults.timezone);
      if (!start.ok) fail('$.setup.clock', start.reason);
    }
    if (s.operator !== undefined) str(obj(s.operator, '$.setup.operator').name, '$.setup.operator.name');
    if (s.customers !== undefined) {
      if (!Array.isArray(s.customers)) fail('$.setup.customers', 'expected an array');
      (s.customers as unknown[]).forEach((c, n) => {
        const p = `$.setup.customers[${n}]`;
        const o = obj(c, p);
        str(o.name, `${p}.name`);
        if (!Array.isArray(o.phones)) fail(`${p}.phones`, 'expected an array of phone numbers');
        (o.phones as unknown[]).forEach((ph, i) => str(ph, `${p}.phones[${i}]`));
      });
    }
    if (s.deliveries !== undefined) {
      if (!Array.isArray(s.deliveries)) fail('$.setup.deliveries', 'expected an array');
      (s.deliveries as unknown[]).forEach((d, n) => {
        const o = obj(d, `$.setup.deliveries[${n}]`);
        str(o.phone, `$.setup.deliveries[${n}].phone`);
        if (o.items !== undefined && (!Array.isArray(o.items) || !(o.items as unknown[]).every((i) => Array.isArray(i) && typeof i[0] === 'string' && typeof i[1] === 'number'))) {
          fail(`$.setup.deliveries[${n}].items`, 'expected [["product name", quantity], ...]');
        }
      });
    }
  }
  if (!Array.isArray(root.steps)) fail('$.steps', `expected an array of steps, got ${kind(root.steps)}`);
  (root.steps as unknown[]).forEach((st, n) => {
    const p = `$.steps[${n}]`;
    const o = obj(st, p);
    const keys = Object.keys(o).filter((k) => k !== 'call' && k !== 'note' && !(k === 'reason' && 'registration' in o) && !(k === 'within' && 'expect' in o)
      && !((k === 'group' || k === 'called' || k === 'code') && 'ring' in o)
      && !(k === 'by' && ('itemAccepted' in o || 'itemRedirected' in o)) && !(k === 'unseen' && 'itemAccepted' in o) && !((k === 'to' || k === 'text') && 'itemRedirected' in o));
    for (const k of ['group', 'called', 'code']) if (o[k] !== undefined && 'ring' in o) str(o[k], `${p}.${k}`);
    if (o.within !== undefined && num(o.within, `${p}.within`) < 0) fail(`${p}.within`, 'must not be negative');
    if (keys.length !== 1 || !stepKinds.includes(keys[0] as never)) fail(p, `a step has exactly one of: ${stepKinds.join(', ')} (got ${keys.join(', ') || 'none'})`);
    const k = keys[0];
    const v = o[k];
    if (['ring', 'hangup', 'elsewhere', 'remoteAnswers', 'remoteBusy', 'type'].includes(k)) str(v, `${p}.${k}`);
    if (k === 'wait' && num(v, `${p}.wait`) < 0) fail(`${p}.wait`, 'must not be negative');
    if (k === 'transfer') {
      if (!transferSteps.includes(str(v, `${p}.transfer`))) fail(`${p}.transfer`, `expected one of ${transferSteps.join(', ')}`);
      str(o.call, `${p}.call`);
    }
    if (k === 'figures') {
      const checked = checkFigures(v);
      if (!checked.ok) fail(`${p}.figures`, checked.reason);
      str(o.call, `${p}.call`);
    }
    if (k === 'callbackRequest') obj(v, `${p}.callbackRequest`);
    if (k === 'item') {
      const it = obj(v, `${p}.item`);
      only(it, itemFields, `${p}.item`);
      str(it.id, `${p}.item.id`);
      if (it.kind !== 'chat' && it.kind !== 'callback') fail(`${p}.item.kind`, 'expected "chat" or "callback" (a call item comes with a ring step)');
      for (const f of ['name', 'phone', 'language', 'owner', 'text', 'by']) if (it[f] !== undefined) str(it[f], `${p}.item.${f}`);
      if (it.entry !== undefined && !entryVias.includes(str(it.entry, `${p}.item.entry`).split(' ')[0])) fail(`${p}.item.entry`, `expected "<how> <value>" with how one of ${entryVias.join(', ')}`);
      if (it.web !== undefined) {
        const w = obj(it.web, `${p}.item.web`);
        only(w, ['page', 'referrer', 'browser', 'os'], `${p}.item.web`);
        for (const [f, x] of Object.entries(w)) str(x, `${p}.item.web.${f}`);
      }
      for (const f of ['waited', 'due', 'expires']) if (it[f] !== undefined && advanceMs(str(it[f], `${p}.item.${f}`)) === null) fail(`${p}.item.${f}`, `expected a duration such as "90s" or "5m", got "${it[f]}"`);
      if (it.attempts !== undefined && !Number.isInteger(num(it.attempts, `${p}.item.attempts`))) fail(`${p}.item.attempts`, 'a whole number');
      if (it.kind !== 'callback') for (const f of ['due', 'expires', 'attempts']) if (it[f] !== undefined) fail(`${p}.item.${f}`, 'only a callback has it');
    }
    if (k === 'itemAccepted' || k === 'itemRedirected') {
      str(v, `${p}.${k}`);
      str(o.by, `${p}.by`);
      if (o.unseen !== undefined && typeof o.unseen !== 'boolean') fail(`${p}.unseen`, `expected true or false, got ${kind(o.unseen)}`);
      if (k === 'itemRedirected') {
        str(o.to, `${p}.to`);
        if (o.text !== undefined) str(o.text, `${p}.text`);
      }
    }
    if (k === 'consoleGone') str(v, `${p}.consoleGone`);
    if (k === 'chat') {
      const why = chatStepProblem(obj(v, `${p}.chat`));
      if (why) fail(`${p}.chat`, why);
    }
    if (k === 'chatDelivery') {
      const d = obj(v, `${p}.chatDelivery`);
      if (!chatDeliveryStates.includes(d.state as never)) fail(`${p}.chatDelivery.state`, `expected one of ${chatDeliveryStates.join(', ')}`);
      if (d.reason !== undefined) str(d.reason, `${p}.chatDelivery.reason`);
    }
    if (k === 'pos' && v !== 'down' && v !== 'up') fail(`${p}.pos`, `expected "down" or "up", got ${JSON.stringify(v)}`);
    if (k === 'advance' && advanceMs(str(v, `${p}.advance`)) === null) fail(`${p}.advance`, `expected a duration such as "90s", "5m" or "2h", got "${v}"`);
    if (k === 'presence') presenceOf(v, `${p}.presence`, 'operator');
    if (k === 'registration') {
      if (!registrationStates.includes(str(v, `${p}.registration`))) fail(`${p}.registration`, `expected one of ${registrationStates.join(', ')}`);
      if (o.reason !== undefined) str(o.reason, `${p}.reason`);
    }
    if (k === 'press') {
      const list = Array.isArray(v) ? v : [v];
      list.forEach((key, i) => {
        const kp = Array.isArray(v) ? `${p}.press[${i}]` : `${p}.press`;
        if (bytesForKey(str(key, kp)) === null) fail(kp, `unknown key "${key}" (a single character, or enter, escape, tab, up, down, left, right, delete, ctrl+c)`);
      });
    }
    if (k === 'resize') {
      const r = obj(v, `${p}.resize`);
      num(r.columns, `${p}.resize.columns`);
      num(r.rows, `${p}.resize.rows`);
    }
    if (k === 'expect') {
      const e = obj(v, `${p}.expect`);
      only(e, expectKeys, `${p}.expect`);
      if (e.calls !== undefined && !Array.isArray(e.calls)) fail(`${p}.expect.calls`, 'expected an array');
      (Array.isArray(e.calls) ? e.calls as unknown[] : []).forEach((c, i) => {
        const after = obj(c, `${p}.expect.calls[${i}]`).endedAfter;
        if (after !== undefined && advanceMs(str(after, `${p}.expect.calls[${i}].endedAfter`)) === null) fail(`${p}.expect.calls[${i}].endedAfter`, `expected a duration such as "90s" or "5m", got "${after}"`);
      });
      if (e.customer !== undefined) str(obj(e.customer, `${p}.expect.customer`).phone, `${p}.expect.customer.phone`);
      if (e.presence !== undefined) {
        for (const [who, status] of Object.entries(obj(e.presence, `${p}.expect.presence`))) {
          if (!presenceStatuses.includes(str(status, `${p}.expect.presence.${who}`) as never)) fail(`${p}.expect.presence.${who}`, `expected one of ${presenceStatuses.join(', ')}`);
        }
      }
      if (e.bells !== undefined && num(e.bells, `${p}.expect.bells`) < 0) fail(`${p}.expect.bells`, 'must not be negative');
      if (e.queue !== undefined) {
        const q = obj(e.queue, `${p}.expect.queue`);
        only(q, ['waiting', 'order', 'items'], `${p}.expect.queue`);
        if (q.waiting !== undefined) num(q.waiting, `${p}.expect.queue.waiting`);
        if (q.order !== undefined && (!Array.isArray(q.order) || !(q.order as unknown[]).every((x) => typeof x === 'string'))) fail(`${p}.expect.queue.order`, 'expected an array of item names');
        if (q.items !== undefined) for (const [n, x] of Object.entries(obj(q.items, `${p}.expect.queue.items`))) obj(x, `${p}.expect.queue.items.${n}`);
      }
      if (e.chat !== undefined) str(obj(e.chat, `${p}.expect.chat`).from, `${p}.expect.chat.from`);
    }
  });
  return root as unknown as Fixture;
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}
