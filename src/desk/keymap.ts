/**
 * The one keymap table: command id -> keys, label, context, why it cannot act now.
 * Input routing, the help bar and the `?` overlay all read this table.
 */
import { activeCall, type DeskState } from './state.js';
import { shownOrders, shownScheduled } from './list-search.js';
import { addCustomerRefusal, addNumberRefusal, callerCustomerRefusal } from './caller.js';
import {
  addressRowField, busyRefusal, editable, fieldRefusal, kindRefusal, kitchenCommentRefusal, overrideRefusal, paysWithRefusal,
  repeatRefusal, savedAddressRefusal, zoneRefusal,
} from './order-rules.js';
import { completeRefusal, transferRefusal } from './transfer-keys.js';
import { waitingAnswerRefusal } from './call-keys.js';
import { callbackRefusal } from './callback-keys.js';
import { acceptRefusal, finishRefusal, redirectRefusal, redirectSendRefusal } from './queue-keys.js';
import {
  cannedRefusal, chatCapacityRefusal, editRefusal, linkRefusal, myChats, newCustomerRefusal, templateRefusal, openChatRefusal, orderStatusRefusal, sendRefusal as chatSendRefusal, summaryRefusal, writeRefusal, windowRefusal,
} from './chat-desk.js';
import { cancelRefusal, cardFieldAt, customerPhoneReason, first, notRegistered, onAnotherCall, scheduledPicked, sendRefusal, statusKey, takeCall, takeCallback } from './key-refusals.js';

/** Desk-phone mode: the call is on the desk phone, which pauses and ends it. */
const ON_DESK_PHONE = 'the call is on the desk phone: pause or end it there';

export type Context =
  | 'confirm' | 'help' | 'status' | 'search' | 'chooser' | 'menu' | 'pos' | 'edit'
  | 'form' | 'note' | 'category' | 'cancel' | 'pick' | 'item' | 'scheduled' | 'requote'
  | 'waiting' | 'clients' | 'redirect' | 'chats' | 'compose' | 'chatSearch' | 'chatPick' | 'clientEdit' | 'banner' | 'queue' | 'transfer' | 'callback' | 'consult' | 'call' | 'caller' | 'list' | 'card' | 'address' | 'items' | 'customers' | 'calls' | 'global';

