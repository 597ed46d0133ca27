/**
 * umzug over the files in server/db/migrations, applied in file-name order.
 * Each file exports `up` and `down` taking `{ context: QueryInterface }`, so
 * every feature adds its own numbered file without touching a shared list.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Sequelize, type QueryInterface } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';

const here = path.dirname(fileURLToPath(import.meta.url));

export type Migration = (params: { context: QueryInterface }) => Promise<void>;

export function createMigrator(sequelize: Sequelize): Umzug<QueryInterface> {
  return new Umzug({
    migrations: {
      glob: ['migrations/*.ts', { cwd: here }],
      resolve: ({ name, path: file, context }) => ({
        name: name.replace(/\.ts$/, ''),
        up: async () => (await import(pathToFileURL(file!).href)).up({ context }),
        down: async () => (await import(pathToFileURL(file!).href)).down({ context }),
      }),
    },
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}

export async function migrateUp(sequelize: Sequelize): Promise<void> {
  await createMigrator(sequelize).up();
}
