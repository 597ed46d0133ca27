/**
 * `npm start`: migrate, seed the demo data on first start, start the engine
 * and its workers, serve http://localhost:PORT.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { startSystem } from './system.js';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const config = loadConfig();
  const { app, runtime, sequelize, seeded } = await startSystem(config, rootDir);
  if (seeded !== null) console.log(seeded ? '演示数据已生成' : '演示数据已存在，保持不变');
  const server = app.listen(config.port, () => {
    console.log(`注册通 listening on http://localhost:${config.port} (engine: ${config.engine}, database: ${sequelize.getDialect()})`);
  });
  const shutdown = () => {
    server.close(() => void runtime.stop().then(() => sequelize.close()).then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `配置错误 (configuration error): ${err.message}` : err);
  process.exit(1);
});
