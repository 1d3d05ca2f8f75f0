/** doctor's lines about the chat intake, against a real intake on loopback and a port nobody listens on. */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { startIntake } from '../chat/intake-server.js';
import { intakeChecks } from './doctor-intake.js';
import { formatCheck } from './doctor.js';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.reverse()) await c(); cleanups = []; });

const TOKEN = '7012345678:AAHsecret-bot-token';
const APP_SECRET = 'whatsapp-app-secret-42';

/** A port that was free a moment ago: nothing listens there. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("doctor's chat intake checks", () => {
  it('a running intake: listening, its Telegram token and WhatsApp secret set (never printed), the widget sites named or warned about', async () => {
    const t = tempStore();
    const intake = await startIntake({
      store: t.store, host: '127.0.0.1', port: 0, owner: 'doctor-test', timezone: 'Europe/Prague', offlineMailTo: '', now: () => NOON,
      telegram: true, whatsapp: { appSecret: APP_SECRET, verifyToken: 'v' },
    });
    cleanups.push(() => t.cleanup(), () => intake.close());
    const at = `127.0.0.1:${intake.port}`;
    const checks = await intakeChecks({ intake: at, widgetOrigins: ['https://pizza.example'] }, {}, 2_000);
    expect(checks.map(formatCheck)).toEqual([
      `ok    intake       listening on ${at}: 0 visitor(s) connected, 0 answer(s) waiting to go`,
      'ok    telegram     bot token set on the running intake (not shown)',
      'ok    whatsapp     app secret set on the running intake (not shown)',
      'ok    widget       only on https://pizza.example',
    ]);
    const open = await intakeChecks({ intake: at, widgetOrigins: [] }, { RINGDESK_TELEGRAM_TOKEN: TOKEN, RINGDESK_WHATSAPP_APP_SECRET: APP_SECRET }, 2_000);
    expect(open[3]).toMatchObject({ name: 'widget', warn: true, detail: expect.stringContaining('any site may embed the chat widget') });
    expect(JSON.stringify([checks, open])).not.toMatch(/AAHsecret|whatsapp-app-secret/);
  });

  it('not set up, not listening, or its secrets only in this environment: one line each, the secrets not shown', async () => {
    expect((await intakeChecks({ intake: '', widgetOrigins: [] }, {}, 500)).map(formatCheck)).toEqual([
      'skip  intake       no chat intake set up (config "intake": HOST:PORT, docs/operations.md section 11)',
    ]);
    const port = await closedPort();
    const checks = await intakeChecks({ intake: `127.0.0.1:${port}`, widgetOrigins: ['https://pizza.example'] }, { RINGDESK_TELEGRAM_TOKEN: TOKEN }, 1_000);
    expect(checks.map(formatCheck)).toEqual([
      `FAIL  intake       nothing answers at http://127.0.0.1:${port}/health (ECONNREFUSED): systemctl status ringdesk-intake`,
      'ok    telegram     bot token set in this environment (RINGDESK_TELEGRAM_TOKEN, not shown)',
      'skip  whatsapp     not set up: RINGDESK_WHATSAPP_APP_SECRET in /etc/ringdesk/intake.env',
      'ok    widget       only on https://pizza.example',
    ]);
    expect(JSON.stringify(checks)).not.toContain('AAHsecret');
  });
});
