/**
 * Operator command line: `npx tsx server/cli.ts <command>` or `npm run cli -- <command>`.
 * Exit codes: 0 success, 1 the command failed, 2 the command line was wrong. Pools and Redis are
 * closed at the end so the process exits on its own.
 */
import { closeAppPool } from './database';
import { COMMANDS, helpText, parseCommandArgs } from './cli/commands';
import { UsageError } from './cli/usageError';
import { isAppError } from './errors';
import { closeRedis } from './redis';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(helpText());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`Unknown command "${name}". Run "help" to list the commands.`);
    await command.run(parseCommandArgs(command, args));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    // AppError messages are written for people; anything else is unexpected, so show it whole.
    console.error(isAppError(error) ? `Error: ${error.message}` : error);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
await Promise.allSettled([closeAppPool(), closeRedis()]);
process.exit(code);
