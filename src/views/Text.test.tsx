import fs from 'node:fs';
import path from 'node:path';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { CallerCard } from './CallerCard.js';
import { OrderList } from './OrderList.js';
import { normalisePhone } from '../domain/phone-number.js';
import type { DeskCall } from '../desk/state.js';

/** What a POS or an old database might still hold: retitle tmux, clear the screen, an 8-bit CSI. */
const HOSTILE = '\x1b]0;pwned\x07\x1b[2J\x9b5m';
/** Anything that would drive the terminal rather than be printed (styling SGR aside, which Ink writes itself). */
const drives = /\x1b\]|\x1b\[[0-9;]*[A-HJKSTfhlnsu]|\x07|[\x80-\x9f]/;

describe('the screen boundary (src/views/Text.tsx)', () => {
  it('a customer, note and driver holding escape sequences reach the frame as plain text', () => {
    const number = normalisePhone('+420777123456', 'CZ');
    const call: DeskCall = {
      id: 'c1', direction: 'incoming', remote: '+420777123456', number, phase: 'ringing', muted: false, startedAt: 0, answeredAt: null,
      hidden: false, answerMode: 'route', spam: false,
      lookup: {
        number, key: '+420777123456',
        customers: [{ id: 1, name: `Jana${HOSTILE} Nováková`, company: '', category: 'vip', note: `nuts${HOSTILE}`, city: 'Praha', country: 'CZ', debt: 0, phones: [] }],
        unfinished: [{ id: 9, number: 'D-009', status: 'cooking', customerName: 'Jana', phone: '', address: `Vinohradská${HOSTILE} 12`, promisedAt: null, total: 100, driverName: `Karel${HOSTILE}`, updatedAt: 0 }],
      },
    };
    const card = render(<CallerCard call={call} operator={{ name: 'alice', extension: '101' }} currency="CZK" region="CZ" width={76} timeZone="UTC" />).lastFrame()!;
    expect(card).toContain('Jana Nováková');
    expect(card).toContain('Karel');
    expect(card).not.toMatch(drives);
    const list = render(<OrderList orders={call.lookup!.unfinished} selected={0} currency="CZK" width={80} height={6} timeZone="UTC" region="CZ" now={0} />).lastFrame()!;
    expect(list).toContain('Vinohradská 12');
    expect(list).not.toMatch(drives);
  });

  it('every view takes Text from ./Text.js, never straight from Ink', () => {
    const dir = path.dirname(new URL(import.meta.url).pathname);
    const views = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx$/.test(f) && !/\.test\.tsx$/.test(f) && f !== 'Text.tsx');
    expect(views.length).toBeGreaterThan(10);
    for (const f of views) {
      const imports = fs.readFileSync(path.join(dir, f), 'utf8').match(/import \{([^}]*)\} from 'ink'/);
      expect(imports?.[1].split(',').map((s) => s.trim()) ?? [], f).not.toContain('Text');
    }
  });
});
