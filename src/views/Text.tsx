/**
 * The Text every view uses: Ink's Text with each string child made terminal-safe, the one place
 * where text meets Ink. A name, note or driver from outside was stripped at intake already; this
 * is the boundary's second strip (rows an older version stored, anything a new intake missed),
 * so no escape sequence or control character reaches the dispatcher's terminal, and a password
 * inside a URL is masked.
 */
import React, { type ReactNode } from 'react';
import { Text as InkText, type TextProps } from 'ink';
import { terminalSafe } from '../domain/outside-text.js';
import { maskUrlPasswords } from '../domain/secret-url.js';

function safe(children: ReactNode): ReactNode {
  if (typeof children === 'string') return maskUrlPasswords(terminalSafe(children, { multiline: true }));
  // arrays keep their elements (and keys); only strings change
  if (Array.isArray(children)) return children.map(safe);
  return children;
}

export function Text(props: TextProps) {
  return <InkText {...props}>{safe(props.children)}</InkText>;
}
