/**
 * Notifications: the public face of the domain. Other domains call `notify` in their transactions; the
 * server registers the routes; the jobs expand fan-outs and send the mail queue.
 */
export { deliverMail, expandFanouts, notify } from './notification.service.ts';
export { queueCounts, pendingFanouts, queueMail } from './notification.repo.ts';
export { notificationRoutes } from './notification.routes.ts';
export { notificationsPersonalData } from './personal-data.repo.ts';
export { unsubscribeToken } from './unsubscribe.ts';
