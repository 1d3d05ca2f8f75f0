import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { Delivery, Handoff } from '../store/types.js';
import { statusText } from '../orders/order-status.js';
import { itemsTotal, lineTotal } from '../store/deliveries.js';
import { formatMoney } from '../domain/money.js';
import { cardFields, fieldLabels, fieldValue } from '../desk/reduce.js';
import type { Pane } from '../desk/state.js';
import { ScrollList } from './ScrollList.js';
import { theme } from './theme.js';
import { fit } from './format.js';
import { OrderTerms, orderTermsRows } from './OrderTerms.js';
import type { CardQuote } from '../orders/apply-quote.js';
import { lineLabel } from '../desk/orders.js';

export interface DeliveryCardProps {
  delivery: Delivery;
  pane: Pane;
  addressIndex: number;
  itemIndex: number;
  width: number;
  height: number;
  currency: string;
  /** Where the newest version is in the hand-off to the POS (null: never sent; undefined: not known yet). */
  handoff?: Handoff | null;
  /** The desk's clock, for "next try in 12 s". */
  now?: number;
  /** The key that resends this delivery's failed order, when it is the one the key would resend. */
  resendKey?: string;
  /** The order's quote and terms (issue 7); without it the card shows the items' total only. */
  card?: CardQuote | null;
  timeZone?: string;
}

/** The delivery card: editable address and phone, items with the running total, point of sale and driver. */
function DeliveryCardView({ delivery: d, pane, addressIndex, itemIndex, width, height, currency, handoff, now = 0, resendKey, card, timeZone }: DeliveryCardProps) {
  const half = Math.max(24, Math.floor(width / 2) - 1);
  const quoted = card && card.deliveryId === d.id ? card : null;
  const status = statusText(d.status, handoff, now, d.posName);
  // the hand-off gets its own line while it is under way or failed: attempt, next try, reason
  const handoffLine = status.alarm ? `Not at the POS: ${handoff?.lastError || 'no reason recorded'}${resendKey ? ` · ${resendKey} resends it` : ''}`
    : status.pending ? `POS: ${status.long}` : null;
  const rows = Math.max(3, height - 3 - (handoffLine ? 1 : 0) - (card !== undefined ? orderTermsRows(quoted) : 0));
  // a draft shows today's fee; a sent order the fee it was taken with
  const fee = !quoted || d.kind !== 'delivery' ? 0 : d.status === 'draft' || d.status === 'failed' ? quoted.quote.fee : quoted.terms?.fee ?? 0;
  return (
    <Box flexDirection="column" width={width}>
      <Box gap={1}>
        <Text bold color={theme.accent}>Order {d.number}</Text>
        <Text color={status.alarm ? theme.danger : status.pending ? 'yellow' : undefined}>{status.short}</Text>
        <Text>· {d.customerName || 'no customer'}</Text>
        <Text>· POS {d.posName || <Text color={theme.danger}>none</Text>}</Text>
        <Text>· driver {d.driverName || '-'}</Text>
      </Box>
      {handoffLine && (
        <Text color={status.alarm ? theme.danger : 'yellow'}>
          {fit(handoffLine, width)}
        </Text>
      )}
      {card !== undefined && <OrderTerms delivery={d} card={quoted} width={width} currency={currency} timeZone={timeZone} />}
      <Box>
        <Box flexDirection="column" width={half} borderStyle="round" borderColor={pane === 'address' ? theme.selected : theme.muted} paddingX={1}>
          <Text bold>Address & contact</Text>
          <ScrollList
            items={[...cardFields]}
            selected={addressIndex}
            height={rows - 2}
            keyOf={(f) => f}
            render={(f, sel) => (
              <Text inverse={sel && pane === 'address'}>
                {fit(`${fieldLabels[f].padEnd(11)} ${fieldValue(d, f) || '·'}`, half - 4)}
              </Text>
            )}
          />
        </Box>
        <Box flexDirection="column" width={width - half} borderStyle="round" borderColor={pane === 'items' ? theme.selected : theme.muted} paddingX={1}>
          <Text bold>Items</Text>
          <ScrollList
            items={d.items.map((item, n) => ({ item, n }))}
            selected={itemIndex}
            height={rows - 3}
            keyOf={(x) => x.n}
            empty="No items yet: m opens the menu"
            render={({ item, n }, sel) => {
              const sold = quoted?.stoppedLines.includes(n) ?? false;
              return (
                <Box width={width - half - 4} justifyContent="space-between">
                  <Text inverse={sel && pane === 'items'} color={sold ? theme.danger : undefined}>{fit(`${String(item.quantity).padStart(2)}× ${lineLabel(item)}`, width - half - 18)}</Text>
                  <Text color={sold ? theme.danger : undefined}>{sold ? 'SOLD OUT' : formatMoney(lineTotal(item), currency)}</Text>
                </Box>
              );
            }}
          />
          <Text bold>Total {formatMoney(itemsTotal(d.items) + fee, currency)}{fee ? <Text color={theme.muted}> incl. fee</Text> : null}</Text>
        </Box>
      </Box>
    </Box>
  );
}

/** Re-renders only when its own data changes (a ringing call must not redraw the whole desk). */
export const DeliveryCard = React.memo(DeliveryCardView);
