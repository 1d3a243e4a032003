/**
 * Common Ground: the public face of the domain (conversations, statements, the opinion engine's analysis and
 * the evidence it gives). Other domains and the server import only this file.
 */
export { AnalysisRunner, latestAnalysis, requestAnalysis } from './analysis.service.ts';
export { insertConversation, loadConversation, mayTakePart, phase } from './conversation.service.ts';
export { conversationRoutes } from './conversation.routes.ts';
export {
  bridgingStatements,
  groupLabel,
  OTHERS,
  publicGroups,
  statementEvidence,
  type StatementEvidence,
} from './report.service.ts';
export { conversationsToSendTo, postSeedStatements, postStatement } from './statement.service.ts';
export { statementById } from './statement.repo.ts';
export { deliberationPersonalData } from './personal-data.repo.ts';
export { DeliberationMemory } from './memory.ts';
