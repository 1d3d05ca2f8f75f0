import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import TextInput from 'ink-text-input';
import { newCustomerFields, type Modal } from '../desk/state.js';
import { categories } from '../store/types.js';
import { formatMoney } from '../domain/money.js';
import { categoryStyle, theme } from './theme.js';
import { ScrollList } from './ScrollList.js';
import { fit } from './format.js';
import { PickList } from './PickList.js';
import { ItemChoices } from './ItemChoices.js';

export interface ModalProps {
  modal: Modal;
  width: number;
  height: number;
  currency: string;
}

/**
 * A text field shown with ink-text-input. The desk owns the editing (keys go through the reducer,
 * so nothing typed is lost when keys arrive faster than React re-renders); the field only displays.
 */
function Field({ value, placeholder }: { value: string; placeholder?: string }) {
  return (
    <>
      <TextInput value={value} onChange={() => {}} focus={false} placeholder={placeholder} />
      <Text inverse> </Text>
    </>
  );
}

const formLabels: Record<(typeof newCustomerFields)[number], string> = { name: 'Name', company: 'Company', note: 'Note' };

/** The one modal on screen: chooser, field editor, menu search, point-of-sale picker, confirm. Help is HelpOverlay. */
export function ModalView({ modal: m, width, height, currency }: ModalProps) {
  const inner = Math.max(20, width - 4);
  switch (m.kind) {
    case 'chooser':
      return (
        <Box flexDirection="column" borderStyle="double" borderColor={theme.accent} paddingX={1} width={width}>
          <Text bold>Several customers use {m.phone}: who is calling?</Text>
          <ScrollList
            items={m.customers}
            selected={m.index}
            height={height - 4}
            keyOf={(c) => c.id}
            render={(c, sel) => (
              <Text inverse={sel}>
                {fit(`${c.name || '(no name)'}${c.company ? ` · ${c.company}` : ''} · ${categoryStyle[c.category].word}${c.city ? ` · ${c.city}` : ''}${c.note ? ` · ${c.note}` : ''}`, inner)}
              </Text>
            )}
          />
          <Text color={theme.muted}>↑↓ choose · Enter new delivery for them · Esc cancel</Text>
        </Box>
      );
    case 'edit':
      return (
        <Box borderStyle="round" borderColor={theme.selected} paddingX={1} width={width}>
          <Text bold>{m.label}: </Text>
          <Field value={m.value} />
        </Box>
      );
    case 'menu':
      return (
        <Box flexDirection="column" borderStyle="round" borderColor={theme.selected} paddingX={1} width={width}>
          <Box>
            <Text bold>Menu search: </Text>
            <Field value={m.query} placeholder="type a dish…" />
          </Box>
          <ScrollList
            items={m.results}
            selected={m.index}
            height={height - 4}
            keyOf={(p) => p.id}
            empty={`nothing on the menu matches "${m.query}"`}
            render={(p, sel) => (
              <Box width={inner} justifyContent="space-between">
                <Text inverse={sel} color={p.stopped ? theme.danger : undefined} strikethrough={p.stopped}>
                  {fit(`${p.name}${p.category ? ` (${p.category})` : ''}`, inner - 16)}
                </Text>
                <Text color={p.stopped ? theme.danger : undefined}>{p.stopped ? 'SOLD OUT' : formatMoney(p.price, currency)}</Text>
              </Box>
            )}
          />
        </Box>
      );
    case 'pos':
      return (
        <Box flexDirection="column" borderStyle="round" borderColor={theme.selected} paddingX={1} width={width}>
          <Text bold>Point of sale</Text>
          <ScrollList
            items={m.options}
            selected={m.index}
            height={height - 3}
            keyOf={(p) => p.id}
            empty="No points of sale configured (ringdesk db seed, or ringdesk pos add)"
            render={(p, sel) => <Text inverse={sel}>{fit(`${p.name} · prep ${p.preparationMinutes} min${p.busyMinutes ? ` +${p.busyMinutes} busy` : ''}`, inner)}</Text>}
          />
        </Box>
      );
    case 'customer-form':
      return (
        <Box flexDirection="column" borderStyle="round" borderColor={theme.selected} paddingX={1} width={width}>
          <Text bold>+ Add customer with {m.phone}</Text>
          {newCustomerFields.map((f, n) => (
            <Box key={f}>
              <Text bold={n === m.index} color={n === m.index ? theme.selected : undefined}>{formLabels[f].padEnd(9)}</Text>
              {n === m.index ? <Field value={m.fields[f]} /> : <Text>{fit(m.fields[f] || '·', inner - 10)}</Text>}
            </Box>
          ))}
          <Text color={theme.muted}>Tab next field · Enter save (the open order gets the customer) · Esc cancel</Text>
        </Box>
      );
    case 'customer-note':
      return (
        <Box flexDirection="column" borderStyle="round" borderColor={theme.selected} paddingX={1} width={width}>
          <Text bold>Note on {m.customerName || 'the customer'}'s card (shown on every call)</Text>
          <Box><Text color="yellow">⚠ </Text><Field value={m.value} placeholder="e.g. allergic to nuts" /></Box>
          <Text color={theme.muted}>Enter save · Esc cancel</Text>
        </Box>
      );
    case 'category':
      return (
        <Box flexDirection="column" borderStyle="round" borderColor={theme.selected} paddingX={1} width={width}>
          <Text bold>Category of {m.customerName || 'the customer'}</Text>
          {categories.map((c, n) => (
            <Text key={c} inverse={n === m.index}>
              <Text bold>{n + 1}</Text> <Text color={categoryStyle[c].color} bold>{categoryStyle[c].word}</Text>{c === m.current ? ' (now)' : ''}
            </Text>
          ))}
          <Text color={theme.muted}>1-7 or ↑↓ Enter set · Esc cancel</Text>
        </Box>
      );
    case 'cancel': {
      const other = m.reasons[m.index]?.code === 'other';
      return (
        <Box flexDirection="column" borderStyle="double" borderColor={theme.danger} paddingX={1} width={width}>
          <Text bold>Cancel order {m.number}: why?</Text>
          {m.reasons.map((r, n) => <Text key={r.code} inverse={n === m.index}>{r.label}</Text>)}
          <Box><Text>Note: </Text><Field value={m.note} placeholder={other ? 'say why (needed for "other")' : 'optional'} /></Box>
          <Text color={theme.muted}>↑↓ reason · type a note · Enter cancel the order · Esc keep it</Text>
        </Box>
      );
    }
    case 'confirm-quit':
      return (
        <Box borderStyle="double" borderColor={theme.danger} paddingX={1} width={width}>
          <Text bold>Quit ringdesk? Live calls will be hung up; saved orders stay. (y/n)</Text>
        </Box>
      );
    case 'help':
      return null;
    case 'pick':
      return <PickList title={m.title} options={m.options} index={m.index} width={width} height={height} />;
    case 'item':
      return <ItemChoices product={m.product} sizeId={m.sizeId} chosen={m.chosen} index={m.index} width={width} height={height} currency={currency} />;
  }
}
