import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { checkReturn, needsApproval, type KnowledgeIndex, type ReturnPolicy } from '@sportello/bot';
import type { OrderSource, ReturnRecord } from '@sportello/protocol';

export interface LlmOptions {
  apiKey: string;
  /** Any OpenAI-compatible server (default OpenAI's). */
  baseUrl?: string | undefined;
  model: string;
  /** Whole-answer budget, tool rounds included (default 10 s). */
  timeoutMs?: number;
}

export interface LlmTurn {
  text: string;
  locale: 'en' | 'it';
  /** Earlier messages of the conversation, oldest first (card numbers already removed). */
  history: { role: 'user' | 'assistant'; content: string }[];
  shopName: string;
  index: KnowledgeIndex;
  orders: OrderSource;
  returnPolicy: ReturnPolicy;
  now: Date;
  conversationId: string;
}

export interface LlmAnswer {
  body: string;
  /** Articles the answer rests on. */
  articleIds: string[];
  handoff: boolean;
  /** A return the model started through its tool (the shopper gets its card). */
  createdReturn: ReturnRecord | null;
  /** True when the created return waits for an agent's approval (the conversation is handed off). */
  needsApproval: boolean;
}

const MAX_TOOL_ROUNDS = 3;

const TOOLS: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'search_knowledge_base',
      description: "Finds the shop's help article section that answers a question. The only source of facts about the shop.",
      parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'], additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'lookup_order',
      description: "An order's status and tracking, only when the shopper gave both the order number and the order's e-mail.",
      parameters: {
        type: 'object',
        properties: { order_number: { type: 'string' }, email: { type: 'string' } },
        required: ['order_number', 'email'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'start_return',
      description:
        "Starts a return of delivered items of an order, when the shopper gave the order number, the order's e-mail, which items, and why. The shop's return policy is checked.",
      parameters: {
        type: 'object',
        properties: {
          order_number: { type: 'string' },
          email: { type: 'string' },
          items: { type: 'array', items: { type: 'string' }, description: 'Names of the items to return, as in the order.' },
          reason: { type: 'string', enum: ['wrong_size', 'damaged', 'not_as_described', 'changed_mind', 'other'] },
        },
        required: ['order_number', 'email', 'items', 'reason'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'hand_off',
      description: 'Passes the conversation to a human agent: the shopper asks for one, or nothing in the tools answers them.',
      parameters: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'], additionalProperties: false },
    },
  },
];

/**
 * The optional LLM mode: phrases an answer to a shopper's question with an OpenAI-compatible model
 * that may only use the shop's tools (knowledge base, order lookup with number and email, hand-off).
 * It returns null, and the deterministic bot's answer stands, whenever anything is off: a timeout,
 * an API error, a malformed reply, or an answer that no tool result grounds.
 */
export class LlmAssistant {
  private readonly client: OpenAI;
  private readonly timeoutMs: number;

  constructor(private readonly options: LlmOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: this.timeoutMs, maxRetries: 0 });
  }

  async answer(turn: LlmTurn): Promise<LlmAnswer | null> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      return await this.run(turn, controller.signal);
    } catch {
      return null; // timeout, HTTP error, malformed JSON: the deterministic answer stands
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(turn: LlmTurn, signal: AbortSignal): Promise<LlmAnswer | null> {
    const language = turn.locale === 'it' ? 'Italian' : 'English';
    const messages: ChatCompletionMessageParam[] = [
      {
        role: 'system',
        content:
          `You are the support assistant of ${turn.shopName}, an online shop. Answer in ${language}, briefly and kindly. ` +
          'State only facts that a tool returned in this conversation; never guess policies, prices, dates or order details. ' +
          'Use search_knowledge_base for questions about the shop, lookup_order only with both the order number and the e-mail the shopper gave, ' +
          'and hand_off when the shopper wants a person or the tools do not answer them.',
      },
      ...turn.history.slice(-10),
      { role: 'user', content: turn.text },
    ];
    const articleIds = new Set<string>();
    let grounded = false;
    let handoff = false;
    let createdReturn: ReturnRecord | null = null;
    let approval = false;
    for (let round = 0; round <= MAX_TOOL_ROUNDS; round++) {
      const completion = await this.client.chat.completions.create(
        { model: this.options.model, messages, tools: TOOLS, tool_choice: round === MAX_TOOL_ROUNDS ? 'none' : 'auto', temperature: 0.2 },
        { signal },
      );
      const message = completion.choices?.[0]?.message;
      if (!message) return null;
      const calls = (message.tool_calls ?? []).filter((c) => c.type === 'function');
      if (calls.length === 0) {
        const body = (message.content ?? '').trim();
        // An answer no tool grounded is not trusted, unless it only hands the shopper over.
        if (!body || (!grounded && !handoff)) return null;
        return { body, articleIds: [...articleIds], handoff: handoff || approval, createdReturn, needsApproval: approval };
      }
      messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: calls });
      for (const call of calls) {
        const args = JSON.parse(call.function.arguments || '{}') as Record<string, unknown>;
        let result: string;
        if (call.function.name === 'search_knowledge_base' && typeof args.query === 'string') {
          const match = turn.index.search(args.query, turn.locale);
          if (match && match.confidence >= turn.index.threshold) {
            grounded = true;
            articleIds.add(match.articleId);
            result = JSON.stringify({ title: match.title, section: match.heading, text: match.text });
          } else {
            result = JSON.stringify({ found: false });
          }
        } else if (call.function.name === 'lookup_order' && typeof args.order_number === 'string' && typeof args.email === 'string') {
          const order = await turn.orders.findOrder(args.order_number, args.email);
          if (order) grounded = true;
          // The same answer for an unknown number and a wrong email: it reveals nothing.
          result = JSON.stringify(
            order
              ? { number: order.number, status: order.status, items: order.items.map((i) => `${i.quantity} × ${i.name}`), shipments: order.shipments, expectedAt: order.expectedAt }
              : { found: false },
          );
        } else if (call.function.name === 'start_return' && typeof args.order_number === 'string' && typeof args.email === 'string' && Array.isArray(args.items) && typeof args.reason === 'string') {
          result = JSON.stringify(await this.startReturn(turn, args.order_number, args.email, args.items.map(String), args.reason));
          if (result.includes('"reference"')) {
            grounded = true;
            const parsed = JSON.parse(result) as { record: ReturnRecord; needsApproval: boolean };
            createdReturn = parsed.record;
            approval = parsed.needsApproval;
          }
        } else if (call.function.name === 'hand_off') {
          handoff = true;
          result = JSON.stringify({ ok: true });
        } else {
          return null; // an unknown tool or bad arguments: not a model to trust this turn
        }
        messages.push({ role: 'tool', tool_call_id: call.id, content: result });
      }
    }
    return null;
  }

  /** The same checks as the bot's return dialog: the order proven by its email, the policy, the items. */
  private async startReturn(turn: LlmTurn, number: string, email: string, names: string[], reason: string): Promise<unknown> {
    if (createdReturnReasons.indexOf(reason) < 0) return { error: 'unknown reason' };
    const order = await turn.orders.findOrder(number, email);
    if (!order) return { found: false };
    const check = checkReturn(order, turn.returnPolicy, turn.now);
    if (!check.ok) return { returnable: false, why: check.reason, ...(check.reason === 'outside_window' ? { windowDays: turn.returnPolicy.windowDays } : {}) };
    const wanted = names.map((n) => n.toLowerCase().trim()).filter(Boolean);
    const items = check.returnable.filter((item) => wanted.some((w) => item.name.toLowerCase().includes(w) || w.includes(item.name.toLowerCase())));
    if (items.length === 0) return { returnable: false, why: 'no such returnable item', returnableItems: check.returnable.map((i) => i.name), notReturnable: check.refused.map((i) => i.name) };
    const approval = needsApproval(items, turn.returnPolicy);
    const record = await turn.orders.createReturn({
      orderNumber: order.number,
      items: items.map((i) => ({ itemId: i.id, quantity: i.quantity })),
      reason,
      needsApproval: approval,
      conversationId: turn.conversationId,
    });
    return { reference: record.reference, record, needsApproval: approval };
  }
}

const createdReturnReasons = ['wrong_size', 'damaged', 'not_as_described', 'changed_mind', 'other'];
