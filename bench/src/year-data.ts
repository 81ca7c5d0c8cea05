import type pg from 'pg';

/**
 * A year of a busy shop, written straight into PostgreSQL with `INSERT … SELECT` over
 * `generate_series` (no API round trips): three sites, twenty agents, 420,000 shoppers, 600,000
 * conversations spread over the last 365 days, about 7 million messages in English and Italian
 * (order numbers, e-mails, product names), internal notes, and the events the server writes for
 * them (created, bot turns, hand-offs, first replies, takeovers, resolutions, ratings, closing).
 * `scale` shrinks every count (0.01 for a quick try). Deterministic: the same data every run.
 *
 * The secondary indexes of the big tables are dropped for the load and built again after it, from
 * their own definitions, as a restore would: the result is the schema the migrations made.
 */
export interface YearCounts {
  visitors: number;
  conversations: number;
}

export function yearCounts(scale: number): YearCounts {
  return { visitors: Math.round(420_000 * scale), conversations: Math.round(600_000 * scale) };
}

const FIRST = ['Giulia', 'Marco', 'Francesca', 'Luca', 'Chiara', 'Matteo', 'Sara', 'Alessandro', 'Elena', 'Davide', 'Emma', 'Oliver', 'Sophie', 'James', 'Charlotte', 'Harry', 'Amelia', 'Jack', 'Isla', 'Noah', 'Martina', 'Lorenzo', 'Aurora', 'Tommaso', 'Beatrice'];
const LAST = ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini'];
const DOMAINS = ['gmail.com', 'libero.it', 'outlook.com', 'yahoo.it', 'hotmail.com', 'icloud.com', 'tiscali.it', 'example.com'];
const PRODUCTS = ['linen shirt', 'wool coat', 'leather belt', 'cotton trench coat', 'silk scarf', 'running shoes', 'denim jacket', 'cashmere sweater', 'camicia di lino', 'cappotto di lana', 'cintura in pelle', 'sciarpa di seta', 'scarpe da corsa', 'giacca di jeans', 'maglione di cashmere'];

/** Shopper messages (%1$s a product, %2$s an order number, %3$s an e-mail), English then Italian. */
const SHOPPER_EN = [
  'Hi, where is my order %2$s? I ordered the %1$s last week.',
  'Can I return the %1$s from order %2$s? It is too small.',
  'My email is %3$s, the order number is %2$s',
  'The tracking for order %2$s has not moved since Monday, is it lost?',
  'Do you ship to Switzerland? And how long does it take?',
  'I would like to exchange the %1$s for a larger size please',
  'The %1$s arrived damaged, the box was open. What can I do?',
  'thanks, that helps a lot!',
  'Is the %1$s available in blue? I cannot find it on the site',
  'I was charged twice for order %2$s, can you check?',
  'can I speak to a person please',
  'ok perfect, thank you',
];
const SHOPPER_IT = [
  "Ciao, dov'è il mio ordine %2$s? Ho ordinato la %1$s la settimana scorsa.",
  "Posso restituire la %1$s dell'ordine %2$s? È troppo piccola.",
  "La mia email è %3$s e il numero d'ordine è %2$s",
  "Il tracciamento dell'ordine %2$s è fermo da lunedì, si è perso?",
  'Spedite in Svizzera? Quanto ci vuole?',
  'Vorrei cambiare la %1$s con una taglia più grande',
  'La %1$s è arrivata danneggiata, il pacco era aperto. Cosa posso fare?',
  'grazie, mi siete stati molto utili!',
  'La %1$s è disponibile in blu? Non la trovo sul sito',
  "Mi avete addebitato due volte l'ordine %2$s, potete controllare?",
  'vorrei parlare con un operatore',
  'ok perfetto, grazie',
];
const TEAM_EN = [
  'Your order %2$s was shipped with DHL on Tuesday; it should arrive within two working days.',
  'I have started the return of the %1$s for order %2$s: the label is on its way by e-mail.',
  'Thanks for waiting. I can see order %2$s here, let me check with the warehouse.',
  'We ship to Switzerland in 3 to 5 working days; duties are paid at delivery.',
  'Sorry about the %1$s! Could you send a photo of the damage? We will replace it.',
  'You are welcome, have a great day!',
];
const TEAM_IT = [
  'Il tuo ordine %2$s è stato spedito con BRT martedì; dovrebbe arrivare entro due giorni lavorativi.',
  "Ho avviato il reso della %1$s dell'ordine %2$s: l'etichetta ti arriva via e-mail.",
  "Grazie dell'attesa. Vedo l'ordine %2$s, controllo con il magazzino.",
  'Spediamo in Svizzera in 3-5 giorni lavorativi; i dazi si pagano alla consegna.',
  'Ci dispiace per la %1$s! Puoi mandarci una foto del danno? Te la sostituiamo.',
  'Figurati, buona giornata!',
];
const NOTES = ['Customer asked twice already, check the warehouse ticket', 'Refund approved by Marta, waiting for the courier', 'Possible fraud: two cards on order %2$s', 'VIP customer, offer free shipping'];
/** One message in 40,000 has a word found nowhere else: the "rare word" of the search figures. */
export const RARE_WORD = 'marsupialdelivery';

