/** HTTP transport: POST the order with an Idempotency-Key header and the POS's bearer token. */
import http from 'node:http';
import https from 'node:https';
import { describeNetworkError, outcomeOfCode, type OrderToSend, type PosLink, type SendOutcome } from './transport.js';

const MAX_BODY = 64 * 1024;

export function httpLink(endpoint: string, token: string, opts: { maxSockets?: number } = {}): PosLink {
  const url = new URL(endpoint);
  const lib = url.protocol === 'https:' ? https : http;
  const agent = new lib.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 16 });
  return {
    send(order: OrderToSend, written: () => void): Promise<SendOutcome> {
      return new Promise((resolve) => {
        let done = false;
        const finish = (o: SendOutcome) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          resolve(o);
        };
        const body = Buffer.from(order.payload);
        const headers: Record<string, string | number> = {
          'content-type': 'application/json',
          'content-length': body.length,
          'idempotency-key': order.key,
        };
        if (token) headers.authorization = `Bearer ${token}`;
        const req = lib.request(url, { method: 'POST', agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_BODY) chunks.push(c);
          });
          res.on('end', () => finish(outcomeOfCode(res.statusCode ?? 0, errorText(Buffer.concat(chunks).toString('utf8')), header(res.headers['retry-after']))));
          res.on('error', (e) => finish({ kind: 'retry', reason: describeNetworkError(e, order.timeoutMs) }));
        });
        const timer = setTimeout(() => {
          const e = Object.assign(new Error('timeout'), { code: 'RINGDESK_TIMEOUT' });
          finish({ kind: 'retry', reason: describeNetworkError(e, order.timeoutMs) });
          req.destroy(e);
        }, order.timeoutMs);
        req.on('error', (e) => finish({ kind: 'retry', reason: describeNetworkError(e, order.timeoutMs) }));
        req.end(body, () => written());
      });
    },
    async close() {
      agent.destroy();
    },
  };
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The POS's own error message when it sent JSON {error|message}, else the text. */
function errorText(text: string): string {
  try {
    const j = JSON.parse(text);
    if (j && typeof j === 'object') return String(j.error ?? j.message ?? text);
  } catch { /* not JSON */ }
  return text.trim();
}
