/**
 * The call analysis on a SIP call (issue 18): the answered call's RTP stream gets the media
 * worker's 'analysis' tap (src/telephony/media/call-analysis.ts); when the call ends its
 * figures come back and calls.ts tells the desk (a 'figures' phone event). Only numbers.
 */
import { checkFigures, type CallFigures } from '../../domain/call-figures.js';
import type { RtpStream } from '../media/types.js';
import type { LogLine } from '../../files/log-file.js';

export const ANALYSIS_TAP = 'analysis';

/** Start analysing `rtp`'s audio; a refusal is logged and the call goes on without figures. */
export function analyseCall(rtp: RtpStream, callId: string, log: LogLine): void {
  rtp.tap(ANALYSIS_TAP).catch((e: Error) => log(`call ${callId}: no call figures: ${e.message}`));
}

/** The figures of an analysed stream: taken off now if it is still open, else from its close. Null when there are none. */
export async function figuresOf(rtp: RtpStream, callId: string, log: LogLine): Promise<CallFigures | null> {
  let result: unknown;
  try {
    result = await rtp.untap(ANALYSIS_TAP);
  } catch {
    try {
      await rtp.close();
      result = (await rtp.tapResults())[ANALYSIS_TAP];
    } catch {
      return null;
    }
  }
  if (result === undefined) return null;
  const checked = checkFigures(result, `call ${callId}`);
  if (!checked.ok) {
    log(`call figures not kept: ${checked.reason}`);
    return null;
  }
  return checked.figures;
}
