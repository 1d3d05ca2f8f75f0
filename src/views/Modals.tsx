import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import { newCustomerFields, type Modal } from '../desk/state.js';
import { categories } from '../domain/customer.js';
import { formatMoney } from '../domain/money.js';
import { formatPhone } from '../domain/phone-number.js';
import { categoryStyle, theme } from './theme.js';
import { ScrollList } from './ScrollList.js';
import { fit, fitStart } from './format.js';
import { PickList } from './PickList.js';
import { ItemChoices } from './ItemChoices.js';
import { Dialog, DIALOG_FRAME } from './Dialog.js';
import { fitRow, textRow, wrapRows, type Row, type Span } from './lines.js';
import { Rows } from './Rows.js';
import { textWidth } from './text-width.js';
import { keyLabel, keymap } from '../desk/keymap.js';
import { editableFields } from '../customers/customer-desk.js';

/** A command's first key as the keymap table spells it. */
const keyOf = (id: string) => keyLabel(keymap.find((c) => c.id === id)?.keys[0] ?? '?');

export interface ModalProps {
  modal: Modal;
  width: number;
  /** Rows the dialog may take (it takes fewer when it needs fewer). */
  height: number;
  currency: string;
  /** The home region: its numbers are shown in their national form. */
  region: string;
}

/** The text cursor after a field being typed (the desk owns the editing; the dialog only shows it). */
const CURSOR: Span = { text: ' ', inverse: true };

/** A field being typed, on one row after `label`: its end stays in view, the cursor after it. */
function fieldRow(label: Span[], value: string, width: number, placeholder = ''): Row {
  const used = label.reduce((n, s) => n + textWidth(s.text), 0);
  const room = Math.max(1, width - used - 1);
  return value ? [...label, { text: fitStart(value, room) }, CURSOR] : [...label, CURSOR, { text: fit(placeholder, room - 1), dim: true }];
}

const formLabels: Record<(typeof newCustomerFields)[number], string> = { name: 'Name', company: 'Company', note: 'Note' };

