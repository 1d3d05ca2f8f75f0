/**
 * The one Kamailio command line for the test PBX, shared by the test harness
 * (test/pbx/kamailio.ts) and `npm run pbx` (scripts/pbx.js).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const KAMAILIO_CFG = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kamailio.cfg');

/**
 * @param {{ dir: string, udpPort: number, wsPort: number, children?: number, gateway?: string, presence?: boolean }} o
 *   presence: the dialog event package (its db_text tables must be in <dir>/db: kamailio.ts copies them)
 * @param {'DD' | 'D'} foreground
 * @returns {string[]}
 */
export function kamailioArgs(o, foreground = 'DD') {
  const n = String(o.children ?? 1);
  const args = [
    `-${foreground}`, '-E', '-Y', o.dir, '-P', path.join(o.dir, 'kamailio.pid'), '-f', KAMAILIO_CFG,
    '-l', `udp:127.0.0.1:${o.udpPort}`, '-l', `tcp:127.0.0.1:${o.wsPort}`,
    '-n', n, '-N', n, '-m', '64', '-M', '8',
    '-A', `CTL_SOCK="unix:${path.join(o.dir, 'kamailio_ctl')}"`,
  ];
  if (o.gateway) args.push('-A', `GATEWAY="${o.gateway}"`);
  if (o.presence) {
    args.push('-A', 'WITH_PRESENCE', '-A', `DB_URL="text://${path.join(o.dir, 'db')}"`, '-A', `PRESENCE_SERVER="sip:127.0.0.1:${o.udpPort}"`);
  }
  return args;
}
