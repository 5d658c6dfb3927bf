/**
 * The CLI's commands. Each declares its options (node:util parseArgs), validates them with zod
 * and calls the same services the app uses; output is for a person at a terminal.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { seedDemo } from '../demo/seed';
import { prepareDatabase } from '../databaseSetup';
import { ZEmail, ZNewPassword, ZPersonName } from '../auth/validation';
import { env } from '../env';
import { AppError } from '../errors';
import { createOrganization } from '../orgs/createOrganization';
import { ZOrgName } from '../orgs/validation';
import { userIdByEmail } from '../tenancy/lookups';
import { ZCreateApiKeyInput } from '../apiKeys/schemas';
import { ZCreateEndpointInput } from '../webhooks/schemas';
import { createApiKeyFromCli } from './apiKeyCreate';
import { auditVerify } from './auditVerify';
import { createUser } from './createUser';
import { UsageError } from './usageError';
import { addWebhookFromCli } from './webhooksAdd';

type Options = NonNullable<ParseArgsConfig['options']>;

export type Command = {
  summary: string;
  usage: string;
  options: Options;
  run(values: Record<string, unknown>): Promise<void>;
};

function parse<T>(command: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>, values: Record<string, unknown>): T {
  const result = schema.safeParse(values);
  if (!result.success) throw UsageError.fromZod(command, result.error);
  return result.data;
}

const ZOrgCreate = z.object({
  name: ZOrgName,
  ownerEmail: ZEmail,
  slug: z.string().trim().toLowerCase().optional(),
});

const ZUserCreate = z.object({
  email: ZEmail,
  password: ZNewPassword,
  name: ZPersonName.optional(),
});

const ZApiKeyCreate = z.object({
  org: z.string().trim().min(1, 'Required'),
  name: ZCreateApiKeyInput.shape.name,
  scopes: z
    .string({ required_error: 'Required' })
    .trim()
    .transform((value) => (value === 'all' ? value : value.split(',').map((scope) => scope.trim())))
    .pipe(z.union([z.literal('all'), ZCreateApiKeyInput.shape.scopes])),
});

const ZWebhooksAdd = z.object({
  org: z.string().trim().min(1, 'Required'),
  url: ZCreateEndpointInput.shape.url,
  events: z
    .string({ required_error: 'Required' })
    .trim()
    .transform((value) => value.split(',').map((type) => type.trim()))
    .pipe(ZCreateEndpointInput.shape.eventTypes),
  description: ZCreateEndpointInput.shape.description,
});

/** "dana.admin@example.com" → "Dana Admin", for users created without --name. */
function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  const words = local.split(/[._+-]+/).filter(Boolean);
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') || email;
}

export const COMMANDS: Record<string, Command> = {
  'db:migrate': {
    summary: 'Create the database roles and database if needed, run migrations, sync permissions',
    usage: 'db:migrate',
    options: {},
    async run() {
      const { created } = await prepareDatabase();
      console.log(`Database "${env.databaseName}" ${created ? 'created and migrated' : 'is migrated'}.`);
    },
  },

  'org:create': {
    summary: 'Create an organization owned by an existing user',
    usage: 'org:create --name <name> --owner-email <email> [--slug <slug>]',
    options: { name: { type: 'string' }, 'owner-email': { type: 'string' }, slug: { type: 'string' } },
    async run(values) {
      const input = parse('org:create', ZOrgCreate, {
        name: values.name,
        ownerEmail: values['owner-email'],
        slug: values.slug,
      });
      const ownerUserId = await userIdByEmail(input.ownerEmail);
      if (!ownerUserId)
        throw new AppError('NOT_FOUND', `No user has the email ${input.ownerEmail}; create one with user:create`);
      const org = await createOrganization({ name: input.name, ownerUserId, slug: input.slug });
      console.log(`Created "${org.name}" (${org.slug}), owned by ${input.ownerEmail}.`);
      console.log(new URL(`/o/${org.slug}`, env.APP_URL).toString());
    },
  },

  'user:create': {
    summary: 'Create a user who belongs to no organization yet',
    usage: 'user:create --email <email> --password <password> [--name <name>]',
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
    async run(values) {
      const input = parse('user:create', ZUserCreate, values);
      const user = await createUser({ ...input, name: input.name ?? nameFromEmail(input.email) });
      console.log(`Created user ${user.name} <${user.email}> (${user.id}).`);
    },
  },

  'audit:verify': {
    summary: "Check an organization's audit hash chain and name the first broken event (exit 1 when broken)",
    usage: 'audit:verify --org <slug>',
    options: { org: { type: 'string' } },
    async run(values) {
      const input = parse('audit:verify', z.object({ org: z.string().trim().min(1, 'Required') }), values);
      await auditVerify(input.org);
    },
  },

  'apikey:create': {
    summary: "Create an API key acting as the organization's first Owner and print it once",
    usage: 'apikey:create --org <slug> --name <name> --scopes <permission,…|all>',
    options: { org: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' } },
    async run(values) {
      const input = parse('apikey:create', ZApiKeyCreate, values);
      const key = await createApiKeyFromCli(input.org, {
        name: input.name,
        scopes: input.scopes,
        expiresAt: null,
        ipAllowlist: [],
      });
      console.log(`Created API key "${key.name}" (${key.id}) in ${input.org} with ${key.scopes.join(', ')}.`);
      console.log('Store it now; it is not shown again:');
      console.log(key.token);
    },
  },

  'webhooks:add': {
    summary: 'Add a webhook endpoint to an organization and print its signing secret once',
    usage: 'webhooks:add --org <slug> --url <url> --events <type,…|*> [--description <text>]',
    options: {
      org: { type: 'string' },
      url: { type: 'string' },
      events: { type: 'string' },
      description: { type: 'string' },
    },
    async run(values) {
      const input = parse('webhooks:add', ZWebhooksAdd, values);
      const { endpoint, secret } = await addWebhookFromCli(input.org, {
        url: input.url,
        description: input.description,
        eventTypes: input.events,
        isEnabled: true,
      });
      console.log(
        `Added webhook endpoint ${endpoint.id} in ${input.org}: ${endpoint.url} (${endpoint.eventTypes.join(', ')}).`,
      );
      console.log('Store its signing secret now; it is not shown again:');
      console.log(secret);
    },
  },

  'demo:seed': {
    summary: 'Create the demo organization "Acme Corp" and its four logins (does nothing if it exists)',
    usage: 'demo:seed',
    options: {},
    async run() {
      await seedDemo();
    },
  },
};

export function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length), 'help'.length);
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  const usages = Object.values(COMMANDS).map((command) => `  npm run cli -- ${command.usage}`);
  return [
    'Atrium command line',
    '',
    'Usage: npx tsx server/cli.ts <command> [options]   (or: npm run cli -- <command> [options])',
    '',
    'Commands:',
    ...lines,
    `  ${'help'.padEnd(width)}  Show this help`,
    '',
    'Options:',
    ...usages,
    '',
    'Exit codes: 0 success, 1 failure, 2 usage error.',
  ].join('\n');
}

/** Parses the options of one command; unknown or malformed options are usage errors. */
export function parseCommandArgs(command: Command, args: string[]): Record<string, unknown> {
  try {
    return parseArgs({ args, options: command.options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${command.usage}`);
  }
}
