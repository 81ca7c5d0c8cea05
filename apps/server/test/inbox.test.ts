import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { conversations, visitors } from '@sportello/db';
import type { AgentConversation, ViewersNotice } from '@sportello/protocol';
import { TestServer, eventually, ok, request, type TestAgent, type TestSite } from './test-server';

let server: TestServer;
let site: TestSite;
let agent: TestAgent;
let colleague: TestAgent;

beforeAll(async () => {
  server = await TestServer.start();
  site = await server.createSite();
  agent = await server.createAgent([site.id]);
  colleague = await server.createAgent([site.id]);
});
afterAll(() => server?.close());

const api = (method: 'GET' | 'POST', url: string, cookie: string, payload?: unknown) =>
  server.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });

/** A shopper's conversation with the given messages, on a site of its own when asked. */
async function conversationWith(bodies: string[], on: TestSite = site): Promise<{ id: string; visitorId: string }> {
  const { socket, visitorId } = await server.connectVisitor(on);
  const id = await server.startConversation(socket);
  for (const [i, body] of bodies.entries()) ok(await request(socket, 'message:send', { conversationId: id, clientId: `m${i}`, body }));
  socket.disconnect();
  return { id, visitorId };
}

describe('the inbox API for the console', () => {
  it('finds conversations by message words (prefixes, any case), order numbers, email and name, and nothing of another site', async () => {
    const gift = await conversationWith(['Can I pay with a GIFT card?', 'It is for my grandmother']);
    const order = await conversationWith(['Where is order #4471? It is late']);
    const named = await conversationWith(['hello']);
    const codes = await conversationWith(['My code SP-1042 from foo.bar@example.com, size 1.5', 'ऑर्डर कहाँ है']);
    await server.services.db.update(visitors).set({ email: 'giulia.rossi@example.it', name: 'Giulia Rossi' }).where(eq(visitors.id, named.visitorId));
    const elsewhere = await server.createSite();
    await conversationWith(['gift card question from another shop'], elsewhere);

    const search = async (q: string) => {
      const res = await api('GET', `/api/v1/conversations?q=${encodeURIComponent(q)}`, agent.cookie);
      expect(res.statusCode).toBe(200);
      return (res.json().conversations as AgentConversation[]).map((c) => c.id).sort();
    };
    expect(await search('gift card')).toEqual([gift.id]);
    expect(await search('grandmoth')).toEqual([gift.id]);
    expect(await search('4471')).toEqual([order.id]);
    expect(await search('#4471')).toEqual([order.id]);
    expect(await search('giulia.rossi@')).toEqual([named.id]);
    expect(await search('Rossi')).toEqual([named.id]);
    expect(await search('nothing-like-this')).toEqual([]);
    // As PostgreSQL's parser reads them: codes with dashes, e-mail addresses in the text, decimals,
    // and words in scripts with combining marks.
    expect(await search('SP-1042')).toEqual([codes.id]);
    expect(await search('foo.bar@example.com')).toEqual([codes.id]);
    expect(await search('1.5')).toEqual([codes.id]);
    expect(await search('ऑर्डर')).toEqual([codes.id]);
    // Wildcards and query syntax are just text.
    expect(await search('%')).toEqual([]);
    expect(await search("gift & ! ( :* '")).toEqual([gift.id]);
  });

  it('finds a word in thousands of messages by walking the list newest first, and pages on', async () => {
    const { sql } = await import('drizzle-orm');
    const own = await server.createSite();
    const reader = await server.createAgent([own.id]);
    // 30 conversations, 2,400 messages with the word (more than a search gathers by id), written as a year's load would.
    await server.services.db.execute(sql`
      with v as (insert into visitors (site_id, token_hash) select ${own.id}, 'walk-' || ${own.id} || '-' || i from generate_series(1, 30) i returning id),
      c as (insert into conversations (site_id, visitor_id, status, last_seq, visitor_last_seq, updated_at)
            select ${own.id}, v.id, 'open', 80, 80, now() - (row_number() over (order by v.id)) * interval '1 minute' from v returning id)
      insert into messages (id, conversation_id, seq, visitor_seq, client_id, author_type, body)
      select gen_random_uuid(), c.id, s, s, 'w' || s, 'visitor', 'my parcel is lost, frequentword ' || s from c cross join generate_series(1, 80) s`);
    const newestFirst = ((await server.services.db.execute(sql`select id from conversations where site_id = ${own.id} order by updated_at desc, id desc`)) as unknown as { rows: { id: string }[] }).rows;
    const first = await api('GET', `/api/v1/conversations?q=frequentword&siteId=${own.id}&limit=25`, reader.cookie);
    expect(first.statusCode).toBe(200);
    const page = first.json() as { conversations: AgentConversation[]; nextCursor: string };
    expect(page.conversations.map((c) => c.id)).toEqual(newestFirst.slice(0, 25).map((r) => r.id));
    const next = await api('GET', `/api/v1/conversations?q=frequentword&siteId=${own.id}&limit=25&cursor=${page.nextCursor}`, reader.cookie);
    expect((next.json().conversations as AgentConversation[]).map((c) => c.id)).toEqual(newestFirst.slice(25).map((r) => r.id));
    // A rare word of the same conversations is gathered by id instead, with the same answer.
    expect((await api('GET', `/api/v1/conversations?q=${encodeURIComponent('frequentword 80')}&siteId=${own.id}&limit=50`, reader.cookie)).json().conversations).toHaveLength(30);
  });

  it('orders and counts the inbox from its indexes and finds e-mail and name parts by trigram, not by reading every row', async () => {
    const { sql } = await import('drizzle-orm');
    const plan = async (query: ReturnType<typeof sql>) =>
      JSON.stringify(
        await server.services.db.transaction(async (tx) => {
          await tx.execute(sql`set local enable_seqscan = off`);
          await tx.execute(sql`set local enable_sort = off`);
          return tx.execute(sql`explain ${query}`);
        }),
      );
    expect(await plan(sql`select id from conversations order by updated_at desc, id desc limit 26`)).toContain('conversations_updated_idx');
    expect(await plan(sql`select id from conversations where site_id = ${site.id} order by updated_at desc, id desc limit 26`)).toContain('conversations_site_updated_idx');
    expect(await plan(sql`select id from conversations where status = 'resolved' order by updated_at desc, id desc limit 26`)).toContain('conversations_status_updated_idx');
    expect(await plan(sql`select count(*) filter (where status = 'queued') from conversations where status in ('bot', 'queued', 'open', 'pending') and site_id = ${site.id}`)).toContain('conversations_active_idx');
    expect(await plan(sql`select id from visitors where email ilike '%rossi@%'`)).toContain('visitors_email_trgm_idx');
    expect(await plan(sql`select id from visitors where name ilike '%giul%'`)).toContain('visitors_name_trgm_idx');
    expect(await plan(sql`select id from visitors where site_id = ${site.id} and lower(email) = 'a@b.c'`)).toContain('visitors_site_lower_email_idx');
  });

  it('answers the message search from the GIN index, not by reading every message', async () => {
    const { sql } = await import('drizzle-orm');
    // On tables this small PostgreSQL may prefer a scan; with scans priced out it must have the index to use.
    const plan = await server.services.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return tx.execute(sql`explain select conversation_id from messages where to_tsvector('simple', body) @@ to_tsquery('simple', 'gift:*')`);
    });
    expect(JSON.stringify(plan)).toContain('messages_body_search_idx');
  });

  it('lists the queue longest-waiting first, with the time each entered it, and pages through it', async () => {
    const ids: string[] = [];
    const own = await server.createSite({ botEnabled: true });
    const owner = await server.createAgent([own.id]);
    for (let i = 0; i < 3; i++) {
      const { id } = await conversationWith([`queued ${i}`], own);
      await server.services.conversations.changeStatus({ type: 'bot', id: null }, id, 'queued', 'requested');
      ids.push(id);
    }
    const page1 = (await api('GET', `/api/v1/conversations?status=queued&order=waiting&siteId=${own.id}&limit=2`, owner.cookie)).json();
    expect(page1.conversations.map((c: AgentConversation) => c.id)).toEqual(ids.slice(0, 2));
    expect(page1.conversations[0].queuedAt).toEqual(expect.any(String));
    const page2 = (await api('GET', `/api/v1/conversations?status=queued&order=waiting&siteId=${own.id}&limit=2&cursor=${page1.nextCursor}`, owner.cookie)).json();
    expect(page2.conversations.map((c: AgentConversation) => c.id)).toEqual([ids[2]]);
    expect(page2.nextCursor).toBeNull();
    // A later message does not move a conversation back in the queue (activity order would).
    await server.services.conversations.send({ conversationId: ids[0]!, clientId: 'later', body: 'still there?', author: { type: 'visitor', id: null, name: null } });
    const again = (await api('GET', `/api/v1/conversations?status=queued&order=waiting&siteId=${own.id}`, owner.cookie)).json();
    expect(again.conversations.map((c: AgentConversation) => c.id)).toEqual(ids);
  });

  it('changes priority (and filters by it) over the socket and REST, with an event', async () => {
    const { id } = await conversationWith(['urgent please']);
    const socket = await server.connectAgent(agent);
    const res = ok(await request(socket, 'conversation:priority', { conversationId: id, priority: 'urgent' }));
    expect(res.conversation.priority).toBe('urgent');
    const listed = (await api('GET', `/api/v1/conversations?priority=urgent`, agent.cookie)).json().conversations as AgentConversation[];
    expect(listed.map((c) => c.id)).toContain(id);
    expect(listed.every((c) => c.priority === 'urgent')).toBe(true);
    expect((await api('POST', `/api/v1/conversations/${id}/priority`, agent.cookie, { priority: 'sky-high' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await api('POST', `/api/v1/conversations/${id}/priority`, agent.cookie, { priority: 'low' })).json().conversation.priority).toBe('low');
    const events = await server.services.conversations.events(id);
    expect(events.filter((e) => e.type === 'priority_changed').map((e) => e.data)).toEqual([
      { from: 'normal', to: 'urgent' },
      { from: 'urgent', to: 'low' },
    ]);
    // The console reads them alone (the messages come over its socket), as the full view has them.
    const alone = (await api('GET', `/api/v1/conversations/${id}/events`, agent.cookie)).json().events;
    expect(alone).toEqual((await api('GET', `/api/v1/conversations/${id}`, agent.cookie)).json().events);
    expect(alone.filter((e: { type: string }) => e.type === 'priority_changed')).toHaveLength(2);
    socket.disconnect();
  });

  it('snoozes an open conversation until a time, lists it apart, and wakes it up as open then', async () => {
    const { id } = await conversationWith(['call me back tomorrow']);
    const socket = await server.connectAgent(agent);
    ok(await request(socket, 'conversation:takeover', { conversationId: id }));
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const snoozed = ok(await request(socket, 'conversation:snooze', { conversationId: id, until })).conversation;
    expect(snoozed).toMatchObject({ status: 'pending', snoozedUntil: until });
    const ids = async (query: string) => ((await api('GET', `/api/v1/conversations?${query}`, agent.cookie)).json().conversations as AgentConversation[]).map((c) => c.id);
    expect(await ids('status=pending&snoozed=true')).toContain(id);
    expect(await ids('status=pending&snoozed=false')).not.toContain(id);

    // Past, too far or not a time: refused with the reason.
    for (const bad of ['2001-01-01T00:00:00Z', new Date(Date.now() + 400 * 86_400_000).toISOString(), 'tomorrow']) {
      const res = await request(socket, 'conversation:snooze', { conversationId: id, until: bad });
      expect(res.ok ? 'accepted' : res.error.code).toBe('VALIDATION_FAILED');
    }

    // Time passes: the wake-up job brings it back open and tells the agents.
    const updates: AgentConversation[] = [];
    socket.on('conversation:updated', (c) => updates.push(c));
    expect(await server.services.conversations.wakeSnoozed(new Date(Date.now() + 2 * 3_600_000))).toBeGreaterThanOrEqual(1);
    const [row] = await server.services.db.select().from(conversations).where(eq(conversations.id, id));
    expect(row).toMatchObject({ status: 'open', snoozedUntil: null });
    await eventually(() => updates.some((c) => c.id === id && c.status === 'open'));
    // Run again (as a second process would): nothing more happens.
    const before = (await server.services.conversations.events(id)).length;
    await server.services.conversations.wakeSnoozed(new Date(Date.now() + 2 * 3_600_000));
    expect((await server.services.conversations.events(id)).length).toBe(before);
    // A resolved or bot conversation cannot be snoozed.
    ok(await request(socket, 'conversation:status', { conversationId: id, status: 'resolved' }));
    const refused = await request(socket, 'conversation:snooze', { conversationId: id, until });
    expect(refused.ok ? 'accepted' : refused.error.code).toBe('INVALID_TRANSITION');
    socket.disconnect();
  });

  it('ends the snooze when the shopper writes', async () => {
    const { socket: shopper } = await server.connectVisitor(site);
    const id = await server.startConversation(shopper);
    const socket = await server.connectAgent(agent);
    ok(await request(socket, 'conversation:takeover', { conversationId: id }));
    ok(await request(socket, 'conversation:snooze', { conversationId: id, until: new Date(Date.now() + 3_600_000).toISOString() }));
    ok(await request(shopper, 'message:send', { conversationId: id, clientId: 'back', body: 'I am back' }));
    await eventually(async () => (await server.services.conversations.agentView(id)).status === 'open');
    // The snooze is over: nothing wakes it later.
    expect((await server.services.conversations.agentView(id)).snoozedUntil).toBeNull();
    const listed = ((await api('GET', `/api/v1/conversations?status=pending&snoozed=true`, agent.cookie)).json().conversations as AgentConversation[]).map((c) => c.id);
    expect(listed).not.toContain(id);
    shopper.disconnect();
    socket.disconnect();
  });

  it('tells the agents in a conversation who else has it open, and when they leave', async () => {
    const { id } = await conversationWith(['two agents']);
    const mine = await server.connectAgent(agent);
    const theirs = await server.connectAgent(colleague);
    const seen: ViewersNotice[] = [];
    mine.on('conversation:viewers', (n) => seen.push(n));
    ok(await request(mine, 'conversation:join', { conversationId: id, afterSeq: 0 }));
    ok(await request(theirs, 'conversation:join', { conversationId: id, afterSeq: 0 }));
    await eventually(() => seen.some((n) => n.agents.length === 2));
    expect(seen.at(-1)!.agents.map((a) => a.id).sort()).toEqual([agent.id, colleague.id].sort());
    theirs.disconnect();
    await eventually(() => seen.at(-1)!.agents.length === 1);
    expect(seen.at(-1)!.agents[0]!.id).toBe(agent.id);
    // A colleague who opens and at once leaves (the leave overtaking the join) is not left "viewing".
    const quick = await server.connectAgent(colleague);
    const { id: other } = await conversationWith(['quick look']);
    server.services.conversations.forget(other);
    quick.emit('conversation:join', { conversationId: other, afterSeq: 0 }, () => undefined);
    quick.emit('conversation:leave', { conversationId: other });
    ok(await request(mine, 'conversation:join', { conversationId: other, afterSeq: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const last = seen.filter((n) => n.conversationId === other).at(-1)!;
    expect(last.agents.map((a) => a.id)).toEqual([agent.id]);
    quick.disconnect();
    mine.disconnect();
  });

  it("counts what each list holds, on the agent's sites only", async () => {
    const own = await server.createSite({ botEnabled: true });
    const owner = await server.createAgent([own.id]);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await conversationWith([], own)).id);
    const socket = await server.connectAgent(owner);
    await server.services.conversations.changeStatus({ type: 'bot', id: null }, ids[0]!, 'queued', 'requested');
    await server.services.conversations.changeStatus({ type: 'bot', id: null }, ids[1]!, 'queued', 'requested');
    ok(await request(socket, 'conversation:takeover', { conversationId: ids[1]! }));
    ok(await request(socket, 'conversation:takeover', { conversationId: ids[2]! }));
    ok(await request(socket, 'conversation:snooze', { conversationId: ids[2]!, until: new Date(Date.now() + 3_600_000).toISOString() }));
    const counts = (await api('GET', `/api/v1/conversations/counts?siteId=${own.id}`, owner.cookie)).json().counts;
    expect(counts).toEqual({ queued: 1, mine: 2, bot: 2, open: 1, pending: 0, snoozed: 1 });
    // Without a site: the same, since the agent works on this one site only.
    expect((await api('GET', '/api/v1/conversations/counts', owner.cookie)).json().counts).toEqual(counts);
    // Another site's agent sees none of it.
    expect((await api('GET', `/api/v1/conversations/counts?siteId=${own.id}`, agent.cookie)).json().counts).toMatchObject({ queued: 0, bot: 0 });
    socket.disconnect();
  });

  it('does not leak viewers or allow actions across sites', async () => {
    const other = await server.createSite();
    const { id } = await conversationWith(['not yours'], other);
    const socket = await server.connectAgent(agent);
    for (const [event, payload] of [
      ['conversation:priority', { conversationId: id, priority: 'high' }],
      ['conversation:snooze', { conversationId: id, until: new Date(Date.now() + 3_600_000).toISOString() }],
      ['conversation:join', { conversationId: id, afterSeq: 0 }],
    ] as const) {
      const res = await request(socket, event as 'conversation:priority', payload as never);
      expect(res.ok ? 'accepted' : res.error.code).toBe('NOT_FOUND');
    }
    expect((await api('GET', `/api/v1/conversations/${id}/summary`, agent.cookie)).statusCode).toBe(404);
    expect((await api('GET', `/api/v1/conversations/${id}/events`, agent.cookie)).json().error.code).toBe('NOT_FOUND');
    socket.disconnect();
  });
});
