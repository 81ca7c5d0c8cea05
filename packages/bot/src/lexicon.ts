/**
 * Word lists the understanding step relies on: function words that tell English from Italian,
 * words that carry no topic (dropped before retrieval), shorthand and frequent misspellings, and a
 * base vocabulary for the spelling corrector. Lists, not rules: extend them freely.
 */

/** Frequent English words that are not Italian words. */
export const ENGLISH_MARKERS = new Set(
  (
    'the a an and or of to in on at for with from by is are was were be been am do does did done have has had ' +
    'i you he she we they it my your our their me us them this that these those what which who whom where when why how ' +
    'can could would should will shall may might must not no yes please thanks thank hello hi hey bye ' +
    'want need help get got see check know find order orders purchase package parcel delivery shipping ship ' +
    'return refund money invoice bill address size sizes there here about some any if than then ' +
    'just also only very much many more most still yet ever never always again up down out over into ' +
    'long soon far going gonna wanna try trying like would love tell give show make take send sent'
  ).split(' '),
);

/** Frequent Italian words that are not English words. */
export const ITALIAN_MARKERS = new Set(
  (
    'il lo la i gli le un uno una di a da in con su per tra fra e ed o ma se che chi cui non si ci ne mi ti vi ' +
    'del della dello dei degli delle al alla allo ai agli alle dal dalla dai nel nella nei nelle sul sulla ' +
    'sono sei è e siamo siete ho hai ha abbiamo avete hanno essere avere fare posso puoi può possiamo potete ' +
    'voglio vorrei vorrebbe devo deve dove quando come perché perche cosa quale quali quanto quanta quanti ' +
    'mio mia miei mie tuo tua vostro vostra nostro nostra questo questa quello quella ' +
    'ordine ordini pacco spedizione spedite consegna reso resi rimborso pagamento fattura ricevuta indirizzo taglia ' +
    'grazie ciao buongiorno buonasera salve arrivederci prego scusa scusate aiuto ancora già gia anche molto ' +
    'tempo giorni oggi domani ieri subito sempre mai più piu meno solo tutto tutti niente nessuno qualcuno ' +
    'sul sulla numero stato arriva arrivato spedito vostro vostra potete fate avete sapere operatore operatrice umano ' +
    'persona aiutatemi aiutami resi sconto codice taglie consegne spedizioni pagamenti ordinato'
  ).split(' '),
);

/** Words that say nothing about which article answers ("I need help checking…"). */
export const STOPWORDS = {
  en: new Set(
    (
      'a an the and or but of to in on at for with from by about as into onto is are was were be been being am ' +
      'do does did doing done have has had having i me my mine myself you your yours u ur ya we us our they them their ' +
      'he she him her his it its this that these those there here what which who whom whose where when why how ' +
      'can could would should will shall may might must not no yes please pls thanks thank hi hello hey ' +
      'want wanna need needs help helping assistance assist support supports get getting got gotta see seeing look looking check checking ' +
      'know tell show find locate trying try tried like id im ive dont cant do some any just also only very really ' +
      'so if then than too again still yet now way ways some thing things stuff something anything info information ' +
      'let lets give question questions problem problems issue issues trouble troubles damn bloody goddamn fucking fuck shit hell ' +
      'make made quick quickly kind sort lot lots well ok okay one typical typically usual usually normally generally average roughly approximately'
    ).split(' '),
  ),
  it: new Set(
    (
      'il lo la i gli le l un uno una un di da in con su per tra fra e ed o ma se che chi cui non si ci ne mi ti vi ' +
      'del della dello dei degli delle al alla allo ai agli alle dal dalla dai dagli dalle nel nella nello nei negli nelle ' +
      'sul sulla sullo sui sugli sulle col coi sono sei e siamo siete ho hai ha abbiamo avete hanno essere avere fare ' +
      'fa faccio fate posso puoi puo possiamo potete voglio vorrei vorremmo devo deve dobbiamo dovete ' +
      'come cosa quale quali chi perche perché mio mia miei mie tuo tua tuoi tue suo sua vostro vostra vostri vostre ' +
      'nostro nostra questo questa questi queste quello quella quelli quelle ' +
      'grazie ciao per favore prego aiuto aiutare aiutarmi sapere vedere capire dire dirmi ditemi dimmi mi potete ' +
      'info informazioni domanda problema cosa tipo anche gia già ancora solo molto poco po qui qua li la ' +
      'buongiorno buonasera salve x ok okay cioe ecc solito solitamente normalmente genere generalmente circa'
    ).split(' '),
  ),
};

