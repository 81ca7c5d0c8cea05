import { OrderSourceError, type Order, type OrderItem, type OrderStatus, type QuickReply } from '@sportello/protocol';
import { RETURN_REASONS } from './cue';
import { fold } from './normaliser';
import { PHRASEBOOK } from './phrasebook';
import { singular, termsOf } from './product-catalogue';
import { checkReturn, needsApproval } from './return-policy';
import type { BotInput, BotLocale, BotReply, HandoffReason, OrderDialogState, OrderFocus, ReturnReason } from './model';

/** What one dialog step produced. `dialog` null means the dialog is over. */
export interface DialogStep {
  replies: BotReply[];
  dialog: OrderDialogState | null;
  handoff: HandoffReason | null;
  /** A reason to use if the shopper then asks for a person (e.g. after a refused return). */
  pendingHandoff?: HandoffReason | null;
  /** Set on the turn an order's number and e-mail were proved to match: agents may see that order. */
  proven?: ProvenOrder;
  /** The order the step showed or acted on, for follow-ups ("when will it arrive?", "can I return the shoes?"). */
  focus?: OrderFocus;
}

/** An order the shopper proved is theirs in this conversation (number and matching e-mail). */
export interface ProvenOrder {
  orderNumber: string;
  email: string;
}

/** Slots a message can fill, already extracted. */
export interface DialogInput {
  orderNumbers: string[];
  emails: string[];
  /** The message folded (lowercase, no accents), for item and reason choices. */
  folded: string;
  /** The shopper's own words, kept as the note of a reason that fits no listed one. */
  text?: string;
  returnReason: ReturnReason | null;
  /** An e-mail the shopper gave earlier (in this conversation, a pre-chat form, an earlier chat). */
  knownEmail?: string | null;
  /** What the shopper asked of the order, beyond its status: the tracking number, or what was in it. */
  detail?: 'tracking' | 'items' | null;
}

const MAX_FAILURES = 3;

export function newDialog(kind: 'order_status' | 'return', slots: DialogInput): OrderDialogState {
  return {
    kind,
    awaiting: 'number',
    orderNumber: slots.orderNumbers[0] ?? null,
    email: slots.emails[0] ?? null,
    verified: false,
    failures: 0,
    choices: [],
    itemIds: [],
    reason: kind === 'return' ? slots.returnReason : null,
    mention: kind === 'return' ? slots.folded.slice(0, 500) : '',
  };
}

/** True when the message answers what the dialog is waiting for. */
export function fillsSlot(dialog: OrderDialogState, slots: DialogInput): boolean {
  switch (dialog.awaiting) {
    case 'number':
      return slots.orderNumbers.length > 0 || (slots.emails.length > 0 && !dialog.email);
    case 'email':
      return slots.emails.length > 0 || slots.orderNumbers.length > 0;
    case 'order_choice':
      return slots.orderNumbers.length > 0 || /\b\d{1,2}\b/.test(slots.folded);
    case 'items':
    case 'reason':
    case 'resolution':
    case 'exchange_size':
    case 'confirm':
      return true;
  }
}

/**
 * Advances an order-status or return dialog by one shopper message: fills slots, looks the order
 * up (by number and e-mail, or through the verified customer), and answers or asks for what is
 * still missing. Never reveals whether an order exists unless the pair matches.
 */
export async function advanceDialog(dialog: OrderDialogState, slots: DialogInput, input: BotInput, locale: BotLocale): Promise<DialogStep> {
  const p = PHRASEBOOK[locale];
  const d: OrderDialogState = { ...dialog, choices: [...dialog.choices], itemIds: [...dialog.itemIds] };
  try {
    if (!d.verified) {
      if (d.awaiting === 'order_choice' && slots.orderNumbers.length === 0) {
        const picked = pickChoice(d, slots.folded);
        if (picked) d.orderNumber = picked;
      }
      if (slots.orderNumbers[0] && slots.orderNumbers[0] !== d.orderNumber) {
        d.orderNumber = slots.orderNumbers[0];
        if (!slots.emails[0] && d.awaiting !== 'email') d.email = null;
      }
      if (slots.emails[0]) d.email = slots.emails[0];
      const found = await locate(d, slots, input, locale);
      if ('step' in found) return found.step;
      d.verified = true;
      d.orderNumber = found.order.number;
      const proven = d.email ? { proven: { orderNumber: found.order.number, email: d.email } } : {};
      const focus = focusOf(found.order, d.email);
      if (d.kind === 'order_status') return { replies: statusReplies(found.order, input, locale, slots.detail ?? null), dialog: null, handoff: null, ...proven, focus };
      return { ...(await returnStep(d, found.order, slots, input, locale, true)), ...proven, focus };
    }
    const order = await reload(d, input);
    if (!order) return { replies: [{ body: p.orderNotFound }], dialog: null, handoff: 'order_not_found' };
    return { ...(await returnStep(d, order, slots, input, locale, false)), focus: focusOf(order, d.email) };
  } catch (error) {
    if (error instanceof OrderSourceError) return { replies: [{ body: p.sourceError }], dialog: null, handoff: 'order_source_error' };
    throw error;
  }
}

