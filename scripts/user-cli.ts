/**
 * Ops CLI for accounts, needing DATABASE_URL (or the embedded database while the server is stopped) and the
 * server's ENCRYPTION_KEY (profiles hold encrypted fields). A Nest application context over the database, crypto
 * and the account repositories, configured through ConfigService like the server:
 *   npm run user:create -- --email E --role user|technician|admin [--password P] [--full-name N]
 *   npm run user:set-password -- --email E [--password P]      (also ends every login of that user)
 * The password comes from --password, else USER_PASSWORD, else a hidden prompt on a terminal; with none
 * of these it exits non-zero. It is never printed.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { TransactionHost } from '@nestjs-cls/transactional';
import { CryptoModule } from '../src/common/crypto/crypto.module';
import { CommandLineConfigModule } from '../src/config/command-line-config.module';
import { CommandLineDatabaseModule } from '../src/database/command-line-database.module';
import { Transactions } from '../src/database/transactions';
import { RefreshTokenEntity } from '../src/modules/users/entities/refresh-token.entity';
import { PasswordHasher } from '../src/modules/users/credentials/password-hasher';
import { normaliseEmail, passwordProblem } from '../src/modules/users/credentials/password-policy';
import { RefreshTokensRepository } from '../src/modules/users/credentials/refresh-tokens.repository';
import { UserEntity } from '../src/modules/users/entities/user.entity';
import { USER_ROLES, UserRole } from '../src/common/auth/user-role';
import { UsersRepository } from '../src/modules/users/users.repository';
import { EnvError } from '../src/config/configuration';
import { cliLogger } from '../src/config/logger-options';
import { openCliContext } from './lib/cli-context';

/** Diagnostics in the log format, on stderr; the report stays plain on stdout. */
const log = cliLogger('user');

@Module({
  imports: [
    CommandLineConfigModule.forSections(['database', 'crypto'], { developmentKeys: true }),
    CommandLineDatabaseModule,
    CryptoModule,
    TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity]),
  ],
  providers: [UsersRepository, RefreshTokensRepository, PasswordHasher],
})
class UserCliModule {}

class CliError extends Error {}

async function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  process.stdout.write(question);
  muted._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function readPassword(flag: string | undefined): Promise<string> {
  if (flag !== undefined) {
    return flag;
  }
  if (process.env.USER_PASSWORD) {
    return process.env.USER_PASSWORD;
  }
  if (process.stdin.isTTY) {
    const first = await promptHidden('Password: ');
    if ((await promptHidden('Repeat password: ')) !== first) {
      throw new CliError('The passwords do not match');
    }
    return first;
  }
  throw new CliError('No password: pass --password, set USER_PASSWORD, or run on a terminal to be prompted');
}

async function run(argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      'full-name': { type: 'string' },
    },
    strict: true,
  });
  if (command !== 'create' && command !== 'set-password') {
    throw new CliError('Usage: user-cli create|set-password --email E [--role R] [--password P] [--full-name N]');
  }
  if (!values.email) {
    throw new CliError('--email is required');
  }
  const email = normaliseEmail(values.email);
  const role = values.role as UserRole | undefined;
  if (command === 'create' && (role === undefined || !USER_ROLES.includes(role))) {
    throw new CliError(`--role must be one of ${USER_ROLES.join(', ')}`);
  }
  const password = await readPassword(values.password);
  const problem = passwordProblem(password, email);
  if (problem !== undefined) {
    throw new CliError(`The password ${problem}`);
  }

  const app = await openCliContext(UserCliModule, 'user');
  if (app instanceof EnvError) {
    throw new CliError(app.message);
  }
  try {
    const users = app.get(UsersRepository);
    const refreshTokens = app.get(RefreshTokensRepository);
    const hasher = app.get(PasswordHasher);
    const existing = await users.findByEmail(email);
    if (command === 'create') {
      if (existing) {
        throw new CliError(`A user with email ${email} already exists`);
      }
      const user = await users.create({
        email,
        passwordHash: await hasher.hash(password),
        fullName: values['full-name']?.trim() || null,
        role: role as UserRole,
      });
      return `Created ${user.role} ${user.email} (${user.id})`;
    }
    if (!existing) {
      throw new CliError(`No user with email ${email}`);
    }
    const passwordHash = await hasher.hash(password);
    await app.get<Transactions>(TransactionHost).withTransaction(async () => {
      await users.update(existing.id, { passwordHash });
      await refreshTokens.revokeAllForUser(existing.id);
    });
    return `Password of ${existing.email} reset; every login of that user ended`;
  } finally {
    await app.close();
  }
}

run(process.argv.slice(2)).then(
  (message) => {
    console.log(message);
    process.exit(0);
  },
  (error: unknown) => {
    log.error(error instanceof CliError ? error.message : `Failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
