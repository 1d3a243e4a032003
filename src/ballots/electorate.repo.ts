/** Who may vote: the rule every ballot's roll shares. */
import { sql } from 'drizzle-orm';

/**
 * The end of a cut-off (or freeze) day in the UK, as a moment: a member must have been on the platform by
 * then, whatever joining date an import gave them.
 */
export const enteredBy = (cutoff: string) =>
  sql`((${cutoff}::date + 1)::timestamp at time zone 'Europe/London')`;