/** Of these orders, the ones placed when the message says ("this morning", "ieri"); all of them when it says no day. */
function whenPlaced(orders: Order[], folded: string, now: Date, timeZone: string): Order[] {
  const daysAgo = /\b(today|this morning|this afternoon|earlier today|just now|oggi|stamattina|stamane|stasera|poco fa)\b/.test(folded) ? 0 : /\b(yesterday|last night|ieri|ieri sera)\b/.test(folded) ? 1 : null;
  if (daysAgo === null || orders.length < 2) return orders;
  const day = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const wanted = day(new Date(now.getTime() - daysAgo * 86_400_000));
  const then = orders.filter((o) => !Number.isNaN(Date.parse(o.placedAt)) && day(new Date(o.placedAt)) === wanted);
  return then.length ? then : orders;
}

function focusOf(order: Order, email: string | null): OrderFocus {
  return { orderNumber: order.number, email, items: order.items.map((i) => i.name), status: order.status };
}

/** The dialog's pending question again, with a way out to a person; counts as a failed attempt. */
export function remindDialog(dialog: OrderDialogState, locale: BotLocale): DialogStep {
  const p = PHRASEBOOK[locale];
  const d: OrderDialogState = { ...dialog, failures: dialog.failures + 1 };
  if (d.failures >= MAX_FAILURES) return { replies: [], dialog: null, handoff: 'order_not_found' };
  if (!isLookupQuestion(d)) return { replies: pendingQuestion(d, locale), dialog: d, handoff: null };
  const question =
    d.awaiting === 'email' && d.orderNumber
      ? p.askEmail(d.orderNumber)
      : d.awaiting === 'order_choice'
        ? p.askWhichOrder(d.kind === 'return')
        : p.askOrderNumber(d.kind === 'return');
  return { replies: [{ body: `${p.needDetails} ${question.replace(/^(Thanks|Grazie)\. /, '')}`, payload: { quickReplies: [p.notSureReplies[0]!] } }], dialog: d, handoff: null };
}

/** True while the dialog still needs the order itself (number, e-mail or which one). */
export function isLookupQuestion(d: OrderDialogState): boolean {
  return d.awaiting === 'number' || d.awaiting === 'email' || d.awaiting === 'order_choice';
}

/**
 * The question the dialog is waiting on, asked again as it was first asked (after the shopper
 * asked about something else, or said "yes, go on"). Counts as no failure.
 */
export function pendingQuestion(d: OrderDialogState, locale: BotLocale): BotReply[] {
  const p = PHRASEBOOK[locale];
  switch (d.awaiting) {
    case 'number':
      return [{ body: d.kind === 'return' ? p.askOrderNumber(true) : p.askOtherOrderNumber }];
    case 'email':
      return [{ body: d.orderNumber ? p.askEmail(d.orderNumber) : p.askOrderNumber(d.kind === 'return') }];
    case 'order_choice':
      return [{ body: p.askWhichOrder(d.kind === 'return'), payload: { quickReplies: d.choices.map((n) => ({ label: `#${n}`, value: n })) } }];
    case 'items': {
      const offered = (d.items ?? []).filter((i) => i.returnable !== false).map((i) => ({ id: i.id, sku: null, name: i.name, quantity: 1, unitPriceCents: 0, tags: [] }));
      return [{ body: p.askItems(d.orderNumber ?? ''), ...(offered.length ? { payload: { quickReplies: itemReplies(offered, locale) } } : {}) }];
    }
    case 'reason':
      return [{ body: p.askReason, payload: { quickReplies: reasonReplies(locale) } }];
    case 'resolution':
      return [{ body: p.askResolution, payload: { quickReplies: resolutionReplies(locale) } }];
    case 'exchange_size':
      return [{ body: p.askExchangeSize }];
    case 'confirm':
      return [{ body: p.askConfirmAgain, payload: { quickReplies: yesNoReplies(locale) } }];
  }
}

type Located = { order: Order } | { step: DialogStep };

