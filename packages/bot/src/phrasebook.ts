import type { OrderStatus, QuickReply } from '@sportello/protocol';
import type { BotLocale, ReturnReason } from './model';
import type { SmalltalkTopic } from './understanding';
import type { UnsupportedKind } from './cue';

/**
 * Everything the bot says, in English and Italian. Sentences only state facts the bot has (an
 * order's data, the site's policy, an article's section); none of them invents a promise.
 */
/** What the bot says about products. Every fact in these sentences comes from the store's data. */
export interface ProductPhrases {
  notFound: (thing: string) => string;
  whichOne: string;
  cannotCheck: string;
  price: (title: string, price: string, maxPrice: string | null, wasPrice: string | null) => string;
  materials: (title: string, materials: string) => string;
  noMaterials: (title: string) => string;
  care: (title: string, care: string) => string;
  noCare: (title: string) => string;
  inStock: string;
  outOfStock: string;
  fewLeft: (n: number | null) => string;
  variantStock: (title: string, variant: string | null, state: string) => string;
  allOutOfStock: (title: string) => string;
  noneIn: (title: string, what: string) => string;
  availableIn: (title: string, what: string[]) => string;
  sizeInColours: (title: string, size: string, inStock: string[], out: string[]) => string;
  alsoInColours: (size: string, colours: string[]) => string;
  alsoInSizes: (colour: string, sizes: string[]) => string;
  doesNotComeIn: (title: string, what: string, values: string[]) => string;
  noSizeGuide: (title: string, sizes: string[]) => string;
  sizeFor: (title: string, measurements: string[], size: string, ranges: string) => string;
  sizeBetween: (title: string, measurements: string[], sizes: string[]) => string;
  usualSize: (title: string, size: string, ranges: string) => string;
  sizeGuide: (title: string, table: string) => string;
  askMeasurement: (measurements: string[]) => string;
  fit: (fit: string) => string;
  noFit: (title: string) => string;
  comesIn: (title: string) => string;
  optionValues: (option: string, inStock: string[], out: string[]) => string;
  oneVersion: (title: string) => string;
  kindList: (titles: string[]) => string;
  notReturnable: (title: string, why: string) => string;
}

export interface Phrasebook {
  product: ProductPhrases;
  smalltalk: Record<SmalltalkTopic, (siteName: string) => string>;
  outOfScope: string;
  steer: QuickReply[];
  notSure: string;
  notSureReplies: QuickReply[];
  kbFollowUpReplies: QuickReply[];
  askOrderNumber: (forReturn: boolean) => string;
  askEmail: (number: string) => string;
  askWhichOrder: (forReturn: boolean) => string;
  orderNotFound: string;
  needDetails: string;
  orderNotFoundRetry: string;
  orderNotFoundCustomer: string;
  noCustomerOrders: string;
  orderStatus: (number: string, status: OrderStatus, detail: { carrier: string | null; expected: string | null; delivered: string | null }) => string;
  statusLabel: Record<OrderStatus, string>;
  sourceError: string;
  askItems: (number: string) => string;
  allItems: string;
  itemsNotUnderstood: string;
  askReason: string;
  reasons: Record<ReturnReason, string>;
  notDelivered: (number: string, status: string) => string;
  outsideWindow: (days: number, deliveredOn: string) => string;
  nothingReturnable: string;
  nonReturnable: (names: string[]) => string;
  returnCreated: (reference: string, needsApproval: boolean) => string;
  returnNextSteps: (o: { needsApproval: boolean; labelByEmail: boolean; exchangeSize: string | null }) => string;
  returnSummary: (o: { orderNumber: string; items: string[]; reason: string; exchangeSize: string | null; needsApproval: boolean }) => string;
  returnNotCreated: string;
  askResolution: string;
  resolutionLabels: { refund: string; exchange: string };
  askExchangeSize: string;
  exchangeSizeUnavailable: (item: string, size: string, others: string[]) => string;
  refundInstead: string;
  askConfirmAgain: string;
  askOtherOrderNumber: string;
  trackingNumber: (number: string, carrier: string | null) => string;
  noTrackingYet: string;
  orderItems: (items: string[]) => string;
  offerResume: (kind: 'order_status' | 'return', orderNumber: string | null) => string;
  resumeDeclined: string;
  emailNoted: (email: string) => string;
  brokenEmail: string;
  list: (items: string[]) => string;
  /** Why a person is needed, for requests the bot cannot settle; the handoff sentence follows. */
  unsupported: Partial<Record<UnsupportedKind, string>>;
  handoff: Record<'requested' | 'frustration' | 'complaint' | 'low_confidence' | 'order_not_found' | 'order_source_error' | 'unsupported_request' | 'return' | 'default', string>;
  agentsOffline: (when: string | null) => string;
  askContactEmail: string;
  contactEmailThanks: (email: string) => string;
  dialogCancelled: string;
  formatDate: (iso: string, timeZone: string) => string;
}

