import { describe, expect, it } from 'vitest';
import { canMove, canMoveRegistration, move, moveRegistration, registrationMoves } from './call-state.js';
import { ReplayPhone } from './replay/replay-phone.js';
import { resolveOptions } from './sip/options.js';
import type { PhoneEvent, RegistrationState } from './phone.js';

describe('call moves', () => {
  it('an ended call goes nowhere', () => {
    expect(canMove('ended', 'answered')).toBe(false);
    expect(() => move('ended', 'ringing')).toThrow('call cannot go from ended to ringing');
  });
});

describe('registration moves', () => {
  it('the table names only real states and never lists a state as its own move', () => {
    const states = Object.keys(registrationMoves) as RegistrationState[];
    expect(states.sort()).toEqual(['connecting', 'failed', 'offline', 'registered']);
    for (const from of states) for (const to of registrationMoves[from]) {
      expect(states).toContain(to);
      expect(to).not.toBe(from);
    }
  });

  it('allows what a phone really does, including a retried REGISTER accepted after a refusal', () => {
    const life: RegistrationState[] = ['offline', 'connecting', 'registered', 'connecting', 'failed', 'connecting', 'registered', 'failed', 'registered', 'offline', 'failed', 'offline'];
    for (let i = 1; i < life.length; i++) expect(moveRegistration(life[i - 1], life[i])).toBe(life[i]);
  });

  it('a state reported again with a new reason is not a move', () => {
    for (const s of Object.keys(registrationMoves) as RegistrationState[]) expect(canMoveRegistration(s, s)).toBe(true);
  });

  it('registered straight from offline is a bug and throws', () => {
    expect(canMoveRegistration('offline', 'registered')).toBe(false);
    expect(() => moveRegistration('offline', 'registered')).toThrow('registration cannot go from offline to registered');
  });
});

describe('registration moves as the phones report them', () => {
  it('the replay phone throws on an illegal move and reports legal ones', async () => {
    const phone = new ReplayPhone({ register: false });
    const seen: PhoneEvent[] = [];
    phone.on((e) => seen.push(e));
    await phone.start();
    expect(() => phone.setRegistration('registered')).toThrow('registration cannot go from offline to registered');
    phone.setRegistration('connecting');
    phone.setRegistration('registered');
    await phone.stop();
    expect(seen.map((e) => (e.type === 'registration' ? e.state : e.type))).toEqual(['offline', 'connecting', 'registered', 'offline']);
  });

  it('a SIP phone in production writes a bug to its log and carries on', () => {
    const lines: string[] = [];
    const o = resolveOptions({ url: 'ws://127.0.0.1:1', login: '1001', password: 'x', extension: '1001', log: (l) => lines.push(l) });
    o.onBug(new Error('registration cannot go from offline to registered'));
    expect(lines[0]).toMatch(/^sip: bug: Error: registration cannot go from offline to registered/);
  });
});
