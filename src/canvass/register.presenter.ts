/** How electors are shown to people. */
import { electorNumber, type ElectorNameRow } from './register-format.ts';

/** An elector as a person reads them: number, name and one-line address. */
export const presentElector = (r: ElectorNameRow) => ({
  id: r.id,
  electorNumber: electorNumber(r),
  name: `${r.forename} ${r.surname}`.trim(),
  address: [...r.address, r.postcode].join(', '),
});
