export { buildApp, type AppDeps } from './app';
export { loadConfig, type Config } from './config';
export { seedDemo, DEMO_SITE_KEY } from './seed/demo-seed';
