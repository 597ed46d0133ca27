/**
 * Row 3's server: the application as `npm start` builds it (server/system.ts, as server/main.ts),
 * with one more route in front of it, /bench/bare, a bare Express handler
 * in the same process and on the same port, the baseline of every page.
 * Prints `listening <port>` once it serves.
 */
import path from 'node:path';
import express from 'express';
import { loadConfig } from '../../server/config.js';
import { startSystem } from '../../server/system.js';

const rootDir = path.resolve(import.meta.dirname, '..', '..');
const config = loadConfig();
const { app, runtime, sequelize } = await startSystem(config, rootDir);
const outer = express();
outer.get('/bench/bare', (_req, res) => {
  res.type('text/plain').send('ok');
});
outer.use(app);
const server = outer.listen(config.port, '127.0.0.1', () => console.log(`listening ${config.port}`));
process.on('SIGTERM', () => {
  server.close();
  void runtime.stop().then(() => sequelize.close()).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
});
