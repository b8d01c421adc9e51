import { loadDatabaseSettings } from '../config.js';
import { loadDotEnv } from '../core/config.js';
import { setUserDisabled, userReferenceSchema } from '../core/users.js';
import { openMigratedDatabase } from '../database.js';
import { runMain } from './run-main.js';

/** npm run user:disable -- <email or user id>, and npm run user:enable -- <email or user id> (which passes --enable). */
async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((argument) => argument !== '--');
  const enable = args.includes('--enable');
  const [user] = args.filter((argument) => argument !== '--enable');
  const parsed = userReferenceSchema.safeParse(user);
  if (!parsed.success) {
    console.error(`Usage: npm run user:${enable ? 'enable' : 'disable'} -- <email or id of a user>`);
    return 2;
  }
  loadDotEnv();
  const db = await openMigratedDatabase(loadDatabaseSettings(process.env));
  try {
    const id = await setUserDisabled(db, parsed.data, !enable);
    if (id === undefined) {
      console.error('No user has that email address or id.');
      return 1;
    }
    console.log(enable ? `User ${id} is enabled again.` : `User ${id} is disabled: it cannot sign in, and its tokens are refused.`);
    return 0;
  } finally {
    await db.close();
  }
}

runMain(main);
