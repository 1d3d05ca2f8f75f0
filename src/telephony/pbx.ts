/**
 * The console's real phone: the operator's extension on the PBX (sip.js over WebSocket).
 * The password comes from RINGDESK_PBX_PASSWORD or a no-echo prompt; it is never stored or printed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Phone } from './phone.js';

export interface PbxOperator { name: string; extension: string; pbxLogin: string }

/** A stable instance id per operator and box, so a restarted console replaces its own registration. */
function instanceIdFor(op: PbxOperator, config: Config): string {
  const h = crypto.createHash('sha256').update(`ringdesk:${op.name}:${op.extension}:${config.db}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function createPbxPhone(config: Config, op: PbxOperator, password: string): Promise<Phone> {
  const { SipPhone } = await import('./sip/sip-phone.js');
  fs.mkdirSync(path.dirname(config.log), { recursive: true });
  const log = fs.createWriteStream(config.log, { flags: 'a' });
  const extension = op.extension || op.pbxLogin;
  if (!extension) throw Object.assign(new Error(`operator ${op.name} has no extension or PBX login: ringdesk operator set ${op.name} --extension N`), { userFacing: true });
  return new SipPhone({
    url: config.pbx,
    domain: config.pbxDomain || undefined,
    login: op.pbxLogin || extension,
    password,
    extension,
    instanceId: instanceIdFor(op, config),
    autoAnswerMs: config.autoAnswerMs >= 0 ? config.autoAnswerMs : undefined,
    dialFormat: config.dialFormat,
    dialPrefix: config.dialPrefix,
    region: config.region,
    log: (line) => log.write(`${new Date().toISOString()} ${line}\n`),
  });
}
