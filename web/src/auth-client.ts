import { passkeyClient } from '@better-auth/passkey/client';
import { createAuthClient } from 'better-auth/client';

/** Better Auth's browser client, used for passkeys (the email code flow is two plain API calls). */
export const authClient = createAuthClient({ basePath: '/api/auth', plugins: [passkeyClient()] });
