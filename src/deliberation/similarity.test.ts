import { describe, expect, it } from 'vitest';
import { isFlagged } from './abuse.ts';
import { concepts, cosine, NEAR_DUPLICATE, nearDuplicates, similarity, trigrams } from './similarity.ts';

const candidates = [
  { id: 'a', text: 'We should renationalise the railways.' },
  { id: 'b', text: 'Schools need more funding for teaching assistants.' },
  { id: 'c', text: 'Bus fares should be capped at £2 everywhere.' },
];

describe('near duplicates', () => {
  it('finds a reworded statement and ranks it first', () => {
    const found = nearDuplicates('the railways should be renationalised', candidates);
    expect(found.map((f) => f.id)).toEqual(['a']);
    expect(found[0]?.similarity).toBeGreaterThan(0.55);
  });
  it('ignores case, accents and punctuation', () => {
    expect(nearDuplicates('BUS FARES should be capped at £2, everywhere!!', candidates)[0]?.id).toBe('c');
  });
  it('does not match unrelated statements', () => {
    expect(nearDuplicates('Potholes on the high street must be fixed', candidates)).toEqual([]);
  });
});

describe('abuse screen', () => {
  it('flags obscenity, also disguised', () => {
    expect(isFlagged('what a load of shit')).toBe(true);
    expect(isFlagged('you are a fuuucking 1diot, sh1t')).toBe(true);
  });
  it('passes ordinary political statements', () => {
    expect(isFlagged('Scunthorpe needs a new hospital')).toBe(false);
    expect(isFlagged('Tax the rich and fund public services')).toBe(false);
  });
});

/**
 * Paraphrases written for this test (members say the same thing in other words), and pairs on the same
 * topics that say different things. Recall: the share of paraphrases found as near-duplicates; false
 * matches: the share of different statements wrongly offered.
 */
const PARAPHRASES: [string, string][] = [
  [
    'Railways and water companies should be renationalised',
    'Water, rail and energy should be brought back into public ownership',
  ],
  ['We should renationalise the railways.', 'Put the trains back under public control.'],
  [
    'Bus fares should be capped at £2 everywhere.',
    'Cap the cost of a bus ticket at two pounds across the country.',
  ],
  ['Build more council homes.', 'We need more social housing.'],
  ['Scrap tuition fees for university students.', 'University fees should be abolished.'],
  ['The NHS needs more funding.', 'Give the national health service more money.'],
  ['Raise the minimum wage to £15 an hour.', 'The living wage should go up to £15 an hour.'],
  ['We must act on climate change now.', 'Tackle the climate emergency now.'],
  [
    'Introduce proportional representation for general elections.',
    'Reform the voting system for general elections.',
  ],
  ['Energy companies should be nationalised.', 'Bring the energy firms into public ownership.'],
  ['Free school meals for every child.', 'Every pupil should get school meals for free.'],
  [
    'Landlords should not be able to evict tenants without a reason.',
    'End evictions of tenants by landlords without a reason.',
  ],
  ['Cut rents for people in social housing.', 'Lower rents for council housing.'],
  ['Tax the richest to fund public services.', 'Higher taxes on the rich to pay for public services.'],
  ['More buses in rural villages.', 'Villages in the countryside need more bus services.'],
  ['Cheaper train tickets for commuters.', 'Lower rail fares for commuters.'],
  ['Every town should have a public library.', 'Keep a public library in every town.'],
  ['Ban fracking.', 'Fracking should be banned.'],
  ['The water industry should be in public hands.', 'Renationalise water.'],
  ['Give local councils more money for social care.', 'Councils need more funding for social care.'],
  ['Abolish the House of Lords.', 'Scrap the House of Lords.'],
  ['Make public transport free for under 18s.', 'Free buses and trains for under 18s.'],
  ['Insulate every home to cut energy bills.', 'Cut energy bills by insulating homes.'],
  ['Build a new hospital in Scunthorpe.', 'Scunthorpe needs a new hospital.'],
  ['Stop privatising the NHS.', 'No more private companies running NHS services.'],
  ['Lower the voting age to 16.', 'Let 16 year olds vote.'],
  ['More police on the streets.', 'We need more police officers on our streets.'],
  ['Fix the potholes on our roads.', 'Repair the potholes in the roads.'],
  ['Plant more trees in our towns.', 'Towns need more trees planted.'],
  ['Protect green belt land from development.', 'Stop building on the green belt.'],
];

const DIFFERENT: [string, string][] = [
  ['Railways should be renationalised.', 'Railways should stay in private hands.'],
  ['Build more council homes.', 'Cut council tax for pensioners.'],
  ['Scrap tuition fees.', 'Raise the minimum wage.'],
  ['The NHS needs more funding.', 'Schools need more funding.'],
  ['Bus fares should be capped at £2.', 'Build a new bypass for the town.'],
  ['Ban fracking.', 'Expand nuclear power.'],
  ['Lower the voting age to 16.', 'Raise the state pension age.'],
  ['More police on the streets.', 'Fewer cars in the town centre.'],
  ['Abolish the House of Lords.', 'Give the monarchy a referendum.'],
  ['Free school meals for every child.', 'Free parking in town centres.'],
  ['Protect green belt land.', 'Build homes on brownfield sites first.'],
  ['Tax the richest more.', 'Cut income tax for low earners.'],
  ['Energy companies should be nationalised.', 'Water bills are too high.'],
  ['Plant more trees in our towns.', 'Fix the potholes on our roads.'],
  ['More buses in rural villages.', 'Close the village post office.'],
  ['Insulate every home.', 'Ban second homes in holiday towns.'],
  ['Give councils more money for social care.', 'Councils should sell off their parks.'],
  ['Make public transport free for under 18s.', 'Make university free for everyone.'],
  ['Renationalise water.', 'Leave the water companies as they are.'],
  ['Cheaper train tickets for commuters.', 'Build a high speed railway to the north.'],
];

const found = (a: string, b: string) => nearDuplicates(a, [{ id: 'x', text: b }]).length > 0;

describe('paraphrases (stemming, synonyms and set phrases)', () => {
  it('finds the issue’s example, both ways round', () => {
    const [a, b] = PARAPHRASES[0] ?? ['', ''];
    expect(found(a, b)).toBe(true);
    expect(found(b, a)).toBe(true);
  });

  it('finds most paraphrases and few different statements on the same topics (measured)', () => {
    const recall = PARAPHRASES.filter(([a, b]) => found(a, b)).length / PARAPHRASES.length;
    const falseMatches = DIFFERENT.filter(([a, b]) => found(a, b)).length / DIFFERENT.length;
    const trigramOnly = PARAPHRASES.filter(
      ([a, b]) => cosine(trigrams(a), trigrams(b)) >= NEAR_DUPLICATE,
    ).length;
    process.stdout.write(
      `${JSON.stringify({ paraphrases: PARAPHRASES.length, recall, trigramOnlyRecall: trigramOnly / PARAPHRASES.length, different: DIFFERENT.length, falseMatches })}\n`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.8);
    expect(falseMatches).toBeLessThanOrEqual(0.15);
    expect(recall).toBeGreaterThan(trigramOnly / PARAPHRASES.length);
  });

  it('reduces a statement to its concepts', () => {
    expect([...concepts('Railways and water companies should be renationalised')].sort()).toEqual(
      ['compani', 'rail', 'water', 'xpublicownership'].sort(),
    );
    expect(similarity('Ban fracking.', 'Ban fracking.')).toBe(1);
  });
});
