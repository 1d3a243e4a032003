/**
 * "This branch and every branch below it", in SQL: a prefix match on the materialised path, which the
 * `text_pattern_ops` index on branches.path answers. See branch-tree.ts.
 */
import { or, sql, type SQL } from 'drizzle-orm';
import { branches } from '../db/schema/index.ts';

/** A value for LIKE that matches itself literally, then anything after it. */
const prefixPattern = (s: string): string => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** SQL: the path in `pathColumn` is `root` or below it. */
export const pathWithin = (pathColumn: SQL | typeof branches.path, root: string): SQL =>
  sql`${pathColumn} like ${prefixPattern(root)}`;

/** SQL: the path in `pathColumn` is within any of `roots` (false for none). */
export const pathWithinAny = (pathColumn: SQL | typeof branches.path, roots: readonly string[]): SQL =>
  or(...roots.map((r) => pathWithin(pathColumn, r))) ?? sql`false`;

/** SQL: the path in `pathColumn` is within the branch whose path is in `rootColumn` (both columns). */
export const pathWithinColumn = (pathColumn: SQL, rootColumn: SQL | typeof branches.path): SQL =>
  sql`${pathColumn} like ${rootColumn} || '%'`;

/** SQL: the branch id in `idColumn` is the branch with path `root` or one below it. */
export const branchIdWithin = (idColumn: SQL, root: string): SQL =>
  sql`${idColumn} in (select id from ${branches} where ${pathWithin(sql`path`, root)})`;
