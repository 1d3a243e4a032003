/** Elections: the public face of the domain (its routes). */
export { electionRoutes } from './elections.routes.ts';
