#!/usr/bin/env node
/**
 * `npm run pbx`: the test PBX (Kamailio with test/pbx/kamailio.cfg) in the foreground on
 * loopback, so you can try the console with sipp or a softphone. Ctrl-C stops it.
 *
 *   npm run pbx -- [--udp 15060] [--ws 15080] [--gateway sip:127.0.0.1:15071]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kamailioArgs } from '../test/pbx/kamailio-args.js';

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const udpPort = Number(flag('udp', '15060'));
const wsPort = Number(flag('ws', '15080'));
const gateway = flag('gateway', '');
if (!Number.isInteger(udpPort) || !Number.isInteger(wsPort)) {
  process.stderr.write('pbx: --udp and --ws must be port numbers\n');
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-pbx-'));
const args = kamailioArgs({ dir, udpPort, wsPort, children: 2, gateway: gateway || undefined });

process.stdout.write(`ringdesk test PBX (Kamailio) on 127.0.0.1 — run directory ${dir}

  Accounts: any extension N, password "secret" + N (1001 -> secret1001).

  Console:  RINGDESK_PBX_PASSWORD=secret1001 ringdesk console --pbx ws://127.0.0.1:${wsPort} \\
              --operator <name whose extension is 1001>
  Call it:  sipp -sf test/pbx/scenarios/uac-call.xml -s 1001 -key rtp_port 21010 -key caller +420777000 \\
              -mi 127.0.0.1 -i 127.0.0.1 -p 15070 -m 1 -d 10000 127.0.0.1:${udpPort}
  Who is registered:  kamcmd -s unix:${path.join(dir, 'kamailio_ctl')} ul.dump
${gateway ? `  Numbers that are not registered extensions go to ${gateway}\n` : '  Start with --gateway sip:127.0.0.1:15071 to send outgoing calls to a sipp UAS (test/pbx/scenarios/uas.xml).\n'}
  Softphones on UDP register as sip:N@127.0.0.1:${udpPort}. Ctrl-C stops the PBX.

`);

const child = spawn('kamailio', args, { stdio: 'inherit' });
child.on('error', (e) => {
  process.stderr.write(`pbx: cannot start kamailio (${e.message}); install the Debian packages kamailio and kamailio-websocket-modules\n`);
  process.exit(1);
});
const stop = () => { try { process.kill(child.pid, 'SIGTERM'); } catch { /* gone */ } };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
