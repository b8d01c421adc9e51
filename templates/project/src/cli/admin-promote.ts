import { loadDatabaseSettings } from '../config.js';
import { loadDotEnv } from '../core/config.js';
import { promoteToAdmin, userReferenceSchema } from '../core/users.js';
import { openMigratedDatabase } from '../database.js';
import { runMain } from './run-main.js';

/** npm run admin:promote -- <email or user id> */
async function main(): Promise<number> {
  const [user] = process.argv.slice(2).filter((argument) => argument !== '--');
  const parsed = userReferenceSchema.safeParse(user);
  if (!parsed.success) {
    console.error('Usage: npm run admin:promote -- <email or id of a user>');
    return 2;
  }
  loadDotEnv();
  const db = await openMigratedDatabase(loadDatabaseSettings(process.env));
  try {
    const id = await promoteToAdmin(db, parsed.data);
    if (id === undefined) {
      console.error('No user has that email address or id.');
      return 1;
    }
    console.log(`User ${id} is now an admin.`);
    return 0;
  } finally {
    await db.close();
  }
}

runMain(main);