export type CommandId =
  | 'confirm.yes' | 'confirm.no' | 'help.close' | 'help.up' | 'help.down' | 'help.pageUp' | 'help.pageDown' | 'help.top' | 'help.bottom'
  | 'chooser.up' | 'chooser.down' | 'chooser.pick' | 'chooser.cancel'
  | 'menu.up' | 'menu.down' | 'menu.add' | 'menu.close'
  | 'pos.up' | 'pos.down' | 'pos.pick' | 'pos.close'
  | 'edit.done' | 'edit.cancel'
  | 'call.answer' | 'call.answerNew' | 'call.answerAttach' | 'call.reject' | 'call.ignore'
  | 'call.pause' | 'call.end'
  | 'caller.callback' | 'callback.save' | 'callback.field' | 'callback.close' | 'list.dialCallback' | 'global.inviteCode'
  | 'call.transferBlind' | 'call.transferAttended' | 'transfer.complete' | 'transfer.cancel' | 'transfer.field' | 'transfer.go' | 'transfer.close'
  | 'queue.list' | 'waiting.up' | 'waiting.down' | 'waiting.answer' | 'waiting.show' | 'waiting.reject' | 'waiting.close'
  | 'list.up' | 'list.down' | 'list.open' | 'list.new' | 'list.callCustomer'
  | 'card.back' | 'card.focus' | 'card.menu' | 'card.pos' | 'card.send' | 'card.callCustomer' | 'card.callDriver'
  | 'address.up' | 'address.down' | 'address.edit'
  | 'items.up' | 'items.down' | 'items.more' | 'items.less' | 'items.remove'
  | 'global.help' | 'global.status' | 'status.close' | 'global.headset' | 'global.quit' | 'global.resend'
  | 'form.next' | 'form.prev' | 'form.save' | 'form.cancel'
  | 'note.save' | 'note.cancel'
  | 'category.up' | 'category.down' | 'category.pick' | 'category.digit' | 'category.cancel'
  | 'cancel.up' | 'cancel.down' | 'cancel.pick' | 'cancel.close'
  | 'caller.addCustomer' | 'caller.addNumber' | 'caller.category' | 'caller.note'
  | 'card.awaiting' | 'card.confirmed' | 'card.cancel' | 'card.delivered'
  | 'global.customers' | 'global.calls' | 'customers.back' | 'calls.back'
  // order-taking (issue 7): src/desk/orders.ts
  | 'pick.up' | 'pick.down' | 'pick.choose' | 'pick.close' | 'requote.yes' | 'requote.no'
  | 'item.up' | 'item.down' | 'item.toggle' | 'item.add' | 'item.close'
  | 'card.override' | 'card.zone' | 'card.repeat' | 'card.history' | 'card.payment' | 'card.paysWith' | 'card.persons'
  | 'card.kind' | 'card.when' | 'card.busyMore' | 'card.busyLess' | 'card.addresses' | 'card.courier' | 'items.comment'
  | 'list.scheduled' | 'scheduled.up' | 'scheduled.down' | 'scheduled.open' | 'scheduled.confirm' | 'scheduled.call' | 'scheduled.back'
  // `/` in every list (issue 11)
  | 'list.search' | 'list.clearSearch' | 'scheduled.search' | 'search.keep' | 'search.clear' | 'search.up' | 'search.down' | 'menu.search'
  // the full screens' own keys (they read them themselves, by pane or tab: `where`)
  | 'customers.find' | 'customers.move' | 'customers.page' | 'customers.funnel' | 'customers.pane' | 'customers.details'
  | 'customers.paneMove' | 'customers.openOrder' | 'customers.edit' | 'customers.category' | 'customers.addNumber'
  | 'customers.refresh' | 'customers.stepBack' | 'customers.save' | 'customers.cancelEdit'
  | 'calls.tab' | 'calls.nextTab' | 'calls.move' | 'calls.callBack' | 'calls.search' | 'calls.refresh' | 'calls.stepBack'
  | 'calls.searchKeep' | 'calls.searchClear'
  // the queue every console shares (issue 15): src/desk/queue-keys.ts
  | 'global.queue' | 'clients.up' | 'clients.down' | 'clients.accept' | 'clients.redirect' | 'clients.finish' | 'clients.close'
  | 'redirect.up' | 'redirect.down' | 'redirect.send' | 'redirect.cancel'
  // presence (issue 15): src/desk/presence-keys.ts
  | 'presence.next'
  // the chat console (issue 16, S5): src/desk/chat-keys.ts
  | 'global.chats' | 'chats.back' | 'chats.up' | 'chats.down' | 'chats.open' | 'chats.switch' | 'chats.search' | 'chats.funnel' | 'chats.channel'
  | 'chats.categoryFunnel' | 'chats.write' | 'chats.canned' | 'chats.summary' | 'chats.order' | 'chats.link' | 'chats.newCustomer' | 'chats.template' | 'chats.category' | 'chats.edit'
  | 'chats.close' | 'chats.sync' | 'chats.awaiting' | 'chats.confirmed' | 'chats.cancel' | 'chats.came'
  | 'compose.send' | 'compose.leave' | 'compose.canned' | 'chatSearch.keep' | 'chatSearch.clear' | 'chatSearch.up' | 'chatSearch.down'
  | 'chatPick.up' | 'chatPick.down' | 'chatPick.choose' | 'chatPick.digit' | 'chatPick.close'
  | 'clientEdit.next' | 'clientEdit.prev' | 'clientEdit.save' | 'clientEdit.close';

export interface Command {
  id: CommandId;
  context: Context;
  keys: string[];
  label: string;
  /** Why the command cannot act now, or null when it can. */
  disabledReason?: (s: DeskState) => string | null;
  /** Asks before acting (k9s-style). */
  dangerous?: boolean;
  /** Shown in the ? overlay only, not in the help bar (navigation keys). */
  quiet?: boolean;
  /**
   * A full screen's own key (customers, calls): the panes or tabs where it works ('any': all but
   * an edit or a search being typed). Resolved while the screen has the keyboard (`fullScreenHasKeys`).
   */
  where?: string[];
}

