import { isRole, KEY_NAME, ROLES } from '../access/api-key';
import { ApiKeysRepository, DuplicateKeyNameError } from '../access/api-keys.repository';
import { ConfigError, parseEnv } from '../config/env';
import { withDatabase } from '../database/connect';

const USAGE = `Usage:
  npm run keys -- create --name <name> --role <${ROLES.join('|')}>   prints a new key, once
  npm run keys -- list                                               names, roles, prefixes
  npm run keys -- revoke <name>                                      the key stops working within 10 s`;

export class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

export interface Output {
  write(text: string): void;
}

export async function keysCommand(args: string[], env: NodeJS.ProcessEnv, out: Output): Promise<void> {
  const [command, ...rest] = args;
  if (command !== 'create' && command !== 'list' && command !== 'revoke') throw new UsageError(USAGE);
  const config = parseEnv(env);
  if (command === 'create') {
    const name = option(rest, 'name');
    const role = option(rest, 'role');
    if (!name || !KEY_NAME.test(name)) {
      throw new UsageError(
        '--name is required: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
      );
    }
    if (!role || !isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    await withDatabase(config, async (pool) => {
      const { record, key } = await new ApiKeysRepository(pool).create(name, role);
      out.write(
        `Created ${record.role} key "${record.name}". It is shown this once; only its hash is stored:\n\n  ${key}\n\n` +
          `Send it as: Authorization: Bearer ${key}\n`,
      );
    });
  } else if (command === 'list') {
    await withDatabase(config, async (pool) => {
      const keys = await new ApiKeysRepository(pool).list();
      if (keys.length === 0) out.write('No keys yet.\n');
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
        out.write(`${key.name}\t${key.role}\t${key.keyPrefix}…\tcreated ${key.createdAt.toISOString()}\t${state}\n`);
      }
    });
  } else {
    const name = rest.find((arg) => !arg.startsWith('--'));
    if (!name) throw new UsageError('revoke needs the name of the key: npm run keys -- revoke <name>');
    await withDatabase(config, async (pool) => {
      if (!(await new ApiKeysRepository(pool).revoke(name))) throw new UsageError(`no active key named "${name}"`);
      out.write(`Revoked "${name}".\n`);
    });
  }
}

/** Mistakes of the person typing (exit code 2), as opposed to failures (exit code 1). */
export function isUsageError(error: unknown): error is Error {
  return error instanceof UsageError || error instanceof ConfigError || error instanceof DuplicateKeyNameError;
}
