/** Demo calls for `ringdesk console --demo`: a ReplayPhone that rings on a schedule read from fixtures/demo/calls.json. */
import fs from 'node:fs';
import { ReplayPhone } from './replay-phone.js';

interface DemoScript { calls: { afterSeconds: number; from: string; hangUpAfterSeconds?: number }[]; remoteAnswerSeconds?: number }

export class DemoPhone extends ReplayPhone {
  private timer: NodeJS.Timeout | null = null;
  private hangups = new Set<NodeJS.Timeout>();

  constructor(private script: DemoScript) {
    super({ remoteAnswerMs: (script.remoteAnswerSeconds ?? 3) * 1000 });
  }

  static fromFile(file: string): DemoPhone {
    let script: DemoScript;
    try {
      script = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw Object.assign(new Error(`demo calls ${file}: ${(e as Error).message}`), { userFacing: true });
    }
    if (!Array.isArray(script.calls) || script.calls.some((c) => typeof c.from !== 'string' || typeof c.afterSeconds !== 'number')) {
      throw Object.assign(new Error(`demo calls ${file}: $.calls must be [{ "afterSeconds": n, "from": "number" }, ...]`), { userFacing: true });
    }
    return new DemoPhone(script);
  }

  override async start(): Promise<void> {
    await super.start();
    this.schedule(0);
  }

  override async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.hangups) clearTimeout(t);
    await super.stop();
  }

  /** Ring the calls in order, then start over: a demo runs as long as the console does. */
  private schedule(n: number): void {
    const call = this.script.calls[n % this.script.calls.length];
    if (!call) return;
    this.timer = setTimeout(() => {
      const id = this.ring(call.from);
      if (call.hangUpAfterSeconds) {
        const t = setTimeout(() => {
          this.hangups.delete(t);
          this.giveUpIfUnanswered(id);
        }, call.hangUpAfterSeconds * 1000);
        this.hangups.add(t);
      }
      this.schedule(n + 1);
    }, call.afterSeconds * 1000);
    this.timer.unref();
  }
}
