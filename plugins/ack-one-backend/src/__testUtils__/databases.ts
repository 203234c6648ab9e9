import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * The test databases: SQLite in memory, and PostgreSQL from
 * `BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING` (default: the local
 * server, trust authentication, user postgres). Each `init` creates a
 * database with a random name, dropped when the tests end.
 */
export function failoverTestDatabases(ids: Array<'POSTGRES_15' | 'SQLITE_3'>) {
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
    'postgresql://postgres@127.0.0.1:5432';
  return TestDatabases.create({ ids, disableDocker: true });
}
