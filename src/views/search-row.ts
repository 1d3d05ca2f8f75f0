/** Rows for the lists that `/` narrows, and the full screens' keys row. */
import { theme } from './theme.js';
import { fitRow, type Row, type Span } from './lines.js';

export interface ListSearch { query: string; typing: boolean }

/**
 * The title row of a list that `/` narrows: its name and count; while the search is typed, the
 * search itself with the cursor; once kept, how many match and how to change or clear it.
 */
export function searchTitleRow(title: string, shown: number, total: number, search: ListSearch | null | undefined, width: number): Row {
  if (search?.typing) {
    return fitRow([{ text: '/ ', bold: true, color: theme.accent }, { text: search.query }, { text: ' ', inverse: true }, { text: `  ${shown} of ${total} · Enter keeps · Esc clears`, color: theme.muted }], width);
  }
  if (search?.query.trim()) {
    return fitRow([{ text: `${title}: ${shown} of ${total} match "${search.query.trim()}"`, bold: true }, { text: ' · / changes · Esc clears', color: theme.muted }], width);
  }
  return fitRow([{ text: `${title} (${total})`, bold: true }], width);
}

/** A full screen's keys in one row ("/ search  ↑/↓ move …"), from the keymap table (screenKeys). */
export function screenKeysRow(keys: { keys: string; label: string }[], width: number): Row {
  return fitRow(keys.flatMap((k, n): Span[] => [...(n ? [{ text: '  ' }] : []), { text: k.keys, bold: true, color: theme.accent }, { text: ` ${k.label}` }]), width);
}
