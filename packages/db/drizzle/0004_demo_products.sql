CREATE TABLE "demo_product_variants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"sku" text,
	"title" text NOT NULL,
	"options" jsonb NOT NULL,
	"price_cents" integer NOT NULL,
	"compare_at_price_cents" integer,
	"stock" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demo_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"handle" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"product_type" text,
	"tags" jsonb NOT NULL,
	"options" jsonb NOT NULL,
	"description" text NOT NULL,
	"materials" text,
	"care" text,
	"fit" text,
	"size_guide" jsonb,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "demo_product_variants" ADD CONSTRAINT "demo_product_variants_product_id_demo_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."demo_products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_products" ADD CONSTRAINT "demo_products_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "demo_product_variants_product_position_idx" ON "demo_product_variants" USING btree ("product_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "demo_products_site_handle_idx" ON "demo_products" USING btree ("site_id","handle");--> statement-breakpoint
CREATE UNIQUE INDEX "demo_products_site_position_idx" ON "demo_products" USING btree ("site_id","position");