async function locate(d: OrderDialogState, slots: DialogInput, input: BotInput, locale: BotLocale): Promise<Located> {
  const p = PHRASEBOOK[locale];
  const { visitor, orders } = input;
  const customerId = visitor.verified ? visitor.customerId : null;
  if (customerId) {
    if (d.orderNumber) {
      const order = await orders.findCustomerOrder(d.orderNumber, customerId);
      if (order) return { order };
      if (!d.email) {
        d.orderNumber = null;
        return { step: failure(d, locale, p.orderNotFoundCustomer) };
      }
    } else {
      const list = await orders.listCustomerOrders(customerId, 10);
      // "The sweaters I ordered this morning": the order with those items (whatever its status, so
      // a return of one not yet delivered is told why), the one placed then when several have them.
      const said = `${d.mention} ${slots.folded}`;
      const words = termsOf(said);
      const withItems = whenPlaced(list.filter((o) => o.items.some((i) => named(words, i.name))), said, input.now, input.site.timeZone ?? 'UTC');
      if (withItems.length === 1) return { order: withItems[0]! };
      const recent = list.slice(0, 5);
      const candidates = withItems.length > 1 ? withItems : d.kind === 'return' ? recent.filter((o) => o.status === 'delivered') : recent;
      const only = candidates[0];
      if (candidates.length === 1 && only) return { order: only };
      if (candidates.length > 1) {
        d.awaiting = 'order_choice';
        d.choices = candidates.map((o) => o.number);
        d.choiceItems = candidates.map((o) => o.items.map((i) => i.name).join(', '));
        d.choiceStatuses = candidates.map((o) => o.status);
        d.choicePlaced = candidates.map((o) => o.placedAt);
        const replies: QuickReply[] = candidates.map((o) => ({ label: `#${o.number} · ${p.statusLabel[o.status]}`, value: o.number }));
        return { step: { replies: [{ body: p.askWhichOrder(d.kind === 'return'), payload: { quickReplies: replies } }], dialog: d, handoff: null } };
      }
      d.awaiting = 'number';
      return { step: { replies: [{ body: list.length === 0 ? p.noCustomerOrders : p.askOrderNumber(d.kind === 'return') }], dialog: d, handoff: null } };
    }
  }
  if (!d.orderNumber) {
    d.awaiting = 'number';
    return { step: { replies: [{ body: p.askOrderNumber(d.kind === 'return') }], dialog: d, handoff: null } };
  }
  // An e-mail the shopper gave earlier (in this chat, a pre-chat form, an earlier chat) is tried
  // once without asking; a miss then asks for the order's own e-mail.
  const known = slots.knownEmail ?? visitor.email;
  const email = d.email ?? (d.failures === 0 && d.awaiting !== 'email' ? known : null);
  if (!email) {
    d.awaiting = 'email';
    return { step: { replies: [{ body: p.askEmail(d.orderNumber) }], dialog: d, handoff: null } };
  }
  const order = await orders.findOrder(d.orderNumber, email);
  if (order) {
    d.email = email;
    return { order };
  }
  if (!d.email) {
    d.awaiting = 'email';
    return { step: { replies: [{ body: p.askEmail(d.orderNumber) }], dialog: d, handoff: null } };
  }
  return { step: failure(d, locale, `${p.orderNotFound} ${p.orderNotFoundRetry}`) };
}

/**
 * A number and e-mail that do not match. The pair is kept: the shopper's next message replaces
 * whichever of the two they correct ("sorry, it's giulia.rossi@…", or another number).
 */
function failure(d: OrderDialogState, locale: BotLocale, message: string): DialogStep {
  const p = PHRASEBOOK[locale];
  d.failures += 1;
  if (d.failures >= MAX_FAILURES) return { replies: [{ body: p.orderNotFound }], dialog: null, handoff: 'order_not_found' };
  d.awaiting = d.orderNumber ? 'email' : 'number';
  return { replies: [{ body: message, payload: { quickReplies: [p.notSureReplies[0]!] } }], dialog: d, handoff: null };
}

async function reload(d: OrderDialogState, input: BotInput): Promise<Order | null> {
  if (!d.orderNumber) return null;
  const customerId = input.visitor.verified ? input.visitor.customerId : null;
  if (customerId) {
    const order = await input.orders.findCustomerOrder(d.orderNumber, customerId);
    if (order) return order;
  }
  return d.email ? input.orders.findOrder(d.orderNumber, d.email) : null;
}

function statusReplies(order: Order, input: BotInput, locale: BotLocale, detail: 'tracking' | 'items' | null): BotReply[] {
  const p = PHRASEBOOK[locale];
  const tz = input.site.timeZone ?? 'UTC';
  const shipment = order.shipments[order.shipments.length - 1] ?? null;
  const expectedAt = shipment?.expectedAt ?? order.expectedAt;
  const deliveredAt = order.deliveredAt ?? shipment?.deliveredAt ?? null;
  const body = p.orderStatus(order.number, order.status, {
    carrier: shipment?.carrier ?? null,
    expected: expectedAt && order.status !== 'delivered' ? p.formatDate(expectedAt, tz) : null,
    delivered: deliveredAt ? p.formatDate(deliveredAt, tz) : null,
  });
  const extra =
    detail === 'tracking'
      ? shipment?.trackingNumber
        ? p.trackingNumber(shipment.trackingNumber, shipment.carrier)
        : p.noTrackingYet
      : detail === 'items'
        ? p.orderItems(order.items.map((i) => `${i.quantity} × ${i.name}`))
        : null;
  return [
    {
      body: extra ? `${body} ${extra}` : body,
      payload: {
        card: {
          type: 'order_status',
          orderNumber: order.number,
          status: order.status,
          items: order.items.map((i) => ({ name: i.name, quantity: i.quantity })),
          carrier: shipment?.carrier ?? null,
          trackingNumber: shipment?.trackingNumber ?? null,
          trackingUrl: shipment?.trackingUrl ?? null,
          expectedAt: expectedAt ?? null,
        },
      },
    },
  ];
}

