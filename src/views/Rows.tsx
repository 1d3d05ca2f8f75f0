import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { Row } from './lines.js';

/** Rows built by src/views/lines.ts, one `<Text>` each: exactly as many screen rows as there are rows. */
export function Rows({ rows, width }: { rows: Row[]; width?: number }) {
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {rows.map((row, n) => (
        <Text key={n} wrap="truncate-end">
          {row.length === 0 ? ' ' : row.map((s, i) => (
            <Text key={i} color={s.color} bold={s.bold} inverse={s.inverse} dimColor={s.dim}>{s.text}</Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
