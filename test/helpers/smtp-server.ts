/** A real SMTP server on loopback (npm smtp-server) that keeps what arrived, parsed by mailparser. */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface TestSmtp {
  port: number;
  received: ParsedMail[];
  /** Logins tried: user and whether the password was right. */
  logins: { user: string; ok: boolean }[];
  close(): Promise<void>;
}

export async function startSmtp(o: { port?: number; user?: string; pass?: string; refuseRcpt?: RegExp } = {}): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const logins: { user: string; ok: boolean }[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: !o.user,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      const ok = auth.username === o.user && auth.password === o.pass;
      logins.push({ user: auth.username ?? '', ok });
      if (!ok) return cb(new Error('Invalid username or password'));
      cb(null, { user: auth.username });
    },
    onRcptTo(address, _session, cb) {
      if (o.refuseRcpt?.test(address.address)) {
        const e = new Error('No such mailbox here') as Error & { responseCode: number };
        e.responseCode = 550;
        return cb(e);
      }
      cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream).then((m) => { received.push(m); cb(); }, (e: Error) => cb(e));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, logins, close: () => new Promise<void>((r) => server.close(() => r())) };
}
