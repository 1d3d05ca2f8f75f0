/** `ringdesk console` (the default command): the dispatcher's console in this terminal. */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandModule } from 'yargs';
import { configFrom, type GlobalArgs } from './common.js';
import { openStore } from './engine.js';
import type { Config } from '../config/config.js';
import type { Store } from './engine.js';
import type { Phone } from '../telephony/phone.js';
import { AfterFrame } from '../telephony/after-frame.js';
import { UsageError } from '../cli.js';
import { openLog } from '../files/log-file.js';
import { logOptionsOf, recordingFolderOf, recordRuleOf } from '../config/config.js';
import { keepRecordings, recordingPlan } from '../files/recordings.js';

interface Args extends GlobalArgs { demo: boolean; demoKitchen?: string; operator?: string; pbx?: string; autoAnswer?: number; extension?: string; headset?: string; audio?: string; deskPhone?: boolean }

const here = path.dirname(fileURLToPath(import.meta.url));
export const demoCallsFile = path.resolve(here, '..', '..', 'fixtures', 'demo', 'calls.json');

export const consoleCommand: CommandModule<GlobalArgs, Args> = {
  command: ['console', '$0'],
  describe: 'start the dispatcher console (default command)',
  builder: (y) =>
    y
      .option('demo', { type: 'boolean', default: false, describe: 'demo calls from fixtures/demo/calls.json (seeds an empty database), and a demo point of sale and kitchen on 127.0.0.1 that acknowledge orders and report them cooking, on the way and delivered' })
      .option('demo-kitchen', { type: 'string', describe: 'with --demo: seconds after acknowledging at which the demo kitchen reports accepted,cooking,on the way,delivered (default 2,6,20,40)' })
      .option('operator', { type: 'string', describe: 'act as this operator (default: the one whose OS user runs ringdesk)' })
      .option('extension', { type: 'string', describe: "this console's extension when the operator card has none (a card is made or filled with it, never an empty one)" })
      .option('pbx', { type: 'string', describe: 'PBX WebSocket URL, e.g. ws://127.0.0.1:8080 (env RINGDESK_PBX)' })
      .option('auto-answer', { type: 'number', describe: 'answer the waiting call after N ms when no call is on, one at a time (tests, benchmarks)' })
      .option('headset', { type: 'string', describe: "keep a headset leg open to this SIP URI or extension (default: the operator card's headset); H calls it again" })
      .option('desk-phone', { type: 'boolean', describe: 'ring beside the desk phone on the same extension; a pick-up there routes the call here (env RINGDESK_DESK_PHONE)' })
      .option('audio', { type: 'string', describe: 'PBX call audio here: none | wav:<play.wav>[,<record.wav>] | command:<play>[|<record>] (env RINGDESK_AUDIO; docs/pbx.md)' })
      .example('$0 console --demo', 'try it: demo data and demo calls')
      .example('$0 console --pbx ws://127.0.0.1:15080 --operator alice', 'a real extension on a PBX'),
  handler: async (argv) => {
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      throw new UsageError('the console needs an interactive terminal (stdin/stdout is not a TTY). For scripts use "ringdesk replay" or "ringdesk lookup".');
    }
    let pace: import('../pos/demo-pos.js').KitchenPace | undefined;
    if (argv.demoKitchen !== undefined) {
      const { parsePace } = await import('../pos/demo-pos.js');
      const p = parsePace(String(argv.demoKitchen));
      if (!p.ok) throw new UsageError(p.error);
      pace = p.pace;
    }
    const config: Config = configFrom(argv, {
      operator: argv.operator || undefined, pbx: argv.pbx || undefined, autoAnswerMs: argv.autoAnswer,
      headset: argv.headset || undefined, deskPhone: argv.deskPhone, audio: argv.audio,
    });
    const store = openStore(config, { create: true });
    await runConsole(store, config, argv, pace);
  },
};

