/**
 * SIP status codes and Reason headers turned into what a dispatcher reads and what the
 * call log stores.
 */
import type { EndReason } from '../phone.js';

/** Why the PBX refused a REGISTER, in words an operator can act on. */
export function registrationFailure(code: number, phrase: string, login: string, extension: string): { reason: string; wrongPassword: boolean } {
  if (code === 401 || code === 403 || code === 407) {
    return { reason: `wrong password for ${login} (${code})`, wrongPassword: true };
  }
  if (code === 404) return { reason: `the PBX does not know extension ${extension} (404)`, wrongPassword: false };
  if (code === 408) return { reason: `the PBX did not answer the registration (408)`, wrongPassword: false };
  return { reason: `the PBX refused extension ${extension} (${code} ${phrase})`.trim(), wrongPassword: false };
}

/** An outgoing call's final failure response. */
export function endReasonForFailure(code: number, phrase: string): { reason: EndReason; detail: string } {
  const detail = `${code} ${phrase}`.trim();
  if (code === 486 || code === 600 || code === 603) return { reason: 'busy', detail };
  if (code === 480 || code === 408 || code === 487) return { reason: 'no-answer', detail };
  return { reason: 'failed', detail };
}

/** `Reason: SIP;cause=200;text="Call completed elsewhere"` -> a colleague answered. */
export function elsewhereReason(header: string | undefined): EndReason | undefined {
  if (!header) return undefined;
  return /\bcause\s*=\s*200\b/i.test(header) || /completed elsewhere/i.test(header) ? 'answered-elsewhere' : undefined;
}
