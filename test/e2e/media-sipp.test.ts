/**
 * Interop with a real sipp: sipp answers a hand-written INVITE and streams a µ-law file
 * with `rtp_stream`; our stream records it and hears exactly the file. Our own stream
 * plays towards sipp's media port at the same time (what a real call does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSample, openRtpStream, parseWav, wavHeader } from '../../src/telephony/media/index.js';
import { LOCAL, UdpPeer, waitFor } from './media-peer.js';

const SIPP_SIP_PORT = 22490;
const SIPP_MEDIA_PORT = 22480;
const STREAM_RANGE = { portMin: 22000, portMax: 22399 }; // clear of sipp's ports

let dir: string;
let sipp: ChildProcess | null = null;
let sip: UdpPeer | null = null;

const scenario = (file: string) => `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="ringdesk media: answer, stream a u-law file, wait for BYE">
  <recv request="INVITE" />
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=sipp 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000

  ]]></send>
  <recv request="ACK">
    <action><exec rtp_stream="${file},1,0" /></action>
  </recv>
  <recv request="BYE" />
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

  ]]></send>
</scenario>`;

function request(method: string, cseq: number, toTag: string, sdp = ''): string {
  return [
    `${method} sip:sipp@${LOCAL}:${SIPP_SIP_PORT} SIP/2.0`,
    `Via: SIP/2.0/UDP ${LOCAL}:${sip!.port};branch=z9hG4bK-ringdesk-${method}-${cseq}`,
    'Max-Forwards: 70',
    `From: <sip:media-test@${LOCAL}>;tag=ringdesk1`,
    `To: <sip:sipp@${LOCAL}>${toTag ? `;tag=${toTag}` : ''}`,
    'Call-ID: ringdesk-media-sipp-1',
    `CSeq: ${cseq} ${method}`,
    `Contact: <sip:media-test@${LOCAL}:${sip!.port}>`,
    ...(sdp ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n');
}

function responses(): string[] {
  return sip!.heard.map((p) => p.raw.toString('latin1'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringdesk-media-sipp-'));
  sip = await UdpPeer.open();
});
afterAll(async () => {
  if (sipp && sipp.exitCode === null) {
    sipp.kill('SIGTERM');
    await waitFor('sipp to stop', () => sipp!.exitCode !== null || sipp!.signalCode !== null, 3000).catch(() => sipp!.kill('SIGKILL'));
  }
  await sip?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RTP interop with sipp', () => {
  it('records exactly the µ-law file sipp streams with rtp_stream', async () => {
    const tone = Buffer.from(Array.from({ length: 8000 }, (_, i) => ((i * 37) & 0x7f) | 0x80)); // 1 s
    writeFileSync(join(dir, 'tone.ul'), tone);
    writeFileSync(join(dir, 'uas.xml'), scenario(join(dir, 'tone.ul')));
    const samples = Buffer.alloc(16000);
    writeFileSync(join(dir, 'play.wav'), Buffer.concat([wavHeader(samples.length), samples]));
    sipp = spawn('sipp', ['-sf', join(dir, 'uas.xml'), '-i', LOCAL, '-p', String(SIPP_SIP_PORT), '-mi', LOCAL,
      '-mp', String(SIPP_MEDIA_PORT), '-m', '1', '-nostdin', '-timeout', '20s', '-timeout_error'], { cwd: dir, stdio: 'ignore' });

    const record = join(dir, 'heard.wav');
    const stream = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'wav', play: join(dir, 'play.wav'), record }, ...STREAM_RANGE });
    const sdp = ['v=0', `o=ringdesk 1 1 IN IP4 ${LOCAL}`, 's=-', `c=IN IP4 ${LOCAL}`, 't=0 0',
      `m=audio ${stream.localPort} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', ''].join('\r\n');
    // sipp may not be listening yet: resend the INVITE (same branch: a retransmission) until it answers
    await waitFor('200 OK to the INVITE', async () => {
      if (responses().some((r) => r.startsWith('SIP/2.0 200') && /CSeq: 1 INVITE/.test(r))) return true;
      await sip!.send(Buffer.from(request('INVITE', 1, '', sdp)), SIPP_SIP_PORT);
      await new Promise((r) => setTimeout(r, 200));
      return false;
    }, 10_000);
    const ok = responses().find((r) => r.startsWith('SIP/2.0 200'))!;
    const toTag = /^To:.*;tag=([^;\r\n]+)/m.exec(ok)![1];
    const mediaPort = Number(/m=audio (\d+)/.exec(ok)![1]);
    stream.start({ address: LOCAL, port: mediaPort }, 'PCMU', 0, 101);
    await sip!.send(Buffer.from(request('ACK', 1, toTag)), SIPP_SIP_PORT);

    await waitFor('the whole file', async () => (await stream.stats()).packetsReceived >= 50, 5000);
    await sip!.send(Buffer.from(request('BYE', 2, toTag)), SIPP_SIP_PORT);
    await waitFor('200 OK to the BYE', () => responses().some((r) => /CSeq: 2 BYE/.test(r)), 5000);
    await waitFor('sipp to finish', () => sipp!.exitCode !== null, 5000);
    expect(sipp!.exitCode).toBe(0);

    const stats = await stream.stats();
    await stream.close();
    expect(stats.packetsIgnored).toBe(0);
    expect(stats.packetsSent).toBeGreaterThan(10);
    const heard = parseWav(readFileSync(record), record);
    expect(heard.length).toBe(8000);
    for (let i = 0; i < heard.length; i++) expect(heard[i]).toBe(decodeSample('PCMU', tone[i]));
  });
});