/** The one modal on screen: chooser, field editor, menu search, point-of-sale picker, confirm. Help is HelpOverlay. */
export function ModalView({ modal: m, width, height, currency, region }: ModalProps) {
  switch (m.kind) {
    case 'chooser': {
      const rowsOf = (c: (typeof m.customers)[number], w: number) => 1 + (c.note ? wrapRows(c.note, w, {}, '⚠ ', '  ').length : 0);
      return (
        <Dialog width={width} height={height} border="double" color={theme.accent} hint="↑↓ choose · Enter new delivery for them · Esc cancel"
          title={[textRow(`Several customers use ${formatPhone(m.phone, region)}: who is calling?`, width - 4, { bold: true })]}
          wants={m.customers.reduce((n, c) => n + rowsOf(c, width - 6), 0)}>
          {(rows, w) => (
            <ScrollList items={m.customers} selected={m.index} height={rows} width={w} keyOf={(c) => c.id} rowsOf={rowsOf}
              render={(c, sel, iw) => (
                <Rows width={iw} rows={[
                  textRow(`${c.name || '(no name)'}${c.company ? ` · ${c.company}` : ''} · ${categoryStyle[c.category].word}${c.city ? ` · ${c.city}` : ''}`, iw, { inverse: sel }),
                  // a warning on one of the cards is read whole before choosing
                  ...(c.note ? wrapRows(c.note, iw, { color: 'yellow', bold: true }, '⚠ ', '  ') : []),
                ]} />
              )} />
          )}
        </Dialog>
      );
    }
    case 'edit':
      // a short terminal gets the bare field: one row instead of three
      if (height < 3) return <Rows width={width} rows={[fieldRow([{ text: `${m.label}: `, bold: true, inverse: true }, { text: ' ' }], m.value, width)]} />;
      return (
        <Dialog width={width} height={height} wants={0} title={[fieldRow([{ text: `${m.label}: `, bold: true }], m.value, width - 4)]}>
          {() => null}
        </Dialog>
      );
    case 'menu':
      return (
        <Dialog width={width} height={height} hint="↑↓ choose · Enter add · Esc close" wants={Math.max(1, m.results.length)}
          title={[fieldRow([{ text: 'Menu search: ', bold: true }], m.query, width - 4, 'type a dish…')]}>
          {(rows, w) => (
            <ScrollList items={m.results} selected={m.index} height={rows} width={w} keyOf={(p) => p.id} empty={`nothing on the menu matches "${m.query}"`}
              render={(p, sel, iw) => {
                const price = p.stopped ? 'SOLD OUT' : formatMoney(p.price, currency);
                return (
                  <Box width={iw} justifyContent="space-between">
                    <Text inverse={sel} color={p.stopped ? theme.danger : undefined} strikethrough={p.stopped} wrap="truncate-end">
                      {fit(`${p.name}${p.category ? ` (${p.category})` : ''}`, iw - textWidth(price) - 1)}
                    </Text>
                    <Text color={p.stopped ? theme.danger : undefined}>{price}</Text>
                  </Box>
                );
              }} />
          )}
        </Dialog>
      );
    case 'pos':
      return (
        <Dialog width={width} height={height} hint="↑↓ choose · Enter use it · Esc close" wants={Math.max(1, m.options.length)} title={[[{ text: 'Point of sale', bold: true }]]}>
          {(rows, w) => (
            <ScrollList items={m.options} selected={m.index} height={rows} width={w} keyOf={(p) => p.id}
              empty="No points of sale configured (ringdesk db seed, or ringdesk pos add)"
              render={(p, sel, iw) => <Text inverse={sel} wrap="truncate-end">{fit(`${p.name} · prep ${p.preparationMinutes} min${p.busyMinutes ? ` +${p.busyMinutes} busy` : ''}`, iw)}</Text>} />
          )}
        </Dialog>
      );
    case 'customer-form':
      return <FieldsDialog width={width} height={height} hint="Tab next field · Enter save (the open order gets the customer) · Esc cancel"
        title={`+ Add customer with ${formatPhone(m.phone, region)}`} fields={newCustomerFields} labels={formLabels} values={m.fields} index={m.index} />;
    case 'customer-note': {
      const typed = m.value ? wrapRows(m.value, width - 6, { color: 'yellow' }, '⚠ ', '  ') : [fieldRow([{ text: '⚠ ', color: 'yellow' }], '', width - 4, 'e.g. allergic to nuts')];
      typed[typed.length - 1] = [...typed[typed.length - 1], CURSOR];
      return (
        <Dialog width={width} height={height} wants={typed.length} hint="Enter save · Esc cancel"
          title={[textRow(`Note on ${m.customerName || 'the customer'}'s card (shown on every call)`, width - 4, { bold: true })]}>
          {/* a long note keeps its end, where the typing is, in view */}
          {(rows, w) => <Rows width={w} rows={typed.slice(-rows)} />}
        </Dialog>
      );
    }
    case 'category':
      return (
        <Dialog width={width} height={height} wants={categories.length} hint="1-7 or ↑↓ Enter set · Esc cancel"
          title={[textRow(`Category of ${m.customerName || 'the customer'}`, width - 4, { bold: true })]}>
          {(rows, w) => (
            <ScrollList items={categories.map((c, n) => ({ c, n }))} selected={m.index} height={rows} width={w} keyOf={(x) => x.c}
              render={({ c, n }, sel, iw) => (
                <Rows width={iw} rows={[fitRow([{ text: `${n + 1} `, bold: true, inverse: sel }, { text: categoryStyle[c].word, color: categoryStyle[c].color, bold: true, inverse: sel }, { text: c === m.current ? ' (now)' : '', inverse: sel }], iw)]} />
              )} />
          )}
        </Dialog>
      );
    case 'cancel': {
      const other = m.reasons[m.index]?.code === 'other';
      return (
        <Dialog width={width} height={height} border="double" color={theme.danger} wants={m.reasons.length + 1} hint="↑↓ reason · type a note · Enter cancel the order · Esc keep it"
          title={[textRow(`Cancel order ${m.number}: why?`, width - 4, { bold: true })]}>
          {(rows, w) => (
            <Box flexDirection="column">
              <ScrollList items={m.reasons} selected={m.index} height={Math.max(1, rows - 1)} width={w} keyOf={(r) => r.code}
                render={(r, sel, iw) => <Text inverse={sel} wrap="truncate-end">{fit(r.label, iw)}</Text>} />
              {rows > 1 && <Rows width={w} rows={[fieldRow([{ text: 'Note: ' }], m.note, w, other ? 'say why (needed for "other")' : 'optional')]} />}
            </Box>
          )}
        </Dialog>
      );
    }
    case 'transfer': {
      const field = (f: 'target' | 'note', label: string, value: string, hint: string, w: number): Row => {
        const sel = m.field === f;
        const l: Span = { text: label, bold: sel, color: sel ? theme.selected : undefined };
        return sel ? fieldRow([l], value, w, hint) : fitRow([l, { text: value || '·', dim: !value }], w);
      };
      const title = m.mode === 'blind' ? 'Transfer the call to' : 'Ask a colleague first, then transfer to';
      return (
        <Dialog width={width} height={height} wants={2} hint="Tab target/note · Enter transfer · Esc cancel"
          title={[textRow(title, width - 4, { bold: true })]}>
          {(rows, w) => <Rows width={w} rows={[field('target', 'To:   ', m.target, 'extension or number', w), field('note', 'Note: ', m.note, 'for the colleague (optional)', w)].slice(0, Math.max(1, rows))} />}
        </Dialog>
      );
    }
    case 'callback': {
      const field = (f: 'when' | 'note', label: string, value: string, hint: string, w: number): Row => {
        const sel = m.field === f;
        const l: Span = { text: label, bold: sel, color: sel ? theme.selected : undefined };
        return sel ? fieldRow([l], value, w, hint) : fitRow([l, { text: value || '·', dim: !value }], w);
      };
      return (
        <Dialog width={width} height={height} wants={2} hint="Tab when/note · Enter make the callback · Esc cancel"
          title={[textRow(`Call back ${m.name || m.phone}`, width - 4, { bold: true })]}>
          {(rows, w) => <Rows width={w} rows={[field('when', 'When: ', m.when, '18:30, 2026-12-08 09:00; empty = as soon as possible', w), field('note', 'Note: ', m.note, 'what it is about (optional)', w)].slice(0, Math.max(1, rows))} />}
        </Dialog>
      );
    }
    case 'redirect':
      return (
        <Dialog width={width} height={height} color={theme.accent} wants={m.targets.length + 1} hint="↑↓ to whom · type a note · Enter hand it on · Esc keep it"
          title={[textRow(`Redirect ${m.label} to…`, width - 4, { bold: true })]}>
          {(rows, w) => (
            <Box flexDirection="column">
              <ScrollList items={m.targets} selected={m.index} height={Math.max(1, rows - 1)} width={w} keyOf={(t) => `${t.to}:${t.to === 'group' ? t.group : t.operator}`} focused
                render={(t, sel, iw) => <Text inverse={sel} wrap="truncate-end">{fit(t.to === 'group' ? `group ${t.group}` : t.operator, iw)}</Text>} />
              {rows > 1 && <Rows width={w} rows={[fieldRow([{ text: 'Note: ' }], m.note, w, 'travels with the item (optional)')]} />}
            </Box>
          )}
        </Dialog>
      );
    case 'confirm-quit':
      return (
        <Dialog width={width} height={height} border="double" color={theme.danger} wants={0}
          title={wrapRows('Quit ringdesk? Live calls will be hung up; saved orders stay. (y/n)', width - 4, { bold: true })}>
          {() => null}
        </Dialog>
      );
    case 'help': case 'status':
      return null; // HelpOverlay, StatusDialog: they read the whole desk state
    case 'pick':
      return <PickList title={m.title} options={m.options} index={m.index} width={width} height={height} />;
    case 'requote': {
      const r = m.requote;
      const money = (x: number) => formatMoney(x, currency);
      const fee = r.fromFee === r.toFee ? `fee stays ${money(r.fromFee)}` : `fee ${money(r.fromFee)} → ${money(r.toFee)}`;
      const w = width - DIALOG_FRAME;
      return (
        <Dialog width={width} height={height} border="double" color={theme.danger} wants={0}
          hint={`${keyOf('requote.yes')} move and re-price · ${keyOf('requote.no')} keep ${r.fromPos} and the price it was sent with`}
          title={[
            ...wrapRows(`Order ${r.number} was sent to ${r.fromPos}. The new address is in zone ${r.zoneName}.`, w, { bold: true }),
            ...wrapRows(`Move it to ${r.toPos}${r.toPos === r.fromPos ? ' (same)' : ''} and change the price (${fee})?`, w),
          ]}>
          {() => null}
        </Dialog>
      );
    }
    case 'item':
      return <ItemChoices product={m.product} sizeId={m.sizeId} chosen={m.chosen} index={m.index} width={width} height={height} currency={currency} />;
    case 'chat-pick':
      return <PickList title={m.title} options={m.options} index={m.index} width={width} height={height} />;
    case 'client-edit':
      return <FieldsDialog width={width} height={height} hint="Tab next field · Enter saves to the customer's card · Esc cancel"
        title="The client's card (every console sees the change)" fields={editableFields} labels={clientLabels} values={m.fields} index={m.index} />;
  }
}

const clientLabels: Record<(typeof editableFields)[number], string> = { name: 'Name', company: 'Company', note: 'Note', city: 'City', country: 'Country' };

/** A short form: one field a row, the one being typed with the cursor (add customer, the chat client's card). */
function FieldsDialog<F extends string>({ width, height, title, hint, fields, labels, values, index }: {
  width: number; height: number; title: string; hint: string; fields: readonly F[]; labels: Record<F, string>; values: Record<F, string>; index: number;
}) {
  return (
    <Dialog width={width} height={height} wants={fields.length} hint={hint} title={[textRow(title, width - 4, { bold: true })]}>
      {(rows, w) => (
        <ScrollList items={[...fields]} selected={index} height={rows} width={w} keyOf={(f) => f}
          render={(f, sel, iw) => {
            const label: Span = { text: labels[f].padEnd(9), bold: sel, color: sel ? theme.selected : undefined };
            return <Rows width={iw} rows={[sel ? fieldRow([label], values[f], iw) : fitRow([label, { text: values[f] || '·' }], iw)]} />;
          }} />
      )}
    </Dialog>
  );
}
