/** README and --help must match the code: every key of the core keymap is documented. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keymap, keyLabel } from './desk/keymap.js';
import { textRules } from './domain/outside-text.js';

const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the two commands on its first screen', () => {
    const first = readme.split('\n').slice(0, 30).join('\n');
    expect(first).toContain('npm install && npm start');
    expect(first).toContain('./scripts/install-test-deps && npm install && npm test');
  });
  it('every `npm run X` and scripts/ file the README and docs name exists, and each npm script runs an existing file', () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    const docs = fs.readdirSync(new URL('../docs/', import.meta.url)).filter((f) => f.endsWith('.md'))
      .map((f) => fs.readFileSync(new URL(`../docs/${f}`, import.meta.url), 'utf8'));
    const text = [readme, ...docs].join('\n');
    const named = new Set([...text.matchAll(/npm run (?:--silent )?([a-z][\w:-]*)/g)].map((m) => m[1]));
    expect([...named].filter((n) => !(n in pkg.scripts))).toEqual([]);
    const files = [...text.matchAll(/(?:\.\/)?(scripts\/[\w.-]+)/g), ...Object.values(pkg.scripts).flatMap((c) => [...c.matchAll(/(scripts\/[\w.-]+|bin\/[\w.-]+)/g)])].map((m) => m[1]);
    expect(files.filter((f) => !fs.existsSync(new URL(`../${f}`, import.meta.url)))).toEqual([]);
  });
  it('documents the core keys of the keymap table', () => {
    const core = keymap.filter((c) => ['banner', 'call', 'list', 'card', 'global'].includes(c.context) && !c.quiet);
    for (const c of core.filter((c) => ['call.answer', 'call.answerNew', 'call.answerAttach', 'call.reject', 'call.ignore', 'call.pause', 'call.end', 'list.new', 'card.menu', 'card.pos', 'card.send', 'card.callDriver', 'global.help'].includes(c.id))) {
      expect(readme, `${c.id} (${c.keys[0]})`).toContain(`\`${keyLabel(c.keys[0])}\``);
    }
  });
  it('lists the length limit of every kind of outside text', () => {
    const table = readme.split('## Text from outside')[1].split('\n## ')[0];
    const limits = [...table.matchAll(/\| ([\d,]+) \|$/gm)].map((m) => Number(m[1].replace(',', '')));
    for (const [field, rule] of Object.entries(textRules)) expect(limits, field).toContain(rule.max);
  });
});
