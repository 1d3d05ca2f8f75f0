/**
 * The PBX password prompt before the console starts (and `operator add`'s): one masked text field
 * from ink-text-input, read before the desk exists, so it needs none of the desk's keymap. Enter
 * gives the typed password, Ctrl+C or Esc gives up. The password is drawn only as *.
 */
import React, { useState } from 'react';
import { Box, useInput } from 'ink';
import TextInput from 'ink-text-input';
import { Text } from './Text.js';

export type PromptAnswer = { ok: true; value: string } | { ok: false };

export interface PasswordPromptProps {
  /** "PBX password for alice: " */
  question: string;
  /** Called once: the typed value on Enter, `{ ok: false }` on Ctrl+C or Esc. */
  onAnswer: (answer: PromptAnswer) => void;
}

export function PasswordPrompt({ question, onAnswer }: PasswordPromptProps) {
  const [value, setValue] = useState('');
  const [answered, setAnswered] = useState(false);
  const answer = (a: PromptAnswer) => {
    if (answered) return;
    setAnswered(true);
    onAnswer(a);
  };
  useInput((input, key) => {
    if ((key.ctrl && input === 'c') || key.escape) answer({ ok: false });
  }, { isActive: !answered });
  return (
    <Box>
      <Text>{question}</Text>
      <TextInput value={value} onChange={setValue} mask="*" focus={!answered} showCursor onSubmit={(v) => answer({ ok: true, value: v })} />
    </Box>
  );
}
