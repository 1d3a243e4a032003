/**
 * The route table: every endpoint of the API, by area. The server implements each group (a handler per
 * endpoint), the web app's client is typed from this table (import it as a type: the web app bundles no
 * schema), and /api/openapi.json is written from it.
 */
import { canvassApi } from './canvass.api.ts';
import { deliberationApi } from './deliberation.api.ts';
import { ballotsApi, manifestoApi } from './manifesto.api.ts';
import { membersApi } from './members.api.ts';
import { notificationsApi } from './notifications.api.ts';
import { authApi, devApi, platformApi } from './platform.api.ts';
import { pollingDayApi } from './polling-day.api.ts';
import { pulseApi } from './pulse.api.ts';
import { electionsApi } from './elections.api.ts';

export const API = {
  platform: platformApi,
  auth: authApi,
  dev: devApi,
  members: membersApi,
  notifications: notificationsApi,
  deliberation: deliberationApi,
  manifesto: manifestoApi,
  ballots: ballotsApi,
  canvass: canvassApi,
  pollingDay: pollingDayApi,
  pulse: pulseApi,
  elections: electionsApi,
};
export type Api = typeof API;