async function returnStep(d: OrderDialogState, order: Order, slots: DialogInput, input: BotInput, locale: BotLocale, first: boolean): Promise<DialogStep> {
  const p = PHRASEBOOK[locale];
  const policy = input.site.returnPolicy;
  const tz = input.site.timeZone ?? 'UTC';
  const offerHuman = { quickReplies: [p.notSureReplies[0]!] };
  const check = checkReturn(order, policy, input.now);
  if (!check.ok && check.reason === 'not_delivered') {
    return { replies: [{ body: p.notDelivered(order.number, p.statusLabel[order.status]), payload: { quickReplies: [p.steer[0]!, p.notSureReplies[0]!] } }], dialog: null, handoff: null };
  }
  if (!check.ok && check.reason === 'outside_window') {
    return {
      replies: [{ body: p.outsideWindow(policy.windowDays, p.formatDate(check.deliveredAt, tz)), payload: offerHuman }],
      dialog: null,
      handoff: null,
      pendingHandoff: 'return_outside_policy',
    };
  }
  if (!check.ok) {
    return { replies: [{ body: p.nothingReturnable, payload: offerHuman }], dialog: null, handoff: null, pendingHandoff: 'return_outside_policy' };
  }
  const { returnable, refused } = check;
  d.items = order.items.map((i) => ({ id: i.id, name: i.name, returnable: returnable.includes(i) }));
  // At the confirmation, the shopper may still change the items, the reason or the size.
  const changing = d.awaiting === 'confirm' && !isYes(slots.folded) && !isNo(slots.folded);
  // The latest reason given wins ("… don't like them" then "ok then the loafers, too big").
  if (slots.returnReason && slots.returnReason !== d.reason && (d.awaiting !== 'confirm' || changing)) {
    d.reason = slots.returnReason;
    d.resolution = null;
    d.exchangeSize = null;
  }
  if (changing) {
    const named = pickItems(slots.folded, returnable, false);
    if (named.length) d.itemIds = named.map((i) => i.id);
    const size = sizeIn(slots.folded);
    if (size && d.resolution === 'exchange') d.exchangeSize = size;
  }

  /** Sentences to put before the next question ("these items can't be returned: …"). */
  const notes: string[] = [];
  const withNotes = (step: DialogStep): DialogStep => (notes.length && step.replies[0] ? { ...step, replies: [{ ...step.replies[0], body: `${notes.join(' ')} ${step.replies[0].body}` }, ...step.replies.slice(1)] } : step);
  if (d.itemIds.length === 0) {
    // On the first step the message may already name the items ("return the linen shirt").
    const said = first ? `${d.mention} ${slots.folded}` : slots.folded;
    const picked = pickItems(said, returnable, !first);
    const namedRefused = pickItems(said, refused, false);
    if (picked.length === 0 && namedRefused.length > 0 && (first || d.awaiting === 'items')) {
      return {
        replies: [{ body: `${p.nonReturnable(namedRefused.map((i) => i.name))} ${returnable.length ? p.askItems(order.number) : ''}`.trim(), payload: { quickReplies: itemReplies(returnable, locale) } }],
        dialog: { ...d, awaiting: 'items' },
        handoff: null,
        pendingHandoff: 'return_outside_policy',
      };
    }
    // "Everything" when some items cannot go back: say which, then go on with the rest.
    if (picked.length > 0 && refused.length > 0 && ALL_ITEMS.test(said)) notes.push(p.nonReturnable(refused.map((i) => i.name)));
    if (picked.length > 0) d.itemIds = picked.map((i) => i.id);
    else if (returnable.length === 1) d.itemIds = [returnable[0]!.id];
    else {
      const lead = refused.length ? `${p.nonReturnable(refused.map((i) => i.name))} ` : '';
      const body = d.awaiting === 'items' && !first ? p.itemsNotUnderstood : `${lead}${p.askItems(order.number)}`;
      return { replies: [{ body, payload: { quickReplies: itemReplies(returnable, locale) } }], dialog: { ...d, awaiting: 'items' }, handoff: null };
    }
  }

  if (!d.reason) {
    // Free text is taken as "other", but not a question ("why can't I?"): that is asked again.
    // An item named alone ("i mocassini") is not a reason either.
    const onlyItem = pickItems(slots.folded, order.items, false).length > 0 && !slots.returnReason && (slots.folded.match(/[a-z0-9]+/g) ?? []).length <= 4;
    if (d.awaiting === 'reason') {
      d.reason = slots.returnReason ?? reasonFromChoice(slots.folded) ?? (/\?\s*$/.test(slots.folded) || onlyItem ? null : 'other');
      if (d.reason === 'other' && !slots.returnReason && !reasonFromChoice(slots.folded)) d.reasonNote = slots.text?.trim().slice(0, 300) || null;
    }
    if (!d.reason) return withNotes({ replies: pendingQuestion({ ...d, awaiting: 'reason' }, locale), dialog: { ...d, awaiting: 'reason' }, handoff: null });
  }

  // A wrong size: the same item in another size, where the shop offers it, or a refund.
  const said = `${first ? d.mention : ''} ${slots.folded}`;
  if (d.reason === 'wrong_size' && policy.sizeExchanges && !d.resolution) {
    d.resolution = resolutionFrom(said) ?? (d.awaiting === 'resolution' ? resolutionFromChoice(slots.folded) : null);
    if (!d.resolution) return withNotes({ replies: pendingQuestion({ ...d, awaiting: 'resolution' }, locale), dialog: { ...d, awaiting: 'resolution' }, handoff: null });
  }
  // Asked for a size, the shopper may settle for the money instead ("a refund then").
  if (d.resolution === 'exchange' && d.awaiting === 'exchange_size' && resolutionFrom(slots.folded) === 'refund') {
    d.resolution = 'refund';
    d.exchangeSize = null;
  }
  if (d.resolution === 'exchange' && !d.exchangeSize) {
    d.exchangeSize = sizeIn(said) ?? (d.awaiting === 'exchange_size' ? sizeAnswer(slots.folded) : null);
    if (!d.exchangeSize) return { replies: pendingQuestion({ ...d, awaiting: 'exchange_size' }, locale), dialog: { ...d, awaiting: 'exchange_size' }, handoff: null };
  }

  const items = returnable.filter((i) => d.itemIds.includes(i.id));
  // An exchange for a size the shop has run out of is not promised: say so, and offer what there is.
  if (d.resolution === 'exchange' && d.exchangeSize && d.awaiting !== 'confirm') {
    const missing = await sizeOutOfStock(items, d.exchangeSize, input);
    if (missing) {
      const others = missing.others.map((size) => ({ label: size, value: size }));
      return {
        replies: [{ body: p.exchangeSizeUnavailable(missing.name, d.exchangeSize, missing.others), payload: { quickReplies: [...others, { label: p.refundInstead, value: p.refundInstead }] } }],
        dialog: { ...d, exchangeSize: null, awaiting: 'exchange_size' },
        handoff: null,
      };
    }
  }
  const approval = needsApproval(items, policy);
  // Nothing is created before the shopper has seen what will be and said yes.
  if (d.awaiting !== 'confirm' || !isYes(slots.folded)) {
    if (d.awaiting === 'confirm' && isNo(slots.folded)) return { replies: [{ body: p.returnNotCreated, payload: { quickReplies: p.steer } }], dialog: null, handoff: null };
    const summary = p.returnSummary({
      orderNumber: order.number,
      items: items.map((i) => (i.quantity > 1 ? `${i.quantity} × ${i.name}` : i.name)),
      reason: p.reasons[d.reason],
      exchangeSize: d.resolution === 'exchange' ? d.exchangeSize ?? null : null,
      needsApproval: approval,
    });
    return withNotes({ replies: [{ body: summary, payload: { quickReplies: yesNoReplies(locale) } }], dialog: { ...d, awaiting: 'confirm' }, handoff: null });
  }

  const exchange = d.resolution === 'exchange' && d.exchangeSize ? d.exchangeSize : null;
  const record = await input.orders.createReturn({
    orderNumber: order.number,
    items: items.map((i) => ({ itemId: i.id, quantity: i.quantity })),
    reason: d.reason,
    needsApproval: approval,
    conversationId: input.conversationId ?? null,
    resolution: exchange ? ('exchange' as const) : ('refund' as const),
    ...(exchange || d.reasonNote ? { note: [exchange ? `Exchange for size ${exchange}` : null, d.reasonNote ? `Shopper's reason: ${d.reasonNote}` : null].filter(Boolean).join('. ') } : {}),
  });
  const nextSteps = p.returnNextSteps({ needsApproval: approval, labelByEmail: policy.labelByEmail === true, exchangeSize: exchange });
  const replies: BotReply[] = [
    {
      body: `${p.returnCreated(record.reference, approval)} ${nextSteps}`,
      payload: {
        card: {
          type: 'return',
          reference: record.reference,
          orderNumber: record.orderNumber,
          status: record.status,
          items: record.items.map((i) => ({ name: i.name, quantity: i.quantity })),
          nextSteps,
        },
      },
    },
  ];
  return { replies, dialog: null, handoff: approval ? 'return_needs_approval' : null };
}

