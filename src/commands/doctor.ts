/**
 * `ringdesk doctor`: is this box ready to take calls? One line per check — Node, SQLite and its
 * features, database, its folder and files for the group, PBX reachability, registration,
 * headset (with --headset: call it, play a tone), codecs, each point of sale's endpoint (TLS or
 * not), the relay service (src/commands/doctor-box.ts), the chat intake and its channels
 * (src/commands/doctor-intake.ts) — and a non-zero exit when any fails.
 * The PBX password comes from RINGDESK_PBX_PASSWORD or a prompt that draws it as *; never printed.
 */
import { mailSetupLine } from './mail.js';
import type { MailState } from '../store/ports.js';
import os from 'node:os';
import type WebSocket from 'ws';
import type { CommandModule } from 'yargs';
import { configFrom, openPorts, printJson, say, type GlobalArgs } from './common.js';
import { recordingFolderOf, recordRuleOf, type Config } from '../config/config.js';
import { readPbxPassword } from './password.js';
import type { Operator } from '../domain/catalog.js';
import type { PosSettings } from '../store/ports.js';
import { filesCheck, nodeCheck, posCheck, recordingsCheck, relayCheck, sqliteCheck } from './doctor-box.js';
import { intakeChecks } from './doctor-intake.js';

interface Args extends GlobalArgs { operator?: string; pbx?: string; timeout: number; headset?: string; json: boolean }

export interface Check { name: string; ok: boolean | null; detail: string; warn?: boolean }

/** `ok: null` = skipped (not configured), which is not a failure; nor is a warning. */
export function formatCheck(c: Check): string {
  const mark = c.warn ? 'WARN' : c.ok === null ? 'skip' : c.ok ? 'ok  ' : 'FAIL';
  return `${mark}  ${c.name.padEnd(12)} ${c.detail}`;
}

// the SIP stack, ws and the media worker load only when doctor runs, not with every command
async function wsReachable(url: string, timeoutMs: number): Promise<Check> {
  const t0 = Date.now();
  const { default: WebSocket } = await import('ws');
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, 'sip', { handshakeTimeout: timeoutMs });
    } catch (e) {
      resolve({ name: 'pbx', ok: false, detail: `${url} is not a WebSocket address: ${(e as Error).message}` });
      return;
    }
    ws.once('open', () => {
      const proto = ws.protocol;
      ws.terminate();
      resolve(proto === 'sip'
        ? { name: 'pbx', ok: true, detail: `${url} accepts SIP over WebSocket (${Date.now() - t0} ms)` }
        : { name: 'pbx', ok: false, detail: `${url} answered but did not agree to the "sip" WebSocket protocol` });
    });
    ws.once('error', (e) => resolve({ name: 'pbx', ok: false, detail: `cannot reach ${url}: ${e.message}` }));
  });
}

async function registration(config: Config, op: Operator, password: string, timeoutMs: number): Promise<Check> {
  const extension = op.extension || op.pbxLogin;
  const { SipPhone } = await import('../telephony/sip/sip-phone.js');
  const phone = new SipPhone({
    url: config.pbx, domain: config.pbxDomain || undefined, login: op.pbxLogin || extension, password, extension,
    reconnectMaxMs: timeoutMs, log: () => undefined,
  });
  const result = new Promise<Check>((resolve) => {
    phone.on((e) => {
      if (e.type !== 'registration') return;
      if (e.state === 'registered') resolve({ name: 'registration', ok: true, detail: `extension ${extension} registered as ${op.pbxLogin || extension}` });
      if (e.state === 'failed') resolve({ name: 'registration', ok: false, detail: e.reason ?? 'failed' });
    });
    setTimeout(() => resolve({ name: 'registration', ok: false, detail: `no answer to REGISTER for ${extension} within ${timeoutMs} ms` }), timeoutMs);
  });
  await phone.start();
  const r = await result;
  await phone.stop();
  return r;
}

async function codecs(): Promise<Check> {
  try {
    const { openRtpStream } = await import('../telephony/media/rtp.js');
    const s = await openRtpStream({ localAddress: '127.0.0.1', audio: { kind: 'none' } });
    const port = s.localPort;
    await s.close();
    return { name: 'codecs', ok: true, detail: `PCMU/8000, PCMA/8000, telephone-event/8000 over RTP/AVP; media worker opened UDP port ${port}` };
  } catch (e) {
    return { name: 'codecs', ok: false, detail: `the media worker cannot open RTP: ${(e as Error).message}` };
  }
}

/** Run every check in order; later checks are skipped when what they need failed. */
/**
 * Offline messages by e-mail: set up or not, and whether any failed (listed, never dropped:
 * `ringdesk mail outbox`). No message is sent: `ringdesk mail test` does that.
 */
export function mailCheck(config: Pick<Config, 'smtp' | 'offlineMailTo'>, counts: Record<MailState, number>, passwordSet: boolean): Check {
  const setup = mailSetupLine(config, passwordSet);
  if (!config.smtp) return { name: 'mail', ok: null, detail: setup };
  if (new URL(config.smtp).username && !passwordSet) return { name: 'mail', ok: false, detail: `${setup}` };
  if (counts.failed) return { name: 'mail', ok: false, detail: `${counts.failed} offline e-mail(s) failed: ringdesk mail outbox --state failed, then ringdesk mail resend ID` };
  return { name: 'mail', ok: true, detail: `${setup}; ${counts.sent} sent, ${counts.queued + counts.sending} waiting` };
}

