import pg from 'pg';

const INT8 = 20;
const NUMERIC = 1700;

/**
 * Type parsers for one pool: int8 (bigint columns, COUNT) and numeric (SUM of bigint) as JS numbers,
 * every other type as pg parses it. Passed as the pool's `types`, never set on pg's global registry,
 * so other pg users in the process (or another store) are not changed.
 *
 * Numbers are exact up to 2^53: 9,007,199 USD in nano-dollars for one sum, and a larger figure would
 * come back rounded. The port's `number` types set that bound, not this parser.
 */
export const postgresNumberTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if ((oid === INT8 || oid === NUMERIC) && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};
