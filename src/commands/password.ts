/** Reading a PBX password: environment, stdin, or a prompt that does not echo. Never stored, never printed. */
import { UsageError } from '../cli.js';

/** RINGDESK_PBX_PASSWORD, else a no-echo prompt on the terminal. */
export async function readPbxPassword(operator: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env.RINGDESK_PBX_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new UsageError(`no PBX password for ${operator}: set RINGDESK_PBX_PASSWORD or run in a terminal to be asked`);
  return promptHidden(`PBX password for ${operator}: `);
}

/** Read all of stdin (for --password-stdin), without the trailing newline. */
export async function readStdinSecret(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Ask on the terminal with echo off. */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
