/**
 * Linguistic cues, English and Italian side by side, over normalised text (lowercase, no accents,
 * no punctuation, contractions expanded, shorthand and typos fixed). Both languages' cues are
 * always tried: shoppers mix them ("ho l'order number…, mi dici lo status?").
 *
 * Each cue names a way of saying something (a verb with its object, a question form, a
 * possessive), not a sentence; keep them that way so they generalise to messages never seen.
 */

const ALL_PATTERNS: RegExp[] = [];
const any = (...patterns: RegExp[]) => {
  ALL_PATTERNS.push(...patterns);
  return (t: string) => patterns.some((p) => p.test(t));
};
const one = (pattern: RegExp) => {
  ALL_PATTERNS.push(pattern);
  return pattern;
};

/**
 * Every whole word the cues spell out, so the spelling corrector knows them and never "fixes"
 * "sveglie" into "sceglie". Word stems written with `\w*` are left out.
 */
export function cueVocabulary(): string[] {
  const out = new Set<string>();
  for (const p of [...ALL_PATTERNS, ...UNSUPPORTED.map(([, re]) => re), ...RETURN_REASONS.map(([, re]) => re)]) {
    for (const m of p.source.matchAll(/(?<![\\a-z])([a-z]{2,})(?![a-z]|\\w)/g)) out.add(m[1]!);
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// Small talk. Matched phrases are removed; the message is small talk only if nothing else is left.

export const GREETING =
  one(/\b(hi|ciao+|hello+|hey+|hii+|salve+|heya|hiya|howdy|yo|hallo|greetings|(good )?(morning|afternoon|evening)|good (day|night)|buongiorno|buonasera|buon ?pomeriggio|buona ?sera|buona ?notte|ehi|ehila|hei|hola)\b/g);
export const HOW_ARE_YOU =
  one(/\b((is )?(any ?one|any ?body|some ?one) (there|here|around|home)|how have you been|what is good|whats good|what s good|how do you do|nice to meet you|good to see you|how (is|are) (it|you|things|everything) ?(going|doing)?|how are you( doing| today)?|how do you do|what is up|whats up|sup|come (va|stai|state)|tutto (bene|ok|a posto)|va tutto bene)\b/g);
export const THANKS =
  one(/\b(many thanks|thank you kindly|you rock|you are (the best|a star|great|awesome)|(that is|that s|you are|you re) (very |so |really )?kind( of you)?|thanks?( you)?( so much| very much| a lot| a ton| a bunch| a million| heaps| loads| again| for (your|the|all|that) (help|assistance|time|info\w*|tracking|update|answer|reply|link|details|quick reply))?|thank u|ty|cheers|much (obliged|appreciated)|i owe you( one)?|(i )?appreciate (it|that|this|your help|you)|that (helps|helped)|(you (have|ve) been|that was|this was) (very |so |really |super )?(helpful|useful|great|kind|a great help)|grazie( mille| tante| ancora| davvero| di tutto| per (l aiuto|la disponibilita|tutto))?|ti ringrazio|vi ringrazio|mi (sei|siete) stat[oaie] (molto |davvero )?util[ei]|gentilissim[oaie]|molto gentile|sei stat[oa] (molto |davvero )?(utile|gentile))\b/g);
/** Acknowledgements ("ok", "got it") answered like a thank-you. */
export const ACKNOWLEDGEMENT = one(/\b(ok|okay|okey|alright|all right|fine|got it|understood|i see|great|perfect|cool|never ?mind|forget it|no worries|va bene|d accordo|capito|perfetto|ottimo|benissimo|lascia (stare|perdere)|non importa|fa niente)\b/g);
export const GOODBYE =
  one(/\b(bye( bye| now| for now)?|goodbye( for now)?|farewell|so long|cheerio|i am done|that is all|that s all|all done|good bye|see (ya|you)( later| soon| around)?|talk (to you )?(later|soon)|ttyl|later|catch you later|take care|have a (good|nice|great|lovely) (one|day|evening|night|weekend)|good night|arrivederci|arrivederla|a presto|a dopo|alla prossima|ci sentiamo|ci vediamo|a domani|buona (giornata|serata|notte|continuazione)|buon (weekend|fine settimana)|addio)\b/g);
export const BOT_IDENTITY =
  one(/\bis (this|it) (the|a|your) (?!(possible|able|ok|okay|easy|hard|right|best|only|way|place)\b)(\w+ ){0,3}(chat|live chat|support|help ?desk|customer (service|support|care))( chat| line)?\W*$|\b(e |è )?(questa|questo) (e |è )?(la |il )?(chat|assistenza|supporto|servizio clienti) (di|del|della|dello)\b|\b((are|r) (you|u)|is (this|it)|am i (talking|speaking|chatting|writing) (to|with))( just| really| actually)? (a |an )?(bot|chat ?bot|robot|machine|ai|artificial intelligence|computer|program|automated|human|real|person|real person|live person)\b|\b(sei|siete) (vero|vera|reale|reali)\b|\b(sei|siete|e) (un |una |un )?(bot|chatbot|robot|umano|umana|persona( vera| reale)?|vera persona|intelligenza artificiale|ia|ai|macchina|programma|assistente (virtuale|automatico|digitale)|risponditore automatico|computer)\b|\b(automated|automatic|automatico|automatica) (chat|reply|replies|assistant|risposta|risposte)\b|\bwho am i (talking|speaking|chatting|writing) (to|with)\b|^what (exactly )?are you$|\b(parlo|sto parlando|sto chattando|chatto|scrivo|parlando|chattando) con (un|una) (umano|umana|persona|bot|robot|macchina|essere umano|operatore|programma( automatico)?|computer|intelligenza artificiale|ia|ai|risponditore)\b|\bcon chi (sto )?(parlando|parlo|sto chattando|chatto|scrivo)\b|\b(chi|cosa) (sei|c e dall altra parte)\b/);
export const NAME_QUESTION =
  one(/\b(come (devo|posso|ti devo|ti posso) chiamar\w*|your name|(do|have) you (have|got) a name|hai un nome|avete un nome|what name do you go by|what are you called|what do (people|they|i) call you|what (should|do|can|shall) i call you|what do (you|they) call you|what do you call yourself|who are you|come ti chiami|come vi chiamate|il tuo nome|qual e il tuo nome|come si chiama (il|questo) (bot|assistente))\b/);
export const CAPABILITIES =
  one(/\b(in cosa mi (aiuti|puoi aiutare)|cosa fai di preciso|per cosa (ti )?(posso|si puo) usar\w*|a cosa (ti )?posso usar\w*|what can i use you for|(what|which) (sort|kind|type)s? of (things|stuff|questions|help) (can|do|could|are) you|what (can|could|do) you (do|help( me)?( out)?( with)?|offer|assist( me)?( with)?)|what (am i allowed to|can i|should i|could i) ask( you)?|(your|ur) (capabilities|skills|abilities|features|functions)|what are you (actually |really )?(able to( do| help( me)?( with)?)?|for|good at|capable of)|what (can|could) (you|u) (help|assist)( me)?( out)?( with)?|how can you help( me)?|what kind of (things|questions|help)|what (topics|subjects|things|areas|kind of things) (can|do|could) you (help|assist|know|answer)|what is this (chat|bot|service|assistant)( for)?|what (is|s) (the|this) (chat|bot) for|a cosa serve (questa chat|questo servizio|questo bot)|what (questions|things|sort of questions|kind of questions) (can|could|should|may) i ask( you)?|what do you do|what is your (purpose|job)|(cosa|che cosa|che) (sai|puoi|potete|sapete) fare|(che|quali) (tipo di |genere di )?domande (ti |vi )?(posso|si possono) fare|in cosa (mi )?(puoi|potete|sai) aiutar\w*|come (mi )?(puoi|potete) aiutar\w*|a cosa servi|di cosa ti occupi|cosa ti posso chiedere)\b/);

/** Words that may stay around a greeting or a thank-you without making it a question. */
export const SMALLTALK_FILLER = new Set(
  (
    'there all everyone everybody guys folks again so very much lot a the for your you me my help assistance ' +
    'by way btw now ok okay okey great awesome perfect cool nice good super brilliant excellent wonderful lovely ' +
    'oh ah well and but just really too then that it this is was has been i am we to with and yes yeah yep no nope ' +
    'sir madam dear friend buddy mate man today morning evening day night bot assistant sportello ' +
    'ancora perfetto ottimo bene benissimo va e allora per tutto tutti il lo la l aiuto mille tante davvero molto ' +
    'ehi oh si no certo gentile utile sei stata stato mi ti vi a ciao salve buono buona di cuore grande dell del della ' +
    'please per favore thank you'
  ).split(' '),
);

// ---------------------------------------------------------------------------------------------
// A person, a complaint, frustration.

const HUMAN_NOUN =
  '(boss|someone in charge|person in charge|superior|capo|titolare|human( being| agent)?|humans|(real|live|actual) (person|human|agent|people)|person|people|agent|agents|operator|operators|somebody|someone|anybody|anyone|representative|rep|manager|supervisor|staff|assistant|customer (service|care|support)|support (team|staff)|team member|employee|live chat|operatore|operatrice|operatori|persona( vera| reale)?|umano|essere umano|qualcuno|assistente|responsabile|staff|servizio clienti|assistenza clienti|addetto|addetta|dipendente|manager|supervisore|un collega)';

export const HUMAN_REQUEST = any(
  /\b(who (isn t|is not|s not|aren t|are not) (a )?(robot|bot|machine|computer|ai)|not a (robot|bot|machine)|che non (sia|e) un (bot|robot)|who (do|can|should) i (talk|speak|write) to|a chi (mi )?(devo|posso) (rivolgermi|scrivere|parlare))\b/,
  /\b(can|could|may|would) (a|some|one|an actual|a real) (person|human|agent|manager|member of (your |the )?(staff|team)|one of you|someone)\b.{0,30}\b(make|do|help|look|check|decide|approve|allow|give|see|call|contact|answer)\b|\b(can|could) (someone|somebody|a person) (make an exception|look at|check|help)\b|\b(puo|potrebbe|potete) (una persona|un operatore|qualcuno|un umano) (fare|vedere|controllare|aiutar\w*|decidere|approvare)\b/,
  new RegExp(
    `\\b(talk|talking|speak|speaking|chat|chatting|cat|contact|contacting|reach|reaching|call|calling|connect|connecting|transfer|transferring|put me through|get me|give me|pass me|escalate|escalating|message|write to|parlare|parlo|parlarvi|chattare|contattare|contattarvi|sentire|passami|passarmi|passatemi|mettermi in contatto|mi mettete in contatto|richiamare|richiamarmi|chiamare|chiamarmi|scrivere)\\b.{0,40}\\b${HUMAN_NOUN}\\b`,
  ),
  /^(a |an |the |un |una |l )?(human|agent|operator|representative|person|real person|live agent|human agent|operatore|operatrice|umano|persona|assistenza)( please| per favore| pls)?$/,
  /\b(live agent|human agent|real person|actual person|real human|escalat\w*|supervisor|manager|operatore|operatrice|persona (vera|reale)|essere umano|un umano)\b/,
  /\b(c e|ce|c e mica) qualcuno\b/,
  new RegExp(`\\b(need|want|get me|give me|prefer|request|vorrei|voglio|mi serve|preferisco|chiedo)\\b (to (talk|speak|chat) (to|with) )?(a |an |un |una |uno |the )?${HUMAN_NOUN}\\b`),
  /\b(passi|passate|passa|mettete|metti)\b.{0,20}\b(collega|operatore|operatrice|persona|umano|responsabile)\b|\bin carne e ossa\b/,
  /\bqualcuno (dello staff|del servizio|dell assistenza|che (mi )?(possa|puo|sappia) (rispondere|aiutare))\b/,
  /\b(mi|ci) (richiami|richiamate|chiamate|contattate)\b|\b(chiamatemi|richiamatemi|telefonatemi|contattatemi|call me|ring me|phone me|contact me)\b/,
  /\b(call me back|give me a call|phone number to call|talk on the phone|can i call you|numero (di telefono )?(da chiamare|per parlare|del servizio clienti)|posso chiamarvi|vi posso chiamare)\b/,
);

export const COMPLAINT = any(
  /\b(complaint|complaints|complain|complaining|reclamation|reclamations|grievance|(consumer|customer|formal) claim|claim against|lodge|lodging|file a claim)\b/,
  /\b(reclamo|reclami|lamentela|lamentele|segnalazione formale|esposto|protesta formale)\b/,
);

/** Anger aimed at the shop or the bot: a reason to hand off at once. */
export const STRONG_FRUSTRATION = any(
  /\b(frustrat\w*|annoyed|angry|furious|upset|livid|(third|fourth|fifth|\d+(st|nd|rd|th)) (message|time|email|attempt)|useless|stupid|idiot\w*|dumb|ridiculous|unacceptable|outrageous|pathetic|disgrac\w*|disgusting|terrible service|awful|horrible|worst|incompetent|scam\w*|rip ?off|joke of a|rubbish|garbage|fed up|sick (and tired )?of|had enough|enough is enough|waste of (my )?time|wasting my time)\b/,
  /\b(nobody|no one|noone|none of you) (ever )?(replies|replied|answers|answered|responds|responded|helps|helped|gets back|got back|cares)\b/,
  /\b(waiting|waited|been waiting) (for )?(\w+ ){0,2}(weeks|months|ages|forever)\b/,
  /\b(how many (more )?times|for the (third|fourth|fifth|\d+\w*) time|again and again|still (no|nothing|not) (answer|reply|response))\b/,
  /\b(inutile|inutili|stupid\w*|idiot\w*|vergogn\w*|pessim\w*|schifo|ridicol\w*|inaccettabil\w*|truff\w*|ladri|incompetent\w*|delus[oaie]|arrabbiat\w*|stuf[oaie]|assurd\w*|scandalos\w*|indecent\w*|basta (con|cosi)|perdita di tempo|non se ne puo piu|(terzo|terza|quarto|quarta) (messaggio|volta|mail|email)|furios\w*|infuriat\w*)\b/,
  /\bnessuno (mi |ci )?(risponde|rispondete|ha risposto|aiuta|richiama)\b/,
  /\b(aspetto|aspettiamo|attendo) da (settimane|mesi|un mese|giorni|troppo)\b/,
  /\b(it s|it has|its|has been|been) (been )?(a|one|two|three|four|over a|more than a|\d+) (whole )?(week|weeks|month|months)\b|\b(e|sono|ormai) (una|un|due|tre|quattro|\d+) (settiman\w*|mes\w*) che\b|\bda (una|un|due|tre|\d+) (settiman\w*|mes\w*) (che )?(aspett\w*|attend\w*|non (arriva|ricevo|rispond\w*))\b/,
  /\b(ciarlatan\w*|buffon\w*|incapac\w*|imbroglion\w*|disonest\w*|bugiard\w*|liars?|clowns|amateurs|cowboys|non (e|è) (accettabile|normale|serio)|(it s|it is|this is) not (acceptable|ok|okay|normal|right)|mi avevate (detto|promesso|assicurato)|you (told|promised) me)\b/,
  /\b((asked|written|told you|messaged|chiesto|scritto|detto)\b (\w+ ){0,2}(\d+|two|three|four|several|many|multiple|due|tre|quattro|mille|piu) (times|volte)( already| gia| ormai)?\W*$|this is a joke|what a joke|are you kidding|taking the piss|(e|è) uno scherzo|mi prendete in giro|ma state scherzando)\b/,
  /\b(still nothing|still not here|still hasn t (come|arrived)|ancora niente|ancora nulla|ancora non (e )?arrivat\w*|nulla di nulla|niente di niente)\b.{0,10}$/,
);

/** Swearing: one point of frustration; alone it does not stop the bot from helping. */
export const SWEARING =
  one(/\b(fuck\w*|shit\w*|damn\w*|goddamn\w*|bloody|crap\w*|wtf|bullshit|piss\w*|bastard\w*|ass|asshole|cazz\w*|merd\w*|vaffanculo|fanculo|stronz\w*|minchia|porca (miseria|puttana|vacca)|cavolo|accidenti|cacchio)\b/);

// ---------------------------------------------------------------------------------------------
// Off-topic: other shops and other domains. These veto a knowledge-base answer even when the
// message uses shop words ("Zara's return policy", "return a library book").

export const OTHER_SHOP =
  one(/(?!.*\b(with you|on your (site|shop|store|website)|at your (shop|store)|da voi|sul vostro sito|con voi)\b)^.*\b(nike|adidas|puma|gucci|prada|armani|levi s|levis|reebok|new balance|converse|vans|un altro (negozio|sito|shop)|another (shop|store|site|website|retailer)|other (shop|store|site)|(send|ship|post|mandare|spedire) (a|my|an|un|una|mio|mia) (own )?(box|package|parcel|letter|pacco|lettera|scatola|busta)\b(?!.{0,20}\b(back|return|reso|indietro)\b)|con le poste|le poste|la posta|password manager|gestore (di|delle) password|iphone|ipad|android|apple id|icloud|gmail|outlook|hotmail|facebook|instagram|tiktok|whatsapp|netflix|spotify|wifi|wi fi|router|playstation|xbox|library|libraries|librarian|biblioteca|airport\w*|aeroporto|rental|rent|rented|renting|hire car|car hire|noleggio|exchange rates?|tasso di cambio|credit score|zara|h m|hm|amazon|ebay|etsy|shein|asos|zalando|walmart|aliexpress|temu|vinted|primark|uniqlo|ikea|costco|best buy|bestbuy|target store|mango store|yoox|farfetch|wish com|subito it|poste italiane|usps|royal mail|ups store|post office|ufficio postale|postal service)\b/);

/** Tasks for a general assistant (write, compute, ignore your instructions): off topic whatever they mention. */
export const ASSISTANT_TASK = one(
  /\b(translate|translating|translation|tradurre|traduci|traducimi|traduzione)\b.{0,40}\b(into|in|to)\b|\b(write (me |us )?(a |an )?(poem|story|song|essay|haiku|letter|cover letter|product description|description|review|joke)|poem|poems|poesia|filastrocca|haiku|sonnet|tell me a joke|barzellett\w*|homework|compiti|order of operations|exponents?|equation|square root|radice quadrata|ignore (all |your |the )?(previous|prior|above|earlier) (instructions|prompt)|system prompt|jailbreak|ignora (le )?istruzioni|(scrivi|scrivimi|mi scrivi) (una|un|uno))\b/,
);

/** History and general knowledge about things a shop sells ("who invented jeans?"). */
export const TRIVIA = one(/\b(who (first )?(invented|came up with|popularized|popularised) (the )?\w+|who (designed|created|made) the (very )?(first|original) \w+|(the )?history of (the )?(\w+ )?(jeans|trench|coats?|sneakers|fashion|denim|shoes|boots|ties|scarves|clothing|clothes|dress(es)?|\w+ coats?)|(when|where) (was|were) (the )?(\w+ ){1,2}(invented|first made|first designed)|chi ha inventato|chi (ha )?(disegnato|creato|ideato) (il|la|lo|i|le|l) (primo|prima) \w+|(la )?storia (del|della|dei|delle|dello) (jeans|trench|cappott\w*|scarpe|sneakers|moda|denim|cravatt\w*|abbigliamento|vestit\w*)|quando (e|è) stat[oa] inventat[oa])\b/);

/** Errands at the post office, whatever shipping words come with them ("quanto costa spedire una raccomandata?"). */
export const POSTAL_ERRAND = one(/^(?!.*\b(reso|resi|rendere|restitu\w*|rimand\w*|rimbors\w*|return\w*|send (\w+ ){0,2}back|refund\w*|ordine|order)\b).*\b(raccomandat[ae]|registered (letter|mail)|francobollo|francobolli|stamps? for (a |my )?letters?|pacco ordinario|telegramm\w*)\b/);

export const OFF_TOPIC = any(
  /\b(avviso di giacenza (di|della|per) (una |la )?(raccomandata|lettera|multa)|lettera (di reclamo |formale )?(al|alla|allo) (comune|condominio|padrone di casa|datore di lavoro|scuola|asl|inps)|town hall|city council|(my|the) landlord|council tax|multa|multe|bollett[ae] (della luce|del gas|dell acqua|del telefono)|parking (fine|ticket))\b/,
  /\b(king (size )?bed|queen (size )?bed|double bed|letto (matrimoniale|singolo)|materass\w*|mattress\w*|lenzuol\w*|bed sheets|pillow\w*|cuscin\w*|pressione (del sangue|arteriosa)?|blood pressure|febbre|fever|come si dice|how do you say|what s .{1,20} in (german|french|spanish|italian)|(consigliami|mi consigli\w*|recommend|suggest) (a |an |un |una |uno |some |qualche )?(buon |good )?(sarto|tailor|ristorante|restaurant|hotel|dentista|dentist|medico|doctor|parrucchiere|hairdresser)|attacc\w* un bottone|come si cuce|sew on a button)\b/,
  /\b(macchi[ae] di (vino|caffe|sugo|olio|erba|sangue)|tovaglia|divano|tappeto|(wine|coffee|grease|grass) stain|stain (out of|from|on) (a |my |the )?(carpet|rug|sofa|couch|tablecloth))\b/,
  /\b(printer|printers|ink|toner|a4 paper|printer paper|office supplies|sew\w* (a |the )?button|how (do|to) (i )?(sew|knit|iron|darn)|cucire un bottone|(best|which|what) (\w+ ){0,2}(washing machine|fridge|dishwasher|tv|television|laptop|smartphone|vacuum|car|bike) (to buy|should i buy|da comprare)|trains?\b (from|to|between)|treno (da|per)|\bbus (from|to)\b)\b/,
  // weather
  /\b(weather|forecast|snow\w*|rain\w*|temperature|humid\w*|sunny|cloudy|storm\w*|degrees outside|meteo|che tempo fa|previsioni|piov\w*|pioggia|nevic\w*|neve|temperatura|umid[oa]|soleggiat\w*|afa|sotto lo zero|(fa|sara|fara|e) (freddo|caldo)( fuori| oggi| domani)?|quanto caldo|quanto freddo|ci sara il sole|c e il sole)\b/,
  // food
  /\b(recipe\w*|cook|cooking|bake|baking|calorie\w*|ingredient\w*|substitute \w+ for|steak|chocolate cake|ricett\w*|cucinar\w*|tiramisu|calorie|ingredienti|pizza|pasta al)\b/,
  // travel and transport
  /\b(flight\w*|fly|flying|airline\w*|hotel\w*|car rental|rent a car|uber|lyft|taxi|train ticket|train to|bus to|visa (to|for)|need a visa|passport|vacation days|tourist\w*|things to do in|traffic|volo|voli|aereo|aeroporto|albergo|biglietto (del treno|dell aereo|aereo|del bus)|treno|autobus|taxi|vacanze di natale)\b/,
  // music, films, books, photos, playlists (xSID-style requests)
  /\b(song\w*|music|playlist\w*|album\w*|spotify|deezer|pandora|lastfm|soundcloud|podcast\w*|radio|play (the|some|me|a|my)|riproduc\w*|rirpoduci|ripoduci|musica|canzon\w*|brano|brani|ascoltare|colonna sonora|movie\w*|films?|cinema\w*|netflix|tv show\w*|showtimes|orari dei film|proiett\w*|serie tv|trailer|oscars?|libro|libri|romanzo|biblioteca|library|librar\w*|fotografia|videogioco|(dai|da|vota|valuta) (\w+ ){0,3}(stelle|punti|stars|points)|\d+ (stelle|punti) su|su \d+ punti|rate (this|the) (book|album|novel))\b/,
  // alarms, reminders, lists, calendar
  /\b(alarm\w*|reminder\w*|remind me(?! (what|which|how|again|of (the|my|that) (order|item|number)))|ricordami(?! (cosa|cos|quali|il numero))|ricordarmi|timer|todo|to do list|calendar|schedule (me|a meeting)|wake me|sveglia|sveglie|promemoria|agenda|calendario|lista della spesa|shopping list)\b/,
  // knowledge, maths, translation, study
  /\b(\d+ (times|x|plus|minus|divided by|per) \d+|translat\w*|traduc\w*|tradurre|tradu\w*|what does \w+ mean|meaning of|definition of|square root|formula|circumference|area of a|equation|multiplication|multiply|divided by|percent of|capital of|capitale|population|popolazione|president\w*|presidente|who (invented|formulated|wrote|won|discovered|painted|directed|sang|founded)\b|who (is|was) the (president|coach|king|queen|ceo|author|singer|actor|founder|inventor|prime minister)|born|largest (state|country|city|animal|planet|ocean|lake)|tallest|history exam|history of|homework|exam|study|studiare|compiti|python|javascript|programming|code in|black holes?|planet\w*|galax\w*|universe|theory of|why do we|fact about|facts about|how is \w+ made|time zone|fuso orario|what time is it|che ore sono|quanto fa|radice quadrata|come si calcola)\b/,
  // money, cars, home, health, games, writing
  /\b(carta d identita|passaporto|patente|codice della strada|share of|shares of|stock price|crypto\w*|bitcoin|exchange rate|rate for \w+ to|credit score|mortgage|balance|bank account|overdraft|atm|interest rate|loan|electricity|utility|utilities|(gas|water|phone|electric|cable|internet) bill|bolletta|bollette|plants?|garden\w*|flowers?|giardin\w*|piante|how many people live|quanti abitanti|quante persone (vivono|abitano)|tires|tyres|wipers?|dipstick|windshield|oil change|engine|car battery|unclog|drain|plumb\w*|flu|contagious|symptom\w*|headache|medicine|doctor|chess|poker|blackjack|sudoku|crossword|monopoly|board games?|video games?|rules of (the game|poker|chess|football|soccer|golf|tennis)|coin flip|flip a coin|roll a die|roll a dice|dice roll|joke|jokes|riddle|poem|poems|poesia|filastrocca|barzellett\w*|sonnet|write me|write a|scrivi (una|un|mi)|mi scrivi|racconta\w*|guitar|puppy|dog food|wifi|wi fi|fashion week|best designer|football|soccer|nba|coach of|calcio|partita di calcio|sat score|harvard|aerospace|engineer)\b/,
  // other services' accounts, money, vehicles, devices, bookings
  /\b(reservation\w*|booking\w*|prenotazion\w*|insurance|assicurazion\w*|apr|replacement card|new (credit |debit |bank )?card|card (expire\w*|expiration)|expiration date|credit limit|application status|minimum payment|rewards? (points?|balance)|redeem\w*|pay ?day|salary|pay ?check|routing number|transactions|spending|spent on|bank(?! (transfer|wire|card))|banking|pin (on|of|for) (my |the )?(bank |credit |debit )?card|change (my |the )?pin|checks|cheques?|checking account|savings|index funds?|return rate|rate of return|invest\w*|tax refund|tax return|income tax|payment due|due date|bill due|(credit|debit|bank) card (was |is |got |has been )?(lost|stolen)|lost (my )?(credit|debit|bank) card|carta (di credito |bancomat )?(e stata )?(rubata|persa|smarrita)|gmail|hotmail|outlook|spotify|netflix|instagram|facebook|whatsapp|tiktok|google account|apple id|icloud|gym|palestra|car|cars|auto|automobile|macchina|honda|toyota|fiat|panda|pneumatic\w*|tv|television|televisore|playstation|xbox|pizza|dinner|lunch|drive to|driving|walk to|(le|il|la) mie? (bollett\w*|multe|tasse))\b/,
  // instructions aimed at the model rather than the shop
  /\b(ignore (all |your |the )?(previous|prior|above|earlier) (instructions|prompt)|system prompt|jailbreak|pretend (to be|you are)|act as|ignora (le )?istruzioni)\b/,
  // Italian restaurant bookings: "prenota…" that is not about an item
  /\b(ristorant\w*|osteria|trattoria|pizzeria|gastropub|pranzo|cena|tavolo per)\b/,
  /\bprenot\w*\b(?!.*\b(articol\w*|prodott\w*|capo|capi|taglia|giacca|vestit\w*|borsa|scarp\w*|ordin\w*|reso|ritiro)\b)/,
);

// ---------------------------------------------------------------------------------------------
// In-shop requests the knowledge base and the bot's tools cannot solve: a person must.

export type UnsupportedKind = 'wholesale' | 'product_defect' | 'site_problem' | 'shop_info' | 'stock' | 'order_edit' | 'gift_wrap' | 'pre_order' | 'price_match' | 'custom_work' | 'payment_problem' | 'delivery_problem' | 'refund_dispute';

const ORDER_WORD = '(order|orders|purchase|ordered|bought|purchased|ordine|ordini|ordinat\\w*|acquist\\w*|comprat\\w*|pres[oaie]|messo)';

export const UNSUPPORTED: [UnsupportedKind, RegExp][] = [
  ['payment_problem', /\b(money|amount|soldi|importo)\b.{0,30}\b(left|taken|gone|debited|usciti|preso|presi|scalat\w*)\b.{0,30}\b(twice|two times|double|due volte)\b/],
  ['payment_problem', /\b(two|2|double|duplicate|duplicated|identical|due|doppi|duplicat\w*) (\w+ )?(charges|debits|pending charges|addebiti|prelievi)\b|\b(two|2|double|duplicate|duplicated|identical|due|doppi|duplicat\w*) (\w+ )?(payments|transactions|pagamenti|transazioni)\b.{0,50}\b(came out|taken|debited|charged|showing|shows|show up|appear\w*|went out|on my (card|statement|account|bank)|usciti|uscite|addebitat\w*|risultano|sul (conto|estratto))\b|\b(bank|statement|card|estratto conto|conto|banca)\b.{0,30}\b(shows?|showing|has|vedo|risultano|ci sono) (\w+ )?(two|2|double|due|doppi) (\w+ )?(payments|transactions|pagamenti|transazioni)\b|\b(payment|charge|transaction|addebito|transazione)\b (\w+ ){0,3}(twice|duplicated|duplicat\w*)\b|\b(addebitat\w*|scalat\w*|prelevat\w*) (\w+ ){0,2}due volte\b/],
  ['payment_problem', /\b(pagare|pago|pagamento|pay|paying|payment)\b.{0,40}\b(errore|error|non va|non funziona|non passa|rifiutat\w*|fails|failed|doesn t work|won t go through)\b/],
  ['payment_problem', /\b(preso|presi|prelevat\w*|addebitat\w*|scalat\w*|tolto|tolti) (\w+ ){0,3}(due|tre|\d+) volte\b/],
  ['order_edit', /\b(spedire|mandare|consegnare|spedite|mandate|send|ship|deliver)\b (\w+ ){0,3}(ordine|order) (\d+ )?(a|to) (un |una |an |a )?(altro|altra|diverso|diversa|nuovo|nuova|another|different|new) (indirizzo|address)\b/],
  ['wholesale', /\b(prezzi speciali|prezzo speciale|special (price|prices|rate)|per il (mio )?personale|for (my|our) staff|for our (team|employees)|(\d{2,}|dozens of|decine di) (pieces|units|pezzi|unita|cinture|camicie|shirts|belts|sweaters|maglioni)|gestisco un (hotel|ristorante|negozio|azienda)|i (run|manage|own) a (hotel|restaurant|shop|store|company)|collaboration|collaborations|collab|partnership|partner with|influencer|sponsorship|sponsor|press (enquiry|inquiry|kit)|stylist|collaborazion\w*|sponsorizzazion\w*|ufficio stampa)\b/],
  ['payment_problem', /\b((wasn t|was not|it s not|that wasn t) me\b|i (didn t|did not|never) (place|make|order|authori[sz]e)|someone (else )?(placed|made|used|ordered)|non (sono stat[oa] io|l ho fatto io|l ho ordinato io)|qualcuno (ha|abbia) (usato|ordinato|fatto))\b/],
  ['refund_dispute', /\b(where is my (money|refund)|where s my (money|refund)|dove sono i miei soldi|dov e il mio rimborso|sent (it|them) back (\w+ ){0,2}(weeks|days|a month|ages) ago|rimandat\w* (\w+ ){0,2}(settimane|giorni|un mese) fa)\b/],
  ['custom_work', /\b((can|could|would) you (make|sew|tailor|do) (me )?(a|an|one|it)\b.{0,40}\b(longer|shorter|bigger|smaller|with|without|custom)|(longer|shorter) (sleeves|legs|hem)|maniche (piu )?(lunghe|corte)|(fare|fatemi|mi fate) (un|una) \w+ (con|senza|piu))\b/],
  ['delivery_problem', /\b(l avevo|li avevo|le avevo|io avevo|avevo) (ordinat\w*|chiest\w*|pres\w*|scelt\w*)\b|\bi (ordered|asked for|chose|picked) (a |an |the )?\w+( \w+)? (but|and) (got|received|you sent|it s|its)\b|\b(come|risulta|dice|says|shows) (consegnat\w*|delivered)\b.{0,40}\b(non|nn|never|not|no one|nessuno)\b|\b(delivered|consegnat\w*)\b.{0,30}\b(never (got|received|arrived)|non (l ho|li ho|ho) (mai )?ricevut\w*|non (mi )?(e|è) arrivat\w*)\b/],
  ['order_edit', /\b(change|switch|swap|changing)\b (\w+ ){0,5}(to|for|into) (a |an )?(size|taglia|colou?r|colore) \w+\b.{0,30}\b(before (it|they) (ships?|leaves?|goes)|in (my|the|that) order)\b|\b(change|switch|swap) one of the \w+\b/],
  ['order_edit', /\b(take|taking|remove|removing|drop|dropping|cancel|delete)\b (\w+ ){0,5}(off|out of|from) (the|my|this|that) (order|purchase|parcel)\b|\b(add|adding)\b (\w+ ){0,4}to (it|that order|this order)\b/],
  ['delivery_problem', /\b(there s|there is|c e|c era) (a |an |un |una |uno )?.{0,25}\b(inside|in the (box|parcel|package)|dentro|nel pacco)\b.{0,30}\b(not|non|instead|invece|al posto)\b(?! (mi )?(ricordo|so|sure|remember|know))|\bnot my \w+\b|\binstead of my \w+\b|\binvece (del mio|della mia|dei miei)\b/],
  ['delivery_problem', /\b(arrivat[oaie]|consegnat[oaie]|ricevut[oaie]|arriva(to)?) (il |la |lo |i |le |gli |l )?\w+ (bucat\w*|rott[oaie]|strappat\w*|macchiat\w*|danneggiat\w*|rovinat\w*|scucit\w*)\b/],
  ['delivery_problem', /\b(arrived|came|got it|received it|delivered)\b (\w+ ){0,2}with (a |an |some )?(big |huge |small |little |large )?(tear|tears|hole|holes|stain|stains|scratch\w*|scuff\w*|crack\w*|rip|rips|mark|marks|dent|dents|mould|mold|damage)\b|\b(arrivat[oaie]|consegnat[oaie]|ricevut[oaie]) (\w+ ){0,2}con (un |una |dei |delle )?(strappo|buco|buchi|macchia|macchie|graffio|graffi|segno|segni|ammaccatur\w*)\b/],
  ['delivery_problem', /\b(is|are|was|were|e|sono|era|erano) (\w+ )?(black|white|blue|navy|brown|red|grey|gray|green|pink|beige|sand|camel|silver|gold|nero|nera|neri|nere|bianc\w|blu|marron\w|ross\w|grigi\w|verd\w|rosa|argento|oro|d argento|d oro) (not|and not|instead of|invece che|non|e non) (\w+ )?(black|white|blue|navy|brown|red|grey|gray|green|pink|beige|sand|camel|silver|gold|nero|nera|neri|nere|bianc\w|blu|marron\w|ross\w|grigi\w|verd\w|rosa|argento|oro|d argento|d oro)\b/],
  ['gift_wrap', /\b(gift (note|card message|message)|(a |little )?note in the (box|parcel)|biglietto nel pacco|bigliettino|dedica)\b/],
  ['custom_work', /\b(initials|iniziali|monogram\w*|stitch (my|our|a) (name|initials|logo)|ricamare (le mie |il mio )?(iniziali|nome))\b/],
  ['price_match', /\b((da|in) un altra parte|altrove|(me|ce) (la|lo|li|le) fate a (quel|quello stesso) prezzo|a quel prezzo|(sell|selling|sold|vendono|venduto) (it |them |la |lo |li )?(for|at|a) \d+ (euro|eur|\$|pounds)? ?(elsewhere|somewhere else|on another site|da un altra parte|altrove)|(can|could|will|would) you (match|beat) (that|it|this|the price|their price)|price ?match\w*|(another|other) (site|shop|store|website) (has|sells|is selling) (it|them|this)? ?(for|at)\b)/],
  ['payment_problem', /^(?!.*\b(password|pw|pwd|code|codice|coupon|address|indirizzo|e ?mail|username)\b).*(\b(keeps|keep|kept) (getting |being )?(declined|rejected|refused|failing)\b|\b(got|gets|was|is|been|being) (declined|rejected|refused)\b)|\b(rifiutat\w*|non (va|passa|funziona) (il pagamento|la carta|il pagamento con))\b/],
  ['wholesale', /\b(wholesale\w*|b2b|bulk (order\w*|buy\w*|purchase\w*|pricing|price\w*)|resell\w*|reseller\w*|stockist\w*|for my (shop|store|boutique)|trade (account|prices?)|ingrosso|grossist\w*|rivendit\w*|rivender\w*|per il mio negozio|per la mia boutique|prezzi (per|da) (negoz\w*|rivendit\w*|aziend\w*)|ordini? (aziendal\w*|per aziende|all ingrosso)|corporate (gifts?|orders?)|regali aziendali)\b/],
  ['custom_work', /\b((make|made|tailor\w*|sew|cut|do|sewn)\b.{0,30}\b(to|on|su) (measure|misura|my measurements|le mie misure)|custom (size|sizes|sizing|fit)|taglia (personalizzata|su misura)|(fare|fate|fatto|fatta|confezionare|cucire)\b.{0,30}\bsu misura|alter(ation|ations|ing)? (service|the (length|sleeves|hem))|orlo|accorciare (i pantaloni|le maniche)|shorten (the )?(sleeves|trousers|hem))\b/],
  ['delivery_problem', /\b(arrivat[oaie]|consegnat[oaie]|ricevut[oaie]|arriva(to)?) (\w+ ){0,2}(rovinat\w*|danneggiat\w*|rott[oaie]|apert[oaie]|bagnat\w*|schiacciat\w*|distrutt\w*|strappat\w*)\b|\b(pacco|scatola|confezione) (\w+ ){0,2}(rovinat\w*|danneggiat\w*|rott[oaie]|apert[oaie]|bagnat\w*|schiacciat\w*|distrutt\w*)\b|\b(arrived|came|delivered|showed up) (\w+ ){0,2}(damaged|broken|torn|open|opened|wet|crushed|ripped|smashed|destroyed)\b/],
  ['order_edit', /\b(aggiunger\w*|aggiungi|aggiungo|aggiungete|togliere|tolgo|togli|toglier\w*|rimuover\w*|eliminar\w*)\b.{0,40}\b(al|dal|nel|all|dall|nell|allo|dallo|nello) (mio |mia |vostro |l |stesso |mio stesso )?(ordine|acquisto|carrello gia pagato)\b/],
  ['order_edit', /\b(change|changing|update|updating|modify|edit|correct|fix)\b.{0,25}\b(address|addresses|indirizzo)\b.{0,25}\b(of|on|for) (my |the |this )?(order|purchase) ?(\d+|#\d+)?\b|\b(cambiare|modificare|correggere|aggiornare|cambiate|modificate)\b.{0,25}\bindirizzo\b.{0,25}\b(dell|del|di|per l|per il|sull|sul)( ?quell| ?quest| ?quello| ?questo)? ?(mio |mia |ultimo |l )?(ordine|acquisto)\b/],
  ['order_edit', /\b((my|this|that|our) (\w+ )?(order|parcel|package|delivery)|the (\w+ )?order)\b (\d+ )?(\w+ ){0,2}(sent|shipped|delivered|redirected|rerouted|to go|going|changed|moved) (to|at) (a |an |my |our )?(other|another|different|new|right) (address|house|flat|home|place)\b/],
  ['stock', /\b(back in stock|in stock|out of stock|restock\w*|re stock\w*|sold out|available again|be available|become available|come back in|get more|stock\w* up|(tornera|torna|ritorna|ritornera|rientra|rientrera) (\w+ )?disponibil\w*|(di nuovo|nuovamente|ancora) disponibil\w*|come in (other|different|more|another) (colou?rs?|sizes?|patterns?)|available in (other|different|more) (colou?rs?|sizes?)|in altri colori|in altre taglie|altri colori|altre taglie|(tornano|torna|ritornano|rientrano|tornera|torneranno) (disponibili )?(le |la |i |il |gli )?(taglie|taglia|colori|colore|modell\w*|articol\w*|misure|pezzi)|esaurit\w*|rifornimento|riassortiment\w*|in magazzino)\b/],
  ['stock', /\b(available in (size|sizes|a size|the size|\d+|xs|s|m|l|xl|xxl|black|white|blue|red|green|other colou?rs?)|disponibile (in|nella) (taglia|\d+)|in (size|taglia) \d+ (available|disponibil\w*))\b/],
  ['stock', /\b(do you have|have you got|avete|c e|ce l avete|e disponibile)\b.{0,40}\b(in (size|a size|the size)|in (xs|s|m|l|xl|xxl)\b|size \d+|taglia \d+|nella \d+|nella (xs|s|m|l|xl|xxl|taglia)|in \d\d\b|nel colore|in (black|white|blue|red|green|beige|nero|bianco|blu|rosso|verde|beige))/],
  ['order_edit', new RegExp(`\\b(add|adding|switch|switching|swap|swapping|change|changing|modify|modifying|edit|editing|remove|removing|delete|deleting|replace|replacing|alter|update)\\b.{0,40}\\b(items?|articles?|products?|something|colou?r|size|quantity|model)\\b.{0,40}\\b${ORDER_WORD}\\b`)],
  ['order_edit', new RegExp(`\\b(add|adding|switch|switching|swap|change|changing|modify|modifying|edit|editing|remove|delete|alter)\\b.{0,30}\\b(colou?r|size|items?|articles?|products?|something|quantity)\\b.{0,20}\\b(of|from|in|to|on)\\b.{0,12}\\b${ORDER_WORD}\\b`)],
  ['order_edit', /\b(modify|edit|alter|amend|change)\b (my |the |this |an |that )?(order|purchase)\b(?!.{0,30}\b(address|shipping address|delivery address)\b)/],
  ['order_edit', /\b(add|adding)\b.{0,30}\bto (my |the |an |this |that )?(order|purchase)\b/],
  ['order_edit', /\bhold (my|the|our|this) (order|package|parcel|delivery|shipment)\b/],
  ['order_edit', /\b(on hold|merge|combine|combining|merging)\b.{0,40}\b(order|orders|purchase|parcel|shipment)s?\b|\b(order|orders)\b.{0,30}\b(on hold|merge|combine)\b/],
  ['order_edit', new RegExp(`\\b(cambiar\\w*|cambiarm\\w*|modificar\\w*|aggiunger\\w*|togliere|rimuover\\w*|sostituir\\w*|cambia|cambi|modifica|aggiungi|togli)\\b.{0,40}\\b(colore|taglia|articol\\w*|prodott\\w*|quantita|modello|misura)\\b.{0,40}\\b${ORDER_WORD}`)],
  ['order_edit', new RegExp(`\\b${ORDER_WORD}\\b.{0,40}\\b(cambiar\\w*|modificar\\w*|aggiunger\\w*|togliere|rimuover\\w*|sostituir\\w*)\\b.{0,30}\\b(colore|taglia|articol\\w*|prodott\\w*|quantita|modello|misura)\\b`)],
  ['order_edit', /\b(modificar\w*|modifica|modifico)\b (l |il |lo |la |un )?(mio |mia )?(ordine|acquisto)\b(?!.{0,25}\bindirizz)/],
  ['order_edit', /\b(change|switch|upgrade|modify)\b (the )?(delivery|shipping) (method|option|speed|type) (of|for|on) (my|the|this) (order|purchase)\b|\bcambiare (il |la )?(metodo|tipo|modalita) di (spedizione|consegna) (del|dell|di) (mio |mia )?(ordine|acquisto)\b|\bcancel (just |only )?(one|an|a|some|part of|\d+) (item|article|product|thing)s?\b|\bannullare solo (un|uno|una|alcuni|alcune|parte)\b/],
  ['order_edit', /\b(unire|accorpare|raggruppare|unisci)\b.{0,30}\bordin\w*|\b(mettere|tenere|mettete|tenete)\b.{0,30}\b(in attesa|in sospeso|in pausa|da parte)\b|\b(sospendere|bloccare|fermare)\b.{0,20}\b(ordine|spedizione)\b/],
  ['order_edit', /\b(split|separate|divide)\b.{0,25}\b(order|orders|delivery|deliveries|shipment|shipments|parcel)\b|\b(dividere|separare|spezzare)\b.{0,25}\b(ordin\w*|spedizion\w*|consegn\w*|pacc\w*)\b|\bupgrade\b.{0,30}\b(order|delivery|shipping|express)\b|\bpassare (alla|a) (spedizione |consegna )?(express|espressa)\b|\b(reserve|hold|put aside|set aside|keep) (a |an |one |the )?(size|item|piece|one) (\w+ )?for me\b|\b(tenete|tenermi|mettete|mettermi|tenetemi|mettetemi) da parte\b/],
  ['gift_wrap', /\b(gift ?wrap\w*|gift box|gift message|wrapping|wrap it|confezion[ei] regalo|pacchett[oi] regalo|pacc[oh]i? regalo|incart\w*|impacchett\w*|biglietto (di auguri|regalo))\b/],
  ['pre_order', /\b(pre ?order\w*|preorder\w*|not (yet )?(out|released)|(new|next|upcoming) (collection|season|line|drop)|coming out|release date|launch\w*|preordin\w*|pre ordin\w*|prenotare (un|l|questo|quel) (articol\w*|prodott\w*|capo)|non (e|sono) ancora (uscit\w*|disponibil\w*)|(nuova|prossima) collezione|quando (esce|uscira|usciranno|escono))\b/],
  ['price_match', /\b(cheaper if|bulk (discount|order\w*)|quantity discount|price (match\w*|drop\w*|went down|reduction|adjust\w*|protection)|difference back|(pay|refund|get|give) (me )?(back )?the difference|difference in price|cheaper (elsewhere|on|at|somewhere|in)|lower price|same price|(match|beat) (the|a|their) price|prezzo piu basso|a meno|stesso prezzo|miglior prezzo|(rimborsate|ridate|restituite|pagate) la differenza|differenza di prezzo|adeguamento (del )?prezzo|costa meno|sceso di prezzo|prezzo (e )?sceso)\b/],
  ['site_problem', /\b(website|site|app|checkout|page|basket|cart|sito|pagina|carrello|app)\b.{0,30}\b(not working|does not work|do not work|broken|crash\w*|will not load|not loading|is down|keeps (failing|crashing)|non funziona|non va|non si apre|non carica|si blocca|bloccat\w*)\b|\bwork (on|with) (iphone|android|mobile|my phone|safari|chrome|firefox)\b/],
  ['shop_info', /\b((call|phone|ring|telephone) (you|someone|somebody|anyone|customer service|a person|an agent)|(call|phone|ring) (\w+ ){0,5}on the (phone|telephone)|on the phone|phone (line|support|number)|telephone (number|line|support)|by phone|per telefono|(posso|si puo|potete|mi potete) (chiamar\w*|telefonar\w*|richiamar\w*)|numero da chiamare|(your|the) (phone|telephone|contact|customer service) number|(vostro|il) numero (di telefono|del servizio clienti)|opening hours|business hours|when are you open|orari di apertura|a che ora (aprite|chiudete)|(buy|purchase|order|comprare|acquistare|regalare) (a |an |una |un )?(gift ?cards?|gift vouchers?|buono regalo|carta regalo|gift card)|physical (store|shop)|brick and mortar|in store|(a|your) (store|shop|boutique|showroom) in|opening hours of (the|your) (store|shop)|negozio fisico|punto vendita|showroom|(avete|c e) un negozio|(sale|sales) (start|begin)|when (is|does) (the|your) (next )?(sale|black friday)|(saldi|sconti|black friday) (in arrivo|quando|iniziano|partono)|quando (iniziano|partono|ci sono) i saldi)\b/],
  ['custom_work', /\b(custom|custom made|customi[sz]\w*|embroider\w*|monogram\w*|engrav\w*|made to (measure|order)|bespoke|our logo|company logo|with a logo|logo|personalis\w*|personaliz\w*|ricam\w*|su misura|incision\w*|incider\w*)\b/],
  ['payment_problem', /\b((charged|billed|debited|taken|paid|charge) (me )?(\w+ ){0,3}(twice|two times|three times|\d+ times|multiple times|several times|more than once|double|more than|too much|extra|wrong amount|again))|\b(charged|billed|paid)\b.{0,15}\bbut\b.{0,30}\b(failed|did not go through|was not placed|was cancelled|never (arrived|came|went through))\b|\bdouble (charge\w*|payment|billing|billed)|\b(payment|card|transaction|checkout|paypal)\b.{0,25}\b(declined|rejected|failed|failing|refused|error|errors|denied|not (going through|working|accepted|go through)|did not go through)\b|\b(declined|rejected|refused)\b.{0,20}\b(payment|card)\b|\b(problem|problems|issue|issues|trouble|troubles|error|errors)\b.{0,12}\b(with|in|on|about|during|of)\b.{0,15}\b(payment|payments|paying|checkout|transaction|online payment)|\bpayment (issue|issues|problem|problems|error|errors|trouble)|\breport\w*\b.{0,30}\bpayment|\b(notify|notif\w*)\b.{0,30}\bpayment|\b(do not|don t) recogni[sz]e\b|\bunrecogni[sz]ed\b|\bnon (la |lo )?riconosco\b|\b(unauthori[sz]ed|fraud\w*|someone used my card|stolen card|did not authori[sz]e|never authori[sz]ed)\b/],
  ['payment_problem', /\b(charged|paid|billed|addebitat\w*|pagat\w*)\b.{0,15}\b(but|ma|pero)\b.{0,40}\b(no|never|not|non|nessun\w*|nothing|niente)\b|\b(discount|code|coupon|promo|sconto|codice|coupon)\b.{0,20}\b(was not|wasn t|not|non (e stato|e|viene)|hasn t been) (applied|taken off|deducted|applicato|applicata|scalato|detratto)\b/],
  ['payment_problem', /\b(problem\w*|errore|difficolta)\b.{0,15}\b(con|col|nel|sul|durante|al) (il |l )?(pagament\w*|checkout|carta)\b|\b(preso|presi|prelevat\w*|scalat\w*|tolto|tolti) (i )?(soldi|l importo)\b.{0,15}\b(ma|pero)\b/],
  ['payment_problem', /\b(addebitat\w*|addebito|pagat\w*|scalat\w*)\b.{0,40}\b(tre volte|piu volte|\d+ volte|due volte|doppio|piu alto|di piu|in piu|sbagliat\w*|errat\w*|maggiore|superiore|troppo)\b|\b(doppio addebito|addebito doppio)\b|\b(pagamento|carta|paypal|bonifico|transazione)\b.{0,40}\b(errore|rifiutat\w*|non (va|passa|funziona|e andato)|fallit\w*|non riuscit\w*|bloccat\w*|negat\w*)\b|\berrore (nel|con il|durante il|di|al) pagamento\b|\b(non ho autorizzato|frode|clonat\w*)\b/],
  ['delivery_problem', /\b(you|they|u) (sent|shipped|delivered|gave) (me|us) (a|an|the|some) (\w+ ){0,4}instead of (the|a|an|my) |\bi (got|received) (a|an|the|some) (?!(refund|exchange|credit|store credit|voucher|gift card|e ?mail|code|reply|message|partial)\b)(\w+ ){0,4}instead of (the|a|an|my) \w+|\bmi (avete|hanno) (mandato|spedito|inviato|consegnato) (un|una|il|la|lo|l|i|le|degli|delle) .{0,30}\binvece (del|della|dello|dell|di|dei|delle)\b/],
  ['delivery_problem', /\b(missing|was not (in|inside|included)|were not (in|inside|included)|not in the (box|parcel|package)|someone else s|somebody else s|some one else s|(wrong|incorrect) (address|house|door|neighbou?r|building|flat|apartment|person)|delivered to (someone else|another person|the wrong \w+|my neighbou?r)|received (the same (item|thing) )?twice|two of the same|duplicate (item|delivery|parcel)|held at (the )?(depot|customs|post office)|left (it |my parcel |my package |the parcel |the package )?(at|with) (the )?(wrong|my neighbou?r)|never (arrived|came|got here|showed up|received)|never (got|received) (it|them|my|the|anything)|(says|shows|marked|marked as|tracking says) (it was |it s |as )?delivered but|(parcel|package|order|shipment|delivery|item|box) (\w+ )?(got|was|been|is|has been) lost|lost (my|the) (parcel|package|order|shipment|delivery)|lost (in|at) (the )?(post|depot|transit|warehouse|mail)|went missing|(parcel|package|box|order) (was |got )?stolen|(was|arrived) empty|empty (box|parcel|package)|did not order (this|that|it|these)|never ordered|not what i ordered|(a |an )?(different|wrong) (item|product|article|size|colou?r|model) (arrived|came|was (sent|delivered)|than)|sent me (the )?(wrong|a different) (item|size|colou?r|product|model)|not the (item|one|product) i ordered|damaged (in transit|parcel|package|box)|(parcel|package|box) (was |arrived )?(damaged|crushed|opened|torn))\b/],
  ['delivery_problem', /\b((sent|received|got|delivered) (me )?(a |an )?(used|worn|dirty|second hand|stained|opened) (item|product|one|dress|shirt|jacket|coat|pair)|(articolo|prodotto|capo) (usato|sporco|gia indossato|aperto)|only (half|part|some) of (my|the) (order|items)|half (of )?(my|the) order|solo (meta|una parte|parte) (dell|del|degli|delle)|(arrivat\w*) solo (meta|una parte))\b/],
  ['delivery_problem', /\b(return label|returns label|etichetta (per il |di |del |per )?reso)\b.{0,25}\b(not|never|did not|has not|non|mai)\b|\b(did not|have not|never|not) (get|got|receive|received|arrive|arrived)\b.{0,20}\b(return label|etichetta)|\bnon (mi )?(e|è) (ancora )?arrivat[ao] (l )?etichetta\b/],
  ['product_defect', /\b(heel|sole|zip|zipper|strap|button|seam|stitching|handle|buckle|tacco|suola|cerniera|bottone|cucitura|manico|fibbia|cinturino)\b (\w+ ){0,2}(broke|broken|came off|fell off|ripped|tore|split|snapped|damaged|ruined|scuffed|si e rott\w*|si e staccat\w*|rott\w*|staccat\w*|strappat\w*|rovinat\w*|danneggiat\w*|graffiat\w*|scollat\w*)\b/],
  ['product_defect', /\b(arrived|came|arrivat[oaie]|arriva(to|ta|ti|te)) (\w+ ){0,3}(with|con) (a |an |the |la |il |lo |l |un |una )?(\w+ ){0,3}(broken|damaged|ruined|torn|stained|scuffed|scratched|rott\w*|rovinat\w*|danneggiat\w*|strappat\w*|macchiat\w*|graffiat\w*|bucat\w*)\b|\b(arrived|came|arrivat[oaie]|arrivati|arrivate) (\w+ ){0,2}(broken|damaged|ruined|torn|stained|rott\w*|rovinat\w*|danneggiat\w*|strappat\w*|macchiat\w*)\b/],
  ['delivery_problem', /\b(consegnat\w*|arrivat\w*|mandat\w*|spedit\w*|inviat\w*) (l |un |il |la |lo |una )?(articolo|prodotto|ordine|pacco|taglia|colore|modello|capo) sbagliat\w*\b/],
  ['delivery_problem', /\b(tried to deliver|attempted delivery|delivery attempt|missed (the )?delivery|failed delivery|did not (ring|knock)|tentat\w* consegna|non (hanno|ha) (suonato|bussato)|ero a casa)\b/],
  ['delivery_problem', /\b(colou?r|size|item|product|it|quality|fabric|material|colore|taglia|articolo|prodotto|tessuto)\b.{0,30}\b(different from|not as (shown|described|pictured)|nothing like|diverso da( quello)?( del| della| nelle| in)?) (the |il |la |le )?(website|site|photo|photos|picture|pictures|description|sito|foto)\b/],
  ['delivery_problem', /\b(manca|mancano|mancava|mancavano|mancant\w*|non c era|non ho (mai )?ordinato|(di|a) qualcun altro|di un altra persona|di un altro cliente|someone else|another (person|customer) s|(vicino|indirizzo|persona|portiere|piano|casa|civico) sbagliat\w*|sbagliat\w* (indirizzo|vicino|civico)|pers[oa] dal corriere|andat[oa] pers[oa]|(pacco|ordine|spedizione) (e |è )?(pers[oa]|smarrit\w*)|consegnat\w* (a|ad) (un altra persona|qualcun altro|un altro indirizzo|un vicino|un altro)|(ricevuto|arrivato|arrivata) (\w+ ){0,3}(due volte|doppio|doppia)|in giacenza|giacenza|fermo in dogana|in deposito|smarrit\w*|rubat\w*|(mai|non e mai|non sono mai) (arrivat\w*|consegnat\w*)|non (mi )?(avete|hanno) (ancora )?(restituito|ridato|rimborsato) (i )?(soldi|l importo|il denaro)|risulta consegnat\w*(?=.{0,40}\b(non|nn|mai|nessuno|ma)\b)|non (l )?ho (mai )?ricevut\w* .{0,30}(ma|pero) (risulta|dice|segna)|arrivat[oa] vuot[oa]|(pacco|scatola) (\w+ ){0,2}vuot[oa]|(pacco|scatola) (\w+ ){0,2}(rott\w*|danneggiat\w*|apert\w*|schiacciat\w*))\b/],
  ['refund_dispute', /\b(refund|refunded|reimbursement) (amount )?(is|was) (wrong|incorrect|too (low|small)|not (right|correct|enough))|\bwrong refund|\b(importo del rimborso|rimborso) (e |è )?(sbagliat\w*|errat\w*|troppo basso|inferiore)/],
  ['refund_dispute', /\b(rimborso|rimborsi)\b.{0,30}\bnon\b.{0,20}\b(arrivat\w*|ricevut\w*)|\bnon (ho|mi e) (ancora )?(ricevut\w*|arrivat\w*) (il |nessun )?rimborso|\b(have not|did not|never|not yet) (received|got|gotten|seen) (my|the|a|any) refund|\brefund (has not|still has not|never|did not) (arrived|come|been (paid|issued|made))|\bwhere is my refund|\bstill waiting for (my|the|a) refund/],
  ['refund_dispute', /\b(refund\w*|reimburs\w*)\b.{0,40}\b(only|partial\w*|half|less|short|wrong amount|not (the )?full|incomplete)\b|\bonly (got|received|get) .{0,30}\brefund|\b(rimborso|rimborsat\w*)\b.{0,40}\b(parzial\w*|meta|incomplet\w*|sbagliat\w*|manca|mancano|solo)\b/],
];

// ---------------------------------------------------------------------------------------------
// Orders: status, returns, cancellation.

const MY_ORDER_NOUN =
  '(tracking|tracking number|order|orders|package|packages|parcel|parcels|purchase|purchases|delivery|deliveries|shipment|shipments|item|items|article|articles|product|products|stuff|things|goods|clothes|dress|shoes|trainers|sneakers|boots|shirt|jacket|coat|jeans|bag|sweater|gift|refund)';
const STATUS_WORD =
  '(courier|carrier|corriere|where|when|arrive|arrives|arriving|arrival|come|coming|get here|be here|be delivered|shipped|ship|dispatched|dispatch|sent|deliver|delivered|delivery date|track|tracking|trace|status|eta|expect|expected|locate|find|update|updates|progress|how far|going on|happened|transit|on its way|on the way|still|yet|late|delayed|delay|how long|how soon|left the warehouse|out for delivery|confirmed|processing|moved|moving|stuck|updated|news|happening|going on|went out|gone out|sent out|shipped out)';

export const ORDER_STATUS = any(
  /\b(dove si trova|dov e|where is) (adesso |ora )?(il |l |the )?(pacco|ordine|parcel|package)\b(?!.{0,20}\b(magazzino|warehouse)\b)|\b(il |l )?(pacco|ordine) (che aspetto|che sto aspettando)\b/,
  /^\W*(check |see |get |show me )?(my |the )?(order status|status of my order|order tracking|tracking)( please| pls| plz)?\W*$/,
  /\b(non|nn) (mi |ci )?(e|è|sono) (ancora )?(arrivat\w*|giunt\w*|stat\w* consegnat\w*)\b(?!.{0,20}\b(mail|e mail|email|link|codice|sms|rimborso)\b)|\b(has not|hasn t|have not|haven t|still hasn t|still haven t|did not|didn t) (arrived|come|turned up|shown up|been delivered)\b(?!.{0,20}\b(e ?mail|link|code|refund)\b)/,
  /\b(check|see|look at|show( me)?|view|list|find|pull up)\b (on )?(my|our|all my) (orders|purchases|order|deliveries)\b|\b(controll\w*|vedere|mostrami|fammi vedere|guarda\w*) (i miei|il mio|i nostri) (ordini|ordine|acquisti)\b/,
  new RegExp(`\\b(my|our|mine)\\b (\\w+ ){0,2}${MY_ORDER_NOUN}\\b.{0,50}\\b${STATUS_WORD}\\b`),
  new RegExp(`\\b${STATUS_WORD}\\b.{0,50}\\b(my|our)\\b (\\w+ ){0,2}${MY_ORDER_NOUN}\\b`),
  /\b(i|we) (ordered|bought|purchased|placed|paid)\b(?!.{0,10}\bcash on delivery\b)(?!.{0,60}\b(if|would|how would)\b).{0,60}\b(arrival|on the way|in viaggio|where|when|arrive|arriving|ship|shipped|sent|dispatched|left|moved|confirmed|processed|deliver\w*|track\w*|status|yet|still|not (come|arrived|received))\b/,
  /\b(has|have) (it|they|my \w+) (been|already|yet) (\w+ )?(dispatched|shipped|sent|left|delivered|arrived|processed|confirmed)\b|\b(was|were) (it|they|my \w+) (already )?(dispatched|shipped|sent|delivered|processed)\b|\bdid (it|they|my \w+) (arrive|ship|leave|go out)\b/,
  /\b(check|checking|look|looking|see|chase|chasing|follow up|following up)\b (on |up on |in on |into |at |after )?((one|some|two|a couple) of (my|our) (orders|purchases|deliveries|parcels|packages|shipments)|(an?|one) (order|purchase|parcel|package|shipment)( of (mine|ours)| i (made|placed|ordered)| we (made|placed))?)\b(?!.{0,30}\b(if|whether|can|could|cancel\w*|change|return\w*)\b)|\b(controllare|verificare|sapere (qualcosa )?(di|su)|chiedere (di|per|info su)|informazioni su) (un|uno dei miei|una delle mie|un mio|una mia) (ordin\w*|acquist\w*|pacc\w*|spedizion\w*|consegn\w*)\b(?!.{0,30}\b(se|posso|annull\w*|cambi\w*|rend\w*)\b)/,
  /\b(news|update|updates|info|information|any word) (on|about|regarding|for) (my|the|our) (order|delivery|parcel|package|shipment|purchase)\b|\b(check|checking) (on|up on|in on) (my|the|our) (order|delivery|parcel|package|shipment|purchase)\b/,
  /\b(where|when|how soon|how long)\b.{0,40}\b(i|we) (ordered|bought|purchased|placed)\b/,
  /\b(track|trace|tracking|locate|status of|eta of|whereabouts of)\b (\w+ ){0,2}(order|package|parcel|purchase|shipment|delivery)\b/,
  /(?<!\b(can|could|may|would|will|do) (i|we|you) )\b(has|have|did|is) (my|the) (order|package|parcel|purchase|shipment|delivery|item|items) (been |already |yet )?(ship|shipped|dispatched|sent|left|delivered|arrived|out)\b(?! to (my|a|an|another|the) (office|work|workplace|friend|neighbou?r|parents|mum|mom|address|house|home)\b)/,
  /\b(tracking (number|code|link|info\w*)|order status)\b.{0,30}\b(my|mine|order \d|for order)\b/,
  // Italian
  /\bquando (mi |ci )?(arriva|arrivera|arrivano|consegnate|consegnerete|passa|parte|partira) (il|la|i|le|l|lo) (pacco|ordine|spedizione|acquisto|merce|corriere|roba)\b|\b(il |l )?(corriere|pacco|ordine) non (e|è) ancora (passato|arrivato|partito|stato spedito|uscito)\b/,
  /\b(pacco|ordine|spedizione|order|package|parcel|delivery)\b (\w+ ){0,2}(doveva|dovrebbe|deve|should have|was supposed to|was due to) (arrivare|essere (consegnat\w*|qui)|arrive|be (here|delivered)|come)\b/,
  /\b(did not|have not|never|can not|could not) (receive|get|got|find|see)\b.{0,25}\b(order |shipping |dispatch |tracking )?confirmation\b|\bnon (ho ricevuto|trovo|mi e arrivata)\b.{0,25}\bconferma\b/,
  /\b(tracciament\w*|tracking) (\w+ ){0,2}(fermo|ferma|bloccat\w*|non si aggiorna|non funziona|non cambia)\b|\bquando (\w+ )?(arrivarmi|arrivarci|consegnarmi|spedirmi|mandarmi)\b/,
  /\bnon (mi )?(e|è|sono) (ancora )?(arrivat\w*|giunt\w*) (niente|nulla|il pacco|l ordine)\b|\bnothing (has )?(arrived|come) yet\b|\bnon (ho|abbiamo) (ancora |mai )?ricevuto (niente|nulla|il pacco|l ordine|nessun pacco|i pacchi)\b/,
  /\b(il mio|la mia|i miei|le mie|mio|mia|miei|mie)\b (\w+ ){0,2}(ordine|ordini|pacco|pacchi|spedizione|spedizioni|acquisto|acquisti|articol\w*|vestito|scarpe|sneakers|giacca|borsa|maglione|regalo|consegna|roba)\b/,
  /\b(stato|a che punto|aggiornament\w*|notizie|novita|tracking|traccia\w*|tracciament\w*)\b.{0,30}\b(spedizione|ordine|pacco|acquisto|consegna|order)\b/,
  /\b(ho|abbiamo) (ordinato|comprato|acquistato|fatto (un |l |il )?(ordine|acquisto)|pagato)\b.{0,60}\b(quando|spedit\w*|arriv\w*|partit\w*|uscit\w*|stato|a che punto|risulta|confermat\w*|ancora|tracking|notizi\w*|aggiornament\w*|saputo (niente|nulla)|so (niente|nulla))\b/,
  /\b(i|we) (ordered|placed an order|bought|paid)\b.{0,40}\b(heard nothing|no news|not heard|haven t heard|no word|no update|no updates|no e ?mail|nothing since)\b/,
  /\b(quando|entro quando|quanto manca)\b.{0,30}\b(mi |me l |me lo |me la |ci )(arriv\w*|spedite|spedirete|consegnate|consegnerete|mandate)\b/,
  /\b(mi |me lo |me la |me li |me le )(arriva|arrivera|arrivano|spedite|mandate|consegnate)\b.{0,20}\b(quando|entro|oggi|domani)?/,
  /\b(in consegna|e in consegna|out for delivery|aspetto il corriere|passa il corriere|e partito|e stato spedito|e uscito dal magazzino|e stato consegnato)\b/,
  /\b(ordine|acquisto|pacco)\b.{0,30}\b(risulta|e fermo|in lavorazione|non e ancora (partito|arrivato|stato spedito)|confermat\w*|spedit\w*|partit\w*|uscit\w*|arrivat\w*|in transito)\b/,
  /\b(ordine|ordinato|acquisto)\b.{0,30}\b(ieri|oggi|lunedi|martedi|mercoledi|giovedi|venerdi|sabato|domenica|settimana scorsa)\b.{0,40}\b(risulta|confermat\w*|spedit\w*|quando|arriv\w*)\b/,
);

/** Asking about an order's arrival in general terms ("how long does delivery take"): a FAQ. */
export const GENERIC_TIMING = one(/\b(how long|how many days|usually|normally|in general|generally|typically|quanto tempo|quanti giorni|di solito|in genere|solitamente|normalmente)\b/);

const RETURN_VERB = '(return|returning|send (\\w+ ){0,2}back|sending (\\w+ ){0,2}back|exchange(?! rates?)|exchanging|give back)';

export const RETURN_REQUEST = any(
  /\b((avrei|ho|avremmo) bisogno di|mi serve|mi servirebbe|devo|dovrei|vorrei|voglio|need to|have to|would like to)\b (\w+ ){0,2}(restituire|rendere|rimandare|fare (un |il )?reso|send (\w+ ){0,3}back|return)\b/,
  /^(please |pls |hi |hello |hey |ciao |salve )?(return|refund|exchange|reso|restituire|rendere)\b (please |pls |per favore )?(for |of |on |the |my |a |an |order |ordine |per |del |della |dell |#?\d|\w+ (from|order|of|dell|del|ordine))/,
  new RegExp(`\\b(want|need|would like|like|wish|trying|try|going|have|help me|help|how (do|can|could|should) (i|we)|how to|where (do|can) (i|we)|please|let me|set up|start|starting|open|initiate|process|arrange|make|request|do|book|can (i|you)|could (i|you)|i will|i am)\\b (to )?(\\w+ ){0,2}${RETURN_VERB}\\b`),
  new RegExp(`\\b${RETURN_VERB}\\b (the|my|a|an|this|these|those|it|them|everything|all|some|one|both|\\w+ from|for order|order|of order|for my|item|items|pair)\\b`),
  /\b(set up|start|open|initiate|process|arrange|make|request|create|begin)\b (a |the |my )?(return|exchange)\b/,
  /\b(get|getting|obtain|obtaining|receive|receiving|request|requesting|demand|demanding|ask for|asking for|claim|claiming|want|need|have|give me|issue|send me|like|wish|love|expect)\b (\w+ ){0,3}(refund|refunds|reimbursement|reimbursements|compensation|compensations|rebate|rebates|restitution|money back|my money)\b/,
  /\b(refund|refunds|reimbursement|reimbursements|reimbursing|compensation|compensations|rebate|rebates|rebating|restitution|refunding)\b (of|for) (my|the|our) (money|order|purchase|item|items)\b/,
  /\b(refund|refunding|reimburse|reimbursing|rebate|rebating|money back)\b.{0,20}\bamount\b|\bamount\b.{0,12}\b(refund|back)\b/,
  /\b(wrong size|taglia sbagliata|too (small|big|tight|large|long|short)|troppo (piccol\w*|grand\w*|strett\w*|larg\w*|lung\w*|cort\w*)|does not fit|do not fit|non mi (sta|stanno|va|vanno))\b.{0,40}\b(what (do|can|should) i do|what now|cosa (faccio|posso fare|devo fare)|che (faccio|devo fare))\b/,
  /^(rimborso|refund) (per|del|della|dello|dei|degli|delle|for|on)\b|\b(please )?refund (me|my|the|this|order|purchase)\b|\brefund (for|on) (the|my|this|these|that) \w+|\b(rimborsatemi|rimborsami|rimborsate|ridatemi i soldi)\b/,
  /\b(get|be|getting|being) (reimbursed|refunded|compensated|paid back)\b/,
  /^(refund|return|refund please|return please|i want a refund|i want my money back|money back|get a refund|start a return)$/,
  /\b(where|how) (could|can|do|should) (i|we) (get|receive|obtain|ask for|request|claim) (a |my |the )?(refund|reimbursement|compensation|rebate|money back)\b/,
  // Italian
  /\b(vorrei|voglio|devo|desidero|dovrei|posso|come (faccio|posso|si fa|inizio|avvio|apro|comincio)|aprire|apri|aprite|avviare|avvia|iniziare|fare|fate|fai|faccio|richiesta|richiedo|richiedere|procedura|chiedo|chiedere|mandare|effettuare|gestire)\b (a |di |il |un |una |la |per )?(\w+ ){0,2}(reso|resi|restitu\w*|render\w*|rimandar\w*|rispedir\w*|indietro)\b/,
  /\b(restituisco|rendo|rimando|rispedisco|riporto) (tutto|tutti|tutte|il|la|lo|i|le|gli|l)\b|\b(lo|la|li|le|l) (rimando|rispedisco|restituisco|rendo|riporto)\b|\b(rimandare|rispedire|mandare|spedire|rimando|rispedisco|mando) (\w+ ){0,2}indietro\b|\b(la|lo|li|le) (voglio|vorrei|devo) (restituire|rendere|rimandare|rispedire)\b/,
  /\b(reso|resi)\b (\w+ ){0,2}(ordine|order|per|x|della|del|dello|dei|degli|delle|di|dell|solo|pls|per favore)\b/,
  /^(reso|resi|reso per favore|voglio fare un reso|richiesta di reso)\b/,
  /\b(rimborso|rimborsare|rimborsarmi|rimborsatemi|soldi indietro|riavere i (miei )?soldi)\b.{0,20}\b(vorrei|voglio|chiedo|datemi|ridatemi)\b|\b(vorrei|voglio|chiedo|ridatemi|datemi|rivoglio)\b.{0,20}\b(rimborso|soldi)\b/,
);

/** Questions about the return rules rather than a request to return something. */
export const RETURN_POLICY_QUESTION = any(
  /\b((lo |la |il reso lo |il reso la )?pago io|a (mio|nostro) carico|(possibilita|possibile) (di )?(fare )?(il |un )?reso|(do|would) i (have to )?pay for (the )?return)\b/,
  /\b(i )?(resi|reso|returns?|il reso|i resi|return shipping|the return) (sono |e |è |are |is )?(gratis|gratuit\w*|free|a pagamento|a carico|paid|charged)\b/,
  // "Per rimandare indietro qualcosa dal Canada?": sending back something from a place, not an item of one's own.
  /\b(return|returning|send back|sending back|ship back|rimandare( indietro)?|rispedire|restituire|rendere|fare (un |il )?reso (di|per))\b (\w+ )?(something|anything|stuff|items|qualcosa|qualcos altro|un articolo|degli articoli|articoli|della merce|merce|roba) (from|dal|dalla|dall|dagli|dai|da) (the )?\w+\b(?!.{0,30}\b(i|ho|my|mio|mia|che ho)\b)/,
  /\b(ho|l ho|le ho|li ho|la ho|i|i ve|i have)\b (gia )?(messo|messe|messi|messa|indossat\w*|usat\w*|lavat\w*|tolto|tolta|worn|wore|washed|used|removed)\b.{0,50}\b(posso|si puo|can i|could i)\b|\b(posso|si possono|si puo) (ancora )?(rendere|restituire|renderl\w*|restituirl\w*|fare il reso)\b.{0,20}\b(lo stesso|comunque|ugualmente|anche se)\b|\b(le|li|la|lo) posso (rendere|restituire) (lo stesso|comunque|ugualmente)\b/,
  /\b(rimborso|soldi)\b.{0,25}\b(arriva|arrivano|arrivera|ci vuole|ci mette|quanto tempo|in quanto|quando|tornano|torna|dove|come)\b|\b(posso|si puo|si possono) (cambiarl[aoie]|fare (un |il )?cambio)\b|\b(cambio|cambiare) (di )?(la )?taglia\b|\b(how long|when)\b.{0,25}\b(refund|money back)\b/,
  /\b((print|printer|printing|stampare|stampo|stampa) (\w+ ){0,2}(label|etichetta)|(return|returns|prepaid|shipping) label|etichetta (di|per il|del) reso|label (myself|by e ?mail|arrive|come))\b/,
  /\b((exchange|swap|change) (\w+ ){0,3}for (another|a different|a bigger|a smaller|a larger|the next) (size|one|colou?r)|(cambiare|scambiare) (\w+ ){0,3}con (una |un )?(taglia|misura|colore) (diversa|diverso|altra|altro|piu grande|piu piccola)|instead of (an |a )?(exchange|refund|store credit|voucher)|invece del (cambio|rimborso|buono)|when (will|do|would|can|shall) i (be refunded|get (my|the) (refund|money))|(quanto (tempo )?ci vuole|quanto tempo|entro quanto|quando) .{0,30}\brimborso|cambiare .{0,30} con (un |una )?altr[oa] (taglia|misura|colore)|(fee|fees|cost|costs|charge|charges) (for|of|when) return\w*|if i (return|send (it|them) back)|se (faccio (il |un )?reso|restituisco|rendo|rimando|mando indietro)|(buono|credito) invece|invece del rimborso|store credit|(for|on|about|with|of) returns|time limit|deadline|return label|(per|sui|dei|coi|con i) resi|limite di tempo|etichetta (per il |di |del |per )?reso)\b/,
  /\b(policy|policies|in (what|which) (cases|case|situations|situation|circumstances)|under (what|which) (circumstances|conditions)|what (are|is) the (conditions|rules)|conditions|money back guarantee|returnable|non returnable|who pays|return (label|shipping|window|period|costs?|fee|address|rules)|how many days (do i have|have i got|to return|for (a )?returns?)|how long (do i have|have i got)|within how (long|many days)|free returns?|returns? (free|for free)|(sale|discounted|worn|used|washed) (items|item|products|clothes|shoes)|if (i|it|they|the)\b.{0,40}\b(can i|could i)|can i (still )?return\b.{0,30}\bif\b|exchange\b.{0,25}\bfor (another|a different|a bigger|a smaller|a larger|the next) (size|one|colou?r)|exchange (it |them )?for (another|a different|a bigger|a smaller)|store credit|gift card instead|in cash)\b/,
  /\bhow long (until|till|before|will it take|does it take|do refunds take)\b.{0,40}\b(refund|refunds|reimburse\w*|money back)\b|\bhow long\b.{0,30}\b(refund|refunds|reimbursement|reimbursements|money back)\b.{0,15}\b(take|takes|taking)\b|\b(refund|refunds|reimbursement|reimbursements)\b (take|takes)\b/,
  /\bwhen (will|do|would) (i|we) (get|receive) (my |the |a )?(refund|money back|reimbursement)\b.{0,15}\b(after|once)\b/,
  /\b(can|could|may) (i|we|you|one|people|customers) (still )?return\b (a |an |any )?(sale|worn|used|washed|discounted|opened|underwear|swimwear|swimsuits?|earrings|gift|shoes|items?|products?|things|clothes|something|stuff)\b/,
  /\b(sending|send|shipping|ship|posting|post|mailing|mail)\b (\w+ ){0,2}back\b.{0,25}\b(cost|costs|free|pay|charged?|fee|fees)\b|\b(cost|costs|charge) (me |us )?(anything|something|money|extra) to (send|ship|return|post) (\w+ ){0,2}back\b/,
  /\b(rimborso|rimborsi)\b (lo |li )?(fate|fatte|arriva|arrivano|viene|vengono|avviene|e|è)\b.{0,12}\b(sulla carta|sul conto|con bonifico|come buono|in contanti|sul metodo)\b|\brefund\w* (to|on|onto) (my|the) (card|account|original)\b/,
  /\b(accettate|accettano|prendete) (\w+ ){0,2}(come reso|in reso|indietro|i resi|resi|reso)\b|\b(li|le|lo|la) accettate\b.{0,15}\b(reso|resi|indietro)\b|\b(do|will) you (accept|take) (\w+ ){0,3}(back|returns?)\b/,
  /\b(posso|possiamo|si puo|si possono) (ancora )?(restituire|rendere|fare il reso (di|del|della|dei|degli|delle)) (l |il |la |i |gli |le )?(un|una|uno|gli|i|le|degli|delle|dei|articoli|prodotti|capi|costum\w*|scarpe|intimo|biancheria|orecchini|saldi)\b/,
  // Italian
  /\b(politica|politiche|regole|condizioni|si (possono|puo) (rendere|restituire|fare (il )?reso|cambiare)|chi paga|entro quanti giorni|quanti giorni (ho|ci sono|per)|quanto tempo (ho|c e) (per|a disposizione)|reso (e )?gratuit\w*|(reso|rimborso) (arriva|costa|viene)|(arriva|arrivera|ricevo|ricevero|riceverò) il rimborso|come buono|buono (spesa|acquisto)|taglia invece|invece (del|di fare il) reso|diritto di recesso)\b/,
  /\bse\b.{0,50}\b(posso|si puo|si possono)\b (ancora )?(restitu\w*|render\w*|fare (il )?reso)\b/,
  /\b(posso|si puo)\b (ancora )?(restitu\w*|render\w*|fare (il )?reso)\b.{0,40}\bse\b/,
);

/** Questions about the product guarantee: defects, repairs, wear and tear. */
export const WARRANTY_QUESTION = any(
  /\b((e|è|sono) copert[oaie]\W*$|(is|are) (it|this|that|they) covered\b|rientra (nella|in) garanzia)/,
  /\b((broke|broken|came off|came apart|came unstuck|fell apart|staccat\w*|rott\w*|scucit\w*|strappat\w*)\b.{0,40}\b(what (can|should|do) i do|cosa (posso|devo) fare|che (faccio|posso fare)|come (faccio|posso fare))|is (that|it|this) covered|covered by (the |your )?(warranty|guarantee)|came (off|apart|unstuck|undone)|fell apart|(e|è|sono) copert[oaie] (dalla|in) garanzia|warranty|warranties|(the|a|your|this|my|under|legal|product) guarantee|guarantee (cover\w*|period|claim|last\w*|on)|defect|defects|defective|repair\w*|wear and tear|manufacturing fault|garanzia|garanzie|difett\w*|riparazion\w*|riparar\w*|usura|vizio|vizi)\b/,
);

/** Questions about discount codes and coupons. */
export const DISCOUNT_QUESTION = any(
  /\b(mettere|inserire|usare|applicare|applicate|applicarlo|applicatelo|aggiungere|messo|inserito) (il |un |lo )?codice\b|\bcodice\b.{0,25}\b(applic\w*|dopo|non funziona|non va|scadut\w*)\b|\bme lo applicate\b/,
  /\b(code (says|is|shows|was) (invalid|not valid|expired|wrong)|invalid code|code (does not|will not|did not) (work|apply)|codice (non valido|scaduto|non funziona)|discount code|discount codes|promo code|promo codes|promotional code|coupon\w*|voucher\w*|promo|codice sconto|codici sconto|codice promo|buono sconto|sconto studenti|student discount|codice promozionale)\b/,
  /(?<!\b(tracking|track|return|returns|label|verification|security|reset|confirmation|postal|zip|post|access|pickup|collection|qr|bar|sdi|pec|ritiro) )\b(my |the |this |a |your )?code\b( \w+)? (is not|isn t|not|does not|doesn t|won t|will not|is|was) (working|work|valid|accepted|being accepted|applied|being applied|going through|rejected|refused)\b(?!.{0,25}\b(tracking|return|label|reset|verification|login|log in)\b)|\b(get|getting|receive|have|another|a new|new|welcome|extra|second) (discount )?code(s)?\b(?!.{0,25}\b(tracking|order|sdi|pec|security|verification|reset|password|return|returns|label|pickup|collection|locker)\b)|\b(un altro|nuovo|un nuovo|altri) codic[ei]\b(?!.{0,25}\b(reso|resi|etichetta|tracking|tracciamento|ritiro|locker|verifica|sicurezza|password|sdi|pec)\b)/,
);

/** Questions about sizes and fit (a stock question about a size was caught before). */
/** Sizing questions specific enough to trust a weak retrieval match. */
export const SIZING_STRONG = any(
  /\b(mezze taglie|mezza taglia|mezzi numeri|mezzo numero|half sizes?|(la|una|il|size|taglia) (xs|s|m|l|xl|xxl) (da (donna|uomo) |for (women|men) )?(corrisponde|equivale|e|is|equals) (alla|a una|a|al|to|an?)? ?(eu |it |uk |us )?\d+|(in|che|what) (uk|us|eu) (che )?(numero|size|taglia)|in uk che numero)\b/,
  /\b(tra|fra|between) (la |una |an? |size )?(xxs|xs|s|m|l|xl|xxl|\d\d) (e|and|o|or) (la |una |an? )?(xxs|xs|s|m|l|xl|xxl|\d\d)\b/,
  /\b((la|il|una|size|taglia|numero) \d\d( italiana| italiano| it| eu| uk| us)? (a quanto |a cosa |a che )?(corrisponde|equivale|is|equals)|(la|una|il|size|taglia) (xs|s|m|l|xl|xxl) (corrisponde|equivale|e|is|equals) (alla|a una|a|al|to|an?)? ?(eu |it |uk |us )?\d+|(which|what) size (should|do|would|shall|must) (i|we) (get|pick|take|order|choose|buy|go for|wear)|should i size (up|down)|size (up|down)|my size|size (guide|chart|table)|between (two )?sizes|(uk|us|eu|it|fr) (size )?\d+|runs? (small|large|big)|true to size|(slim|regular|oversized?) fit|che taglia|quale taglia|tra due taglie|guida (alle )?taglie|tabella (delle )?taglie|(porto|indosso) (la|il) \d\d)\b/,
);

export const SIZING_QUESTION = any(
  /\b(runs? (small|large|big|true)|come up (small|large|big)|size guide|size chart|sizes|sizing|what size|which size|my size|right size|true to size|between (two )?sizes|size up|size down|fit|fits|slim fit|regular fit|oversized?|measure\w*|(uk|us|eu|it|fr) \d+|xs|xl|xxl|guida (alle )?taglie|tabella (delle )?taglie|che taglia|quale taglia|taglie|vestibilita|misur\w*|tra (la )?\d\d e (la )?\d\d|alla \d\d o alla \d\d|equivale)\b/,
);

/** Questions about how to pay. */
export const PAYMENT_QUESTION = any(
  /\b(paga|pago|pagare|pagamento|si paga) (\w+ )?(alla consegna|al corriere|in contanti|col corriere)\b|\b(pay|paying) (the courier|on delivery|at the door)\b/,
  /\bcard (details|information|info|data)\b.{0,25}\b(safe|safely|secure|securely|stored|saved)\b|\b(pagament\w* (sono |e )?sicur\w*|secure (payment|checkout)|is (it|paying|payment|checkout) (safe|secure)|pay (in )?cash|cash (when|on|at)|in contanti|contanti|prendete i soldi|quando (pago|si paga|viene (addebitat\w*|prelevat\w*|scalat\w*))|take the money|charge my card|when (will|do|does|is) (i|you|my card|the card|it) (be )?(charged|debited|taken)|when is (the )?payment taken|payment (methods?|options?)|pay (with|by|via|using|in instalments)|cash on delivery|paypal|apple pay|google pay|satispay|klarna|credit card|debit card|bank transfer|american express|amex|mastercard|visa card|metodi di pagamento|pagare (con|in|tramite)|contrassegno|bonifico|carta di credito|prepagata|postepay|a rate)\b/,
);

/** Questions on the newsletter; its name alone says what the question is about. */
export const NEWSLETTER_QUESTION = any(/\b(reiscriv\w*|re ?subscrib\w*|codice di benvenuto|welcome code|disiscriv\w*|unsubscrib\w*|cancellarmi dalle (email|mail)|stop (the |your |all )?(e ?mails|newsletters?)|newsletter|mailing list|marketing e ?mails|promotional e ?mails|email promozionali|mail promozionali)\b/);

/** Generic questions on delivery timing ("when will an order placed today ship?"). */
export const SHIPPING_TIME_QUESTION = any(
  /\b(when|how soon)\b.{0,30}\b(get sent|be sent|sent out|go out|goes out)\b|\b(need|want) (a|an|the|it|this|my) (\w+ )?(by|before) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the weekend|christmas)\b|\b(fastest|quickest) (way|delivery|shipping|option)\b|\b(modo|spedizione|consegna) piu (veloce|rapid\w*)\b/,
  /\b(leave|leaves|ship|ships|go out|goes out|dispatched|sent) (\w+ )?(today|the same day|same day|tomorrow)\b|\b(parte|partono|spedite|esce) (oggi|in giornata|lo stesso giorno|domani)\b|\bwhen (do|will|would) (i|we) (get|receive) (a |the )?(tracking|shipping) (number|code|link|e ?mail|confirmation)\b|\bquando (arriva|ricevo|mi arriva) (il )?(tracking|codice di tracking|numero di spedizione)\b/,
  /\b(when|how soon|how long|how many (working |business )?days)\b.{0,40}\b(ship|shipped|shipping|dispatch\w*|leave|leaves|arrive|arrives|deliver\w*|take|takes)\b/,
  /\b(arrive|be delivered|get here|be here|come) (before|by|in time for) (christmas|easter|the weekend|next week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|my birthday|\d+)\b/,
  /\b(need|want|get|have) (it|this|them|these|my \w+|the \w+|this \w+) (by|before) (\w+ ){0,3}(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the weekend|next week|christmas|\d+)\b|\b(mi serve|mi servono|ho bisogno|deve arrivare) .{0,30}\bentro\b|\bce la fate\b/,
  /\b(quando|quanto tempo|quanti giorni|entro quando|in quanto tempo|entro che ora|a che ora|orario limite)\b.{0,40}\b(parte|partono|spedi\w*|arriva|arrivano|consegn\w*|ci vuole|ci vogliono|ci mette|ci mettete|ordinare|ordino)\b/,
  /\b(cut ?off|what time (do|should|must) i (order|need to order)|order by what time)\b/,
);

/** Addresses: saving them, another recipient, errors entering one. */
export const ADDRESS_QUESTION = any(
  /\b((save|set|make|store|salvare|salvo|impostare) (my |an |the |il mio |l |un )?(\w+ )?(address|indirizzo)( as (the )?default)?|default (one|address)|indirizzo predefinito)\b/,
  /\b(street name|street address|house number|postcode|post code|zip code|address (field|form|line|box)|the box on (your|the) form|civico|numero civico|nome della via|campo (dell )?indirizzo)\b/,
  /\b(shipping address\w*|delivery address\w*|address book|default address|po box|indirizz\w*|casella postale|(ship\w*|send|sent|deliver\w*|spedire|spedirlo|spedirla|mandare|consegnare|far arrivare|inviare) (\w+ ){0,3}(to|a|presso|da) (my|mia|mio|un|una|another|someone|somebody|altra|altro|casa (di|della|del)) ?(\w+ )?(friend|mother|mum|mom|father|dad|sister|brother|son|daughter|children|kids|colleague|family|person|address|office|work|workplace|neighbou?r|parents|figlio|figlia|figli|nipote|zia|zio|cugin\w*|collega|amico|amica|madre|mamma|padre|papa|sorella|fratello|nonna|nonno|persona|indirizzo|ufficio|lavoro|fidanzat\w*|moglie|marito))\b/,
);

/** Receipts and invoices; the document's name says what the question is about. */
export const INVOICE_QUESTION = any(
  /\b(invoice\w*|bills?|receipts?|proof of purchase|vat (number|invoice)|fattur\w*|ricevut[ae]|scontrin\w*|partita iva|codice fiscale|codice sdi|sdi|pec)\b/,
);

/** Which couriers the shop uses ("chi vi fa le consegne, le Poste o Bartolini?"): couriers named to ask about the shop's own. */
export const COURIER_QUESTION = one(/\bchi (vi |ci )?(fa|fanno|porta|portano|effettua\w*|gestisce) (le |la )?(consegne|consegna|spedizioni|spedizione)\b|\b(con )?(che|quale|quali) corrier\w* (usate|utilizzate|spedite|lavorate)\b|\b(which|what) (courier|couriers|carrier|carriers|delivery company|delivery companies) do you (use|ship with|work with)\b|\bwho (does|do|handles|delivers) (your|the) (deliveries|delivery|shipping)\b/);

/** Couriers, lockers, express, free shipping: the delivery options article. */
export const SHIPPING_OPTIONS_QUESTION = any(
  COURIER_QUESTION,
  /\b(gratis|gratuit\w*|free)\b.{0,30}\b(sopra|oltre|over|above|from) (i |gli )?\d+|\b(sopra|oltre|over|above) (i |gli )?\d+ (euro|eur)?.{0,30}\b(gratis|gratuit\w*|free)\b/,
  /\b(ritirar\w* (di persona|in negozio|in magazzino|da voi)|ritiro (in negozio|in magazzino|di persona)|passare a ritirare|pick (it )?up in (person|store)|collect (it )?(in store|in person|from your (warehouse|shop|store))|quanto (la|lo|le|li) fate pagare|quanto fate pagare)\b/,
  /\bquanto (viene|vengono|fa|si paga|pago|costa|costano) (la |le |il )?(spedizione|spese di spedizione|consegna|corriere|express|standard|spedire)\b/,
  /\b((is|are) (the )?(shipping|delivery|postage) (free|included)|free (shipping|delivery|postage)? ?(if|when|over|above|from)\b|(e|è) (gratis|gratuita) la spedizione|spedizione (e |è )?(gratis|gratuita|inclusa)|spedite gratis)\b/,
  /\b((quanto|cosa) (si )?pag\w* (di|per la) spedizione|quanto costa (spedire|la spedizione)|how much is (shipping|delivery)|what does (shipping|delivery) cost|couriers?|carriers?|delivery compan\w*|brt|dhl|inpost|lockers?|pick ?up points?|fermopoint|express (delivery|shipping)|same day delivery|free (shipping|delivery)|shipping costs?|corrier\w*|punto di ritiro|spedizione (gratuita|express)|consegna (in giornata|express)|costi di spedizione|spese di spedizione)\b/,
);

/** Accounts: needing one, guest checkout, personal details. */
export const ACCOUNT_QUESTION = any(
  /\b(aggiorn\w*|cambi\w*|modific\w*) (\w+ ){0,3}(numero di telefono|numero di cellulare|cellulare|telefono)\b.{0,30}\b(dati|account|profilo)?|\b(update|change) (my )?(phone|mobile) (number)?\b/,
  /\b((close|shut|shut down|deactivate|terminate|get rid of|remove|wipe|erase|chiudere|chiudo|disattivare|eliminare|cancellare) (\w+ )?(my |the |il mio |l )?(account|profilo)|(have|need|required|obliged|must) to (register|sign up|create an account|make an account|open an account)|(do|must) i (register|sign up)|(devo|bisogna|e obbligatorio|occorre) (per forza )?(registrarmi|registrarsi|iscrivermi|creare un account)|(making|creating|opening|having) an account\b|account (is )?(free|gratis|gratuito)|(e|è) gratis (creare|aprire|registrarsi))\b/,
  /\b((need|require\w*|have) (to have )?an account|without (an |a )?account|guest checkout|as a guest|(serve|bisogna avere|devo avere|obbligatorio) (un |l )?account|senza (un |l )?account|senza registra\w*|(change|update|edit|modify|cambia\w*|modific\w*|aggiorn\w*) (my |il mio |i miei |la mia )?(name|phone( number)?|email address|personal details|details|nome|numero di telefono|dati personali)|(delete|erase|remove|cancellare|eliminare|cancella|elimina) (all )?(tutti )?(of )?(my |i miei |il mio |l )?(personal )?(data|account|dati|profilo)|registrazione|registrarsi|registrarmi|registration|sign up for an account|create an account|open an account|creare (un |l )?account|aprire (un |l )?account)\b/,
);

/** Shipping abroad in general, without naming a place. */
export const INTERNATIONAL_QUESTION = any(
  /\b(dogana|doganal\w*|dazi|dazio|customs|duties|duty|import (tax|taxes|fees|vat)|tasse di importazione)\b/,
  /\b(worldwide|all over the world|internationally|international (shipping|delivery|orders)|abroad|overseas|outside (italy|the eu|europe)|tutto il mondo|all estero|estero|fuori (dall italia|dall ue|dall europa)|internazional\w*)\b/,
);

export const CANCEL_REQUEST = any(
  /\b(cancel|cancelling|canceling|cancellation|cancelation|cancelled|canceled)\b(?!.{0,25}\b(newsletter|subscription|subscribe|mailing|emails|account|membership|alarm|reminder)\b)/,
  /\b(no longer|not anymore|do not) (want|need|afford)\b.{0,30}\b(order|purchase|it|this)\b|\bcan no longer afford\b|\b(changed my mind about)\b.{0,20}\b(order|purchase)\b/,
  /^(?!.*\b(dati|account|profilo|iscrizione|newsletter)\b).*\b(an+ull\w*|(ho cambiato idea|ci ho ripensato|non lo voglio piu)\b(?=.{0,40}\bordin\w*)|cancella\w*|cancello|cancelli|cancellerei|disdire|disdetta)\b(?!.{0,25}\b(newsletter|iscrizione|sveglia|sveglie|promemoria|account|profilo|email|mail|dati|carta|indirizzo)\b)/,
  /\b(ordered|placed (the |my |an? )?order|order button|submitted (the |my )?order|paid|clicked|pressed|hit) (\w+ ){0,4}twice\b.{0,60}\b(duplicate|one of them|the second|the other|extra|cancel|get rid)\b|\b(get rid of|remove|delete) the (duplicate|second|extra) (order|one)\b|\b(duplicate|double|doppio) (order|ordine)\b|\b(ordinato|fatto l ordine|ordine) (\w+ ){0,3}due volte\b/,
  /\bnon (mi serve|lo voglio|la voglio|li voglio|le voglio) piu\b|\bnon voglio piu (il |l |lo |la |questo |quest )?(mio |mia )?(ordine|acquisto)\b/,
);

/**
 * The shop's own things named as nouns ("my order", "the parcel", "the coat"): a message about
 * them is the shop's business even when it mentions a holiday or a flight.
 */
export const SHOP_NOUN =
  /\b((my|the|an|a|this|that|your|our|one|same|single|each|il|l|lo|la|mio|mia|un|una|questo|quel|stesso|un solo|uno stesso) (order|orders|purchase|parcel|package|delivery|shipment|item|items|ordine|ordini|acquisto|pacco|spedizione|consegna|articolo|articoli)|order (number|n|no|#)|numero (d )?ordine|(your|the|this|vostro|il) (website|site|sito|app|shop|store|negozio|checkout|cart|carrello)|clothes|dress|dresses|shirts?|shoes|boots|trainers|sneakers|loafers|coats?|jackets?|jeans|trousers|skirts?|sweaters?|scarf|trench|trenches|parka|blazer|cardigans?|hoodies?|chinos|loafers|belts?|earrings|vestit\w*|giacc\w*|camici\w*|scarpe|stivali|stivalett\w*|cappott\w*|maglion\w*|magliett\w*|felp\w*|piumin\w*|impermeabil\w*|gonn\w*|pantaloni|borsa|borse|cintur\w*|sciarp\w*|mocassin\w*|orecchin\w*)\b/;

/** Words that make a message unmistakably about this shop's service (for the out-of-scope test). */
export const SHOP_WORD =
  one(/\b(order|orders|ordered|purchase|purchased|purchases|package|packages|parcel|parcels|delivery|deliveries|deliver|delivered|shipping|ship|shipped|shipment|shipments|track|tracking|courier|return|returns|returned|returning|refund|refunds|fee|fees|exchange|cancel\w*|pay|paying|payment|payments|paypal|card|cards|invoice|invoices|bill|bills|receipt|receipts|account|password|login|log in|sign in|sign up|register|newsletter|subscribe|unsubscribe|subscription|email|address|size|sizes|sizing|fit|measure\w*|warranty|guarantee|defect\w*|faulty|broken|discount|code|coupon|promo|voucher|sale|sales|price|prices|cost|costs|stock|item|items|product|products|article|articles|clothes|clothing|dress|dresses|shirts?|t shirts?|shoes|boots|trainers|sneakers|loafers|coats?|jackets?|jeans|trousers|pants|shorts|skirts?|blouses?|tops|hoodies?|bags?|handbags?|sweaters?|jumpers?|scarf|scarves|belts?|hats?|socks|suits?|swimsuits?|underwear|fabric|material|cotton|linen|wool|leather|colou?rs?|collection|website|site|shop|store|checkout|check out|guest|my data|personal data|dati personali|i miei dati|privacy|gdpr|cart|basket|customs|duties|express|standard|reimburse\w*|compensation|rebate\w*|restitution|money back|key|agent|operator|complaint|claim|bought|buy|buying|collection|gift|heel|sole|zip|zipper|strap|button|seam|tacco|suola|cerniera|ordine|ordini|ordin\w*|acquist\w*|pacco|pacchi|spedi\w*|consegn\w*|corrier\w*|tracciament\w*|reso|resi|restitu\w*|rimbors\w*|annull\w*|pagament\w*|pagare|pago|addebit\w*|carta|bonifico|contrassegno|fattura|ricevuta|scontrino|registra\w*|iscri\w*|indirizzo|taglia|taglie|misur\w*|vestibilita|garanzia|difett\w*|sconto|sconti|codice|buono|saldi|prezzo|costo|costi|articol\w*|prodott\w*|vestito|abito|abiti|xs|xl|xxl|profile|profilo|user|utente|giacca|camicia|scarpe|stivali|borsa|maglione|cappotto|gonna|sito|negozio|carrello|dogana|dazi|operatore|comprat\w*|compra\w*|login|accesso|account)\b/);

/** A reason for returning, if the message gives one. */
export const RETURN_REASONS: ['wrong_size' | 'damaged' | 'not_as_described' | 'changed_mind' | 'other', RegExp][] = [
  ['wrong_size', /\b((it s|it is|they re|they are|its) (a bit |a little |too |way too |very )?(small|big|tight|loose|large|short|long|narrow|wide)|(e|è|sono|mi sta|mi stanno|mi va|mi vanno|veste|vestono|calza|calzano) (un po |un po' |molto |troppo |parecchio )?(piccol\w*|grand\w*|strett\w*|larg\w*|cort\w*|lung\w*|abbondant\w*)|wrong size|too (big|small|long|short|tight|loose|large|wide|narrow)|does not fit|do not fit|did not fit|doesn t fit|none of it fits|not fit|fit\w* badly|rub\w*|size (is|was) wrong|instead of (an? )?(xs|s|m|l|xl|xxl|size)|taglia sbagliata|troppo (grande|piccol\w*|stretto|stretta|stretti|strette|larg\w*|lung\w*|cort\w*)|non mi (sta|stanno|va|vanno|entra|entrano) (bene)?|mi fanno male|scomod\w*|non sono comod\w*|mi stringe|mi stringono|mi tira|mi tirano|tira (sulle|sul|in|nelle|nei)|(too |a bit |quite )?(snug|tight)|pinch\w*|squeez\w*|(one|a) size (too|up|down|bigger|smaller)|mandato una \w+ invece|invece della|size)\b/],
  ['damaged', /\b((button|buttons|bottone|bottoni) (is |was |are )?(missing|mancant\w*)|missing (a )?button\w*|manca(no)? (un |dei )?bottoni?|scuff\w*|filo tirato|fili tirati|snag\w*|pulled thread|scolorit\w*|faded|pilling|pallini|damaged|faulty|broken|broke|came off|came apart|fell apart|staccat\w*|defective|torn|ripped|stain\w*|hole|scratched|not working|macchiat\w*|rott\w*|difettos\w*|strappat\w*|bucat\w*|danneggiat\w*|scucit\w*|rovinat\w*)\b/],
  ['not_as_described', /\b(not as described|looks? (nothing|different)|different from|not like the (photo|picture)|nothing like|colou?r (is|was) (different|off|wrong)|wrong (item|colou?r|model|product)|not what (i|was) (ordered|expected|shown)|divers[oaie] (da|dalla|dalle|dal|dai|dalle|rispetto)|non come descritt\w*|descrizione|non corrisponde|come (appariva|era) in foto|colore diverso|(colore|tessuto|materiale) (\w+ ){0,3}(e |è )?divers\w*|dal vivo (e |è )?(divers\w*|un altra cosa|brutt\w*)|(looks?|is|was) (\w+ )?different (in (real life|person|reality)|irl)|in (real life|person) (it |the colou?r )?(looks?|is) (\w+ )?different|colou?r (\w+ ){0,3}(is|was|looks) (\w+ )?(different|off|wrong)|modello sbagliat\w*|sbagliato modello|ho sbagliato modello|articolo sbagliato)\b/],
  ['changed_mind', /\b(changed my mind|change of mind|do not (like|want|need) (it|them)|not my style|ordered (two|2|twice) by mistake|by mistake|no longer (want|need)|non mi (piace|piacciono|convince|convincono)|ho cambiato idea|non mi serve piu|non mi servono piu|non mi servon piu|per errore|non (lo|la|li|le) voglio piu|(was|it s|its|it is) (a|an) (unwanted )?gift|unwanted gift|not (really )?(a|an) \w+ person|not (really )?for me|not my (thing|colou?r|taste)|(does not|doesn t|did not|didn t) suit me|(do not|don t) (really )?(like|love|want) (it|them|the \w+)|regalo (non gradito|sbagliato)|era un regalo|non mi dona(no)?|non fa per me|non e il mio (stile|genere|colore))\b/],
];

// ---------------------------------------------------------------------------------------------
// Follow-ups on the order the bot has just shown ("when will it arrive?", "who's the courier?").

const ARRIVAL = '(arriv\\w*|come|coming|get here|be here|delivered|deliver\\w*|consegn\\w*|ship\\w*|spedi\\w*|part\\w*|leave|left)';

/** A question about the order already on screen: its arrival, courier, tracking, contents or status. */
export const FOLLOW_UP_ORDER = any(
  new RegExp(`\\b(when|quando|how soon|entro quando|what day|che giorno)\\b.{0,30}\\b${ARRIVAL}\\b`),
  /\b(tracking|track it|traccia\w*|tracciament\w*|courier|carrier|corriere|who is (delivering|bringing)|chi (lo|la|me lo|me la|li) (consegna|porta)|with (which|what) (courier|carrier|company)|con (quale|che) corriere)\b/,
  /\b(where is it|where s it|where is (the|my) (parcel|package|order)|dov e( adesso| ora)?|a che punto e|status|lo stato)\b/,
  /\b(c (era|erano) dentro|dentro c (era|erano)|nel pacco c (era|erano)|what (was|is) in (it|the order|the parcel|the package|that order|this order|my order)|contents|cosa c e dentro|cosa (c era|conteneva|contiene)|what did i (order|buy)|cosa ho (ordinato|comprato))\b/,
  /\b(expected|eta|delivery date|data di consegna|previst\w*)\b/,
  /\b(will|does|is|itll|it ll|would)\b (it |they |that )?(come|arrive|get here|be here|be delivered|show up|ship)\b|\b(arriva|arrivera|arrivano|consegnate|passa il corriere)\b (\w+ )?(oggi|domani|stasera|in tempo)\b/,
  /\b(delivered|arrived|shipped|sent|dispatched|spedit\w*|arrivat\w*|consegnat\w*|partit\w*) (when|quando)\b|\b(taking so long|take so long|still not (here|arrived)|ci mette (cosi )?tanto|ci vuole (cosi )?tanto|non arriva piu)\b/,
  /\b(has it|is it|did it|e gia|e stato|e stata|e arrivato|e partito|e uscito)\b.{0,12}\b(shipped|arrived|been delivered|left|come|spedit\w*|arrivat\w*|partit\w*|consegnat\w*)\b/,
);

/** A general question about how the shop works, not about one order ("which couriers do you use?"). */
export const GENERAL_QUESTION = one(
  /\b(do you|you (use|usually|normally)|usually|normally|in general|generally|typically|di solito|in genere|normalmente|usate|utilizzate|spedite con|what couriers|which couriers|quali corrieri|how long does (shipping|delivery) take|quanto ci mette (la spedizione|il corriere) (di solito|in genere))\b/,
);

/** "And my other order?": a second order, after one was shown. */
export const OTHER_ORDER = one(/\b(l altro mio ordine|l altro ordine mio|il mio altro ordine|my other order|the other order|another order|other orders|my second order|the second order|l altro ordine|un altro ordine|altro ordine|altri ordini|il secondo ordine|l altro acquisto)\b/);

/** What the shopper wants to know of an order beyond its status. */
export function ORDER_DETAIL(text: string): 'tracking' | 'items' | null {
  if (/\b(tracking( number| code| link| id)?|track(ing)? (it|number)|numero di (tracking|spedizione|tracciamento)|codice (di )?(tracking|tracciamento|spedizione)|tracciamento)\b/.test(text)) return 'tracking';
  if (/\b(c (era|erano) dentro|dentro c (era|erano)|nel pacco c (era|erano)|(was|were) (the|my|both|all) (\w+ ){0,3}in (it|the parcel|the box|there)|what (was|is) in (it|the order|the parcel|the package|my order)|contents|what did i (order|buy)|cosa (c e|c era) (dentro|nel pacco|nell ordine)|cosa (conteneva|contiene)|cosa ho (ordinato|comprato)|quali articoli (c erano|ci sono|ho ordinato))\b/.test(text)) return 'items';
  return null;
}

/**
 * A request to swap something the shopper has for another size ("can I swap it for an L?",
 * "vorrei cambiare la sciarpa, taglia sbagliata"): a return that ends in an exchange. Without a
 * reference to their own item or order it is a question about the rules instead.
 */
export const EXCHANGE_REQUEST = one(
  /\b(swap|exchange|change|switch|cambiare|cambiarl[aoei]|cambio|scambiare|sostituire|sostituirl[aoei])\b.{0,40}\b(for|per|con|in)\b (an? |una |un |la |il |the |size |taglia |a bigger |a smaller |one size |una taglia |un numero |una misura )?(xs|s|m|l|xl|xxl|\d\d|bigger|smaller|larger|bigger size|smaller size|larger size|piu grande|piu piccol\w*|another size|other size|altra taglia|taglia (piu grande|piu piccola|sopra|sotto|diversa)|numero (piu grande|piu piccolo|sopra|sotto|in piu|in meno))\b|\b(cambiare|cambio|scambiare|sostituire)\b.{0,40}\b(taglia sbagliata|non mi (sta|va|stanno|vanno)|troppo (grand\w*|piccol\w*|strett\w*|larg\w*))|\b(wrong size|too (small|big|tight|large|loose))\b.{0,40}\b(swap|exchange|change it|another size)\b/,
);

/** The shopper's own item or order: "my", "it", "the … from order", an order number. */
export const OWN_THING = one(/\b(my|mine|it|them|vorrei|voglio|devo|i want to|i d like to|i would like to|i need to|i (bought|ordered|got|received)|mio|mia|miei|mie|l ho|li ho|le ho|la ho|ho (comprato|ordinato|ricevuto)|dell ordine|del mio ordine|from (my |the |order))\b/);

/**
 * A short message that leans on the one before ("and for shoes?", "how much is that?", "what can
 * I use instead", "e per la Svizzera?"): a connective first, or a word pointing back.
 */
export function isFollowUpForm(text: string): boolean {
  const count = text ? text.split(' ').length : 0;
  if (count === 0 || count > 12) return false;
  return FOLLOW_UP_START.test(text) || POINTING_BACK.test(text) || count <= 3;
}
const FOLLOW_UP_START = /^(and|so|ok|okay|but|also|then|plus|what about|how about|and what about|what if|e|ed|ma|quindi|allora|invece|e per|e se|e invece|e con|anche|pure|per|e quanto|e come|e quando|e dove|e il|e la|e i|e le|e lo)\b/;
export const POINTING_BACK = /\b(it|its|that|this|(?<!\b(is|are|was|were) )there|those|them|one|ones|yours|then|instead|afterwards|after that|lo|li|le|ci|quello|quella|questo|questa|quelli|quelle|allora|invece|vostro|vostra|vostri|vostre|poi|dopo)\b/;

/** The shopper's own item, bought or received: "the sweater arrived…", "il maglione che ho preso". */
export const OWN_PURCHASE = one(
  /\b(i (bought|ordered|got|received|purchased)|got (the|my|it|them)|(arrived|came|showed up|turned up) (with|today|yesterday|broken|damaged|torn)|it arrived|they arrived|the \w+ (i|we) (bought|ordered|got)|(ho|abbiamo) (preso|comprato|ordinato|ricevuto|acquistato)|(mi|ci) (e|è|sono) arrivat\w*|(e|è|sono) arrivat\w* (con|rott\w*|bucat\w*|strappat\w*|macchiat\w*|danneggiat\w*|rovinat\w*)|che ho (preso|comprato|ordinato|ricevuto))\b/,
);

/** Asking for one's own password, or how to get back into the account. */
export const PASSWORD_QUESTION = one(
  /\b((non|nn) (mi )?ricordo (piu )?(la |il )?(mia )?(password|pw|pass)|ho (dimenticato|scordato|perso) (la )?(mia )?(password|pw|pass)|forgot (my )?(password|pw)|(qual e|dimmi|mi dici|mi dite|ditemi|tell me|what is|what s|whats) (\w+ )?(la )?(mia |my )?(password|pw)|(reset|recovery) (link|e ?mail|code)|(link|codice) (di )?(reset|recupero)|can t (log|sign) ?in|cannot (log|sign) ?in|locked out|non riesco (ad |a )?(entrare|accedere))\b/,
);
