/**
 * @sportello/bot — the deterministic support bot: a pure decision step over (conversation state,
 * message, knowledge base, order source). No network, no database: the server passes the ports in
 * and turns the decision into messages, handoffs and stored state.
 */
export { decide, initialState } from './decision';
export { KnowledgeIndex, splitSections, type KbMatch, type KnowledgeIndexOptions } from './knowledge-index';
export { ProductCatalogue, type ProductMatch } from './product-catalogue';
export { detectLanguage, toBotLocale } from './language';
export { extractEntities, type Entities } from './entity';
export { normalise } from './normaliser';
export { parseArticle } from './front-matter';
export type {
  BotAsk,
  BotDecision,
  BotInput,
  BotIntent,
  BotLocale,
  BotReply,
  BotSite,
  BotState,
  BotVisitor,
  HandoffReason,
  KbArticle,
  OrderDialogState,
  ReturnPolicy,
  ReturnReason,
} from './model';
export { checkReturn, needsApproval, type ReturnCheck } from './return-policy';
