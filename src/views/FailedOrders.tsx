import React from 'react';
import { Text } from './Text.js';
import type { FailedHandoff } from '../store/outbox.js';
import { theme } from './theme.js';
import { fit } from './format.js';

export interface FailedOrdersProps {
  failures: FailedHandoff[];
  width: number;
  /** How the dispatcher resends from here ("F resends", or how to reach the key). */
  hint: string;
}

/**
 * The loud line every console shows while an order is not at its point of sale and will not
 * get there without a dispatcher: which order, which POS, why, and the one key that resends it.
 */
function FailedOrdersView({ failures, width, hint }: FailedOrdersProps) {
  const f = failures[0];
  if (!f) return null;
  const more = failures.length > 1 ? ` (+${failures.length - 1} more)` : '';
  return (
    <Text bold inverse color={theme.danger}>
      {fit(`⚠ NOT AT THE POS: ${f.number} · ${f.posName || 'no point of sale'}${more} · ${hint} · ${f.reason}`, width).padEnd(width)}
    </Text>
  );
}

export const FailedOrders = React.memo(FailedOrdersView);
