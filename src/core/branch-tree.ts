/**
 * The branch tree. Each branch has a materialised `path`: the ids from the root down to it, each followed by
 * '/'. So "this branch and every branch below it" is every path that starts with this one's, written once
 * here (for code) and in branch-tree.repo.ts (for SQL).
 *
 * @example if (!isWithin(ward.path, region.path)) throw notFound('Ward');
 */

/** Is the branch with `path` the branch with `root` or one below it? */
export const isWithin = (path: string, root: string): boolean => path.startsWith(root);

/** The paths of a branch and of every branch above it ("/a/b/c/" → "/a/", "/a/b/", "/a/b/c/"). */
export const ancestorPaths = (path: string): string[] => {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
};

/** Is it within any of `roots`? */
export const isWithinAny = (path: string, roots: readonly string[]): boolean =>
  roots.some((root) => isWithin(path, root));

/** The roots with those below another root dropped: the same reach, fewer conditions. */
export const topmost = (roots: readonly string[]): string[] =>
  roots.filter((p) => !roots.some((q) => q !== p && isWithin(p, q)));
