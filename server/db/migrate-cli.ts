/** `npm run migrate [-- --down]`: applies pending migrations to DATABASE_URL, or reverts the last one. */
import { loadConfig } from '../config.js';
import { openDatabase } from './connection.js';
import { createMigrator } from './migrator.js';

const sequelize = openDatabase(loadConfig().databaseUrl);
const migrator = createMigrator(sequelize);
const done = process.argv.includes('--down') ? await migrator.down() : await migrator.up();
console.log(done.length ? done.map((m) => m.name).join('\n') : 'nothing to do');
await sequelize.close();
