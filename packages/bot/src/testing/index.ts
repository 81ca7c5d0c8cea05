/**
 * @sportello/bot/testing — Node-only tools around the bot: the labelled-file evaluation (single
 * messages and dialogs), the demo knowledge base, orders and catalogue, and in-memory fakes of the
 * order and product ports. The bot's own entry (`@sportello/bot`) imports none of this.
 */
export { evaluate, formatReport, labelOf, readCases, accuracy, demoProducts, tagTopics, DEMO_SITE, EVAL_NOW, type CaseResult, type DevCase, type EvaluationOptions } from './evaluation';
export { evaluateDialogs, formatDialogReport, readLabelled, answeredLabels, visibleText, type DialogCase, type DialogResult, type TurnExpectation, type TurnResult } from './dialog-evaluation';
export { loadDemoCatalogue, MemoryProductSource } from './demo-catalogue';
export { loadKnowledgeBase } from './kb-fixture';
export { demoOrders } from './demo-orders';
export { MemoryOrderSource } from './memory-order-source';
