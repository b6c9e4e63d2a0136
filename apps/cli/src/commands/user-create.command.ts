import type { Command } from 'commander';
import type { AppConfig } from '@luoshi/config';
import { USER_ROLES, type UserRole, UnitOfWork } from '@luoshi/db';
import { hashPassword, passwordProblem } from '@luoshi/platform';
import { withDataSource, type CliIo } from '../cli-context';
import { CliError, EXIT } from '../cli-error';

export interface UserCreateOptions {
  email: string;
  name: string;
  role: string;
  bureau?: string;
  createBureau?: boolean;
  password?: string;
  passwordStdin?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUser(config: AppConfig, options: UserCreateOptions, io: CliIo): Promise<number> {
  if (!EMAIL.test(options.email))
    throw new CliError(`Invalid e-mail address: ${options.email} (邮箱格式不正确)`, EXIT.USAGE);
  if (!(USER_ROLES as readonly string[]).includes(options.role)) {
    throw new CliError(`--role must be one of ${USER_ROLES.join(', ')} (角色无效)`, EXIT.USAGE);
  }
  const role = options.role as UserRole;
  if (role !== 'admin' && !options.bureau)
    throw new CliError(`A ${role} needs --bureau (该角色必须指定所属单位)`, EXIT.USAGE);
  const password = options.passwordStdin ? (await io.readStdin()).replace(/\r?\n$/, '') : options.password;
  if (!password) throw new CliError('Give a password with --password or --password-stdin (请提供密码)', EXIT.USAGE);
  const problem = passwordProblem(password);
  if (problem) throw new CliError(`${problem.message} (${problem.messageZh})`, EXIT.USAGE);

  return withDataSource(config, async (dataSource) =>
    new UnitOfWork(dataSource).run(async (tx) => {
      const bureaus = tx.bureaus;
      const userRepo = tx.users;
      if (await userRepo.findByEmail(options.email)) {
        throw new CliError(`A user with e-mail ${options.email} already exists (该邮箱已注册)`, EXIT.FAILED);
      }
      let bureauId: number | null = null;
      if (options.bureau) {
        const found = await bureaus.findByNameOrAlias(options.bureau);
        if (!found && !options.createBureau) {
          throw new CliError(
            `No bureau named ${options.bureau}; add --create-bureau to create it (未找到该单位)`,
            EXIT.FAILED,
          );
        }
        bureauId = (found ?? (await bureaus.create({ name: options.bureau }))).id;
      }
      const user = await userRepo.create({
        email: options.email,
        displayName: options.name,
        role,
        bureauId,
        passwordHash: await hashPassword(password),
      });
      io.out(
        `Created ${role} ${user.email} (id ${user.id}${bureauId ? `, bureau ${options.bureau}` : ''}). 用户已创建。\n`,
      );
      return user.id;
    }),
  );
}

export function registerUserCommands(program: Command, config: () => AppConfig, io: CliIo): void {
  const user = program.command('user').description('manage users / 用户管理');
  user
    .command('create')
    .description('create a user / 创建用户')
    .requiredOption('--email <email>', 'login e-mail')
    .requiredOption('--name <name>', 'display name / 姓名')
    .requiredOption('--role <role>', `one of ${USER_ROLES.join(', ')}`)
    .option('--bureau <name>', 'bureau name or alias (required for supervisor and staff)')
    .option('--create-bureau', 'create the bureau if it does not exist yet')
    .option('--password <password>', 'password (prefer --password-stdin: arguments show up in shell history)')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (options: UserCreateOptions) => {
      await createUser(config(), options, io);
    });
}
