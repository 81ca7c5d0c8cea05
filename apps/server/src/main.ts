import { createDb } from '@sportello/db';
import { buildApp } from './app';
import { loadConfig, loadDotEnv, usesDefaultSecret } from './config';
import { seedDemo } from './seed/demo-seed';
import { lockDataDir } from './data-dir-lock';

// The process entry: read the environment, open and migrate the database, seed, listen.
let config: ReturnType<typeof loadConfig>;
try {
  loadDotEnv();
  config = loadConfig();
} catch (error) {
  // Every problem, a line each, and no stack trace: what the operator has to fix.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
// Claim the PGlite directory before opening it, so a second server or the CLI cannot.
const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const seeded = await seedDemo(db.db, { publicUrl: config.publicUrl, adminEmail: config.adminEmail, adminPassword: config.adminPassword });
const app = await buildApp({ config, db });

process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled rejection'));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info(`${signal}: closing`);
    void app
      .close()
      .then(() => db.close())
      .finally(() => {
        unlock();
        process.exit(0);
      });
  });
}

// Sites with a retention period lose their old conversations hourly, and unsent files go (each process may run it: the deletes are idempotent).
const retention = setInterval(() => {
  app.services.privacy.applyRetention().then(
    (erased) => erased && app.log.info(`retention: erased ${erased} conversations`),
    (error: unknown) => app.log.error({ err: error }, 'retention job failed'),
  );
  // Files uploaded and never sent, and bytes a crash left without their row.
  app.services.files.sweep().then(
    (swept) => swept && app.log.info(`files: swept ${swept} unsent or orphaned files`),
    (error: unknown) => app.log.error({ err: error }, 'file sweep failed'),
  );
}, 3_600_000);
retention.unref();

await app.listen({ port: config.port, host: config.host });
const where = db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL';
console.log(`\nSportello is running at ${config.publicUrl} (${where}).`);
console.log(`Demo site key: demo   Widget config: ${config.publicUrl}/api/v1/widget/config?site=demo`);
if (seeded.admin) {
  console.log(`Admin agent: ${seeded.admin.email}`);
  if (seeded.admin.password) console.log(`Admin password (shown once, write it down): ${seeded.admin.password}`);
}
if (usesDefaultSecret(config) && config.publicUrl.startsWith('https:')) {
  console.warn('SESSION_SECRET is not set: set it to a long random value in production.');
}
