/**
 * From a fixture's step to its frame in three files (fixture player → desk slice → view): each full
 * screen's desk slice names the view that draws it, and the App draws exactly that one.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { customersView } from '../desk/customers-screen.js';
import { callsView } from '../desk/calls-screen.js';
import { chatsView } from '../desk/chat-desk.js';
import { fullScreenViews } from './App.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the full screens: the slice names its view', () => {
  for (const named of [customersView, callsView, chatsView]) {
    it(`${named.screen}: the App draws ${named.component} from ${named.file}`, async () => {
      const module = (await import(path.join(root, named.file))) as Record<string, unknown>;
      expect(module[named.component]).toBeTypeOf('function');
      expect(fullScreenViews[named.screen]).toBe(module[named.component]);
    });
  }
});
