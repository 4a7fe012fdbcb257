import fs from 'node:fs';
import { createScratchDatabase } from './createScratchDatabase';

const filenameOf = (knex: { client: { config: any } }): string =>
  knex.client.config.connection.filename;

describe('createScratchDatabase', () => {
  it('migrates a SQLite file that another pool shares, and drop() deletes it', async () => {
    const database = await createScratchDatabase({
      kind: 'sqlite',
      name: 'helpers',
      migrate: async knex => {
        await knex.schema.createTable('items', table => table.string('id'));
      },
    });
    const filename = filenameOf(database.knex);
    expect(filename).toMatch(/bench-helpers-.*helpers\.sqlite$/);
    await database.knex('items').insert({ id: 'a' });
    const other = database.connect();
    expect(await other('items').select('id')).toEqual([{ id: 'a' }]);

    await database.drop();
    expect(fs.existsSync(filename)).toBe(false);
  });

  it('removes the database when the migration fails', async () => {
    let filename = '';
    await expect(
      createScratchDatabase({
        kind: 'sqlite',
        name: 'helpers',
        migrate: async knex => {
          filename = filenameOf(knex);
          await knex.schema.createTable('items', table => table.string('id'));
          throw new Error('migration failed');
        },
      }),
    ).rejects.toThrow('migration failed');
    expect(filename).not.toBe('');
    expect(fs.existsSync(filename)).toBe(false);
  });
});
