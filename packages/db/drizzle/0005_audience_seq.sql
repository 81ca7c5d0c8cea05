ALTER TABLE "conversations" ADD COLUMN "visitor_last_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "agent_seen_visitor_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "visitor_seq" integer;--> statement-breakpoint
-- Existing data: public messages numbered again, gap-free from 1, in their order; notes stay null.
UPDATE "messages" AS m SET "visitor_seq" = n.visitor_seq
FROM (
  SELECT "id", row_number() OVER (PARTITION BY "conversation_id" ORDER BY "seq")::int AS visitor_seq
  FROM "messages" WHERE NOT "internal"
) AS n
WHERE m."id" = n."id";--> statement-breakpoint
-- Seen positions were in the full numbering: the shopper's becomes the shopper-view seq of the last
-- public message at or before it, and the agents' keeps its value with a shopper-view copy.
UPDATE "conversations" AS c SET
  "visitor_last_seq" = coalesce((SELECT max(m."visitor_seq") FROM "messages" m WHERE m."conversation_id" = c."id"), 0),
  "visitor_seen_seq" = coalesce((SELECT max(m."visitor_seq") FROM "messages" m WHERE m."conversation_id" = c."id" AND m."seq" <= c."visitor_seen_seq"), 0),
  "agent_seen_visitor_seq" = coalesce((SELECT max(m."visitor_seq") FROM "messages" m WHERE m."conversation_id" = c."id" AND m."seq" <= c."agent_seen_seq"), 0);--> statement-breakpoint
CREATE UNIQUE INDEX "messages_conversation_visitor_seq_idx" ON "messages" USING btree ("conversation_id","visitor_seq");
