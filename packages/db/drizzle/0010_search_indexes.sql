CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "conversations_updated_idx" ON "conversations" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "conversations_site_updated_idx" ON "conversations" USING btree ("site_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "conversations_status_updated_idx" ON "conversations" USING btree ("status","updated_at","id");--> statement-breakpoint
CREATE INDEX "visitors_email_trgm_idx" ON "visitors" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "visitors_name_trgm_idx" ON "visitors" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "visitors_site_lower_email_idx" ON "visitors" USING btree ("site_id",lower("email"));