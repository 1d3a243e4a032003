/** The ballot box's key holders: opening with them, their shares, counting with them (English). */
export const enKeys = {
  'roll.size':
    'Who may vote: {count, plural, one {# member} other {# members}}, the roll frozen when the ballot opened.',
  'roll.byBranch': 'The roll by branch',
  'roll.you': 'You are on the roll.',
  'roll.notYou': 'You are not on the roll.',
  'keys.holders': 'Key holders',
  'keys.threshold': 'Key shares needed to count',
  'keys.hint':
    'The box opens only with the key holders’ shares: each gets one when the ballot opens, and counting needs this many of them. No one holding the server or its database can open it without them.',
  'keys.title': 'Key shares: hand them out now',
  'keys.explain':
    '{holders, plural, one {This is the one share of the key that opens the box: keep it safe, counting needs it.} other {Give one share to each of the # key holders, on paper or by a channel you trust; counting needs {threshold} of them.}} They are shown only now: Broadchurch keeps no copy.',
  'keys.share': 'Share {n}',
  'keys.save': 'Save the shares as a file',
  'keys.file':
    'Key shares of the ballot on “{title}” ({branch}). Counting needs {threshold} of these {holders}. Keep each apart from the others.\n\n{shares}\n',
  'keys.shareLabel': 'Key share {n} of {threshold}',
  'keys.needed':
    '{threshold, plural, one {Counting opens the box with its key share: type or paste it.} other {Counting opens the box with # of the key holders’ shares: each types or pastes theirs.}}',
  'keys.count': 'Count the ballot',
  'keys.awaiting':
    '{threshold, plural, one {The ballot has closed. It is counted when the key holder gives their share.} other {The ballot has closed. It is counted when # key holders give their shares.}}',
  'keys.box':
    'The box holds {papers, plural, one {# paper} other {# papers}}; its seal (the head of its hash chain) is {head}.',
  'keys.receiptBox':
    'Your paper is number {paper} in the box, whose seal after it was {head}: if the box ever lost your paper, its seal would no longer follow from this one.',
  'keys.verifyBox': 'It is number {paper} in the box; the box’s seal after it was {head}.',
  'keys.counted': 'Counted from a box whose seal was {head}, checked against every paper and every voter.',
  'error.BAD_KEY_SHARES':
    'These key shares do not open this ballot’s box: check each one, and that none is given twice.',
  'error.BOX_TAMPERED':
    'The ballot box is not as the votes left it, so it was not counted. Tell the party’s returning officer.',
  'error.CANNOT_COUNT': 'This election cannot be counted by that method.',
} as const;