async function runConsole(store: Store, config: Config, argv: Args, pace?: import('../pos/demo-pos.js').KitchenPace): Promise<void> {
  const [{ DeskRunner }, { drawDesk }, { consoleOperator }, { mayAutoAnswer }] = await Promise.all([
    import('../desk/runner.js'), import('../views/draw-desk.js'),
    import('./console-operator.js'), import('../telephony/sip/desk-phone.js'),
  ]);
  // the engine is held for the desk's runner, the demo seed (the engine's own bulk writes) and its checkpoints; the rest asks the ports
  if (argv.demo && (await store.ports.catalog.pointsOfSale()).length === 0) {
    const { seed } = await import('../demo/seed.js');
    seed(store);
  }
  const found = await consoleOperator(store.ports, { name: config.operator || undefined, osUser: os.userInfo().username, extension: argv.extension, pbx: !!config.pbx });
  if (!found.ok) throw new UsageError(found.reason);
  const op = found.operator;
  const phone = await makePhone(config, argv, op);
  // --auto-answer 0 answers right behind the banner's frame (Ink's onRender)
  const frames = new AfterFrame();
  const log = openLog(config.log, 'desk: ', logOptionsOf(config));
  // the relay starts after the first frame; an order queued before then is found when it starts
  const { lateWaker } = await import('../pos/wake.js');
  const waker = lateWaker();
  const runner = new DeskRunner({
    store, phone, operator: { id: op.id, name: op.name, extension: op.extension },
    columns: process.stdout.columns, rows: process.stdout.rows, timezone: config.timezone,
    bell: () => process.stdout.write('\x07'),
    onQuit: () => void shutdown(0),
    rejectSpam: config.rejectSpam,
    cannedReplies: config.cannedReplies,
    whatsappTemplates: config.whatsappTemplates,
    geocoder: config.geocoder,
    log,
    // the frame showing a keystroke or a ringing call goes out before its call-log/session row is written
    rowWrites: 'after-frame',
    relay: waker,
    // auto-answer as a dispatcher would: one call at a time (never beside a desk phone, which answers itself)
    autoAnswerMs: mayAutoAnswer(config.deskPhone, config.autoAnswerMs) ? config.autoAnswerMs : -1,
    afterFrame: frames.after,
    // config record: which calls are recorded, into which folder, the announcement first
    recordCall: recordingPlan(recordRuleOf(config), recordingFolderOf(config)),
  });
  runner.start();
  // a ringing call never waits for SQLite to fold its log into the database file: a checkpoint 2 s after this console wrote
  store.checkpointEvery(2000);
  // a ringing call: its banner alone at once (what waits for the banner, the auto-answer, goes on), the whole frame right after
  const ink = drawDesk(runner, { timeZone: config.timezone, patchConsole: true, onRender: frames.drawn, bannerFirst: true });
  // one relay per box: the service (`ringdesk relay`) sends; this console runs a relay only while
  // none is alive (a demo, a single laptop, the service down); the standby is loaded after the first
  // frame, the relays' own code (POS transports, nodemailer) only when this console stands in
  const [{ relayWhenNoneAlive }, { defaultOwner, relayLoadedLater }] = await Promise.all([
    import('../pos/relay-standby.js'), import('../pos/wake.js'),
  ]);
  // the demo's point of sale and kitchen: a real POS on loopback, so the newcomer sees the whole loop
  let demoPos: import('../pos/demo-pos.js').DemoPointOfSale | null = null;
  if (argv.demo) {
    const { startDemoPointOfSale, connectDemoOutlets } = await import('../pos/demo-pos.js');
    demoPos = await startDemoPointOfSale({ pace, log: (line) => log(`demo kitchen: ${line}`) });
    const outlets = await connectDemoOutlets(store.ports, demoPos);
    log(`demo kitchen on 127.0.0.1:${demoPos.port} for ${outlets.join(', ') || 'no outlet (they have real endpoints)'}`);
  }
  const relayOwner = defaultOwner(`console-${op.name}`);
  const startRelays = async () => {
    const [{ startRelay }, { parseGiveUp }, { startMailRelay, mailSettingsOf, relays }] = await Promise.all([
      import('../pos/relay.js'), import('../pos/give-up.js'), import('../mail/mail-relay.js'),
    ]);
    const giveUp = parseGiveUp(config.posGiveUp);
    // recordings past their retention: the relay service's job, this console's while none is alive
    const stopRetention = keepRecordings(recordingFolderOf(config), config.recordKeepDays, { now: Date.now, log: (line, level) => log(line, level) });
    const retention = { owner: relayOwner, kick: () => undefined, wake: () => undefined, stop: async () => stopRetention() };
    return relays(retention, startRelay({
      store: store.ports, owner: relayOwner, onChange: () => runner.dispatch({ type: 'store-changed' }),
      giveUp: giveUp.ok ? giveUp.policy : undefined, timezone: config.timezone, wakeOnCommits: true,
      // failures and refusals only: a retry line per order per attempt would flood the log during an outage
      log: (line) => { if (/fail|refused|cannot|unknown|late/i.test(line)) log(`relay: ${line}`); },
    }), startMailRelay({
      // the box's offline e-mails too, while no relay service is alive
      store: store.ports, owner: relayOwner, settings: mailSettingsOf(config), onChange: () => runner.dispatch({ type: 'store-changed' }),
      log: (line, level) => { if (level === 'warn' || level === 'error') log(`mail: ${line}`, level); },
    }));
  };
  const relay = relayWhenNoneAlive({
    store: store.ports, owner: relayOwner, log: (line, level) => log(`relay: ${line}`, level),
    // the relay service looks for vanished consoles for the whole box: while it is alive this one need not
    onService: (alive) => runner.sweepColleagues(!alive),
    start: () => relayLoadedLater(relayOwner, startRelays, (e) => log(`relay: not started: ${e.message}`, 'error')),
  });
  waker.attach(relay);

  // the clock (by the minute; by the second during a call), the heartbeat and colleagues' commits
  const stopLive = runner.runLive();
  let stopping = false;
  async function shutdown(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    stopLive();
    // never hang on a dead PBX link (sip.js unregister can wait ~32 s)
    await Promise.race([phone.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 3000))]);
    runner.dispose();
    try {
      runner.stop();
    } catch {
      // the database is gone or locked: the next console sees the silence instead
    }
    ink.unmount();
    await relay.stop();
    await demoPos?.close();
    store.close();
    process.exit(code);
  }
  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.on(sig, () => void shutdown(0));
  if (config.pbx) {
    // voice before screen: on a busy box the call audio's thread gets the CPU before a frame
    const { favourVoiceOverScreen } = await import('../telephony/media/engine.js');
    const voice = favourVoiceOverScreen();
    if (!voice.ok) log(`call audio shares the CPU equally with the screen: ${voice.reason}`, 'warn');
  }
  await phone.start();
  await ink.waitUntilExit();
}

async function makePhone(config: Config, argv: Args, op: { name: string; extension: string; pbxLogin: string; headsetTarget?: string }): Promise<Phone> {
  if (config.pbx) {
    const { createPbxPhone } = await import('./pbx-phone.js');
    const { readPbxPassword } = await import('./password.js');
    return createPbxPhone(config, op, () => readPbxPassword(op.name));
  }
  const { ReplayPhone } = await import('../telephony/replay/replay-phone.js');
  if (argv.demo) {
    const { DemoPhone } = await import('../telephony/replay/demo.js');
    return DemoPhone.fromFile(demoCallsFile);
  }
  const idle = new ReplayPhone({ register: false });
  return idle;
}
