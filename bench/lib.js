/** Small pieces every bench shares: reading a flag (text or number), and a percentile of a sample. */

/** The value after `--name` on the command line, or `def`. */
export function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

/** The number after `--name` on the command line, or `def`. */
export function numberArg(name, def) {
  return Number(arg(name, def));
}

/** The p-th percentile (0-100) of a sample, rounded to 3 decimals. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(3);
}
