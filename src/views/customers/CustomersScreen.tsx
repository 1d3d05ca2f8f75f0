import React from 'react';
import { Box } from 'ink';
import { Text } from '../Text.js';
import type { CustomerListEntry } from '../../domain/customer.js';
import type { CustomerProfile } from '../../customers/customer-desk.js';
import { initialCustomersUi, type CustomersUi } from '../../desk/customers-screen.js';
import type { DeskState } from '../../desk/state.js';
import { screenKeys } from '../../desk/help.js';
import { screenKeysRow } from '../search-row.js';
import { Rows } from '../Rows.js';
import { CustomerList } from './CustomerList.js';
import { CustomerHistory, historyLines } from './CustomerHistory.js';
import { CustomerDetails } from './CustomerDetails.js';
import { theme } from '../theme.js';
import { clock } from '../format.js';

export interface CustomersScreenProps {
  ui: CustomersUi;
  results: CustomerListEntry[];
  /** Why the list is empty or short (query too short, funnel partly searched). */
  hint?: string;
  profile: CustomerProfile | null;
  width: number;
  height: number;
  region: string;
  currency: string;
  timeZone?: string;
  /** Last line: the outcome of an edit, or a refusal. */
  message?: { kind: 'info' | 'error'; text: string } | null;
  /** When the data on screen was last read (shown so a stale screen is noticed). */
  refreshedAt?: number;
  now?: number;
}

/** S5's customers screen: find on the left, history in the centre, editable data on the right. */
export function CustomersScreen({ ui, results, hint, profile, width, height, region, currency, timeZone, message, refreshedAt, now }: CustomersScreenProps) {
  // the message row and the keys row; the three panes share the rest
  const bodyHeight = Math.max(1, height - 2);
  const left = Math.max(24, Math.floor(width * 0.36));
  const right = Math.max(22, Math.floor(width * 0.3));
  const centre = width - left - right;
  const lines = profile ? historyLines(profile, currency, now) : [];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box height={bodyHeight} flexShrink={0}>
        <CustomerList query={ui.query} funnel={ui.funnel} results={results} hint={hint} cursor={ui.cursor} focused={ui.pane === 'list'} width={left} height={bodyHeight} />
        <CustomerHistory lines={lines} cursor={ui.historyCursor} focused={ui.pane === 'history'} width={centre} height={bodyHeight} timeZone={timeZone} now={now} />
        <CustomerDetails customer={profile?.customer ?? null} addresses={profile?.addresses ?? []} ui={ui} focused={ui.pane === 'details'} width={right} height={bodyHeight} region={region} currency={currency} />
      </Box>
      <Text color={message?.kind === 'error' ? theme.danger : theme.ok} wrap="truncate-end">
        {message?.text ?? (refreshedAt ? `read ${clock(refreshedAt, timeZone)} · updates from other consoles appear by themselves` : ' ')}
      </Text>
      <Rows width={width} rows={[screenKeysRow(screenKeys('customers', ui.editing ? 'editing' : ui.pane), width)]} />
    </Box>
  );
}

/** The customers screen as the desk's customers slice has it (src/desk/customers-screen.ts `customersView`), sized into the body. */
export function CustomersView({ state, width, height, timeZone }: { state: DeskState; width: number; height: number; timeZone?: string }) {
  const c = state.customersScreen;
  return (
    <CustomersScreen ui={c?.ui ?? initialCustomersUi} results={c?.results ?? []} hint={c?.hint} profile={c?.profile ?? null} width={width} height={height}
      region={state.region} currency={state.currency} timeZone={timeZone} message={c?.message} refreshedAt={c?.refreshedAt} now={c?.refreshedAt} />
  );
}
