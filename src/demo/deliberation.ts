/**
 * The demo conversation: statements on the party's questions and a few hundred synthetic participants in
 * three visible factions, so a new user sees a living map at once. Deterministic (seeded).
 */
import type { Executor } from '../db/client.ts';
import type { voteEvents, votes } from '../db/schema/index.ts';
import { DeliberationMemory, insertConversation, requestAnalysis } from '../deliberation/index.ts';
import { newId } from '../lib/ids.ts';
import { rng } from '../math/random.ts';
import { insertParticipants, insertStatements, insertVotes } from './demo.repo.ts';

type Kind = 'bridge' | 'left' | 'green' | 'centre' | 'split';

/** Each statement's kind sets every faction's chance to agree (the rest disagree or pass). */
const STATEMENTS: [Kind, string][] = [
  ['bridge', 'Every child should have a good school within walking distance.'],
  ['bridge', 'NHS waiting lists are the most urgent problem the country faces.'],
  ['bridge', 'Bus services that were cut should be restored, starting with rural routes.'],
  ['bridge', 'Councils need the power to bring empty homes back into use.'],
  ['bridge', 'Nobody who works full time should need a food bank.'],
  ['bridge', 'Our party wins when we knock on doors, not when we argue on social media.'],
  ['left', 'Water, rail and energy should be brought back into public ownership.'],
  ['left', 'A wealth tax on fortunes above £10 million should fund public services.'],
  ['left', 'Trade unions should be able to bargain for whole sectors.'],
  ['green', 'No new oil and gas licences should be granted.'],
  ['green', 'Frequent flyers should pay a levy that rises with each flight.'],
  ['green', 'Every new home should be built to zero-carbon standards.'],
  ['centre', 'We should stick to the fiscal rules even if it means slower spending.'],
  ['centre', 'Private capacity should be used to cut NHS waiting lists faster.'],
  ['centre', 'Winning back voters we lost matters more than pleasing members.'],
  ['split', 'The leadership contest should be decided by members alone.'],
  ['split', 'Rejoining the single market should be in the next manifesto.'],
  ['split', 'Tuition fees should be scrapped.'],
  ['bridge', 'Social care should be free at the point of use, like the NHS.'],
  ['bridge', 'Local branches should choose their own candidates.'],
  ['left', 'Rent controls are needed in the most expensive cities.'],
  ['green', 'Road-building money should go to cycling and public transport instead.'],
  ['centre', 'Business rates should be cut to save the high street.'],
  ['split', 'The voting age should be lowered to 16.'],
];

const FACTIONS = [
  { name: 'left', share: 0.4 },
  { name: 'green', share: 0.25 },
  { name: 'centre', share: 0.35 },
] as const;

function agreeChance(kind: Kind, faction: string, j: number): number {
  if (kind === 'bridge') return 0.82;
  if (kind === 'split')
    return j % 2 === 0 ? (faction === 'centre' ? 0.2 : 0.7) : faction === 'green' ? 0.75 : 0.35;
  return kind === faction ? 0.88 : 0.15;
}

export const DEMO_PARTICIPANTS = 300;

export async function seedDemoConversation(db: Executor, branchId: string, createdBy: string | null) {
  const random = rng(2026);
  const t0 = Date.UTC(2026, 10, 1, 9);
  const id = await insertConversation(db, {
    branchId,
    title: 'What should our manifesto put first?',
    question:
      'What should the party stand for at the next election? Vote on each statement, or add your own.',
    description:
      'Everyone in the party can take part. The map shows the groups that form; the report shows what every group supports. That common ground is where our manifesto starts.',
    opensAt: new Date(t0),
    closesAt: null,
    access: 'branch',
    moderation: 'pre',
    nextStatement: STATEMENTS.length,
    nextParticipant: DEMO_PARTICIPANTS,
    createdBy,
  });
  const stmts = STATEMENTS.map(([kind, text], number) => ({
    id: newId(),
    conversationId: id,
    number,
    text,
    status: 'accepted' as const,
    seed: true,
    kind,
  }));
  await insertStatements(
    db,
    stmts.map(({ kind: _kind, ...s }) => s),
  );
  const people = Array.from({ length: DEMO_PARTICIPANTS }, (_, number) => ({
    id: newId(),
    conversationId: id,
    number,
    memberId: null,
    visitorKeyHash: null,
  }));
  await insertParticipants(db, people);
  const current: (typeof votes.$inferInsert)[] = [];
  const events: (typeof voteEvents.$inferInsert)[] = [];
  people.forEach((p, i) => {
    const u = random();
    const faction = u < 0.4 ? FACTIONS[0] : u < 0.65 ? FACTIONS[1] : FACTIONS[2];
    // Heavy-tailed participation: most vote on a handful, some on everything; early statements seen more.
    const seen = Math.min(stmts.length, 5 + Math.floor(-Math.log(1 - random()) * 8));
    const order = stmts.map((s, j) => ({ s, j, key: random() * (1 + j / 6) })).sort((a, b) => a.key - b.key);
    const day = Math.floor((i / people.length) * 20);
    order.slice(0, seen).forEach(({ s, j }, n) => {
      const a = agreeChance(s.kind, faction.name, j);
      const r = random();
      const value = r < 0.12 ? 0 : r < 0.12 + 0.88 * a ? 1 : -1;
      const at = new Date(t0 + day * 86_400_000 + i * 60_000 + n * 9_000);
      current.push({ participantId: p.id, statementId: s.id, conversationId: id, value, votedAt: at });
      events.push({ conversationId: id, participantId: p.id, statementId: s.id, value, at });
    });
  });
  await insertVotes(db, current, events);
  // Seeding runs before any server: its queued job is all that matters, not this process's bookkeeping.
  await requestAnalysis({ db, state: { deliberation: new DeliberationMemory() } }, id);
  return { id, statements: stmts.length, participants: people.length, votes: current.length };
}