const sqlArray = (items: string[]) => `array[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}]`;

export const YEAR_SITE_KEYS = ['year-a', 'year-b', 'year-c'];

/** The statements, in order, with a label each (timed by the caller). */
export function loadStatements(scale: number): [label: string, sql: string][] {
  const { visitors, conversations } = yearCounts(scale);
  const pick = (array: string, seed: string) => `(${array})[1 + abs(hashint8(${seed})) % array_length(${array}, 1)]`;
  return [
    [
      'sites and agents',
      `insert into sites (key, name, allowed_origins, secret, settings)
         select k, 'Year shop ' || upper(right(k, 1)), jsonb_build_array('https://' || k || '.shop.test'), md5(k), '{"timeZone":"Europe/Rome","retentionDays":3650}'::jsonb
         from unnest(${sqlArray(YEAR_SITE_KEYS)}) k;
       insert into agents (email, name, password_hash, role, presence)
         select 'year-agent-' || i || '@example.com', 'Agent ' || i, 'scrypt$16384$8$1$x$x', 'agent', 'away' from generate_series(1, 20) i;
       insert into site_agents (site_id, agent_id)
         select s.id, a.id from sites s cross join agents a where s.key like 'year-%' and a.email like 'year-agent-%';
       create table year_sites as select row_number() over (order by key) - 1 as n, id from sites where key like 'year-%';
       create table year_agents as select row_number() over (order by email) - 1 as n, id, name from agents where email like 'year-agent-%';`,
    ],
    [
      `${visitors.toLocaleString('en')} shoppers`,
      `insert into visitors (id, site_id, token_hash, email, name, locale, verified, created_at, last_seen_at)
         select gen_random_uuid(), s.id, 'year-' || i,
           case when i % 4 <> 0 then lower(replace(f, ' ', '')) || '.' || lower(replace(l, ' ', '')) || (i % 9973) || '@' || d end,
           f || ' ' || l, case when i % 2 = 0 then 'it' else 'en' end, i % 5 = 0,
           now() - ((i % 365) || ' days')::interval, now() - ((i % 300) || ' days')::interval
         from generate_series(1, ${visitors}) i
         join year_sites s on s.n = i % 3,
         lateral (select ${pick(sqlArray(FIRST), 'i')} f, ${pick(sqlArray(LAST), 'i * 31')} l, ${pick(sqlArray(DOMAINS), 'i * 7')} d) names;
       create table year_visitors as select row_number() over (order by token_hash) as rn, id, site_id, email, locale from visitors where token_hash like 'year-%';
       create index on year_visitors (rn);`,
    ],
    [
      `${conversations.toLocaleString('en')} conversations`,
      `create table year_conversations as
         select gen_random_uuid() as id, c, v.site_id, v.id as visitor_id, v.locale, v.email,
           4 + abs(hashint8(c)) % 16 as n,
           -- the year's conversations, oldest first, a few minutes apart
           now() - ((${conversations} - c) * (365.0 * 86400 / ${conversations}) || ' seconds')::interval as started,
           case when c % 200 < 110 then 'closed' when c % 200 < 180 then 'resolved' when c % 200 < 190 then 'bot' when c % 200 < 194 then 'open' when c % 200 < 197 then 'pending' else 'queued' end as status,
           c % 100 < 45 as handed_off
         from generate_series(1, ${conversations}) c
         -- 7919 is prime and no factor of the count: every shopper gets conversations (1.4 on average)
         join year_visitors v on v.rn = 1 + (c::bigint * 7919) % ${visitors};
       insert into conversations (id, site_id, visitor_id, status, assignee_id, priority, locale, last_seq, visitor_last_seq, visitor_seen_seq, agent_seen_seq, agent_seen_visitor_seq,
                                  handoff_reason, csat_rating, queued_at, first_agent_reply_at, preview, created_at, updated_at, last_message_at)
         select y.id, y.site_id, y.visitor_id, y.status,
           case when y.handed_off and y.status <> 'bot' then a.id end,
           case when y.c % 50 = 0 then 'urgent' when y.c % 10 = 0 then 'high' else 'normal' end,
           y.locale, y.n, y.n - y.n / 17, y.n - y.n / 17, y.n, y.n - y.n / 17,
           case when y.handed_off then (array['requested','low_confidence','return_needs_approval','frustration'])[1 + y.c % 4] end,
           case when y.c % 5 = 0 and y.status in ('resolved','closed') then 1 + y.c % 5 end,
           case when y.handed_off then y.started + interval '3 minutes' end,
           case when y.handed_off and y.status <> 'queued' then y.started + interval '9 minutes' end,
           left(${pick(sqlArray(SHOPPER_EN), 'y.c')}, 140),
           y.started, y.started + (y.n * 2 || ' minutes')::interval, y.started + (y.n * 2 || ' minutes')::interval
         from year_conversations y join year_agents a on a.n = y.c % 20;`,
    ],
    [
      'messages',
      `insert into messages (id, conversation_id, seq, visitor_seq, client_id, author_type, author_id, author_name, body, internal, created_at)
         select gen_random_uuid(), y.id, s,
           case when s % 17 = 0 then null else s - s / 17 end,
           'y' || s,
           case when s % 17 = 0 then 'agent' when s % 2 = 1 then 'visitor' when y.handed_off and s > 3 then 'agent' else 'bot' end,
           case when s % 17 = 0 or (s % 2 = 0 and y.handed_off and s > 3) then a.id when s % 2 = 1 then y.visitor_id end,
           case when s % 17 = 0 or (s % 2 = 0 and y.handed_off and s > 3) then a.name when s % 2 = 0 then 'Assistant' end,
           case
             when abs(hashint8(y.c * 100 + s)) % 40000 = 0 then 'My parcel came by ${RARE_WORD}, is that normal?'
             when s % 17 = 0 then format(${pick(sqlArray(NOTES), 'y.c + s')}, '', y.c + 1000)
             when s % 2 = 1 and y.locale = 'it' then format(${pick(sqlArray(SHOPPER_IT), 'y.c * 13 + s')}, ${pick(sqlArray(PRODUCTS), 'y.c + s * 3')}, '#' || (1000 + y.c), coalesce(y.email, 'cliente@example.com'))
             when s % 2 = 1 then format(${pick(sqlArray(SHOPPER_EN), 'y.c * 13 + s')}, ${pick(sqlArray(PRODUCTS), 'y.c + s * 3')}, '#' || (1000 + y.c), coalesce(y.email, 'customer@example.com'))
             when y.locale = 'it' then format(${pick(sqlArray(TEAM_IT), 'y.c * 11 + s')}, ${pick(sqlArray(PRODUCTS), 'y.c + s * 5')}, '#' || (1000 + y.c))
             else format(${pick(sqlArray(TEAM_EN), 'y.c * 11 + s')}, ${pick(sqlArray(PRODUCTS), 'y.c + s * 5')}, '#' || (1000 + y.c))
           end,
           s % 17 = 0,
           y.started + (s * 2 || ' minutes')::interval
         from year_conversations y
         join year_agents a on a.n = y.c % 20
         cross join lateral generate_series(1, y.n) s;`,
    ],
    [
      'events',
      `insert into conversation_events (conversation_id, site_id, type, actor_type, actor_id, data, created_at)
         select y.id, y.site_id, 'created', 'visitor', y.visitor_id, '{}', y.started from year_conversations y
       union all
         select y.id, y.site_id, 'bot_replied', 'bot', null, jsonb_build_object('intent', (array['order_status','faq','return','product'])[1 + (y.c + k) % 4], 'articleIds', '[]'::jsonb, 'handoff', null), y.started + (k * 2 || ' minutes')::interval
         from year_conversations y cross join generate_series(1, 2) k where y.c % 10 < 6
       union all
         select y.id, y.site_id, 'status_changed', 'bot', null, jsonb_build_object('from', 'bot', 'to', 'queued', 'reason', (array['requested','low_confidence','return_needs_approval','frustration'])[1 + y.c % 4]), y.started + interval '3 minutes'
         from year_conversations y where y.handed_off
       union all
         select y.id, y.site_id, 'taken_over', 'agent', a.id, '{}', y.started + interval '8 minutes'
         from year_conversations y join year_agents a on a.n = y.c % 20 where y.handed_off and y.status <> 'queued'
       union all
         select y.id, y.site_id, 'first_agent_reply', 'agent', a.id, '{}', y.started + interval '9 minutes'
         from year_conversations y join year_agents a on a.n = y.c % 20 where y.handed_off and y.status <> 'queued'
       union all
         select y.id, y.site_id, 'status_changed', 'agent', null, jsonb_build_object('from', 'open', 'to', 'resolved'), y.started + (y.n * 2 + 1 || ' minutes')::interval
         from year_conversations y where y.status in ('resolved', 'closed')
       union all
         select y.id, y.site_id, 'rated', 'visitor', y.visitor_id, jsonb_build_object('rating', 1 + y.c % 5, 'comment', case when y.c % 3 = 0 then 'Fast and kind, thank you' end), y.started + (y.n * 2 + 3 || ' minutes')::interval
         from year_conversations y where y.c % 5 = 0 and y.status in ('resolved', 'closed')
       union all
         select y.id, y.site_id, 'status_changed', 'system', null, jsonb_build_object('from', 'resolved', 'to', 'closed'), y.started + interval '7 days'
         from year_conversations y where y.status = 'closed';`,
    ],
  ];
}

/** The secondary indexes of the tables the load fills (not those behind constraints): dropped before it, built again after. */
export async function dropIndexes(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def
       from pg_indexes i
      where i.schemaname = 'public' and i.tablename in ('messages', 'conversations', 'conversation_events', 'visitors')
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const row of rows) await client.query(`drop index "${row.name}"`);
  return rows.map((r) => r.def);
}
