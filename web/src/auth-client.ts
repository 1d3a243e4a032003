import { passkeyClient } from '@better-auth/passkey/client';
import { createAuthClient } from 'better-auth/client';
import { API_ROOT } from './api.ts';

/** Better Auth's browser client, used for passkeys (the email code flow is two plain API calls). */
export const authClient = createAuthClient({ basePath: `${API_ROOT}/auth`, plugins: [passkeyClient()] });