function reasonReplies(locale: BotLocale): QuickReply[] {
  return Object.values(PHRASEBOOK[locale].reasons).map((r) => ({ label: r, value: r }));
}

function resolutionReplies(locale: BotLocale): QuickReply[] {
  const p = PHRASEBOOK[locale];
  return [
    { label: p.resolutionLabels.refund, value: p.resolutionLabels.refund },
    { label: p.resolutionLabels.exchange, value: p.resolutionLabels.exchange },
  ];
}

export function yesNoReplies(locale: BotLocale): QuickReply[] {
  return locale === 'it'
    ? [{ label: 'Sì', value: 'Sì' }, { label: 'No', value: 'No' }]
    : [{ label: 'Yes', value: 'Yes' }, { label: 'No', value: 'No' }];
}

/** "yes", "sì, procedi", "ok go ahead": agreement to what was just proposed. */
export function isYes(folded: string): boolean {
  return /^\W*(yes|yeah|yep|yup|ya|y|sure|ok|okay|okey|k|correct|right|exactly|go ahead|go on|please do|do it|confirm\w*|perfect|great|fine|alright|of course|absolutely|si+|certo|certamente|esatto|giusto|procedi|prosegui|continua|continuiamo|confermo|conferma|va bene|vabbe|vabene|perfetto|ottimo|d accordo|vai|andiamo|ok grazie|si grazie|yes please|yes thanks|sure thing)\b(?!.{0,12}\b(not|non|no|don t|do not)\b)/.test(folded);
}

