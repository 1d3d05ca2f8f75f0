/** Colours and category styles: the one place views take them from. */
import type { Category } from '../domain/customer.js';

export const theme = {
  accent: 'cyan',
  ringing: 'yellowBright',
  danger: 'red',
  ok: 'green',
  muted: 'gray',
  selected: 'blueBright',
} as const;

export const categoryStyle: Record<Category, { color: string; word: string }> = {
  regular: { color: 'white', word: 'regular' },
  vip: { color: 'magentaBright', word: 'VIP' },
  problem: { color: 'red', word: 'PROBLEM' },
  staff: { color: 'blue', word: 'staff' },
  spam: { color: 'redBright', word: 'SPAM' },
  sleeping: { color: 'gray', word: 'sleeping' },
  'not-a-client': { color: 'gray', word: 'not a client' },
};
