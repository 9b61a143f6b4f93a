import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { Transactions } from '../src/database/transactions';
import { AuditService } from '../src/modules/audit/audit.service';
import { UsersRepository } from '../src/modules/users/users.repository';
import { bootTestApp, TestApp } from './support/test-app';
import { LoggedIn, registerUser } from './support/users';

/**
 * The repositories take part in a transaction through @nestjs-cls/transactional (no EntityManager parameters):
 * what one block writes lands or rolls back as a whole, and a block's context never leaks to concurrent work.
 */
describe('Transactions through the CLS transaction host', () => {
  let t: TestApp;
  let user: LoggedIn;
  let transactions: Transactions;
  let users: UsersRepository;
  let audit: AuditService;
  const auditRows = async (): Promise<number> => {
    const [row] = (await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM audit_log WHERE target_id = $1`, [user.id])) as { n: number }[];
    return row.n;
  };

  beforeAll(async () => {
    t = await bootTestApp();
    user = await registerUser(t, 'tx');
    transactions = t.app.get<Transactions>(TransactionHost);
    users = t.app.get(UsersRepository);
    audit = t.app.get(AuditService);
  });

  afterAll(async () => {
    await t.close();
  });

  it('rolls back every repository write of a block that fails, and commits one that succeeds', async () => {
    await expect(
      transactions.withTransaction(async () => {
        await users.update(user.id, { fullName: 'Rolled Back' });
        await audit.record({ actorId: null, action: 'user.role_changed', targetType: 'user', targetId: user.id });
        expect((await users.findById(user.id))?.fullName).toBe('Rolled Back'); // the block reads its own writes
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await users.findById(user.id))?.fullName).toBeNull();
    expect(await auditRows()).toBe(0);

    await transactions.withTransaction(async () => {
      await users.update(user.id, { fullName: 'Committed' });
      await audit.record({ actorId: null, action: 'user.role_changed', targetType: 'user', targetId: user.id });
    });
    expect((await users.findById(user.id))?.fullName).toBe('Committed');
    expect(await auditRows()).toBe(1);
  });

  it('keeps a running block apart from concurrent work outside it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const block = transactions.withTransaction(async () => {
      await users.update(user.id, { fullName: 'Uncommitted' });
      wrote();
      await gate;
    });
    await written;
    // Outside the block (another request, say): the data source's manager, which cannot see the open write.
    expect(transactions.isTransactionActive()).toBe(false);
    expect((await users.findById(user.id))?.fullName).toBe('Committed');
    release();
    await block;
    expect((await users.findById(user.id))?.fullName).toBe('Uncommitted');
  });
});
