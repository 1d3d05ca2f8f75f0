import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, defaults, loadConfig, logOptionsOf, recordingFolderOf, systemConfigFile } from './config.js';
import { tempDir } from '../../test/helpers/temp-store.js';

let dir: string;
let cleanup: () => void;
let system: string;
let user: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('ringdesk-config-'));
  system = path.join(dir, 'etc', 'config.json');
  user = path.join(dir, 'home', 'config.json');
  fs.mkdirSync(path.dirname(system));
  fs.mkdirSync(path.dirname(user));
  fs.writeFileSync(user, '{}');
});
afterEach(() => cleanup());

const write = (file: string, v: unknown) => fs.writeFileSync(file, typeof v === 'string' ? v : JSON.stringify(v));
/** The environment of a dispatcher on the box: the box's file and their own. */
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ RINGDESK_SYSTEM_CONFIG: system, RINGDESK_CONFIG: user, ...extra });

describe('settings in layers: flag > environment > user file > system file > default', () => {
  it('each layer wins over the ones below it, setting by setting', () => {
    write(system, { db: '/srv/ringdesk/ringdesk.db', region: 'SK', currency: 'EUR', timezone: 'Europe/Bratislava', logLevel: 'warn' });
    write(user, { region: 'AT', currency: 'CZK' });
    const c = loadConfig({ region: 'DE' }, env({ RINGDESK_CURRENCY: 'GBP' }));
    expect(c).toMatchObject({
      db: '/srv/ringdesk/ringdesk.db', // system file
      timezone: 'Europe/Bratislava', // system file
      logLevel: 'warn', // system file
      currency: 'GBP', // environment over both files
      region: 'DE', // flag over everything
      log: defaults.log, // nobody said: the default
    });
    expect(loadConfig({}, env()).region).toBe('AT'); // the user's file over the box's
  });

  it('the box file is /etc/ringdesk/config.json unless RINGDESK_SYSTEM_CONFIG names another ("" = none)', () => {
    expect(systemConfigFile({})).toBe('/etc/ringdesk/config.json');
    expect(systemConfigFile({ RINGDESK_SYSTEM_CONFIG: system })).toBe(system);
    write(system, { region: 'SK' });
    expect(loadConfig({}, { RINGDESK_SYSTEM_CONFIG: '', RINGDESK_CONFIG: user }).region).toBe(defaults.region);
  });

  it('a missing box file is no problem, unless it was named', () => {
    // the default /etc/ringdesk/config.json is read when present; absent, it is simply not there
    if (!fs.existsSync('/etc/ringdesk/config.json')) expect(loadConfig({}, { RINGDESK_CONFIG: user }).region).toBe(defaults.region);
    expect(() => loadConfig({}, env())).toThrow(new ConfigError(`system config file ${system} does not exist`));
  });

  it('a bad box file is one line naming it and the setting', () => {
    write(user, {});
    write(system, '{ "region": ');
    expect(() => loadConfig({}, env())).toThrow(/^system config file .*etc\/config\.json: /);
    write(system, { regoin: 'CZ' });
    expect(() => loadConfig({}, env())).toThrow(`system config file ${system}: unknown setting "regoin"`);
    write(system, { timezone: 'Mars/Olympus' });
    expect(() => loadConfig({}, env())).toThrow(`system config file ${system}: timezone: "Mars/Olympus" is not a time zone`);
    write(system, ['a']);
    expect(() => loadConfig({}, env())).toThrow(`system config file ${system}: must be a JSON object`);
  });

  it('log level and log size: flag, environment or file; anything else is refused with where it came from', () => {
    write(user, {});
    write(system, { logMaxMb: 2 });
    expect(loadConfig({ logLevel: 'debug' }, env()).logLevel).toBe('debug');
    expect(loadConfig({}, env({ RINGDESK_LOG_LEVEL: 'error' })).logLevel).toBe('error');
    expect(logOptionsOf(loadConfig({}, env()))).toEqual({ level: 'info', maxBytes: 2 * 1024 * 1024 });
    expect(() => loadConfig({}, env({ RINGDESK_LOG_LEVEL: 'loud' }))).toThrow('environment RINGDESK_LOG_LEVEL: "loud" is not a log level; use error, warn, info, debug');
    expect(() => loadConfig({}, env({ RINGDESK_LOG_MAX_MB: '-1' }))).toThrow('environment RINGDESK_LOG_MAX_MB: must be a size in MB (0 = never rotate)');
  });

  it('the chat settings: widget origins (file list or comma-separated environment), limits, canned replies and WhatsApp templates, each refused with one line naming the entry', () => {
    write(system, { intake: '127.0.0.1:8788', widgetOrigins: ['https://pizza.example'], cannedReplies: [{ name: 'hi', text: 'Dobrý den!', language: 'cs' }], whatsappTemplates: [{ name: 'order_update', language: 'cs', parameters: ['{name}', '{order}'] }] });
    expect(loadConfig({}, env())).toMatchObject({
      intake: '127.0.0.1:8788', widgetOrigins: ['https://pizza.example'], chatMessagesPerMinute: 20,
      cannedReplies: [{ name: 'hi', text: 'Dobrý den!', language: 'cs' }], whatsappTemplates: [{ name: 'order_update', language: 'cs', parameters: ['{name}', '{order}'] }],
    });
    expect(loadConfig({}, env({ RINGDESK_WIDGET_ORIGINS: 'https://a.example, https://b.example:8443', RINGDESK_CHAT_CONNECTS_PER_MINUTE: '0' }))).toMatchObject({ widgetOrigins: ['https://a.example', 'https://b.example:8443'], chatConnectsPerMinute: 0 });
    expect(defaults.cannedReplies.length).toBeGreaterThan(0);
    const refused = (v: Record<string, unknown>) => { write(user, v); return () => loadConfig({}, env()); };
    expect(refused({ widgetOrigins: ['https://pizza.example/menu'] })).toThrow(`config file ${user}: widgetOrigins: "https://pizza.example/menu" is not a site origin; use https://host or https://host:port (no path)`);
    expect(refused({ cannedReplies: [{ name: 'ok', text: 'fine' }, { name: 'bad', text: 'red \u001b[31malert' }] })).toThrow("cannedReplies: entry 2's text holds control characters or escape sequences");
    expect(refused({ cannedReplies: [{ name: '', text: 'x' }] })).toThrow("cannedReplies: entry 1's name is empty");
    expect(refused({ whatsappTemplates: [{ name: 'Order Update', language: 'cs', parameters: [] }] })).toThrow("whatsappTemplates: entry 1's name \"Order Update\" is not a template name");
    expect(refused({ chatMessagesPerMinute: -1 })).toThrow('chatMessagesPerMinute: must be 0 (no limit) or more');
    expect(refused({ intake: 'here' })).toThrow('intake: "here" is not HOST:PORT');
  });

  it('recording: off by default, on or per group in the box file, the folder beside the database unless named, 30 days kept; a bad value is one line', () => {
    write(user, {});
    write(system, { db: '/srv/ringdesk/ringdesk.db' });
    const plain = loadConfig({}, env());
    expect(plain).toMatchObject({ record: 'off', recordFolder: '', recordKeepDays: 30 });
    expect(recordingFolderOf(plain)).toBe('/srv/ringdesk/recordings');
    write(system, { db: '/srv/ringdesk/ringdesk.db', record: 'Brno, Praha', recordFolder: '/srv/calls', recordKeepDays: 90 });
    const box = loadConfig({}, env());
    expect(box).toMatchObject({ record: 'Brno, Praha', recordKeepDays: 90 });
    expect(recordingFolderOf(box)).toBe('/srv/calls');
    write(system, { record: true });
    expect(loadConfig({}, env()).record).toBe('true'); // JSON true reads as on
    write(system, { record: 'Brno,' });
    expect(() => loadConfig({}, env())).toThrow(`system config file ${system}: record: "Brno," is not a record setting; use off, on, or the groups whose calls are recorded`);
    expect(() => loadConfig({}, env({ RINGDESK_RECORD_KEEP_DAYS: '0' }))).toThrow(/environment RINGDESK_RECORD_KEEP_DAYS: must be at least 1 day/);
  });
});
