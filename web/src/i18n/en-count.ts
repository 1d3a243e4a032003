/** Counting an election from its ballot file (English). */
export const enCount = {
  'count.task': 'Count a ballot file by STV, the alternative vote or first past the post, round by round.',
  'count.title': 'Count an election',
  'count.lead':
    'Count a ballot file (BLT, the format election tools share) by first past the post, the alternative vote, Scottish STV or Meek STV, round by round: an election held on paper, or a declared result checked. Nothing you send is kept.',
  'count.file': 'Ballot file (.blt)',
  'count.method': 'Method',
  'count.method.fptp': 'First past the post',
  'count.method.av': 'Alternative vote (one seat)',
  'count.method.scottish-stv': 'Scottish STV',
  'count.method.meek': 'Meek STV',
  'count.seed': 'Seed of the lot (optional)',
  'count.seedHint':
    'Used only if candidates are tied at every round; the same seed draws the same lot, so anyone can re-run the count.',
  'count.submit': 'Count',
  'count.counting': 'Counting…',
  'count.summary':
    '{title}: {seats, plural, one {# seat} other {# seats}}, counted by {method}{quota, select, none {} other {; quota {quota}}}.',
  'count.elected': 'Elected, in order: {names}',
  'count.table': 'The count, round by round',
  'count.candidate': 'Candidate',
  'count.round': 'Round {n}',
  'count.nonTransferable': 'Non-transferable',
  'count.electedMark': '{name} (elected)',
  'count.event.elected': 'Round {n}: {name} elected.',
  'count.event.excluded':
    'Round {n}: {name} excluded with the fewest votes; their papers move in round {next}.',
  'count.event.surplus': 'Round {n}: the surplus of {name} transferred.',
  'count.tie':
    'Round {n}: a tie between {names} ({what, select, exclusion {whom to exclude} surplus {whose surplus first} other {the order of election}}), broken {by, select, lot {by lot, seed “{seed}”} other {by the latest round where they differed}}: {chosen}.',
  'count.chart': 'Votes by round',
  'count.chartLabel':
    'A line a candidate: their votes at each of the {rounds} rounds{quota, select, none {} other {, beside the quota of {quota} (dashed)}}. The table below gives every figure.',
  'count.download': 'Download the count (JSON)',
  'count.empty': 'Choose a ballot file to count.',
} as const;