/** "no", "no thanks", "not now": refusal of what was just proposed. */
export function isNo(folded: string): boolean {
  if (/\b(i ll keep (it|them)|i will keep (it|them)|keep (it|them) after all|lo tengo|la tengo|li tengo|le tengo|me (lo|la|li|le) tengo|ci ripenso|changed my mind about the return)\b/.test(folded)) return true;
  return /^\W*((hmm+|uhm*|um+|oh|ah|well|actually|mmm+|beh|ehm|mah|ok|okay)\W+)*(no|nope|nah|not (now|yet|really)|no thanks|no thank you|don t|do not|stop|cancel|annulla|non (ora|adesso|ancora|serve|importa|voglio|procedere)|lascia (stare|perdere)|meglio di no|no grazie|niente)\b/.test(folded);
}

/** "a refund", "another size", "cambio taglia", from a message or a button. */
function resolutionFrom(folded: string): 'refund' | 'exchange' | null {
  if (/\b(cambiar\w*|sostituir\w*|scambiar\w*|swap\w*|exchang\w*|chang\w*|switch\w*)\b.{0,50}\b(con|for|into|to) (una |un |la |il |an? |the )?(taglia |misura |numero |size )?(xxs|xs|s|m|l|xl|xxl|\d\d)\b/.test(folded)) return 'exchange';
  if (/\b(get|have|want|take|send me|prefer) (an? |the |size )?(xs|s|m|l|xl|xxl|\d\d|bigger one|smaller one|bigger size|smaller size) instead\b|\binstead\b.{0,15}\b(size|taglia)\b/.test(folded)) return 'exchange';
  if (/\b(cambiate|cambiatemel[aoie]|me (la|lo|li|le) cambiate|cambiarmel[aoie]|cambiarl[aoie]|la cambio|lo cambio|li cambio|le cambio|preferisco (il )?cambi\w*|sostituzione|sostituirl[aoie]|un cambio|(un |una )?(numero|misura) (piu grande|piu piccol\w*|sopra|sotto|in piu|in meno))\b/.test(folded)) return 'exchange';
  if (/\b(exchange|swap|another size|other size|different size|bigger size|smaller size|larger size|size (up|down)|one size (up|down|bigger|smaller|larger)|in (a |an )?(xs|s|m|l|xl|xxl|\d\d)\b|cambio( taglia| misura)?|cambiare( la)? taglia|sostitu\w*|un altra taglia|altra taglia|taglia (piu grande|piu piccola|diversa|in piu|in meno)|la taglia (sopra|sotto)|una taglia (in piu|in meno|piu grande|piu piccola))\b/.test(folded)) return 'exchange';
  if (/\b(refund|money back|reimburse\w*|rimbors\w*|soldi indietro|i miei soldi)\b/.test(folded)) return 'refund';
  return null;
}

function resolutionFromChoice(folded: string): 'refund' | 'exchange' | null {
  return resolutionFrom(folded) ?? (/\b(the first|first one|la prima|il primo)\b/.test(folded) ? 'refund' : /\b(the second|second one|la seconda|il secondo)\b/.test(folded) ? 'exchange' : null);
}

const SIZE_WORDS: Record<string, string> = { 'extra small': 'XS', small: 'S', medium: 'M', large: 'L', 'x large': 'XL', 'extra large': 'XL' };

/** A clothing or shoe size the message names ("L", "size 42", "la 44", "una M"). */
export function sizeIn(folded: string): string | null {
  const letter = /\b(xxs|xs|xxl|xxxl|3xl|xl)\b/.exec(folded) ?? /\b(?:size|taglia|in|an?|una|la|il|the|take|prendo|porto|wear|an|a|of|for|per|con|get|want|vorrei|voglio)\s+(s|m|l)\b/.exec(folded) ?? /^\W*(s|m|l)\W*$/.exec(folded);
  if (letter) return letter[1]!.toUpperCase().replace('3XL', 'XXXL');
  const word = /\b(?:size|taglia|in|an?|una|la|the|for|per|a)\s+(extra small|extra large|x large|small|medium|large)\b|^\W*(extra small|extra large|small|medium|large)\W*(then|please|pls|allora)?\W*$/.exec(folded);
  if (word) return SIZE_WORDS[(word[1] ?? word[2])!]!;
  const number = /\b(?:size|taglia|numero|in|la|il|the|a|an|una|un|eu|it|prendo|porto|wear|nella|nel|of|for|per|con|col|coi|al|have)\s*(\d{2}(?:[.,]5)?)\b/.exec(folded) ?? /^\W*(\d{2})\W*$/.exec(folded);
  if (number && Number(number[1]!.replace(',', '.')) >= 30 && Number(number[1]!.replace(',', '.')) <= 60) return number[1]!.replace(',', '.');
  return null;
}