/**
 * Shorthand, chat spelling and misspellings that a one-edit corrector cannot fix (too short, or
 * two edits away). Keys and values are folded (lowercase, no accents).
 */
export const REWRITES: Record<string, string> = {
  u: 'you',
  ur: 'your',
  ya: 'you',
  yu: 'you',
  r: 'are',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  thnx: 'thanks',
  ty: 'thank you',
  wanna: 'want to',
  gonna: 'going to',
  gotta: 'have to',
  wnt: 'want',
  wat: 'what',
  wht: 'what',
  lon: 'long',
  helo: 'hello',
  hii: 'hi',
  yr: 'your',
  abt: 'about',
  oder: 'order',
  ordr: 'order',
  shpi: 'ship',
  pwd: 'password',
  pw: 'password',
  passwd: 'password',
  pswd: 'password',
  acct: 'account',
  addr: 'address',
  asap: 'soon',
  fe: 'fee',
  ive: 'i have',
  im: 'i am',
  dont: 'do not',
  cant: 'can not',
  cannot: 'can not',
  ad: 'add',
  wont: 'will not',
  didnt: 'did not',
  doesnt: 'does not',
  isnt: 'is not',
  havent: 'have not',
  hasnt: 'has not',
  whats: 'what is',
  wheres: 'where is',
  hows: 'how is',
  thats: 'that is',
  // Italian chat spelling.
  nn: 'non',
  xke: 'perche',
  xche: 'perche',
  cmq: 'comunque',
  ke: 'che',
  qlc: 'qualcosa',
  qlcn: 'qualcuno',
  grz: 'grazie',
  spediz: 'spedizione',
  sped: 'spedizione',
  vorei: 'vorrei',
  qunado: 'quando',
  qnd: 'quando',
  cm: 'come',
  tt: 'tutto',
  nr: 'numero',
  num: 'numero',
  n: 'numero',
};

/**
 * Contractions folded before tokenising (the apostrophe is dropped by then). English only: in
 * Italian the apostrophe separates an article ("l'ordine") and becomes a space.
 */
