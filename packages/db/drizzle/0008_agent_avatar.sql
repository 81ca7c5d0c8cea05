ALTER TABLE "agents" ADD COLUMN "avatar_data" text;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "avatar_type" text;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "avatar_version" text;