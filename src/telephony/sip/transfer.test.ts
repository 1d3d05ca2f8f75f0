/** The transfer's words on the wire: the sipfrag bodies read, the hand-built Refer-To, the Replaces value as the consulted party matches it. */
import { describe, expect, it } from 'vitest';
import { progressOfStatus, readSipfrag, readTransferTag, referToValue, replacesFor } from './transfer.js';

describe('transfer on the wire', () => {
  it('reads the status line of a message/sipfrag body, and what it means for the transfer', () => {
    expect(readSipfrag('SIP/2.0 100 Trying\r\n')).toEqual({ code: 100, phrase: 'Trying' });
    expect(readSipfrag('SIP/2.0 180 Ringing')).toEqual({ code: 180, phrase: 'Ringing' });
    expect(readSipfrag('SIP/2.0 200 OK\r\nContent-Length: 0\r\n')).toEqual({ code: 200, phrase: 'OK' });
    expect(readSipfrag('SIP/2.0 603')).toEqual({ code: 603, phrase: '' });
    expect(readSipfrag('')).toBeNull();
    expect(readSipfrag('hello')).toBeNull();
    expect(readSipfrag(undefined)).toBeNull();
    expect([100, 180, 183, 200, 202, 486, 603].map(progressOfStatus)).toEqual(['trying', 'ringing', 'ringing', 'answered', 'answered', 'failed', 'failed']);
  });

  it('writes the Refer-To by hand: the address of record, no display name, each header value escaped', () => {
    expect(referToValue('1002', '127.0.0.1', { 'X-Ringdesk-Transfer': '7' })).toBe('<sip:1002@127.0.0.1?X-Ringdesk-Transfer=7>');
    expect(referToValue('1002', 'pbx', { 'X-Ringdesk-Transfer': undefined })).toBe('<sip:1002@pbx>');
    const replaces = replacesFor({ callId: 'abc@x', localTag: 'ours', remoteTag: 'theirs' });
    expect(replaces).toBe('abc@x;to-tag=theirs;from-tag=ours');
    expect(referToValue('1003', 'pbx', { Replaces: replaces, 'X-Ringdesk-Transfer': '12' }))
      .toBe('<sip:1003@pbx?Replaces=abc%40x%3Bto-tag%3Dtheirs%3Bfrom-tag%3Dours&X-Ringdesk-Transfer=12>');
  });

  it('takes a transfer id from outside only when it is one (digits), never other text', () => {
    expect(readTransferTag(' 42 ')).toBe('42');
    expect(readTransferTag('42; drop table')).toBeUndefined();
    expect(readTransferTag('\u001b[31m1')).toBeUndefined();
    expect(readTransferTag(undefined)).toBeUndefined();
  });
});