export const CONTRACTIONS: [RegExp, string][] = [
  [/\b(can)'?t\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\b(\w+)n't\b/g, '$1 not'],
  [/\b(i)'m\b/g, 'i am'],
  [/\b(\w+)'ve\b/g, '$1 have'],
  [/\b(\w+)'ll\b/g, '$1 will'],
  [/\b(i|you|we|they|he|she)'d\b/g, '$1 would'],
  [/\b(what|where|how|who|it|that|there|when|why)'s\b/g, '$1 is'],
  [/\b(\w+)'s\b/g, '$1 s'],
  [/\b(you|we|they)'re\b/g, '$1 are'],
];

/**
 * Base vocabulary of the spelling corrector, most useful first. The knowledge base's own words
 * are added on top when an index is built.
 */
export const BASE_VOCABULARY: string[] = (
  'order orders purchase purchases package packages parcel parcels delivery deliveries deliver delivered shipping ship ' +
  'shipped shipment shipments track tracking status arrive arrived arrival expect locate location where when ' +
  'return returns returned refund refunds reimbursement reimbursements reimburse compensation compensations rebate ' +
  'rebates restitution money back policy guarantee warranty defect defective faulty broken damaged ' +
  'cancel cancelled canceled cancelling canceling cancellation penalty penalties charge charges charged fee fees ' +
  'password account profile login sign register create standard free subscription newsletter unsubscribe subscribe ' +
  'invoice invoices bill bills receipt receipts address addresses shipping secondary update change changes edit ' +
  'payment payments methods method options option modalities available accepted allowed card cards paypal ' +
  'discount discounts code codes coupon coupons promo voucher student size sizes sizing measure measurements fit ' +
  'help assistance need want know check see find trying problem problems issue issues trouble troubles error errors ' +
  'agent agents operator operators human person people somebody someone representative manager supervisor ' +
  'complaint complaints claim claims reclamation lodge consumer customer service chat speak talk contact ' +
  'hello thanks thank goodbye please item items article articles product products clothes shirt dress ' +
  'shoes boots trainers jacket coat sweater jeans trousers linen scarf sneakers loafers ' +
  'would could should where which what there their about information question delivery period periods ' +
  'assistance situations situations circumstances cases case possible place country countries international ' +
  'goddamn fucking bloody damn shit crap stupid useless ridiculous unacceptable terrible awful ' +
  'ordine ordini acquisto acquisti pacco pacchi spedizione spedizioni spedire spedito spedita consegna consegne ' +
  'consegnato corriere tracciamento tracking stato arriva arrivato arrivata quando dove reso resi restituire ' +
  'rimborso rimborsi rimborsare annullare annullamento cancellare cancellato pagamento pagamenti fattura fatture ' +
  'ricevuta scontrino indirizzo indirizzi taglia taglie misure garanzia difetto difettoso rotto sconto sconti ' +
  'codice coupon buono newsletter iscrizione disiscrivere registrazione password account profilo ' +
  'operatore operatori persona umano qualcuno assistenza servizio clienti parlare reclamo lamentela ' +
  'vorrei voglio potete posso grazie buongiorno buonasera salve arrivederci quanto tempo giorni settimana ' +
  'problema errore funziona bloccato scaduto dimenticato ricevuto ordinato acquistato spedite consegnate ' +
  // Frequent everyday words, so the corrector never turns one into another ("metto" → "meteo").
  'metto metti mette mettete mettere messo faccio fai fa fanno fate fare fatto vado vai va andare prendo prendi prende ' +
  'prendere preso vedo vedi vede vedere visto dico dici dice dire detto do dai danno dare dato so sai sa sapere ' +
  'posso puoi puo potete possono devo devi deve dovete devono voglio vuoi vuole volete vogliono vorrei serve servono ' +
  'trovo trovi trova trovare cerco cerca cercare arriva arrivano arrivare arrivato parte partono partire ' +
  'mando mandi manda mandate mandare chiedo chiede chiedere chiesto scrivo scrive scrivere scritto leggo leggere ' +
  'metterlo metterla usare uso usato provo provato pago paghi paga pagate pagare pagato ricevo ricevere ' +
  'cambio cambiare cambiato aspetto aspettare aspettando tempo ora ore oggi ieri domani sempre ancora adesso subito ' +
  'casa lavoro mamma papa figlia figlio marito moglie amico amica sorella fratello regalo settimana mese anno ' +
  'lunedi martedi mercoledi giovedi venerdi sabato domenica mattina sera notte grazie prego scusa ' +
  'thing things time today tomorrow yesterday week month year home work put puts putting take takes taking took ' +
  'give gives gave make makes made find found look looks looked need needs needed want wants wanted said says ' +
  'tell told ask asked asking send sends sent bring brought keep kept wait waiting waited came come comes ' +
  'going went gone still already again please sorry thanks friend mother father sister brother wife husband ' +
  'perso persa persi perse rotto rotta rotti rotte strappato macchiato bucato usato nuovo nuova vecchio grande piccolo ' +
  'lungo corto stretto largo bello brutto caro costoso economico gratis gratuito pagato preso presa broke broken covered'
).split(' ');

/**
 * Words that mean the same thing to the knowledge base, mapped to one spelling before stemming,
 * for queries and articles alike ("rebate", "reimbursement" → "refund"; "pwd" → "password").
 */
export const SYNONYMS: Record<'en' | 'it', Record<string, string>> = {
  en: {
    reimbursement: 'refund', reimbursements: 'refund', reimburse: 'refund', reimbursed: 'refund', reimbursing: 'refund',
    rebate: 'refund', rebates: 'refund', rebating: 'refund', compensation: 'refund', compensations: 'refund',
    restitution: 'refund', refunds: 'refund', refunded: 'refund', refunding: 'refund',
    pass: 'password', passcode: 'password', pin: 'password', key: 'password', credentials: 'password',
    bill: 'invoice', bills: 'invoice',
    coupon: 'discount', coupons: 'discount', promo: 'discount', voucher: 'discount', vouchers: 'discount', promotional: 'discount',
    modality: 'method', modalities: 'method', methods: 'method', ways: 'method', options: 'method', option: 'method',
    shipment: 'delivery', shipments: 'delivery', shipping: 'delivery', ship: 'delivery', ships: 'delivery', shipped: 'delivery',
    deliveries: 'delivery', deliver: 'delivery', delivered: 'delivery', delivering: 'delivery', postage: 'delivery',
    package: 'parcel', packages: 'parcel', parcels: 'parcel',
    purchase: 'order', purchases: 'order', purchased: 'order', ordered: 'order', ordering: 'order',
    cancellation: 'cancel', cancelling: 'cancel', canceling: 'cancel', cancelled: 'cancel', canceled: 'cancel', cancellations: 'cancel',
    subscription: 'subscribe', subscribing: 'subscribe', unsubscribing: 'unsubscribe',
    period: 'time', periods: 'time', eta: 'time', duration: 'time', soon: 'time',
    abroad: 'international', overseas: 'international', worldwide: 'international', foreign: 'international',
    fee: 'charge', fees: 'charge', penalty: 'charge', penalties: 'charge', charges: 'charge', cost: 'charge', costs: 'charge',
    sizes: 'size', sizing: 'size',
    trainers: 'shoes', sneakers: 'shoes', boots: 'shoes', footwear: 'shoes',
    email: 'mail', emails: 'mail',
    restore: 'reset', restoring: 'reset', recover: 'reset', recovering: 'reset', retrieve: 'reset', retrieving: 'reset', recovery: 'reset',
    arrival: 'arrive', arrives: 'arrive', arriving: 'arrive', arrived: 'arrive',
    mum: 'person', mom: 'person', mother: 'person', dad: 'person', father: 'person', daughter: 'person', son: 'person', wife: 'person',
    husband: 'person', friend: 'person', bride: 'person', sister: 'person', brother: 'person', child: 'person', kid: 'person', someone: 'person', somebody: 'person',
    carrier: 'courier', carriers: 'courier', couriers: 'courier', companies: 'courier',
    forgotten: 'forgot', remember: 'forgot', recall: 'forgot', blocked: 'locked', block: 'locked',
    registration: 'register', registering: 'register', registered: 'register', signup: 'register', forget: 'forgot', lost: 'forgot',
    capitals: 'case', capital: 'case', uppercase: 'case', lowercase: 'case', caps: 'case', sensitive: 'case',
    expiry: 'expire', expires: 'expire', expired: 'expire', expiring: 'expire', valid: 'expire', validity: 'expire',
  },
  it: {
    pass: 'password', psw: 'password', scordati: 'dimenticata',
    restituire: 'reso', restituirlo: 'reso', restituirla: 'reso', restituirle: 'reso', restituirli: 'reso', restituzione: 'reso',
    rendere: 'reso', renderlo: 'reso', renderla: 'reso', rendo: 'reso', resi: 'reso',
    rimborsi: 'rimborso', rimborsare: 'rimborso', rimborsato: 'rimborso', soldi: 'rimborso',
    spedizioni: 'spedizione', spedire: 'spedizione', spedite: 'spedizione', spedito: 'spedizione', spedita: 'spedizione',
    consegna: 'spedizione', consegne: 'spedizione', consegnare: 'spedizione', consegnate: 'spedizione', consegnato: 'spedizione',
    pacchi: 'pacco', collo: 'pacco',
    annullare: 'annullamento', annullo: 'annullamento', annullato: 'annullamento', cancellare: 'annullamento', cancellate: 'annullamento', cancellato: 'annullamento', cancellarlo: 'annullamento', annullarlo: 'annullamento',
    coupon: 'sconto', promo: 'sconto', codice: 'codice', buono: 'sconto',
    pw: 'password', pwd: 'password', parola: 'password',
    perso: 'dimenticata', persa: 'dimenticata', scordato: 'dimenticata', scordata: 'dimenticata', dimenticato: 'dimenticata', dimenticate: 'dimenticata',
    recupero: 'reimpostare', recuperare: 'reimpostare', ripristinare: 'reimpostare', resettare: 'reimpostare', reset: 'reimpostare',
    disiscrivo: 'disiscrizione', disiscrivere: 'disiscrizione', disiscriversi: 'disiscrizione', cancellarsi: 'disiscrizione',
    iscrivo: 'iscrizione', iscriversi: 'iscrizione', registrarsi: 'registrazione', registrata: 'registrazione', registrato: 'registrazione', registrarmi: 'registrazione',
    mail: 'email', 'e-mail': 'email',
    costo: 'costi', costa: 'costi', spese: 'costi', prezzo: 'costi', penale: 'costi',
    estero: 'estero', internazionale: 'estero', internazionali: 'estero',
    taglie: 'taglia', misura: 'taglia',
    metodo: 'modalita', metodi: 'modalita', opzioni: 'modalita', opzione: 'modalita', modi: 'modalita',
    mamma: 'persona', madre: 'persona', padre: 'persona', figlia: 'persona', figlio: 'persona', moglie: 'persona', marito: 'persona',
    amico: 'persona', amica: 'persona', sorella: 'persona', fratello: 'persona', qualcuno: 'persona',
    ricevuta: 'fattura', ricevute: 'fattura', ditta: 'azienda', societa: 'azienda', intestata: 'azienda', intestare: 'azienda',
    scarpe: 'scarpe', sneakers: 'scarpe', stivali: 'scarpe',
    // English shop words inside Italian messages ("c'è il free shipping?").
    shipping: 'spedizione', delivery: 'spedizione', free: 'gratuita', order: 'ordine', refund: 'rimborso', size: 'taglia',
    tracking: 'tracking', coupon_code: 'codice', discount: 'sconto', invoice: 'fattura',
  },
};

/**
 * Places outside Italy a shopper may name when asking whether the shop delivers there (countries
 * in English and Italian, large cities, US states). An unknown word after "ship to" / "order from"
 * is treated as a place too, so the list only needs the common ones.
 */
export const FOREIGN_PLACES = new Set(
  (
    'usa us america united_states stati_uniti canada mexico messico brazil brasile argentina chile cile peru colombia ' +
    'uk britain england inghilterra scotland scozia wales galles ireland irlanda regno_unito france francia germany germania ' +
    'spain spagna portugal portogallo netherlands olanda paesi_bassi belgium belgio luxembourg lussemburgo switzerland svizzera ' +
    'austria denmark danimarca sweden svezia norway norvegia finland finlandia iceland islanda poland polonia czechia ' +
    'repubblica_ceca slovakia slovacchia hungary ungheria romania bulgaria greece grecia croatia croazia slovenia ' +
    'serbia albania malta cyprus cipro estonia latvia lettonia lithuania lituania ukraine ucraina russia russia turkey turchia ' +
    'israel israele egypt egitto morocco marocco tunisia south_africa sudafrica nigeria kenya india china cina japan giappone ' +
    'korea corea singapore thailand tailandia vietnam indonesia philippines filippine australia new_zealand nuova_zelanda ' +
    'uae emirates emirati dubai qatar saudi_arabia arabia_saudita europe europa asia africa ' +
    'london londra manchester liverpool birmingham edinburgh glasgow dublin dublino paris parigi lyon lione marseille ' +
    'berlin berlino munich monaco hamburg amburgo frankfurt francoforte cologne colonia vienna madrid barcelona barcellona ' +
    'valencia seville siviglia lisbon lisbona porto amsterdam rotterdam brussels bruxelles zurich zurigo geneva ginevra ' +
    'copenhagen copenaghen stockholm stoccolma oslo helsinki warsaw varsavia prague praga budapest athens atene ' +
    'new_york nyc los_angeles chicago houston seattle boston philadelphia miami san_francisco washington dallas denver ' +
    'atlanta toronto vancouver montreal sydney melbourne tokyo tokio beijing pechino shanghai hong_kong moscow mosca ' +
    'istanbul california texas florida ontario quebec bavaria baviera catalonia catalogna san_marino vaticano vatican belarus bielorussia canary canarie'
  )
    .split(' ')
    .map((p) => p.replace(/_/g, ' ')),
);

/**
 * Places in the European Union (countries and large cities, English and Italian): an article says
 * "other EU countries", a shopper says "Germany". Geography, not shop policy.
 */
export const EU_PLACES = new Set(
  (
    'france francia germany germania spain spagna portugal portogallo netherlands olanda paesi_bassi belgium belgio ' +
    'luxembourg lussemburgo austria denmark danimarca sweden svezia finland finlandia ireland irlanda poland polonia ' +
    'czechia repubblica_ceca slovakia slovacchia hungary ungheria romania bulgaria greece grecia croatia croazia slovenia ' +
    'malta cyprus cipro estonia latvia lettonia lithuania lituania paris parigi lyon lione marseille berlin berlino munich ' +
    'monaco hamburg amburgo frankfurt francoforte cologne colonia vienna madrid barcelona barcellona valencia seville siviglia ' +
    'lisbon lisbona porto amsterdam rotterdam brussels bruxelles copenhagen copenaghen stockholm stoccolma helsinki warsaw ' +
    'varsavia prague praga budapest athens atene dublin dublino bavaria baviera catalonia catalogna'
  )
    .split(' ')
    .map((p) => p.replace(/_/g, ' ')),
);

/** Italian places: deliveries there are domestic, not international. */
export const ITALIAN_PLACES = new Set(
  (
    'italy italia milano milan roma rome napoli naples torino turin firenze florence bologna venezia venice genova genoa ' +
    'palermo bari catania verona padova trieste cagliari sardegna sardinia sicilia sicily calabria puglia lombardia ' +
    'piemonte veneto toscana lazio campania liguria isole islands'
  ).split(' '),
);
