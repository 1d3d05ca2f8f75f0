/**
 * A pcap of G.711 RTP for sipp's `play_pcap_audio` (issue 18's real-audio tests): 8 kHz
 * 16-bit samples encoded as PCMU or PCMA, one packet per 20 ms, stamped 20 ms apart, in
 * Ethernet/IPv4/UDP frames (sipp rewrites the addresses and ports and keeps the timing).
 */
import { writeFileSync } from 'node:fs';
import { encodeSample, type Codec } from '../../src/telephony/media/index.js';

const SAMPLES = 160;

export function writeRtpPcap(file: string, samples: Int16Array, codec: Codec = 'PCMU'): number {
  const packets = Math.ceil(samples.length / SAMPLES);
  const frames: Buffer[] = [];
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(65535, 16); // snaplen
  global.writeUInt32LE(1, 20); // Ethernet
  frames.push(global);
  const pt = codec === 'PCMU' ? 0 : 8;
  for (let i = 0; i < packets; i++) {
    const rtp = Buffer.alloc(12 + SAMPLES);
    rtp[0] = 0x80;
    rtp[1] = (i === 0 ? 0x80 : 0) | pt;
    rtp.writeUInt16BE(i & 0xffff, 2);
    rtp.writeUInt32BE((i * SAMPLES) >>> 0, 4);
    rtp.writeUInt32BE(0x18400, 8);
    for (let j = 0; j < SAMPLES; j++) rtp[12 + j] = encodeSample(codec, samples[i * SAMPLES + j] ?? 0);
    const udp = Buffer.alloc(8);
    udp.writeUInt16BE(18440, 0);
    udp.writeUInt16BE(18442, 2);
    udp.writeUInt16BE(8 + rtp.length, 4);
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + udp.length + rtp.length, 2);
    ip[8] = 64;
    ip[9] = 17;
    Buffer.from([127, 0, 0, 1]).copy(ip, 12);
    Buffer.from([127, 0, 0, 1]).copy(ip, 16);
    let sum = 0;
    for (let k = 0; k < 20; k += 2) sum += ip.readUInt16BE(k);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    ip.writeUInt16BE(~sum & 0xffff, 10);
    const eth = Buffer.alloc(14);
    eth.writeUInt16BE(0x0800, 12);
    const frame = Buffer.concat([eth, ip, udp, rtp]);
    const rec = Buffer.alloc(16);
    const usec = i * 20_000;
    rec.writeUInt32LE(Math.floor(usec / 1e6), 0);
    rec.writeUInt32LE(usec % 1e6, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    frames.push(rec, frame);
  }
  writeFileSync(file, Buffer.concat(frames));
  return packets;
}
