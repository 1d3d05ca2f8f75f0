/** Money is always an integer in minor units (cents, haléře); this formats it for a dispatcher. */
export function formatMoney(minor: number, currency: string): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  const major = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${major.toLocaleString('en-US')}.${String(cents).padStart(2, '0')} ${currency}`;
}

/** Parse "123", "123.5", "123,50" into minor units; null when it is not an amount. */
export function parseMoney(text: string): number | null {
  const m = text.trim().replace(',', '.').match(/^(\d{1,9})(?:\.(\d{1,2}))?$/);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}
