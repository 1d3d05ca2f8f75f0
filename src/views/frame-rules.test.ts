import { describe, expect, it } from 'vitest';
import { frameProblems } from './frame-rules.js';

const frame = (...lines: string[]) => lines.join('\n');
const good = frame(
  'ringdesk alice · ext 101 ● registered                       waiting 1 09:08:41',
  '╔══════════════════════════════════════════════════════════════════════════════╗',
  '║ ☎ INCOMING CALL   777 123 456                                                ║',
  '║ ⚠ Allergic to nuts — always ask the kitchen to prepare on a clean board;     ║',
  '║   the intercom is broken                                                     ║',
  '╚══════════════════════════════════════════════════════════════════════════════╝',
  'Open orders (3)',
  '› D-003  09:18 on the way      298.00 CZK  Tomáš Procházka · Korunní 40, flat 4…',
  '',
  'a answer  n answer into new order  r reject  i ignore  Enter open  N new order',
  'c call customer  S scheduled orders  ? help',
);

describe('the frame checker', () => {
  it('passes a frame that keeps the rules, the warning read whole across its wrapped rows', () => {
    expect(frameProblems(good, { columns: 80, rows: 24, whole: ['Allergic to nuts — always ask the kitchen to prepare on a clean board; the intercom is broken'] })).toEqual([]);
  });

  it('with a list on the frame, catches a selected row marked only by colour (NO_COLOR drops inverse video too)', () => {
    expect(frameProblems(good, { columns: 80, rows: 24, marked: true })).toEqual([]);
    const unmarked = good.replace('› D-003', '  D-003');
    expect(frameProblems(unmarked, { columns: 80, rows: 24, marked: true })).toEqual(['a list is on the frame but no "›" marks its selected row (without colour nothing else does)']);
    expect(frameProblems(unmarked, { columns: 80, rows: 24 })).toEqual([]);
  });

  it('catches a pane drawn over its own border (seen at 80x24: "╰─1-1 of 11   ·───╯")', () => {
    const seen = frame(
      'ringdesk root ● registered         ☎ on call 720-999-888 0:25 waiting 1 09:09:09',
      'Order D-005 draft · no customer · POS none · driver -',
      '╭─────────────────────────────────────╮╭───────────────────────────────────────╮',
      '│ Address & contact                   ││ No items yet: m opens the menu        │',
      '╰─1-1 of 11   ·───────────────────────╯╰─Total 0.00 CZK────────────────────────╯',
      'New order D-005',
      'a answer n answer into new order',
    );
    const p = frameProblems(seen, { columns: 80, rows: 24 });
    expect(p).toContainEqual(expect.stringMatching(/row 5: the bottom border of the box from row 3 is broken at column 3 \("1"\)/));
    expect(p).toContainEqual(expect.stringMatching(/row 5: the bottom border of the box from row 3 is broken at column 42 \("T"\)/));
    expect(p).toContainEqual(expect.stringMatching(/stray border corner "╰"/));
  });

  it('catches a status bar wrapped onto a second row by a long PBX failure', () => {
    const wrapped = frame(
      'ringdesk alice ● failed (REGISTER refused: 403 Forbidden, the password is wrong',
      'or the account is locked)                                    waiting 0 09:08:41',
      '',
      '? help',
    );
    expect(frameProblems(wrapped, { columns: 80, rows: 24 })).toContainEqual(expect.stringMatching(/^the status bar is not one row ending with the clock/));
  });

  it('catches a help bar of more than two rows at 80x24 (one below 20 rows)', () => {
    const tall = frame(good, 'g category ! note Esc back to list (park) Tab address/items m add item', 'o point of sale s send to POS c call customer d call driver 1 waiting');
    expect(frameProblems(tall, { columns: 80, rows: 24 })).toContainEqual('the help bar takes 4 rows; at most 2 at 80x24');
    expect(frameProblems(good, { columns: 80, rows: 18 })).toContainEqual('the help bar takes 2 rows; at most 1 at 80x18');
  });

  it('catches a line wider than the terminal (wide characters count twice) and a frame taller than it', () => {
    expect(frameProblems(frame(good, '漢'.repeat(41)), { columns: 80, rows: 24 })).toContainEqual(expect.stringMatching(/^row 12 is 82 columns wide; the terminal has 80/));
    expect(frameProblems(good, { columns: 80, rows: 10 })).toContainEqual('the frame has 11 rows; the terminal has 10');
  });

  it('catches a warning or a refusal cut with "…"', () => {
    const cut = good.replace('║   the intercom is broken                                                     ║', '║   the intercom is…                                                           ║');
    expect(frameProblems(cut, { columns: 80, rows: 24, whole: ['the intercom is broken'] })).toEqual(['"the intercom is broken" is not on the frame whole']);
  });

  it('reads a text beside a box without the box: a refusal next to the side caller card is still whole', () => {
    const beside = (left: string, right: string) => left.padEnd(46) + right;
    const side = frame(
      'ringdesk alice ● registered                                 waiting 0 09:08:41',
      beside("Below the zone's minimum of 300.00 CZK by", '╭──────────────────────────────╮'),
      beside('52.00 CZK: zone Vinohrady.', '│ JN Jana Nováková             │'),
      beside('', '╰──────────────────────────────╯'),
      '',
      '? help',
    );
    expect(frameProblems(side, { columns: 80, rows: 24, whole: ["Below the zone's minimum of 300.00 CZK by 52.00 CZK: zone Vinohrady."] })).toEqual([]);
  });

  it('a terminal below 60x16 is only checked for its size (the console shows its essentials there)', () => {
    expect(frameProblems('Terminal 50x10: need 60x16\n☎ 777 123 456 a:answer r:reject', { columns: 50, rows: 10 })).toEqual([]);
  });
});
