/**
 * Manifesto: the public face of the domain (its routes, and the ballot jobs the scheduler runs). Other
 * domains and the server import only this file.
 */
export { manifestoRoutes } from './manifesto.routes.ts';
export { DEFAULT_SECTIONS } from '../contract/manifesto.ts';
export { manifestoPersonalData } from './personal-data.repo.ts';
