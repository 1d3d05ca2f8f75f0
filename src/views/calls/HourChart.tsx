import React from 'react';
import { Box } from 'ink';
import { Text } from '../Text.js';
import type { HourBucket } from '../../domain/shift-summary.js';
import { hourChart } from '../../calls/hour-chart.js';
import { theme } from '../theme.js';

/** Calls per hour as coloured bars: answered in green, missed and abandoned in red. */
export function HourChart({ hours, width, height }: { hours: HourBucket[]; width: number; height: number }) {
  const shown = hours.slice(-Math.max(1, height));
  const labelWidth = Math.max(2, ...shown.map((h) => h.label.length));
  const lines = hourChart(shown, Math.max(4, width - labelWidth - 16));
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l.label.padStart(labelWidth)} │<Text color={theme.ok}>{'█'.repeat(l.answered)}</Text>
          <Text color={theme.danger}>{'░'.repeat(l.lost)}</Text>
          <Text color={theme.muted}>{'▒'.repeat(l.other)}</Text> {l.count}
        </Text>
      ))}
    </Box>
  );
}