/** A size given alone as the answer to "which size?": "43 please", "M thanks", "a 42 would be great". */
function sizeAnswer(folded: string): string | null {
  const words = folded.match(/[a-z0-9.,]+/g) ?? [];
  if (words.length > 6) return null;
  const number = /\b(\d{2}(?:[.,]5)?)\b/.exec(folded);
  if (number && Number(number[1]!.replace(',', '.')) >= 30 && Number(number[1]!.replace(',', '.')) <= 60) return number[1]!.replace(',', '.');
  const letter = /^\W*(s|m|l)\b/.exec(folded);
  return letter ? letter[1]!.toUpperCase() : null;
}

/**
 * The item of an exchange whose wanted size is sold out (or not made), with the sizes that are in
 * stock in its colour; null when it is available or the catalogue cannot tell (the team checks).
 */
async function sizeOutOfStock(items: OrderItem[], size: string, input: BotInput): Promise<{ name: string; others: string[] } | null> {
  if (!input.catalogue || !input.products) return null;
  for (const item of items) {
    const match = input.catalogue.find(item.name, 1)[0];
    if (!match || !match.head || match.score < 0.5) continue;
    let product;
    try {
      product = await input.products.getProduct(match.product.id);
    } catch {
      continue;
    }
    if (!product) continue;
    const itemWords = new Set(fold(item.name).match(/[a-z0-9]+/g) ?? []);
    const sizeOf = (v: (typeof product.variants)[number]) => Object.entries(v.options).find(([name]) => /^(size|taglia|misura|numero)$/i.test(name))?.[1] ?? null;
    const colourOk = (v: (typeof product.variants)[number]) =>
      Object.entries(v.options).every(([name, value]) => /^(size|taglia|misura|numero)$/i.test(name) || (fold(value).match(/[a-z0-9]+/g) ?? []).every((w) => itemWords.has(w)));
    const sameColour = product.variants.filter(colourOk);
    const variants = sameColour.length ? sameColour : product.variants;
    if (!variants.some((v) => sizeOf(v) !== null)) continue;
    const wanted = variants.filter((v) => fold(sizeOf(v) ?? '') === fold(size));
    if (wanted.some((v) => v.available)) continue;
    const others = [...new Set(variants.filter((v) => v.available && sizeOf(v)).map((v) => sizeOf(v)!))];
    return { name: item.name, others };
  }
  return null;
}

export function itemReplies(items: OrderItem[], locale: BotLocale): QuickReply[] {
  const p = PHRASEBOOK[locale];
  const list = items.map((i) => ({ label: i.name, value: i.name }));
  return items.length > 1 ? [...list, { label: p.allItems, value: locale === 'it' ? 'tutti' : 'all' }] : list;
}

const ITEM_STOPWORDS = new Set(['the', 'and', 'with', 'pack', 'pair', 'final', 'sale', 'white', 'grey', 'navy', 'brown', 'red', 'sand', 'print']);

/**
 * Items the message names: "all"/"tutti", positions ("1 and 3", when `byPosition`), or words of
 * the item names, in either language ("the scarf", "la sciarpa").
 */
const ALL_ITEMS = /\b(all|everything|both|all of (it|them)|the lot|the whole (order|thing)|tutti|tutto|tutte|entrambi|entrambe|ogni articolo|l intero ordine)\b/;

/** The offered order the shopper picked: a position ("the 2nd", "2"), or words of its items ("the one with the sneakers"). */
export function pickChoice(d: OrderDialogState, folded: string): string | null {
  const position = /^\W*(\d{1,2})\W*$|\b(?:the |il |l |la )?(\d{1,2})(?:st|nd|rd|th|o|a)?\b(?! ?(items?|articol))/.exec(folded);
  const index = position ? Number(position[1] ?? position[2]) - 1 : NaN;
  if (d.choices[index]) return d.choices[index]!;
  const byDate = pickByDate(d, folded);
  if (byDate) return byDate;
  const ordinal = /\b(first|primo|prima)\b/.test(folded) ? 0 : /\b(second|secondo|seconda)\b/.test(folded) ? 1 : /\b(third|terzo|terza)\b/.test(folded) ? 2 : /\b(last|ultimo|ultima)\b/.test(folded) ? d.choices.length - 1 : -1;
  if (ordinal >= 0 && d.choices[ordinal]) return d.choices[ordinal]!;
  const named = pickItems(folded, d.choices.map((number, i) => ({ id: number, sku: null, name: d.choiceItems?.[i] ?? '', quantity: 1, unitPriceCents: 0, tags: [] })), false);
  if (named.length === 1) return named[0]!.id;
  return named.length === 0 ? pickByStatus(d, folded) : null;
}

