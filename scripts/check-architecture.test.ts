import { describe, expect, it } from 'vitest';
import { check } from './check-architecture.ts';

const keys = (files: Record<string, string>, domains = ['canvass', 'deliberation']) =>
  check(new Map(Object.entries(files)), domains)
    .map((v) => v.key)
    .sort();

describe('the architecture check', () => {
  it('passes code in the intended shape', () => {
    expect(
      keys({
        'src/canvass/walk.repo.ts':
          "import { sql } from 'drizzle-orm';\nimport { walks } from '../db/schema/index.ts';\n",
        'src/canvass/walk.service.ts':
          "import type { Db } from '../db/client.ts';\nimport { postStatement } from '../deliberation/index.ts';\n",
        'src/deliberation/index.ts': "export { postStatement } from './statement.service.ts';\n",
        'src/canvass/index.ts': "export { x } from './walk.service.ts';\n",
        'src/db/client.ts': "import { sql } from 'drizzle-orm';\n",
        'web/src/api.ts': "import type { Vote } from '../../src/contract/index.ts';\nconst root = '/api';\n",
        'web/src/page.tsx': "const go = () => api.pulse.branches[':id'].$get({ params: { id } });\n",
      }),
    ).toEqual([]);
  });

  it('finds an /api URL in the web app outside the typed client, and a domain without its index', () => {
    expect(
      keys(
        {
          'web/src/a.tsx': 'const a = fetch(`/api/conversations/${id}`);\n',
          'web/src/b.tsx': "const b = { href: '/api/audit.csv' };\n",
          'web/src/c.tsx': 'const c = new EventSource("/api");\n',
          'web/src/d.tsx': "const d = '/apiary';\n",
          'src/canvass/index.ts': 'export const y = 1;\n',
          'src/pulse/pulse.service.ts': 'export const p = 1;\n',
        },
        ['canvass', 'pulse'],
      ),
    ).toEqual([
      'domain-index src/pulse',
      'web-api-url web/src/a.tsx',
      'web-api-url web/src/b.tsx',
      'web-api-url web/src/c.tsx',
    ]);
  });

  it('counts an import of types alone as a dependency: a circle through types is a cycle', () => {
    expect(
      keys({
        'src/canvass/canvass.routes.ts': "import type { App } from '../server/app.ts';\n",
        'src/server/app.ts': "import { canvassRoutes } from '../canvass/index.ts';\n",
        'src/canvass/index.ts': "export { canvassRoutes } from './canvass.routes.ts';\n",
        'src/deliberation/index.ts': 'export const y = 1;\n',
      }),
    ).toEqual(['cycle canvass server']);
  });

  it('finds SQL outside a repository', () => {
    expect(
      keys({
        'src/canvass/a.service.ts': "import { eq } from 'drizzle-orm';\n",
        'src/canvass/b.service.ts': "import { walks } from '../db/schema/index.ts';\n",
        'src/canvass/c.service.ts': 'const rows = await queryRows<{ id: string }>(db, q);\n',
        'src/canvass/d.service.ts': "import type { Walk } from '../db/schema/index.ts';\n",
        'src/canvass/e.schema.ts': "import { ROLES, CONTACT_OUTCOMES } from '../db/schema/index.ts';\n",
        'src/canvass/f.service.ts': "import { ROLES, walks } from '../db/schema/index.ts';\n",
        'src/canvass/index.ts': 'export const y = 1;\n',
        'src/deliberation/index.ts': 'export const y = 1;\n',
      }),
    ).toEqual([
      'sql src/canvass/a.service.ts',
      'sql src/canvass/b.service.ts',
      'sql src/canvass/c.service.ts',
      'sql src/canvass/f.service.ts',
    ]);
  });

  it("finds a reach into another domain's internals, and a cycle of folders", () => {
    expect(
      keys({
        'src/canvass/a.ts': "import { x } from '../deliberation/statement.service.ts';\n",
        'src/deliberation/index.ts': "export { y } from '../canvass/index.ts';\n",
        'src/canvass/index.ts': 'export const y = 1;\n',
      }),
    ).toEqual([
      'cycle canvass deliberation',
      'internals src/canvass/a.ts -> src/deliberation/statement.service.ts',
    ]);
  });

  it('finds the web importing src/ beyond the contract, and a file too long', () => {
    expect(
      keys({
        'web/src/a.tsx': "import type { T } from '../../src/canvass/walk.service.ts';\n",
        'src/lib/long.ts': 'x;\n'.repeat(401),
        'src/lib/short.ts': 'x;\n'.repeat(400),
        'src/canvass/walk.routes.test.ts': 'x;\n'.repeat(401),
        'src/canvass/index.ts': 'export const y = 1;\n',
        'src/deliberation/index.ts': 'export const y = 1;\n',
      }),
    ).toEqual([
      'too-long src/canvass/walk.routes.test.ts',
      'too-long src/lib/long.ts',
      'web-imports-src web/src/a.tsx -> src/canvass/walk.service.ts',
    ]);
  });

  it('finds the audit log appended to, or left out, outside core/audited.ts', () => {
    expect(
      keys({
        'src/core/audited.ts': "import { appendAudit, type AuditEntry } from './audit.repo.ts';\n",
        'src/canvass/a.service.ts': "import { appendAudit } from '../core/audit.repo.ts';\n",
        'src/canvass/b.service.ts': "import { unaudited } from '../core/audited.ts';\n",
        'src/demo/c.ts': "import { unaudited } from '../core/audited.ts';\n",
        'src/canvass/index.ts': 'export const y = 1;\n',
        'src/deliberation/index.ts': 'export const y = 1;\n',
      }),
    ).toEqual([
      'audit-bypass src/canvass/a.service.ts appendAudit',
      'audit-bypass src/canvass/b.service.ts unaudited',
    ]);
  });

  it('finds the contract importing beyond zod and itself', () => {
    expect(
      keys({
        'src/contract/members.ts':
          "import { z } from 'zod';\nimport { ROLES } from './vocabulary.ts';\nimport { members } from '../db/schema/index.ts';\n",
        'src/contract/vocabulary.ts': 'export const ROLES = [];\n',
        'src/canvass/index.ts': 'export const y = 1;\n',
        'src/deliberation/index.ts': 'export const y = 1;\n',
      }),
    ).toEqual([
      'contract-leaf src/contract/members.ts -> ../db/schema/index.ts',
      'sql src/contract/members.ts',
    ]);
  });
});
