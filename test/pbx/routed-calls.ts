/**
 * Calls the PBX routes, for the routing suites (test/e2e/sip-group-route.test.ts,
 * test/e2e/sip-code-route.test.ts): the suite's own Kamailio on its ports, the desk's extension
 * registered on it (a real SipPhone), a fresh database file, and `ring`: one sipp caller
 * (uac-group-cancel.xml: it rings, then hangs up unanswered) with the header an IVR or a PBX
 * adds, given back as the phone's incoming event; `over()` waits for that call to end and gives
 * sipp's exit code.
 */
import { kamailioForSuite, registeredPhone, type PhoneUnderTest } from './phone-harness.js';
import { startSipp } from './sipp.js';
import { tempStore } from '../helpers/temp-store.js';
import type { Store } from '../../src/store/index.js';
import type { PhoneEvent } from '../../src/telephony/phone.js';

export interface RoutedCalls {
  desk: PhoneUnderTest;
  store: Store;
  cleanup: () => void;
  ring(service: string, header: string): Promise<{ incoming: Extract<PhoneEvent, { type: 'incoming' }>; over: () => Promise<number | null> }>;
}

/** One suite's Kamailio (ports `udpPort`, `wsPort`), sipp on `sippPort`, its callers' RTP from `rtpBase` up. */
export function routedCallSuite(prefix: string, ports: { udpPort: number; wsPort: number; sippPort: number; rtpBase: number }): { open(extension?: string): Promise<RoutedCalls> } {
  const { started } = kamailioForSuite(prefix, { udpPort: ports.udpPort, wsPort: ports.wsPort });
  return {
    async open(extension = '1001') {
      const desk = await registeredPhone(started, { wsPort: ports.wsPort, extension });
      const { store, cleanup } = tempStore();
      let n = 0;
      const ring = async (service: string, header: string) => {
        const from = desk.events.length;
        const sipp = startSipp({
          scenario: 'uac-group-cancel.xml', port: ports.sippPort, remote: `127.0.0.1:${ports.udpPort}`, service, vars: { header }, keys: { rtp_port: ports.rtpBase + n++ }, pauseMs: 600,
        });
        const incoming = await desk.waitFor('incoming', undefined, 10_000, from);
        const over = async () => {
          await desk.waitFor('ended', (e) => e.callId === incoming.callId, 10_000, from);
          return (await sipp.done).code;
        };
        return { incoming, over };
      };
      return { desk, store, cleanup, ring };
    },
  };
}
