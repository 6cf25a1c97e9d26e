import { isRole, KEY_NAME, ROLES, type Role } from '../access/api-key';
import { ApiKeysRepository, DuplicateKeyNameError } from '../access/api-keys.repository';
import { parseEnv } from '../config/env';
import { withDatabase } from '../database/connect';
import { CliFailure, defineCli, UsageError, type OptionValues } from './run-cli';

const USAGE = `Usage:
  npm run keys -- create --name <name> --role <${ROLES.join('|')}>   prints a new key, once
  npm run keys -- list                                               names, roles, prefixes
  npm run keys -- revoke <name>                                      the key stops working within 10 s
  npm run keys -- --help`;

const OPTIONS = {
  name: { type: 'string' },
  role: { type: 'string' },
} as const;

type KeysRequest =
  { command: 'create'; name: string; role: Role } | { command: 'list' } | { command: 'revoke'; name: string };

/** The subcommand and its arguments, checked before anything connects. */
export function keysRequest(values: OptionValues<typeof OPTIONS>, positionals: string[]): KeysRequest {
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('which command? create, list or revoke');
  if (command !== 'create' && command !== 'list' && command !== 'revoke') {
    throw new UsageError(`unknown command ${JSON.stringify(command)}: create, list or revoke`);
  }
  if (command !== 'create') {
    const given = (['name', 'role'] as const).find((option) => values[option] !== undefined);
    if (given) throw new UsageError(`--${given} is for create only`);
  }
  if (command === 'revoke') {
    if (rest.length === 0) throw new UsageError('revoke needs the name of the key: npm run keys -- revoke <name>');
    if (rest.length > 1) throw new UsageError(`one key at a time: unexpected argument ${JSON.stringify(rest[1])}`);
    return { command, name: rest[0]! };
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  if (command === 'list') return { command };
  const { name, role } = values;
  if (!name || !KEY_NAME.test(name)) {
    throw new UsageError(
      '--name is required: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
  if (!role || !isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return { command, name, role };
}

export const keysCli = defineCli({
  command: 'npm run keys',
  usage: USAGE,
  options: OPTIONS,
  positionals: true,
  knownErrors: [DuplicateKeyNameError],
  run: async ({ values, positionals }, { env, stdout: out }) => {
    const request = keysRequest(values, positionals);
    await withDatabase(parseEnv(env), async (pool) => {
      const keys = new ApiKeysRepository(pool);
      if (request.command === 'create') {
        const { record, key } = await keys.create(request.name, request.role);
        out.write(
          `Created ${record.role} key "${record.name}". It is shown this once; only its hash is stored:\n\n  ${key}\n\n` +
            `Send it as: Authorization: Bearer ${key}\n`,
        );
      } else if (request.command === 'list') {
        const list = await keys.list();
        if (list.length === 0) out.write('No keys yet.\n');
        for (const key of list) {
          const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
          out.write(`${key.name}\t${key.role}\t${key.keyPrefix}…\tcreated ${key.createdAt.toISOString()}\t${state}\n`);
        }
      } else {
        if (!(await keys.revoke(request.name)))
          throw new CliFailure(`no active key named ${JSON.stringify(request.name)}`);
        out.write(`Revoked "${request.name}".\n`);
      }
    });
  },
});
