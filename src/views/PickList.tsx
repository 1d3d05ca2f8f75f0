import React from 'react';
import { Text } from './Text.js';
import type { PickOption } from '../desk/orders.js';
import { ScrollList } from './ScrollList.js';
import { fit } from './format.js';
import { Dialog } from './Dialog.js';
import { textRow } from './lines.js';

export interface PickListProps {
  title: string;
  options: PickOption[];
  index: number;
  width: number;
  height: number;
}

/** Choose one of a list: a zone by hand, a saved address, a past order to repeat. */
export function PickList({ title, options, index, width, height }: PickListProps) {
  return (
    <Dialog width={width} height={height} title={[textRow(title, width - 4, { bold: true })]} hint="↑↓ choose · Enter take it · Esc close" wants={Math.max(1, options.length)}>
      {(rows, w) => (
        <ScrollList items={options.map((o, n) => ({ o, n }))} selected={index} height={rows} width={w} keyOf={(x) => x.n} empty="Nothing to choose from"
          render={({ o }, sel, iw) => <Text inverse={sel} wrap="truncate-end">{fit(o.label, iw)}</Text>} />
      )}
    </Dialog>
  );
}