const steerEn: QuickReply[] = [
  { label: 'Track my order', value: 'Track my order' },
  { label: 'Start a return', value: 'I want to return an item' },
  { label: 'Talk to a person', value: 'Talk to a person' },
];
const steerIt: QuickReply[] = [
  { label: 'Traccia il mio ordine', value: 'Dove è il mio ordine?' },
  { label: 'Fai un reso', value: 'Vorrei fare un reso' },
  { label: 'Parla con una persona', value: 'Vorrei parlare con un operatore' },
];

/** Intl formatters are costly to build (milliseconds): one per locale, zone and style. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = withTime
      ? { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone }
      : { weekday: 'long', day: 'numeric', month: 'long', timeZone };
    try {
      f = new Intl.DateTimeFormat(locale, options);
    } catch {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }); // an unknown zone
    }
    formatters.set(key, f);
  }
  return f;
}

function dateFormatter(locale: string) {
  return (iso: string, timeZone: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : formatter(locale, timeZone, false).format(date);
  };
}

function timeFormatter(locale: string) {
  return (iso: string, timeZone: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : formatter(locale, timeZone, true).format(date);
  };
}

const en: Phrasebook = {
  unsupported: {
    delivery_problem: "I'm sorry about the problem with your delivery: our team needs to look into it with the courier.",
    product_defect: "I'm sorry the item has a problem: our team needs to see it.",
    order_edit: "Changing an order that has been placed is done by our team.",
    payment_problem: "I'm sorry about the payment problem: I can't see payments, but our team can.",
    wholesale: 'Wholesale and business orders are handled by our team.',
    custom_work: 'Custom and made-to-measure requests are handled by our team.',
    stock: "I can't tell when an item will be back in stock; our team may know.",
    refund_dispute: 'Our team needs to check the refund with you.',
    price_match: 'Price questions like this are decided by our team.',
    site_problem: "I'm sorry the site is giving you trouble: our team needs to look at it.",
  },
  product: {
    notFound: (thing) => (thing ? `I can't find ${thing} in our catalogue, so I don't think we sell that. I can pass you to a person if you'd like to check.` : "I can't find that in our catalogue. I can pass you to a person if you'd like to check."),
    whichOne: 'Which one do you mean?',
    cannotCheck: "I can't check its stock right now; a person can, if you'd like.",
    price: (title, price, max, was) => `The ${title} costs ${max ? `from ${price} to ${max}` : price}${was ? ` (was ${was})` : ''}.`,
    materials: (title, materials) => `The ${title} is made of ${materials}.`,
    noMaterials: (title) => `I don't have the material of the ${title}; a person can check it for you.`,
    care: (title, care) => `Care for the ${title}: ${care}`,
    noCare: (title) => `I don't have the care instructions of the ${title}; a person can check them for you.`,
    inStock: 'in stock',
    outOfStock: 'out of stock at the moment',
    fewLeft: (n) => (n === 1 ? 'in stock (only 1 left)' : `in stock (only ${n} left)`),
    variantStock: (title, variant, state) => `The ${title}${variant ? ` in ${variant}` : ''} is ${state}.`,
    allOutOfStock: (title) => `The ${title} is out of stock at the moment in every size and colour.`,
    noneIn: (title, what) => `The ${title} is out of stock in ${what} at the moment.`,
    availableIn: (title, what) => `The ${title} is available in ${en.list(what)}.`,
    alsoInColours: (size, colours) => `In ${size} it is available in ${en.list(colours)}.`,
    sizeInColours: (title, size, inStock, out) =>
      `In size ${size} the ${title} is available in ${en.list(inStock)}${out.length ? `; ${en.list(out)} ${out.length > 1 ? 'are' : 'is'} out of stock` : ''}.`,
    alsoInSizes: (colour, sizes) => `In ${colour} it is available in ${en.list(sizes)}.`,
    doesNotComeIn: (title, what, values) => `The ${title} doesn't come in ${what}${values.length ? `: it comes in ${en.list(values)}` : ''}.`,
    noSizeGuide: (title, sizes) => `I don't have a size guide for the ${title}${sizes.length ? `; it comes in ${en.list(sizes)}` : ''}.`,
    sizeFor: (title, measurements, size, ranges) => `With ${en.list(measurements)}, size ${size} (${ranges}) is the one for you in the ${title}.`,
    sizeBetween: (title, measurements, sizes) => `With ${en.list(measurements)} you are between sizes ${sizes.join(' and ')} in the ${title}.`,
    usualSize: (title, size, ranges) => `In the ${title}, size ${size} is for ${ranges}.`,
    sizeGuide: (title, table) => `Size guide for the ${title}: ${table}.`,
    askMeasurement: (m) => `Tell me your ${en.list(m)} and I'll tell you which size to take.`,
    fit: (fit) => `It is a ${fit} fit.`,
    noFit: (title) => `I don't have the fit of the ${title}; its size guide is on the product page.`,
    comesIn: (title) => `The ${title} comes in:`,
    optionValues: (option, inStock, out) => `${option.toLowerCase()} ${en.list(inStock)}${out.length ? ` (${en.list(out)} out of stock)` : ''}.`,
    oneVersion: (title) => `The ${title} comes in one version only.`,
    kindList: (titles) => `We have ${en.list(titles)}.`,
    notReturnable: (title, why) => (why === 'final-sale' ? `The ${title} is a final-sale item, so it cannot be returned.` : `The ${title} cannot be returned under our policy (${why.replace(/-/g, ' ')}).`),
  },
  smalltalk: {
    greeting: (site) => `Hi! I'm the ${site} assistant. I can answer questions about shipping, returns, payments and your account, track an order or start a return. How can I help?`,
    how_are_you: () => "I'm doing well, thanks for asking! What can I help you with today?",
    thanks: () => "You're welcome! Is there anything else I can help you with?",
    goodbye: () => 'Thanks for stopping by. Have a lovely day!',
    bot: (site) => `I'm the ${site} virtual assistant, a bot. I can answer common questions, track orders and start returns, and I can pass you to a person whenever you like.`,
    name: (site) => `I'm the ${site} assistant, the shop's virtual helper.`,
    capabilities: () =>
      'I can answer questions about delivery, returns, payments, sizes, discount codes and your account, tell you where your order is, and start a return. For anything else I can put you in touch with a person.',
  },
  outOfScope: "Sorry, I can only help with questions about this shop: orders, delivery, returns, payments and your account. Is there something like that I can do for you?",
  steer: steerEn,
  notSure: "I'm not sure I have the right answer to that. Would you like to talk to a person, or try asking in a different way?",
  notSureReplies: [{ label: 'Talk to a person', value: 'Talk to a person' }, steerEn[0]!, steerEn[1]!],
  kbFollowUpReplies: [
    { label: 'Yes, thanks', value: 'Thanks' },
    { label: 'Talk to a person', value: 'Talk to a person' },
  ],
  askOrderNumber: (forReturn) =>
    forReturn ? "I can help you start a return. What's the order number? You'll find it in the order confirmation e-mail." : "I can check that for you. What's your order number? You'll find it in the order confirmation e-mail.",
  askEmail: (number) => `Thanks. To keep your details safe, what's the e-mail address used for order ${number}?`,
  askWhichOrder: (forReturn) => (forReturn ? 'Which order would you like to return items from?' : 'Which order would you like me to check?'),
  orderNotFound: "I couldn't find an order with that number and e-mail.",
  needDetails: "I need the order number and the order's e-mail to look it up, or I can pass you to a person.",
  orderNotFoundRetry: 'Please check both and send me the one that was wrong.',
  orderNotFoundCustomer: "I couldn't find an order with that number on your account. Please check the number and send it again.",
  noCustomerOrders: "I can't see any orders on your account yet. What's the order number?",
  orderStatus: (number, status, d) => {
    const carrier = d.carrier ? ` with ${d.carrier}` : '';
    switch (status) {
      case 'paid':
        return `Order ${number} is confirmed and paid. We're getting it ready${d.expected ? `; expected delivery ${d.expected}` : ''}.`;
      case 'processing':
        return `Order ${number} is being prepared in our warehouse${d.expected ? `; expected delivery ${d.expected}` : ''}. You'll get the tracking link by e-mail when it ships.`;
      case 'shipped':
        return `Order ${number} has shipped${carrier}${d.expected ? ` and is expected ${d.expected}` : ''}.`;
      case 'out_for_delivery':
        return `Order ${number} is out for delivery${carrier} and should arrive today.`;
      case 'delivered':
        return `Order ${number} was delivered${d.delivered ? ` on ${d.delivered}` : ''}.`;
      case 'cancelled':
        return `Order ${number} was cancelled.`;
      case 'returned':
        return `Order ${number} has been returned.`;
    }
  },
  statusLabel: { paid: 'Paid', processing: 'Processing', shipped: 'Shipped', out_for_delivery: 'Out for delivery', delivered: 'Delivered', cancelled: 'Cancelled', returned: 'Returned' },
  sourceError: "Sorry, I can't reach our order system right now, so I can't look that up.",
  askItems: (number) => `Which items from order ${number} would you like to return? Pick one or more, or reply "all".`,
  allItems: 'All items',
  itemsNotUnderstood: "Sorry, I didn't catch which items. Tap one of the buttons, or reply with the item numbers (e.g. 1 and 2) or \"all\".",
  askReason: "What's the reason for the return?",
  reasons: { wrong_size: 'Wrong size', damaged: 'Damaged or faulty', not_as_described: 'Not as described', changed_mind: 'Changed my mind', other: 'Other' },
  notDelivered: (number, status) => `Order ${number} is ${status.toLowerCase()}, so it can't be returned yet: returns start once an order has been delivered.`,
  outsideWindow: (days, deliveredOn) => `This order was delivered on ${deliveredOn}, more than ${days} days ago, so it's outside our ${days}-day return window.`,
  nothingReturnable: "None of the items in this order can be returned under our policy (for example underwear, swimwear, earrings and final-sale items).",
  nonReturnable: (names) => `These items can't be returned under our policy: ${names.join(', ')}.`,
  returnCreated: (reference, needsApproval) =>
    needsApproval ? `I've registered your return request ${reference}. Because of its value, a member of our team will approve it first.` : `Your return ${reference} is approved.`,
  returnNextSteps: ({ needsApproval, labelByEmail, exchangeSize }) => {
    const after = exchangeSize ? `We'll send size ${exchangeSize} once the return reaches us.` : "Your refund is issued once the return reaches us.";
    if (needsApproval) return labelByEmail ? `A member of our team will review the request and e-mail you the return label once it's approved. ${after}` : `A member of our team will review the request and tell you how to send the items back. ${after}`;
    return labelByEmail ? `You'll receive the return label by e-mail. Pack the items unworn with their tags attached. ${after}` : `We'll tell you how to send the items back. Pack them unworn with their tags attached. ${after}`;
  },
  returnSummary: ({ orderNumber, items, reason, exchangeSize, needsApproval }) =>
    `To confirm: a return of ${en.list(items)} from order ${orderNumber}, reason "${reason.toLowerCase()}", ${exchangeSize ? `in exchange for size ${exchangeSize}` : 'for a refund'}.${needsApproval ? ' Because of its value, a member of our team will approve it first.' : ''} Shall I go ahead?`,
  returnNotCreated: "OK, I haven't registered any return. Is there anything else I can do?",
  askResolution: 'Would you like a refund, or the same item in another size?',
  resolutionLabels: { refund: 'Refund', exchange: 'Another size' },
  askExchangeSize: 'Which size would you like instead?',
  exchangeSizeUnavailable: (item, size, others) =>
    `${item} in size ${size} is out of stock right now, so I can't promise that exchange.${others.length ? ` In stock: ${others.join(', ')}. Would you like one of those, or a refund instead?` : ' Would you like a refund instead?'}`,
  refundInstead: 'A refund instead',
  askConfirmAgain: 'Shall I register the return as summed up above?',
  askOtherOrderNumber: "What's the number of the order? You'll find it in the order confirmation e-mail.",
  trackingNumber: (number, carrier) => `The tracking number is ${number}${carrier ? ` (${carrier})` : ''}.`,
  noTrackingYet: "There's no tracking number yet: it comes with the shipping e-mail.",
  orderItems: (items) => `It contains ${en.list(items)}.`,
  offerResume: (kind, orderNumber) =>
    kind === 'return' ? `Shall we go on with the return${orderNumber ? ` for order ${orderNumber}` : ''}?` : `Shall we go back to order ${orderNumber ?? ''}?`.replace(' ?', '?'),
  resumeDeclined: 'No problem, I have left it there. What else can I do for you?',
  emailNoted: (email) => `Thanks, I've noted your e-mail address: ${email}.`,
  brokenEmail: "That e-mail address looks incomplete. Could you send it again in full (for example name@example.com)?",
  list: (items) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`),
  handoff: {
    requested: "Of course. I'm passing you to a member of our team, who will see this conversation.",
    frustration: "I'm sorry for the trouble. I'm passing you to a member of our team right away.",
    complaint: "I'm sorry to hear that. I'm passing you to a member of our team, who will look into it.",
    low_confidence: "I'm afraid I can't answer that properly, so I'm passing you to a member of our team.",
    order_not_found: "I still can't find that order, so I'm passing you to a member of our team who can look into it.",
    order_source_error: "I'm passing you to a member of our team, who can check it for you.",
    unsupported_request: "That's something a member of our team needs to handle, so I'm passing the conversation to them.",
    return: "A member of our team will take it from here.",
    default: "I'm passing you to a member of our team.",
  },
  agentsOffline: (when) => (when ? `Our team is offline right now; someone will reply from ${when}.` : 'Our team is offline right now; someone will reply as soon as they are back.'),
  askContactEmail: "What's your e-mail address, so we can reply even if you've left the chat?",
  contactEmailThanks: (email) => `Thanks! We'll reply to ${email}.`,
  dialogCancelled: 'No problem.',
  formatDate: dateFormatter('en-GB'),
};

const it: Phrasebook = {
  unsupported: {
    delivery_problem: 'Mi dispiace per il problema con la consegna: il nostro team deve verificarlo con il corriere.',
    product_defect: "Mi dispiace che l'articolo abbia un problema: il nostro team deve vederlo.",
    order_edit: 'Le modifiche a un ordine già fatto le gestisce il nostro team.',
    payment_problem: 'Mi dispiace per il problema con il pagamento: io non vedo i pagamenti, il nostro team sì.',
    wholesale: "Gli ordini all'ingrosso e per aziende li gestisce il nostro team.",
    custom_work: 'Le richieste personalizzate e su misura le gestisce il nostro team.',
    stock: 'Non so dirti quando un articolo tornerà disponibile; il nostro team potrebbe saperlo.',
    refund_dispute: 'Il nostro team deve verificare il rimborso con te.',
    price_match: 'Su richieste di prezzo come questa decide il nostro team.',
    site_problem: 'Mi dispiace che il sito ti dia problemi: il nostro team deve controllare.',
  },
  product: {
    notFound: (thing) => (thing ? `Non trovo ${thing} nel nostro catalogo, quindi credo che non lo vendiamo. Se vuoi, ti passo a una persona per verificare.` : 'Non lo trovo nel nostro catalogo. Se vuoi, ti passo a una persona per verificare.'),
    whichOne: 'Quale intendi?',
    cannotCheck: 'In questo momento non riesco a controllare la disponibilità; se vuoi, può farlo una persona.',
    price: (title, price, max, was) => `${title} costa ${max ? `da ${price} a ${max}` : price}${was ? ` (prima ${was})` : ''}.`,
    materials: (title, materials) => `Composizione di ${title}: ${materials}.`,
    noMaterials: (title) => `Non ho la composizione di ${title}; può verificarla una persona.`,
    care: (title, care) => `Manutenzione di ${title}: ${care}`,
    noCare: (title) => `Non ho le istruzioni di lavaggio di ${title}; può verificarle una persona.`,
    inStock: 'disponibile',
    outOfStock: 'esaurito al momento',
    fewLeft: (n) => (n === 1 ? "disponibile (ne resta solo 1)" : `disponibile (ne restano solo ${n})`),
    variantStock: (title, variant, state) => `${title}${variant ? ` in ${variant}` : ''} è ${state}.`,
    allOutOfStock: (title) => `${title} al momento è esaurito in tutte le taglie e i colori.`,
    noneIn: (title, what) => `${title} al momento è esaurito in ${what}.`,
    availableIn: (title, what) => `${title} è disponibile in ${it.list(what)}.`,
    alsoInColours: (size, colours) => `In ${size} è disponibile in ${it.list(colours)}.`,
    sizeInColours: (title, size, inStock, out) => `In taglia ${size}, ${title} è disponibile in ${it.list(inStock)}${out.length ? `; in ${it.list(out)} è esaurito` : ''}.`,
    alsoInSizes: (colour, sizes) => `In ${colour} è disponibile in ${it.list(sizes)}.`,
    doesNotComeIn: (title, what, values) => `${title} non esiste in ${what}${values.length ? `: c'è in ${it.list(values)}` : ''}.`,
    noSizeGuide: (title, sizes) => `Non ho una guida alle taglie per ${title}${sizes.length ? `; le taglie sono ${it.list(sizes)}` : ''}.`,
    sizeFor: (title, measurements, size, ranges) => `Con ${it.list(measurements)}, per ${title} la taglia giusta è la ${size} (${ranges}).`,
    sizeBetween: (title, measurements, sizes) => `Con ${it.list(measurements)} sei tra la taglia ${sizes.join(' e la ')} di ${title}.`,
    usualSize: (title, size, ranges) => `Per ${title}, la taglia ${size} corrisponde a ${ranges}.`,
    sizeGuide: (title, table) => `Guida alle taglie di ${title}: ${table}.`,
    askMeasurement: (m) => `Dimmi le tue misure (${it.list(m)}) e ti dico quale taglia prendere.`,
    fit: (fit) => `La vestibilità è ${fit === 'regular' ? 'regular (regolare)' : fit === 'oversized' ? 'oversized (ampia)' : fit}.`,
    noFit: (title) => `Non ho la vestibilità di ${title}; la guida alle taglie è nella pagina del prodotto.`,
    comesIn: (title) => `${title} è disponibile in:`,
    optionValues: (option, inStock, out) => `${/colou?r/i.test(option) ? 'colori' : /size/i.test(option) ? 'taglie' : option.toLowerCase()} ${it.list(inStock)}${out.length ? ` (esaurit${out.length > 1 ? 'i' : 'o'}: ${it.list(out)})` : ''}.`,
    oneVersion: (title) => `${title} esiste in una sola versione.`,
    kindList: (titles) => `Abbiamo ${it.list(titles)}.`,
    notReturnable: (title, why) => (why === 'final-sale' ? `${title} è un articolo final sale, quindi non si può restituire.` : `${title} non si può restituire secondo la nostra politica (${why.replace(/-/g, ' ')}).`),
  },
  smalltalk: {
    greeting: (site) => `Ciao! Sono l'assistente di ${site}. Posso rispondere a domande su spedizioni, resi, pagamenti e account, dirti dov'è il tuo ordine o aprire un reso. Come posso aiutarti?`,
    how_are_you: () => 'Tutto bene, grazie! Come posso aiutarti oggi?',
    thanks: () => 'Figurati! Posso aiutarti in qualcos\'altro?',
    goodbye: () => 'Grazie per averci scritto. Buona giornata!',
    bot: (site) => `Sono l'assistente virtuale di ${site}, un bot. Rispondo alle domande più comuni, traccio gli ordini e apro i resi, e posso passarti a una persona quando vuoi.`,
    name: (site) => `Sono l'assistente di ${site}, l'aiutante virtuale del negozio.`,
    capabilities: () =>
      'Posso rispondere a domande su spedizioni, resi, pagamenti, taglie, codici sconto e account, dirti a che punto è il tuo ordine e aprire un reso. Per tutto il resto posso metterti in contatto con una persona.',
  },
  outOfScope: 'Mi dispiace, posso aiutarti solo con domande su questo negozio: ordini, spedizioni, resi, pagamenti e account. Posso fare qualcosa del genere per te?',
  steer: steerIt,
  notSure: 'Non sono sicuro di avere la risposta giusta. Vuoi parlare con una persona, o provare a chiedermelo in un altro modo?',
  notSureReplies: [{ label: 'Parla con una persona', value: 'Vorrei parlare con un operatore' }, steerIt[0]!, steerIt[1]!],
  kbFollowUpReplies: [
    { label: 'Sì, grazie', value: 'Grazie' },
    { label: 'Parla con una persona', value: 'Vorrei parlare con un operatore' },
  ],
  askOrderNumber: (forReturn) =>
    forReturn ? 'Ti aiuto ad aprire il reso. Qual è il numero dell\'ordine? Lo trovi nell\'e-mail di conferma.' : 'Lo controllo subito. Qual è il numero dell\'ordine? Lo trovi nell\'e-mail di conferma.',
  askEmail: (number) => `Grazie. Per proteggere i tuoi dati, qual è l'indirizzo e-mail usato per l'ordine ${number}?`,
  askWhichOrder: (forReturn) => (forReturn ? 'Di quale ordine vuoi restituire degli articoli?' : 'Quale ordine vuoi che controlli?'),
  orderNotFound: 'Non ho trovato un ordine con questo numero e questa e-mail.',
  needDetails: "Per cercarlo mi servono il numero dell'ordine e l'e-mail dell'ordine, oppure posso passarti a una persona.",
  orderNotFoundRetry: 'Controlla entrambi e mandami quello sbagliato.',
  orderNotFoundCustomer: 'Non ho trovato un ordine con questo numero nel tuo account. Controlla il numero e mandamelo di nuovo.',
  noCustomerOrders: 'Non vedo ancora ordini nel tuo account. Qual è il numero dell\'ordine?',
  orderStatus: (number, status, d) => {
    const carrier = d.carrier ? ` con ${d.carrier}` : '';
    switch (status) {
      case 'paid':
        return `L'ordine ${number} è confermato e pagato. Lo stiamo preparando${d.expected ? `; consegna prevista ${d.expected}` : ''}.`;
      case 'processing':
        return `L'ordine ${number} è in lavorazione nel nostro magazzino${d.expected ? `; consegna prevista ${d.expected}` : ''}. Riceverai il link di tracking per e-mail alla spedizione.`;
      case 'shipped':
        return `L'ordine ${number} è stato spedito${carrier}${d.expected ? `; consegna prevista ${d.expected}` : ''}.`;
      case 'out_for_delivery':
        return `L'ordine ${number} è in consegna${carrier} e dovrebbe arrivare oggi.`;
      case 'delivered':
        return `L'ordine ${number} è stato consegnato${d.delivered ? ` ${d.delivered}` : ''}.`;
      case 'cancelled':
        return `L'ordine ${number} è stato annullato.`;
      case 'returned':
        return `L'ordine ${number} è stato restituito.`;
    }
  },
  statusLabel: { paid: 'Pagato', processing: 'In lavorazione', shipped: 'Spedito', out_for_delivery: 'In consegna', delivered: 'Consegnato', cancelled: 'Annullato', returned: 'Restituito' },
  sourceError: 'Mi dispiace, in questo momento non riesco a raggiungere il sistema degli ordini, quindi non posso controllare.',
  askItems: (number) => `Quali articoli dell'ordine ${number} vuoi restituire? Scegline uno o più, oppure rispondi "tutti".`,
  allItems: 'Tutti gli articoli',
  itemsNotUnderstood: 'Scusa, non ho capito quali articoli. Tocca uno dei pulsanti, oppure rispondi con i numeri degli articoli (es. 1 e 2) o "tutti".',
  askReason: 'Qual è il motivo del reso?',
  reasons: { wrong_size: 'Taglia sbagliata', damaged: 'Danneggiato o difettoso', not_as_described: 'Diverso dalla descrizione', changed_mind: 'Ho cambiato idea', other: 'Altro' },
  notDelivered: (number, status) => `L'ordine ${number} risulta "${status.toLowerCase()}", quindi non si può ancora restituire: il reso si apre dopo la consegna.`,
  outsideWindow: (days, deliveredOn) => `Questo ordine è stato consegnato ${deliveredOn}, più di ${days} giorni fa, quindi è fuori dal periodo di reso di ${days} giorni.`,
  nothingReturnable: 'Nessun articolo di questo ordine si può restituire secondo la nostra politica (per esempio intimo, costumi da bagno, orecchini e articoli "final sale").',
  nonReturnable: (names) => `Questi articoli non si possono restituire secondo la nostra politica: ${names.join(', ')}.`,
  returnCreated: (reference, needsApproval) =>
    needsApproval ? `Ho registrato la tua richiesta di reso ${reference}. Dato il valore, un membro del nostro team deve prima approvarla.` : `Il tuo reso ${reference} è approvato.`,
  returnNextSteps: ({ needsApproval, labelByEmail, exchangeSize }) => {
    const after = exchangeSize ? `Ti spediremo la taglia ${exchangeSize} quando il reso arriva da noi.` : 'Il rimborso parte quando il reso arriva da noi.';
    if (needsApproval) return labelByEmail ? `Un membro del nostro team esaminerà la richiesta e dopo l'approvazione ti manderà l'etichetta di reso per e-mail. ${after}` : `Un membro del nostro team esaminerà la richiesta e ti dirà come rispedire gli articoli. ${after}`;
    return labelByEmail ? `Riceverai l'etichetta di reso per e-mail. Imballa gli articoli non indossati e con le etichette. ${after}` : `Ti diremo come rispedire gli articoli. Imballali non indossati e con le etichette. ${after}`;
  },
  returnSummary: ({ orderNumber, items, reason, exchangeSize, needsApproval }) =>
    `Ricapitolando: reso di ${it.list(items)} dell'ordine ${orderNumber}, motivo "${reason.toLowerCase()}", ${exchangeSize ? `in cambio della taglia ${exchangeSize}` : 'con rimborso'}.${needsApproval ? ' Dato il valore, un membro del nostro team deve prima approvarlo.' : ''} Procedo?`,
  returnNotCreated: 'Va bene, non ho registrato nessun reso. Posso aiutarti in altro?',
  askResolution: 'Preferisci il rimborso o lo stesso articolo in un\'altra taglia?',
  resolutionLabels: { refund: 'Rimborso', exchange: 'Altra taglia' },
  askExchangeSize: 'Quale taglia vorresti al suo posto?',
  exchangeSizeUnavailable: (item, size, others) =>
    `La taglia ${size} di ${item} al momento non è disponibile (esaurita), quindi non posso prometterti il cambio.${others.length ? ` Disponibili: ${others.join(', ')}. Vuoi una di queste, o preferisci il rimborso?` : ' Preferisci il rimborso?'}`,
  refundInstead: 'Preferisco il rimborso',
  askConfirmAgain: 'Registro il reso come riassunto sopra?',
  askOtherOrderNumber: "Qual è il numero dell'ordine? Lo trovi nell'e-mail di conferma.",
  trackingNumber: (number, carrier) => `Il numero di tracking è ${number}${carrier ? ` (${carrier})` : ''}.`,
  noTrackingYet: "Il numero di tracking non c'è ancora: arriva con l'e-mail di spedizione.",
  orderItems: (items) => `Contiene ${it.list(items)}.`,
  offerResume: (kind, orderNumber) =>
    kind === 'return' ? `Vuoi che continuiamo con il reso${orderNumber ? ` dell'ordine ${orderNumber}` : ''}?` : `Torniamo all'ordine ${orderNumber ?? ''}?`.replace(' ?', '?'),
  resumeDeclined: 'Nessun problema, lo lasciamo lì. Cos\'altro posso fare per te?',
  emailNoted: (email) => `Grazie, ho preso nota del tuo indirizzo e-mail: ${email}.`,
  brokenEmail: "L'indirizzo e-mail sembra incompleto. Puoi mandarmelo di nuovo per intero (per esempio nome@esempio.it)?",
  list: (items) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} e ${items[items.length - 1]}`),
  handoff: {
    requested: 'Certo. Ti passo a un membro del nostro team, che vedrà questa conversazione.',
    frustration: 'Mi dispiace per il disagio. Ti passo subito a un membro del nostro team.',
    complaint: 'Mi dispiace. Ti passo a un membro del nostro team, che se ne occuperà.',
    low_confidence: 'Purtroppo non riesco a risponderti bene, quindi ti passo a un membro del nostro team.',
    order_not_found: 'Non riesco ancora a trovare quell\'ordine, quindi ti passo a un membro del nostro team che potrà verificare.',
    order_source_error: 'Ti passo a un membro del nostro team, che potrà controllare per te.',
    unsupported_request: 'Di questo deve occuparsi un membro del nostro team, quindi gli passo la conversazione.',
    return: 'Da qui se ne occuperà un membro del nostro team.',
    default: 'Ti passo a un membro del nostro team.',
  },
  agentsOffline: (when) => (when ? `Il nostro team in questo momento non è online; ti risponderemo da ${when}.` : 'Il nostro team in questo momento non è online; ti risponderemo appena possibile.'),
  askContactEmail: 'Qual è il tuo indirizzo e-mail, così possiamo risponderti anche se chiudi la chat?',
  contactEmailThanks: (email) => `Grazie! Ti risponderemo a ${email}.`,
  dialogCancelled: 'Nessun problema.',
  formatDate: dateFormatter('it-IT'),
};

export const PHRASEBOOK: Record<BotLocale, Phrasebook> = { en, it };

/** A date and time for "we'll be back from …". */
export function formatOpening(iso: string, locale: BotLocale, timeZone: string): string {
  return timeFormatter(locale === 'it' ? 'it-IT' : 'en-GB')(iso, timeZone);
}
