/** The endpoints of elections. */
import { endpoint } from './http.ts';
import * as E from './elections.ts';

export const electionsApi = {
  count: endpoint({
    method: 'POST',
    path: '/api/elections/count',
    summary:
      'Count a ballot file (BLT, text/plain) by fptp, av, scottish-stv or meek, round by round; nothing is stored',
    access: 'member',
    query: E.countQuery,
    upload: 'text',
    response: E.countResult,
    errors: ['VALIDATION_FAILED', 'IMPORT_INVALID', 'CANNOT_COUNT'],
  }),
};
