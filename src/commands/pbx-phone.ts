/**
 * The console's real phone: the operator's extension on the PBX (sip.js over WebSocket).
 * The password comes from RINGDESK_PBX_PASSWORD or a prompt that draws it as *; it is never stored or printed.
 * Call audio follows the `audio` setting (see audio-spec.ts), RTP ports the `rtpPorts` setting.
 */
import crypto from 'node:crypto';
import { logOptionsOf, type Config } from '../config/config.js';
import { openLog } from '../files/log-file.js';
import type { Phone } from '../telephony/phone.js';
import { audioSpecProblem, parseAudioSpec, parseRtpPorts } from '../telephony/audio-spec.js';

/** The console's operator on the PBX. Auto-answer is the desk's (src/desk/reduce.ts), one call at a time, not the phone's. */
export interface PbxOperator { name: string; extension: string; pbxLogin: string; headsetTarget?: string }

/** A stable instance id per operator and box, so a restarted console replaces its own registration. */
function instanceIdFor(op: PbxOperator, config: Config): string {
  const h = crypto.createHash('sha256').update(`ringdesk:${op.name}:${op.extension}:${config.db}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const userFacing = (message: string) => Object.assign(new Error(message), { userFacing: true });

/**
 * The operator's SipPhone from the settings. Settings are checked before `password` is
 * asked for, so a typo in --audio does not cost the dispatcher a password prompt.
 */
export async function createPbxPhone(config: Config, op: PbxOperator, password: string | (() => Promise<string>)): Promise<Phone> {
  const { SipPhone } = await import('../telephony/sip/sip-phone.js');
  const log = openLog(config.log, '', logOptionsOf(config));
  const extension = op.extension || op.pbxLogin;
  if (!extension) throw userFacing(`operator ${op.name} has no extension or PBX login: ringdesk operator set ${op.name} --extension N`);
  const audio = parseAudioSpec(config.audio);
  if (!audio.ok) throw userFacing(audio.reason);
  const problem = await audioSpecProblem(audio.spec);
  if (problem) throw userFacing(problem);
  const ports = parseRtpPorts(config.rtpPorts);
  if (!ports.ok) throw userFacing(ports.reason);
  const secret = typeof password === 'string' ? password : await password();
  return new SipPhone({
    url: config.pbx,
    domain: config.pbxDomain || undefined,
    login: op.pbxLogin || extension,
    password: secret,
    extension,
    instanceId: instanceIdFor(op, config),
    dialFormat: config.dialFormat,
    dialPrefix: config.dialPrefix,
    region: config.region,
    audio: audio.spec,
    rtpPortMin: ports.min,
    rtpPortMax: ports.max,
    // headset leg (issue 8): --headset / the "headset" setting over the operator's card
    headset: config.headset || op.headsetTarget || '',
    deskPhone: config.deskPhone,
    log,
    // sip.js's own traces (every SIP message) only when the log asks for debug
    sipLogLevel: config.logLevel === 'debug' ? 'debug' : 'warn',
  });
}