export const keymap: readonly Command[] = [
  { id: 'confirm.yes', context: 'confirm', keys: ['y'], label: 'yes, quit' },
  { id: 'confirm.no', context: 'confirm', keys: ['n', 'escape'], label: 'no' },
  { id: 'help.close', context: 'help', keys: ['escape', '?', 'q'], label: 'close help' },
  { id: 'status.close', context: 'status', keys: ['escape', 'M', 'q'], label: 'close' },
  { id: 'help.down', context: 'help', keys: ['j', 'down'], label: 'down' },
  { id: 'help.up', context: 'help', keys: ['k', 'up'], label: 'up' },
  { id: 'help.pageDown', context: 'help', keys: ['pagedown', ' '], label: 'page down' },
  { id: 'help.pageUp', context: 'help', keys: ['pageup'], label: 'page up' },
  { id: 'help.top', context: 'help', keys: ['g'], label: 'top' },
  { id: 'help.bottom', context: 'help', keys: ['G'], label: 'bottom' },

  { id: 'chooser.up', context: 'chooser', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'chooser.down', context: 'chooser', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'chooser.pick', context: 'chooser', keys: ['enter'], label: 'new delivery for this customer' },
  { id: 'chooser.cancel', context: 'chooser', keys: ['escape'], label: 'cancel' },

  { id: 'menu.up', context: 'menu', keys: ['up'], label: 'up', quiet: true },
  { id: 'menu.down', context: 'menu', keys: ['down'], label: 'down', quiet: true },
  { id: 'menu.add', context: 'menu', keys: ['enter'], label: 'add item' },
  { id: 'menu.search', context: 'menu', keys: ['/'], label: 'new search (clears what is typed)', quiet: true },
  { id: 'menu.close', context: 'menu', keys: ['escape'], label: 'close menu' },

  { id: 'pos.up', context: 'pos', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'pos.down', context: 'pos', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'pos.pick', context: 'pos', keys: ['enter'], label: 'use this point of sale' },
  { id: 'pos.close', context: 'pos', keys: ['escape'], label: 'close' },

  { id: 'form.next', context: 'form', keys: ['tab', 'down'], label: 'next field' },
  { id: 'form.prev', context: 'form', keys: ['up'], label: 'previous field', quiet: true },
  { id: 'form.save', context: 'form', keys: ['enter'], label: 'save the new customer' },
  { id: 'form.cancel', context: 'form', keys: ['escape'], label: 'cancel' },

  { id: 'note.save', context: 'note', keys: ['enter'], label: 'save note' },
  { id: 'note.cancel', context: 'note', keys: ['escape'], label: 'cancel' },

  { id: 'category.up', context: 'category', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'category.down', context: 'category', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'category.digit', context: 'category', keys: ['1', '2', '3', '4', '5', '6', '7'], label: 'set this category' },
  { id: 'category.pick', context: 'category', keys: ['enter'], label: 'set the highlighted category' },
  { id: 'category.cancel', context: 'category', keys: ['escape'], label: 'cancel' },

  { id: 'cancel.up', context: 'cancel', keys: ['up'], label: 'up', quiet: true },
  { id: 'cancel.down', context: 'cancel', keys: ['down'], label: 'down', quiet: true },
  { id: 'cancel.pick', context: 'cancel', keys: ['enter'], label: 'cancel the delivery for this reason' },
  { id: 'cancel.close', context: 'cancel', keys: ['escape'], label: 'keep the delivery' },

  { id: 'edit.done', context: 'edit', keys: ['enter'], label: 'save field' },
  { id: 'edit.cancel', context: 'edit', keys: ['escape'], label: 'cancel (keeps the old value)' },

  { id: 'call.answer', context: 'banner', keys: ['a'], label: 'answer', disabledReason: takeCall },
  { id: 'call.answerNew', context: 'banner', keys: ['n'], label: 'answer into new order', disabledReason: takeCall },
  {
    id: 'call.answerAttach', context: 'banner', keys: ['t'], label: 'answer, attach to this order',
    disabledReason: first(takeCall, (s) => (s.delivery ? null : 'no order open to attach the caller to')),
  },
  { id: 'call.reject', context: 'banner', keys: ['r'], label: 'reject' },
  { id: 'call.ignore', context: 'banner', keys: ['i'], label: 'ignore' },

  // every call waiting (ignored ones too): answer any of them, bring one back to the banner, reject
  { id: 'queue.list', context: 'queue', keys: ['W'], label: 'calls waiting' },
  { id: 'waiting.up', context: 'waiting', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'waiting.down', context: 'waiting', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'waiting.answer', context: 'waiting', keys: ['enter', 'a'], label: 'answer this call', disabledReason: waitingAnswerRefusal },
  { id: 'waiting.show', context: 'waiting', keys: ['b'], label: 'back on the banner' },
  { id: 'waiting.reject', context: 'waiting', keys: ['r'], label: 'reject' },
  { id: 'waiting.close', context: 'waiting', keys: ['escape', 'W'], label: 'close' },

  // Q: the queue every console shares — calls, callbacks, chats — the longest waiting first (issue 15)
  { id: 'clients.up', context: 'clients', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'clients.down', context: 'clients', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'clients.accept', context: 'clients', keys: ['enter', 'a'], label: 'accept', disabledReason: acceptRefusal },
  { id: 'clients.redirect', context: 'clients', keys: ['r'], label: 'redirect with a note', disabledReason: redirectRefusal },
  { id: 'clients.finish', context: 'clients', keys: ['f'], label: 'done with it', disabledReason: finishRefusal },
  { id: 'clients.close', context: 'clients', keys: ['escape', 'Q'], label: 'close' },
  { id: 'redirect.up', context: 'redirect', keys: ['up'], label: 'up', quiet: true },
  { id: 'redirect.down', context: 'redirect', keys: ['down'], label: 'down', quiet: true },
  { id: 'redirect.send', context: 'redirect', keys: ['enter'], label: 'hand it on with the note', disabledReason: redirectSendRefusal },
  { id: 'redirect.cancel', context: 'redirect', keys: ['escape'], label: 'keep it' },

  {
    id: 'call.pause', context: 'call', keys: ['p'], label: 'pause/resume mic',
    disabledReason: (s) => {
      const c = activeCall(s);
      if (c?.onDeskPhone) return ON_DESK_PHONE;
      return c && (c.phase === 'answered' || c.phase === 'paused') ? null : 'the call is not connected yet';
    },
  },
  { id: 'call.end', context: 'call', keys: ['e'], label: 'end call', disabledReason: (s) => (activeCall(s)?.onDeskPhone ? ON_DESK_PHONE : null) },
  // transfer (issue 15, src/desk/transfer-keys.ts): X blind, J attended (J again hands over, U gives up)
  { id: 'call.transferBlind', context: 'call', keys: ['X'], label: 'transfer', disabledReason: transferRefusal },
  { id: 'call.transferAttended', context: 'call', keys: ['J'], label: 'ask a colleague, then transfer', disabledReason: transferRefusal, quiet: true },
  { id: 'transfer.complete', context: 'consult', keys: ['J'], label: 'hand the caller over', disabledReason: completeRefusal },
  { id: 'transfer.cancel', context: 'consult', keys: ['U'], label: 'give up the transfer (back to the caller)' },
  { id: 'transfer.go', context: 'transfer', keys: ['enter'], label: 'transfer' },
  { id: 'transfer.field', context: 'transfer', keys: ['tab'], label: 'target/note' },
  { id: 'transfer.close', context: 'transfer', keys: ['escape'], label: 'cancel' },

  { id: 'caller.addCustomer', context: 'caller', keys: ['A'], label: '+ add customer', disabledReason: addCustomerRefusal },
  { id: 'caller.addNumber', context: 'caller', keys: ['#'], label: "add number to customer", disabledReason: addNumberRefusal },
  { id: 'caller.category', context: 'caller', keys: ['g'], label: 'category', disabledReason: callerCustomerRefusal },
  { id: 'caller.note', context: 'caller', keys: ['!'], label: 'note', disabledReason: callerCustomerRefusal },
  // callbacks (issue 15, src/desk/callback-keys.ts): Z call back later, D call back the next due one
  { id: 'caller.callback', context: 'caller', keys: ['Z'], label: 'call back later…', disabledReason: callbackRefusal, quiet: true },
  { id: 'callback.save', context: 'callback', keys: ['enter'], label: 'make the callback' },
  { id: 'callback.field', context: 'callback', keys: ['tab'], label: 'when/note' },
  { id: 'callback.close', context: 'callback', keys: ['escape'], label: 'cancel' },

  { id: 'list.search', context: 'list', keys: ['/'], label: 'search' },
  { id: 'list.clearSearch', context: 'list', keys: ['escape'], label: 'clear the search', quiet: true },
  { id: 'list.up', context: 'list', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'list.down', context: 'list', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'list.open', context: 'list', keys: ['enter'], label: 'open', disabledReason: (s) => (shownOrders(s).length ? null : s.listSearch?.query ? 'no open order matches the search' : 'no open orders') },
  { id: 'list.new', context: 'list', keys: ['N'], label: 'new order' },
  { id: 'list.dialCallback', context: 'list', keys: ['D'], label: 'call back the next due callback', disabledReason: first(notRegistered, takeCallback), quiet: true },
  {
    id: 'list.callCustomer', context: 'list', keys: ['c'], label: 'call customer',
    disabledReason: first(notRegistered, onAnotherCall, (s) => customerPhoneReason(shownOrders(s)[s.listIndex]?.phone, s)),
  },

  { id: 'card.back', context: 'card', keys: ['escape'], label: 'back to list (park)' },
  { id: 'card.focus', context: 'card', keys: ['tab'], label: 'address/items' },
  { id: 'card.menu', context: 'card', keys: ['m'], label: 'add item', disabledReason: editable('items') },
  { id: 'card.pos', context: 'card', keys: ['o'], label: 'point of sale', disabledReason: editable('outlet') },
  { id: 'card.send', context: 'card', keys: ['s'], label: 'send to POS', disabledReason: sendRefusal },
  {
    id: 'card.callCustomer', context: 'card', keys: ['c'], label: 'call customer',
    disabledReason: first(notRegistered, onAnotherCall, (s) => customerPhoneReason(s.delivery?.phone, s)),
  },
  {
    id: 'card.callDriver', context: 'card', keys: ['d'], label: 'call driver',
    disabledReason: first(
      (s) => (s.delivery?.driverId ? null : 'no driver assigned'),
      (s) => (s.delivery?.driverMobile ? null : `driver ${s.delivery?.driverName} has no mobile number`),
      notRegistered, onAnotherCall,
    ),
  },

  { id: 'card.awaiting', context: 'card', keys: ['1'], label: 'waiting', disabledReason: statusKey('awaiting') },
  { id: 'card.confirmed', context: 'card', keys: ['2'], label: 'confirmed', disabledReason: statusKey('confirmed') },
  { id: 'card.cancel', context: 'card', keys: ['3'], label: 'cancel…', disabledReason: (s) => (s.delivery ? cancelRefusal(s.delivery.status) : 'no delivery open') },
  { id: 'card.delivered', context: 'card', keys: ['4'], label: 'came (delivered)', disabledReason: statusKey('delivered') },

  { id: 'address.up', context: 'address', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'address.down', context: 'address', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'address.edit', context: 'address', keys: ['enter'], label: 'edit field', disabledReason: (s) => fieldRefusal(s, addressRowField(cardFieldAt(s))) },

  { id: 'items.up', context: 'items', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'items.down', context: 'items', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'items.more', context: 'items', keys: ['+', '='], label: 'qty +1', disabledReason: kitchenCommentRefusal },
  { id: 'items.less', context: 'items', keys: ['-'], label: 'qty -1', disabledReason: kitchenCommentRefusal },
  { id: 'items.remove', context: 'items', keys: ['delete'], label: 'remove item', disabledReason: kitchenCommentRefusal },
  { id: 'items.comment', context: 'items', keys: ['enter'], label: 'kitchen comment', disabledReason: kitchenCommentRefusal },

  // order-taking (issue 7); the less frequent keys are in the ? overlay only, so the help bar stays short
  { id: 'card.override', context: 'card', keys: ['x'], label: 'override refusal', disabledReason: overrideRefusal },
  { id: 'card.zone', context: 'card', keys: ['z'], label: 'zone by hand', disabledReason: zoneRefusal, quiet: true },
  { id: 'card.repeat', context: 'card', keys: ['R'], label: 'repeat last order', disabledReason: repeatRefusal },
  { id: 'card.history', context: 'card', keys: ['h'], label: 'past orders…', disabledReason: repeatRefusal, quiet: true },
  { id: 'card.payment', context: 'card', keys: ['P'], label: 'cash/card/prepaid', disabledReason: editable('payment'), quiet: true },
  { id: 'card.paysWith', context: 'card', keys: ['$'], label: 'pays with', disabledReason: paysWithRefusal, quiet: true },
  { id: 'card.persons', context: 'card', keys: ['u'], label: 'persons', disabledReason: editable('persons'), quiet: true },
  { id: 'card.kind', context: 'card', keys: ['T'], label: 'delivery/pickup', disabledReason: kindRefusal, quiet: true },
  { id: 'card.when', context: 'card', keys: ['w'], label: 'ASAP/time', disabledReason: editable('promisedTime'), quiet: true },
  { id: 'card.busyMore', context: 'card', keys: ['b'], label: 'outlet busy +5', disabledReason: busyRefusal, quiet: true },
  { id: 'card.busyLess', context: 'card', keys: ['B'], label: 'busy -5', disabledReason: busyRefusal, quiet: true },
  { id: 'card.addresses', context: 'card', keys: ['v'], label: 'saved addresses', disabledReason: savedAddressRefusal, quiet: true },
  { id: 'card.courier', context: 'card', keys: ['K'], label: 'courier comment', disabledReason: editable('courierComment'), quiet: true },

  // a sent order's new address would change its outlet or price: asked, never done silently
  { id: 'requote.yes', context: 'requote', keys: ['y'], label: 'yes: move and re-price' },
  { id: 'requote.no', context: 'requote', keys: ['n', 'escape'], label: 'no: keep outlet and price' },

  { id: 'pick.up', context: 'pick', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'pick.down', context: 'pick', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'pick.choose', context: 'pick', keys: ['enter'], label: 'choose' },
  { id: 'pick.close', context: 'pick', keys: ['escape'], label: 'close' },

  { id: 'item.up', context: 'item', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'item.down', context: 'item', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'item.toggle', context: 'item', keys: [' '], label: 'choose/unchoose' },
  { id: 'item.add', context: 'item', keys: ['enter'], label: 'add to the order' },
  { id: 'item.close', context: 'item', keys: ['escape'], label: 'cancel' },

  { id: 'list.scheduled', context: 'list', keys: ['S'], label: 'scheduled orders' },
  { id: 'scheduled.search', context: 'scheduled', keys: ['/'], label: 'search' },
  { id: 'scheduled.up', context: 'scheduled', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'scheduled.down', context: 'scheduled', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'scheduled.open', context: 'scheduled', keys: ['enter'], label: 'open', disabledReason: scheduledPicked },
  { id: 'scheduled.call', context: 'scheduled', keys: ['c'], label: 'call to confirm', disabledReason: first(scheduledPicked, notRegistered, onAnotherCall, (s) => customerPhoneReason(shownScheduled(s)[s.scheduled.index]?.phone, s)) },
  { id: 'scheduled.confirm', context: 'scheduled', keys: ['Y'], label: 'confirmed by caller', disabledReason: scheduledPicked },
  { id: 'scheduled.back', context: 'scheduled', keys: ['S', 'escape'], label: 'open orders (Esc clears a search first)' },

  // typing a search into the open or scheduled orders: the list narrows as it is typed
  { id: 'search.keep', context: 'search', keys: ['enter'], label: 'keep the search, move in the list' },
  { id: 'search.clear', context: 'search', keys: ['escape'], label: 'clear the search' },
  { id: 'search.up', context: 'search', keys: ['up'], label: 'up', quiet: true },
  { id: 'search.down', context: 'search', keys: ['down'], label: 'down', quiet: true },

  // the customers screen (S5), by pane (src/desk/customers-screen.ts)
  { id: 'customers.find', context: 'customers', keys: ['/'], label: 'search (letters type into it)', where: ['any'] },
  { id: 'customers.move', context: 'customers', keys: ['up', 'down'], label: 'move', where: ['list'] },
  { id: 'customers.page', context: 'customers', keys: ['pageup', 'pagedown'], label: 'page', where: ['list'], quiet: true },
  { id: 'customers.funnel', context: 'customers', keys: ['left', 'right'], label: 'funnel', where: ['list'] },
  { id: 'customers.details', context: 'customers', keys: ['enter'], label: 'their data', where: ['list'] },
  { id: 'customers.paneMove', context: 'customers', keys: ['up', 'down', 'k', 'j'], label: 'move', where: ['history', 'details'] },
  { id: 'customers.openOrder', context: 'customers', keys: ['enter'], label: 'open the order', where: ['history'] },
  { id: 'customers.edit', context: 'customers', keys: ['enter'], label: 'edit', where: ['details'] },
  { id: 'customers.category', context: 'customers', keys: ['1', '2', '3', '4', '5', '6', '7'], label: 'category', where: ['details'] },
  { id: 'customers.addNumber', context: 'customers', keys: ['+'], label: 'add a number', where: ['details'] },
  { id: 'customers.pane', context: 'customers', keys: ['tab'], label: 'next pane', where: ['any'] },
  { id: 'customers.refresh', context: 'customers', keys: ['ctrl+r'], label: 'refresh', where: ['any'] },
  { id: 'customers.stepBack', context: 'customers', keys: ['escape'], label: 'back (pane, search, screen)', where: ['any'] },
  { id: 'customers.save', context: 'customers', keys: ['enter'], label: 'save', where: ['editing'] },
  { id: 'customers.cancelEdit', context: 'customers', keys: ['escape'], label: 'cancel (keeps the old value)', where: ['editing'] },

  // the calls screen: the log, the shift summary, the missed calls (src/desk/calls-screen.ts)
  { id: 'calls.tab', context: 'calls', keys: ['1', '2', '3'], label: 'log · summary · missed', where: ['any'] },
  { id: 'calls.nextTab', context: 'calls', keys: ['tab', 'right', 'left'], label: 'next tab', where: ['any'], quiet: true },
  { id: 'calls.move', context: 'calls', keys: ['up', 'down', 'k', 'j'], label: 'move', where: ['log', 'missed'] },
  { id: 'calls.search', context: 'calls', keys: ['/'], label: 'search', where: ['log', 'missed'] },
  { id: 'calls.callBack', context: 'calls', keys: ['c'], label: 'call back (marks it done)', where: ['missed'] },
  { id: 'calls.refresh', context: 'calls', keys: ['ctrl+r'], label: 'refresh', where: ['any'] },
  { id: 'calls.stepBack', context: 'calls', keys: ['escape'], label: 'back (clears a search first)', where: ['any'] },
  { id: 'calls.searchKeep', context: 'calls', keys: ['enter'], label: 'keep the search', where: ['searching'] },
  { id: 'calls.searchClear', context: 'calls', keys: ['escape'], label: 'clear the search', where: ['searching'] },

  // the chat console (issue 16, S5): conversations left, the one in front centre, the client right
  { id: 'chats.up', context: 'chats', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'chats.down', context: 'chats', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'chats.open', context: 'chats', keys: ['enter'], label: 'open (takes a waiting chat)', disabledReason: openChatRefusal },
  { id: 'chats.write', context: 'chats', keys: ['i', 'tab'], label: 'write', disabledReason: (s) => writeRefusal(s) ?? windowRefusal(s) },
  {
    id: 'chats.switch', context: 'chats', keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], label: 'my chat 1…9',
    disabledReason: (s) => (myChats(s).length ? null : `you hold no chat (${chatCapacityRefusal(s) ?? 'Enter takes a waiting one'})`),
  },
  { id: 'chats.search', context: 'chats', keys: ['/'], label: 'search' },
  { id: 'chats.funnel', context: 'chats', keys: ['left', 'right'], label: 'all/waiting/mine/closed' },
  { id: 'chats.channel', context: 'chats', keys: ['v'], label: 'channel', quiet: true },
  { id: 'chats.categoryFunnel', context: 'chats', keys: ['G'], label: 'category funnel', quiet: true },
  { id: 'chats.canned', context: 'chats', keys: ['r'], label: 'canned reply', disabledReason: cannedRefusal },
  { id: 'chats.summary', context: 'chats', keys: ['o'], label: 'send order + time', disabledReason: summaryRefusal },
  { id: 'chats.order', context: 'chats', keys: ['N'], label: 'new order', disabledReason: writeRefusal },
  { id: 'chats.link', context: 'chats', keys: ['l'], label: 'link to customer', disabledReason: linkRefusal },
  { id: 'chats.newCustomer', context: 'chats', keys: ['n'], label: 'new customer from chat', disabledReason: newCustomerRefusal },
  { id: 'chats.template', context: 'chats', keys: ['t'], label: 'WhatsApp template', disabledReason: templateRefusal },
  { id: 'chats.category', context: 'chats', keys: ['g'], label: 'client/SPAM/…', disabledReason: writeRefusal },
  { id: 'chats.edit', context: 'chats', keys: ['e'], label: "edit client's card", disabledReason: (s) => writeRefusal(s) ?? editRefusal(s), quiet: true },
  { id: 'chats.close', context: 'chats', keys: ['x'], label: 'close chat', disabledReason: writeRefusal },
  { id: 'chats.sync', context: 'chats', keys: ['ctrl+r'], label: 'sync now' },
  // S5's status keys on the client's order
  { id: 'chats.awaiting', context: 'chats', keys: ['a'], label: 'order waiting', disabledReason: orderStatusRefusal('awaiting'), quiet: true },
  { id: 'chats.confirmed', context: 'chats', keys: ['c'], label: 'order confirmed', disabledReason: orderStatusRefusal('confirmed'), quiet: true },
  { id: 'chats.cancel', context: 'chats', keys: ['u'], label: 'order cancelled…', disabledReason: (s) => { const d = s.chats.thread?.order; return d ? cancelRefusal(d.status) : 'this client has no unfinished order'; }, quiet: true },
  { id: 'chats.came', context: 'chats', keys: ['d'], label: 'order came (delivered)', disabledReason: orderStatusRefusal('delivered'), quiet: true },
  { id: 'chats.back', context: 'chats', keys: ['escape'], label: 'back' },
  // the reply being typed: letters go into it
  { id: 'compose.send', context: 'compose', keys: ['enter'], label: 'send', disabledReason: chatSendRefusal },
  { id: 'compose.leave', context: 'compose', keys: ['escape', 'tab'], label: 'stop typing (the text stays)' },
  { id: 'compose.canned', context: 'compose', keys: ['ctrl+t'], label: 'canned reply', disabledReason: cannedRefusal },
  { id: 'chatSearch.keep', context: 'chatSearch', keys: ['enter'], label: 'keep the search' },
  { id: 'chatSearch.clear', context: 'chatSearch', keys: ['escape'], label: 'clear the search' },
  { id: 'chatSearch.up', context: 'chatSearch', keys: ['up'], label: 'up', quiet: true },
  { id: 'chatSearch.down', context: 'chatSearch', keys: ['down'], label: 'down', quiet: true },
  { id: 'chatPick.up', context: 'chatPick', keys: ['up', 'k'], label: 'up', quiet: true },
  { id: 'chatPick.down', context: 'chatPick', keys: ['down', 'j'], label: 'down', quiet: true },
  { id: 'chatPick.digit', context: 'chatPick', keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], label: 'choose by number' },
  { id: 'chatPick.choose', context: 'chatPick', keys: ['enter'], label: 'choose' },
  { id: 'chatPick.close', context: 'chatPick', keys: ['escape'], label: 'close' },
  { id: 'clientEdit.next', context: 'clientEdit', keys: ['tab', 'down'], label: 'next field' },
  { id: 'clientEdit.prev', context: 'clientEdit', keys: ['up'], label: 'previous field', quiet: true },
  { id: 'clientEdit.save', context: 'clientEdit', keys: ['enter'], label: "save to the customer's card" },
  { id: 'clientEdit.close', context: 'clientEdit', keys: ['escape'], label: 'cancel' },

  // while a call rings over a full screen (the banner has the keys) Esc leaves it
  { id: 'customers.back', context: 'customers', keys: ['escape'], label: 'back' },
  { id: 'calls.back', context: 'calls', keys: ['escape'], label: 'back' },

  { id: 'global.help', context: 'global', keys: ['?'], label: 'help' },
  { id: 'global.status', context: 'global', keys: ['M'], label: 'status and messages in full' },
  {
    id: 'global.resend', context: 'global', keys: ['F'], label: 'resend failed order',
    disabledReason: (s) => (s.failedOrders.length ? null : 'no order has failed at a point of sale'),
    // the failed-orders line names the key while there is something to resend; the help bar stays short
    quiet: true,
  },
  { id: 'global.queue', context: 'global', keys: ['Q'], label: 'queue' },
  // the status bar says when it is not "available"; the key is in the ? overlay, so the help bar keeps the call and order keys
  { id: 'presence.next', context: 'global', keys: ['O'], label: 'my status: available → break → offline', quiet: true },
  { id: 'global.customers', context: 'global', keys: ['C'], label: 'customers' },
  { id: 'global.calls', context: 'global', keys: ['L'], label: 'call log' },
  // in the ? overlay: the help bar keeps the call and order keys (the status bar's queue count says when chats wait)
  { id: 'global.chats', context: 'global', keys: ['E'], label: 'chats', quiet: true },
  {
    id: 'global.headset', context: 'global', keys: ['H'], label: 'call my headset',
    disabledReason: first(notRegistered, (s) => (s.headset.state === 'connected' ? 'the headset is already connected' : null)),
  },
  { id: 'global.inviteCode', context: 'global', keys: ['I'], label: 'a new invitation code for a client (one use, a day)', quiet: true },
  { id: 'global.quit', context: 'global', keys: ['q', 'ctrl+c'], label: 'quit', dangerous: true },
];

// which commands listen now and what a key does: src/desk/key-routing.ts (re-exported, so the table's users import one module)
export { activeContexts, resolveKey, screenCommand, screenWhere, visibleCommands, worksIn, type Resolved } from './key-routing.js';

/** How a key is written for a person: "enter" -> "Enter", "ctrl+c" -> "^C". */
export function keyLabel(key: string): string {
  const names: Record<string, string> = {
    enter: 'Enter', escape: 'Esc', tab: 'Tab', up: '↑', down: '↓', left: '←', right: '→', delete: 'Del', 'ctrl+c': '^C', 'ctrl+r': '^R', ' ': 'Space', pageup: 'PgUp', pagedown: 'PgDn',
  };
  return names[key] ?? (key.startsWith('ctrl+') ? `^${key.slice(5).toUpperCase()}` : key);
}
