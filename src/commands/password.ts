/** Reading a PBX password: environment, stdin, or a prompt that draws it as *. Never stored, never printed. */
import { UsageError } from '../cli.js';
import type { PromptAnswer } from '../views/PasswordPrompt.js';

/** RINGDESK_PBX_PASSWORD, else a prompt on the terminal that draws it as *. */
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

/**
 * Ask on the terminal, the answer drawn as * (src/views/PasswordPrompt.tsx: ink-text-input with a
 * mask), on stderr so that stdout stays the command's own. The prompt is gone before the console
 * draws its first frame; Ctrl+C or Esc cancels.
 */
export async function promptHidden(question: string, io: { stdin?: NodeJS.ReadStream; stderr?: NodeJS.WriteStream } = {}): Promise<string> {
  const [{ render }, react, { PasswordPrompt }] = await Promise.all([import('ink'), import('react'), import('../views/PasswordPrompt.js')]);
  // React is CommonJS: its exports are the default export under Node and inside the bundle alike
  const React = react.default;
  const stdin = io.stdin ?? process.stdin, stderr = io.stderr ?? process.stderr;
  let answer = { ok: false } as PromptAnswer;
  const ink = render(React.createElement(PasswordPrompt, { question, onAnswer: (a: PromptAnswer) => { answer = a; ink.unmount(); } }), {
    stdin, stdout: stderr, exitOnCtrlC: false, patchConsole: false,
  });
  await ink.waitUntilExit();
  if (!answer.ok) throw new UsageError('cancelled');
  return answer.value;
}
