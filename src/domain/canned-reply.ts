/**
 * Canned replies for the chat console (config `cannedReplies`): a short name, the text, and the
 * chat language it is written in (none: any chat). The texts come from the box's configuration,
 * checked under the outside-text rules when it is loaded (src/config/config.ts).
 */
export interface CannedReply { name: string; text: string; language?: string }

/** The replies a desk has when the configuration names none. */
export const builtInCannedReplies: readonly CannedReply[] = [
  { name: 'hello', text: 'Hello! How can we help you?' },
  { name: 'confirmed', text: 'Thank you, your order is confirmed.' },
  { name: 'on the way', text: 'The courier is on the way.' },
  { name: 'address?', text: 'Could you send your address, please?' },
  { name: 'sorry', text: 'Sorry for the wait, we are checking it now.' },
];

const primary = (language: string) => language.toLowerCase().split(/[-_]/)[0];

/**
 * The replies offered in a chat: those in the chat's language first, then those for any
 * language; replies in other languages are left out. A chat whose language is unknown is
 * offered every reply.
 */
export function cannedFor(replies: readonly CannedReply[], chatLanguage: string | undefined): CannedReply[] {
  if (!chatLanguage) return [...replies];
  const want = primary(chatLanguage);
  const mine = replies.filter((r) => r.language && primary(r.language) === want);
  return [...mine, ...replies.filter((r) => !r.language)];
}
