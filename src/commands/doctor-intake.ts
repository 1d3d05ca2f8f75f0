/**
 * `doctor`'s checks of the chat intake (issue 16), one line each as for the PBX and the points
 * of sale: is it set up (config `intake`), is it listening (its GET /health), the Telegram token
 * and the WhatsApp app secret set (on the running intake, as its /health says, else in this
 * environment — never printed), the widget's sites named (config `widgetOrigins`).
 */
import type { Config } from '../config/config.js';
import { parseListen } from '../pos/status-server.js';
import type { Check } from './doctor.js';

/** What the intake's /health says (src/chat/intake-server.ts). */
interface Health {
  visitorsConnected?: number;
  chatOutbox?: Record<string, number>;
  channels?: { telegram?: boolean; whatsapp?: boolean; whatsappSending?: boolean };
}

/** The address doctor asks: a wildcard listen address is asked on this box's loopback. */
function healthUrl(listen: { host: string; port: number }): string {
  const host = listen.host === '' || listen.host === '0.0.0.0' ? '127.0.0.1' : listen.host === '::' ? '::1' : listen.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${listen.port}/health`;
}

async function askHealth(url: string, timeoutMs: number): Promise<{ health: Health } | { error: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { error: `${url} answered ${res.status}` };
    return { health: (await res.json()) as Health };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return { error: `nothing answers at ${url}${cause ? ` (${cause})` : `: ${(e as Error).message}`}: systemctl status ringdesk-intake` };
  }
}

/** A secret is set: said by the running intake, else by this environment. Its value is never read into a line. */
function secretCheck(name: string, onIntake: boolean | undefined, env: string | undefined, variable: string, what: string): Check {
  if (onIntake) return { name, ok: true, detail: `${what} set on the running intake (not shown)` };
  if (onIntake === false) return { name, ok: null, detail: `not set up on the running intake: ${variable} in /etc/ringdesk/intake.env, then systemctl restart ringdesk-intake` };
  if (env) return { name, ok: true, detail: `${what} set in this environment (${variable}, not shown)` };
  return { name, ok: null, detail: `not set up: ${variable} in /etc/ringdesk/intake.env` };
}

export async function intakeChecks(config: Pick<Config, 'intake' | 'widgetOrigins'>, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Check[]> {
  if (!config.intake) {
    return [{ name: 'intake', ok: null, detail: 'no chat intake set up (config "intake": HOST:PORT, docs/operations.md section 11)' }];
  }
  const listen = parseListen(config.intake);
  if ('error' in listen) return [{ name: 'intake', ok: false, detail: `config "intake" ${JSON.stringify(config.intake)} is not HOST:PORT` }];
  const url = healthUrl(listen);
  const asked = await askHealth(url, timeoutMs);
  const checks: Check[] = [];
  let channels: Health['channels'] = undefined;
  if ('error' in asked) checks.push({ name: 'intake', ok: false, detail: asked.error });
  else {
    const h = asked.health;
    channels = h.channels;
    const out = h.chatOutbox ?? {};
    const failed = out.failed ?? 0;
    const detail = `listening on ${config.intake}: ${h.visitorsConnected ?? 0} visitor(s) connected, ${(out.queued ?? 0) + (out.sending ?? 0)} answer(s) waiting to go`;
    checks.push(failed ? { name: 'intake', ok: true, warn: true, detail: `${detail}, ${failed} failed (shown on their chats)` } : { name: 'intake', ok: true, detail });
  }
  checks.push(secretCheck('telegram', channels?.telegram, env.RINGDESK_TELEGRAM_TOKEN, 'RINGDESK_TELEGRAM_TOKEN', 'bot token'));
  checks.push(secretCheck('whatsapp', channels?.whatsapp, env.RINGDESK_WHATSAPP_APP_SECRET, 'RINGDESK_WHATSAPP_APP_SECRET', 'app secret'));
  checks.push(config.widgetOrigins.length
    ? { name: 'widget', ok: true, detail: `only on ${config.widgetOrigins.join(', ')}` }
    : { name: 'widget', ok: true, warn: true, detail: 'any site may embed the chat widget: name the restaurant\'s sites in config "widgetOrigins"' });
  return checks;
}
