import React, { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerListEntry } from '../../domain/customer.js';
import type { CustomerProfile, CustomerSource, EditRefusal } from '../../customers/customer-desk.js';
import { watchDataVersion } from '../../customers/live-refresh.js';
import { reduceCustomersKey, resumedUi, type CustomersIntent, type CustomersUi } from './customers-state.js';
import type { CustomersDraft } from '../../desk/drafts.js';
import { historyLines } from './CustomerHistory.js';
import { CustomersScreen } from './CustomersScreen.js';
import { usePanelKeys } from '../use-panel-keys.js';

export interface CustomersPanelProps {
  source: CustomerSource;
  width: number;
  height: number;
  region: string;
  currency: string;
  timeZone?: string;
  /** Only the focused screen listens to keys. */
  isActive?: boolean;
  /** Start with this search (e.g. the caller's number). */
  initialQuery?: string;
  /** How often to look for colleagues' commits; ms. */
  refreshMs?: number;
  onClose?: () => void;
  /** Enter on a delivery in the centre pane. */
  onOpenDelivery?: (deliveryId: number) => void;
  /** In the console: the keys the desk queued for this screen (src/desk/state.ts screenKeys), each played once; without it the screen reads the terminal. */
  keys?: readonly string[];
  /** What was typed here when the console stopped (the desk's session), brought back at mount. */
  resume?: CustomersDraft;
  /** Told what is typed here (search, inline edit) after each change, so the session keeps it. */
  onTyped?: (draft: CustomersDraft) => void;
}

/**
 * The customers screen wired to a CustomerSource: searches as the dispatcher types, writes
 * edits through at once, and re-reads when another console commits (PRAGMA data_version).
 */
export function CustomersPanel({ source, width, height, region, currency, timeZone, isActive = true, initialQuery = '', refreshMs = 250, onClose, onOpenDelivery, keys, resume, onTyped }: CustomersPanelProps) {
  const [start] = useState(() => {
    const u = resumedUi(resume, initialQuery);
    const found = source.search(u.query, u.funnel);
    const id = resume?.customerId ?? found.entries[0]?.id ?? null;
    return { ui: { ...u, cursor: Math.max(0, found.entries.findIndex((e) => e.id === id)) }, found, id };
  });
  const [ui, setUi] = useState<CustomersUi>(start.ui);
  const [results, setResults] = useState<CustomerListEntry[]>(start.found.entries);
  const [hint, setHint] = useState(start.found.hint);
  const [selectedId, setSelectedId] = useState<number | null>(start.id);
  const [profile, setProfile] = useState<CustomerProfile | null>(() => (selectedId === null ? null : source.profile(selectedId)));
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [refreshedAt, setRefreshedAt] = useState(() => source.now());
  const live = useRef({ ui, selectedId, results, profile });
  live.current = { ui, selectedId, results, profile };

  const reread = useCallback(() => {
    const { ui: u, selectedId: id } = live.current;
    const { entries: found, hint: h } = source.search(u.query, u.funnel);
    const p = id === null ? null : source.profile(id);
    Object.assign(live.current, { results: found, profile: p });
    setResults(found);
    setHint(h);
    setProfile(p);
    setRefreshedAt(source.now());
  }, [source]);

  useEffect(() => watchDataVersion(() => source.dataVersion(), reread, refreshMs), [source, reread, refreshMs]);
  useEffect(() => onTyped?.({ query: ui.query, funnel: ui.funnel, customerId: selectedId, editing: ui.editing }), [onTyped, ui.query, ui.funnel, ui.editing, selectedId]);

  const written = (refusal: EditRefusal, done: string) => {
    setMessage(refusal ? { kind: 'error', text: refusal } : { kind: 'info', text: done });
    reread();
  };

  const run = (intent: CustomersIntent) => {
    switch (intent.type) {
      case 'search': {
        const { entries: found, hint: h } = source.search(intent.query, intent.funnel);
        setResults(found);
        setHint(h);
        const id = found[0]?.id ?? null;
        const p = id === null ? null : source.profile(id);
        Object.assign(live.current, { results: found, selectedId: id, profile: p });
        setSelectedId(id);
        setProfile(p);
        return;
      }
      case 'select': {
        const p = intent.customerId === null ? null : source.profile(intent.customerId);
        Object.assign(live.current, { selectedId: intent.customerId, profile: p });
        setSelectedId(intent.customerId);
        setProfile(p);
        return;
      }
      case 'save': return written(source.saveField(intent.customerId, intent.field, intent.value), `${intent.field} saved`);
      case 'category': return written(source.setCategory(intent.customerId, intent.category), `category set to ${intent.category}`);
      case 'add-phone': return written(source.addPhone(intent.customerId, intent.typed), `number ${intent.typed.trim()} added`);
      case 'refresh': setMessage(null); return reread();
      case 'close': return onClose?.();
      case 'refused': return setMessage({ kind: 'error', text: intent.reason });
      case 'open-history': {
        const p = live.current.profile;
        const line = p ? historyLines(p, currency, refreshedAt)[intent.index] : undefined;
        if (line?.kind === 'delivery') onOpenDelivery?.(line.id);
        return;
      }
    }
  };

  const press = (name: string) => {
    const { ui: u, results: r, profile: p } = live.current;
    const c = p?.customer;
    const step = reduceCustomersKey(u, name, {
      results: r,
      selected: c ? { id: c.id, values: { name: c.name, company: c.company, note: c.note, city: c.city, country: c.country } } : null,
      historyLength: p ? p.deliveries.length + p.calls.length : 0,
    });
    live.current.ui = step.ui;
    setUi(step.ui);
    step.intents.forEach(run);
  };

  usePanelKeys(press, keys, isActive);

  return <CustomersScreen ui={ui} results={results} hint={hint} profile={profile} width={width} height={height} region={region} currency={currency} timeZone={timeZone} message={message} refreshedAt={refreshedAt} now={refreshedAt} />;
}
