/** The endpoints of Pulse: a branch's reading, and the national organisers' imports and settings. */
import { idParams } from './canvass.ts';
import { endpoint } from './http.ts';
import * as P from './pulse.ts';

export const pulseApi = {
  view: endpoint({
    method: 'GET',
    path: '/api/pulse/branches/:id',
    summary: 'A branch’s reading: the pooled polls, each pollster’s lean, its doorsteps beside them, seats',
    access: 'member',
    params: idParams,
    response: P.pulseView,
    errors: ['NOT_FOUND'],
  }),
  saveSettings: endpoint({
    method: 'PUT',
    path: '/api/pulse/settings',
    summary: 'The party Pulse reads for, drifting house effects and breaks (national organisers)',
    access: 'member',
    body: P.pulseSettingsBody,
    response: P.pulseSettingsBody,
    errors: ['FORBIDDEN'],
  }),
  import: endpoint({
    method: 'POST',
    path: '/api/pulse/import/:kind',
    summary: 'Import polls, election results or constituency results as CSV (text/csv), whole or not at all',
    access: 'member',
    params: P.pulseImportParams,
    upload: 'text',
    response: P.pulseImported,
    errors: ['FORBIDDEN', 'IMPORT_INVALID'],
  }),
};
