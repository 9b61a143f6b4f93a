import { DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClsPluginTransactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { returningRows } from './returning-rows';
import { NamedStatement, runStatement } from './statement';

/**
 * Transactions through @nestjs-cls/transactional: a service method marked `@Transactional()` (or a block in
 * `transactions.withTransaction(...)`) runs in one database transaction, and every repository it calls takes part
 * by reading `transactions.tx` (the transaction's EntityManager while one runs, the data source's otherwise)
 * instead of receiving an EntityManager parameter. The context is async-local (AsyncLocalStorage), so concurrent
 * requests never share one.
 */
export type Transactions = TransactionHost<TransactionalAdapterTypeOrm>;

/** The CLS module with the transactional plugin, for the app's and the command-line tools' database modules. */
export function transactionsModule(): DynamicModule {
  return ClsModule.forRoot({
    global: true,
    plugins: [
      new ClsPluginTransactional({
        adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
      }),
    ],
  });
}

/**
 * A hot-path statement: in the running transaction when there is one (through its EntityManager), otherwise
 * alone, prepared and straight on the pool (runStatement).
 */
export async function runInContext<T>(
  transactions: Transactions,
  dataSource: DataSource,
  statement: NamedStatement,
  params: unknown[],
): Promise<T[]> {
  if (transactions.isTransactionActive()) {
    return returningRows<T>(await transactions.tx.query(statement.text, params));
  }
  return runStatement<T>(dataSource, statement, params);
}
