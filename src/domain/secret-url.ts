/**
 * The one masking function for passwords inside URLs (a PBX, POS or geocoder URL written as
 * wss://alice:secret@pbx/ws or https://host/search?key=...). Every output boundary — command
 * output, the log file, error messages, the screen — passes text through it, so a password
 * typed into a setting never appears in clear.
 */

const MASK = '****';
// scheme://userinfo@ — userinfo up to the last "@" before the path (an unencoded "@" in a password)
const withUserinfo = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/gi;
// ?password=… &token=… and the like in a query
const secretParam = /([?&;](?:password|passwd|pass|pwd|secret|token|access_token|auth|key|api_?key|apikey|sig|signature)=)[^&#\s"']*/gi;

/** `text` with the password of every URL in it (userinfo and secret query parameters) replaced by ****. */
export function maskUrlPasswords(text: string): string {
  if (!text.includes('://') && !text.includes('=')) return text;
  return text
    .replace(withUserinfo, (_m, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      return colon < 0 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
    })
    .replace(secretParam, (_m, name: string) => `${name}${MASK}`);
}

/** Whether a URL holds **** where its passwords go: copied from a masked output, not a real password. */
export function holdsMaskedPassword(url: string): boolean {
  const probe = url.split(MASK).join('\u0001');
  return probe !== url && maskUrlPasswords(probe) === url;
}

/** Whether a URL carries a password (userinfo or a secret query parameter). */
export function hasUrlPassword(url: string): boolean {
  return maskUrlPasswords(url) !== url;
}

/**
 * A warning when a point of sale's token would cross the network in clear (plain http:// or
 * ws:// to another machine): anyone on the path can read it and forge statuses. Null when it
 * is not so (https://, wss://, no token, or a loopback address, which never leaves the machine).
 */
export function cleartextTokenWarning(p: { name: string; endpoint: string; token: string }): string | null {
  if (!p.token || !/^(http|ws):\/\//i.test(p.endpoint)) return null;
  // loopback never leaves the machine (a local bridge or tunnel to the POS)
  let host = '';
  try { host = new URL(p.endpoint).hostname; } catch { /* checkEndpoint refuses it */ }
  if (/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(host)) return null;
  const secure = p.endpoint.toLowerCase().startsWith('ws') ? 'wss://' : 'https://';
  return `point of sale ${p.name} sends its token over plain ${p.endpoint.split(':')[0].toLowerCase()}:// to ${maskUrlPasswords(p.endpoint)}: anyone on the network can read it; use ${secure} (or a loopback tunnel)`;
}