export async function runDoctor(config: Config, opts: { operator?: string; timeoutMs: number; password?: () => Promise<string>; headset?: string; env?: NodeJS.ProcessEnv }): Promise<Check[]> {
  const checks: Check[] = [nodeCheck(), sqliteCheck()];
  let op: Operator | null = null;
  let pointsOfSale: PosSettings[] | null = null;
  try {
    const store = openPorts(config);
    try {
      const ops = await store.operators.list();
      op = await (opts.operator ? store.operators.byName(opts.operator) : store.operators.byOsUser(os.userInfo().username));
      checks.push({ name: 'database', ok: true, detail: `${config.db} opens; ${ops.length} operator card(s)` });
      pointsOfSale = await store.pointsOfSale.list();
      checks.push(mailCheck(config, await store.mailOutbox.counts(), await store.secrets.isSet('smtp password')));
    } finally {
      await store.close();
    }
    checks.push(filesCheck(config.db));
  } catch (e) {
    checks.push({ name: 'database', ok: false, detail: `${config.db}: ${(e as Error).message}` });
  }
  checks.push(recordingsCheck(recordRuleOf(config), recordingFolderOf(config)));
  if (!config.pbx) {
    checks.push({ name: 'pbx', ok: null, detail: 'no PBX configured (--pbx, RINGDESK_PBX or "pbx" in the config file)' });
    checks.push({ name: 'registration', ok: null, detail: 'no PBX configured' });
  } else {
    const reach = await wsReachable(config.pbx, opts.timeoutMs);
    checks.push(reach);
    if (!reach.ok) checks.push({ name: 'registration', ok: false, detail: 'PBX unreachable' });
    else if (!op) checks.push({ name: 'registration', ok: false, detail: opts.operator ? `no operator called ${opts.operator}` : `no operator card for OS user ${os.userInfo().username}: ringdesk operator add <name> --os-user ${os.userInfo().username} --extension N` });
    else if (!op.extension && !op.pbxLogin) checks.push({ name: 'registration', ok: false, detail: `operator ${op.name} has no extension: ringdesk operator set ${op.name} --extension N` });
    else {
      try {
        const password = await (opts.password ?? (() => readPbxPassword(op!.name)))();
        checks.push(await registration(config, op, password, opts.timeoutMs));
        // --headset: call the device and play a tone (issue 8)
        const target = opts.headset === undefined ? '' : opts.headset || config.headset || op.headsetTarget;
        if (opts.headset !== undefined && !target) checks.push({ name: 'headset', ok: false, detail: `no headset target: ringdesk operator set ${op.name} --headset <uri|extension>` });
        else if (target && checks[checks.length - 1].ok) {
          const extension = op.extension || op.pbxLogin;
          const { checkHeadset } = await import('../telephony/sip/headset-doctor.js');
          const h = await checkHeadset({ url: config.pbx, domain: config.pbxDomain || undefined, login: op.pbxLogin || extension, password, extension, target, answerTimeoutMs: Math.max(opts.timeoutMs, 20_000) });
          checks.push({ name: 'headset', ...h });
        }
      } catch (e) {
        checks.push({ name: 'registration', ok: false, detail: (e as Error).message });
      }
    }
  }
  if (!checks.some((c) => c.name === 'headset')) {
    const target = config.headset || op?.headsetTarget;
    checks.push({ name: 'headset', ok: null, detail: opts.headset === undefined ? `not called: --headset calls ${target || 'the headset'} and plays a tone` : 'not called: no registration on the PBX' });
  }
  checks.push(await codecs());
  if (pointsOfSale?.length === 0) checks.push({ name: 'pos', ok: null, detail: 'no point of sale (ringdesk pos add)' });
  if (pointsOfSale?.length) {
    const { isDemoEndpoint } = await import('../pos/demo-pos.js');
    checks.push(...await Promise.all(pointsOfSale.map((p) => posCheck(p, opts.timeoutMs, { isDemo: isDemoEndpoint }))));
  }
  checks.push(relayCheck());
  checks.push(...await intakeChecks(config, opts.env ?? process.env, opts.timeoutMs));
  return checks;
}

export const doctorCommand: CommandModule<GlobalArgs, Args> = {
  command: 'doctor',
  describe: 'check this box: Node, SQLite, database and its permissions, offline e-mail, PBX, registration, headset, codecs, points of sale, relay service, chat intake; non-zero exit on failure',
  builder: (y) =>
    y
      .option('operator', { type: 'string', describe: 'check this operator (default: the one whose OS user runs ringdesk)' })
      .option('pbx', { type: 'string', describe: 'PBX WebSocket URL (env RINGDESK_PBX)' })
      .option('timeout', { type: 'number', default: 5000, describe: 'ms to wait for the PBX, each point of sale and the chat intake' })
      .option('headset', { type: 'string', describe: "also call the headset (this SIP URI or extension, default the operator card's) and play a tone" })
      .option('json', { type: 'boolean', default: false, describe: 'the checks as JSON' })
      .example('$0 doctor', 'this box and this dispatcher: one line per check')
      .example('$0 doctor --pbx wss://pbx.example.com:8089/ws --operator alice --headset', "alice's registration, and her headset called with a tone")
      .example('$0 doctor --json', 'the same as JSON, for monitoring'),
  handler: async (argv) => {
    const config: Config = configFrom(argv, { pbx: argv.pbx || undefined });
    const checks = await runDoctor(config, { operator: argv.operator || config.operator || undefined, timeoutMs: argv.timeout, headset: argv.headset });
    if (argv.json) printJson({ ok: !checks.some((c) => c.ok === false), checks });
    else for (const c of checks) say(formatCheck(c));
    // the media worker and sockets must not keep a finished check alive
    process.exit(checks.some((c) => c.ok === false) ? 1 : 0);
  },
};