/** Where an order is, in the shopper's words ("the one arriving today", "quello già consegnato"), the statuses they mean, and whether any of them will do (not the first one an order has). */
const CHOICE_BY_STATUS: [RegExp, OrderStatus[], 'any'?][] = [
  // "The one that hasn't arrived yet": any order not delivered, when only one is.
  [/\b((has not|hasn t|have not|haven t|did not|didn t|not) (yet )?(arrived|come|been delivered|got here|turned up)|not (delivered|here) yet|still (on (its|the) way|coming|to come|waiting)|non (e |è |sono )?(ancora )?(arrivat\w*|consegnat\w*)|ancora in (arrivo|viaggio)|che (sto )?aspetto( ancora)?)\b/, ['paid', 'processing', 'shipped', 'out_for_delivery'], 'any'],
  [/\b(not (yet |been )?(shipped|sent|dispatched)|being (prepared|processed|packed)|still processing|processing|preparing|in lavorazione|in preparazione|non (e |sono )?(ancora )?(stat[oaie] )?(spedit\w*|partit\w*))\b/, ['paid', 'processing']],
  [/\b((arriving|coming|due|expected|arrives|out for delivery)( today)?|in consegna|(arriva|arrivera|dovrebbe arrivare|in arrivo) oggi)\b/, ['out_for_delivery', 'shipped']],
  [/\b(on (its|the) way|shipped|sent|dispatched|in transit|spedit\w*|partit\w*|in viaggio|in transito|in arrivo)\b/, ['shipped', 'out_for_delivery']],
  [/\b(delivered|arrived|received|came|consegnat\w*|arrivat\w*|ricevut\w*)\b/, ['delivered']],
];

function pickByStatus(d: OrderDialogState, said: string): string | null {
  const folded = said.replace(/['’]/g, ' ');
  const statuses = d.choiceStatuses;
  if (statuses?.length === d.choices.length) {
    for (const [words, wanted, anyOf] of CHOICE_BY_STATUS) {
      if (!words.test(folded)) continue;
      if (anyOf) {
        const open = d.choices.filter((_, i) => wanted.includes(statuses[i]!));
        return open.length === 1 ? open[0]! : null;
      }
      // The first status of the group that any offered order has: "arriving today" prefers an order out for delivery.
      for (const status of wanted) {
        const hits = d.choices.filter((_, i) => statuses[i] === status);
        if (hits.length === 1) return hits[0]!;
        if (hits.length > 1) return null;
      }
      return null;
    }
  }
  return null;
}

/** "The latest", "the first one I placed", "l'ultimo che ho fatto": an offered order by when it was placed. */
function pickByDate(d: OrderDialogState, folded: string): string | null {
  const placed = d.choicePlaced;
  if (placed?.length !== d.choices.length) return null;
  const byDate = d.choices.map((n, i) => ({ n, at: placed[i]! })).sort((a, b) => b.at.localeCompare(a.at));
  if (/\b(latest|newest|most recent|(the )?recent one|last (one )?(i|we) (placed|made|ordered|bought)|piu recente|(l )?ultimo (che )?(ho )?(fatto|ordinato|comprato)|l ultimo ordine)\b/.test(folded)) return byDate[0]!.n;
  if (/\b(oldest|older|earlier|earliest|first (one )?(i|we) (placed|made|ordered|bought)|piu vecchio|meno recente|precedente|(il )?primo (che )?(ho )?(fatto|ordinato|comprato))\b/.test(folded)) return byDate[byDate.length - 1]!.n;
  return null;
}

/** True when the message names one of the dialog's order items ("and the red dress?"). */
export function namesDialogItem(d: OrderDialogState, folded: string): boolean {
  if (!d.items?.length) return false;
  return pickItems(folded, d.items.map((i) => ({ ...i, sku: null, quantity: 1, unitPriceCents: 0, tags: [] })), false).length > 0 || ALL_ITEMS.test(folded);
}

function pickItems(folded: string, items: OrderItem[], byPosition: boolean): OrderItem[] {
  if (items.length === 0) return [];
  if (ALL_ITEMS.test(folded)) return items;
  const picked = new Set<OrderItem>();
  if (byPosition) {
    for (const m of folded.matchAll(/\b(\d{1,2})\b/g)) {
      const item = items[Number(m[1]) - 1];
      if (item) picked.add(item);
    }
  }
  const words = termsOf(folded);
  for (const item of items) if (named(words, item.name)) picked.add(item);
  return [...picked];
}

/** True when the message names one of these items by a word of its name, in either language ("i maglioni" for "Merino sweater"). */
export function namesItems(folded: string, names: readonly string[]): boolean {
  const words = termsOf(folded);
  return names.some((name) => named(words, name));
}

/** Whether the message's words (`termsOf`) hold a word of the item's name. */
function named(words: ReadonlySet<string>, name: string): boolean {
  const nameWords = (fold(name).match(/[a-z]{3,}/g) ?? []).filter((w) => !ITEM_STOPWORDS.has(w));
  return nameWords.some((w) => words.has(w) || words.has(singular(w)));
}

function reasonFromChoice(folded: string): ReturnReason | null {
  for (const [reason, re] of RETURN_REASONS) if (re.test(folded)) return reason;
  if (/\b(other|altro|else)\b/.test(folded)) return 'other';
  return null;
}
