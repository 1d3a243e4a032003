/** Polling day on the doorstep app: telling and knocking-up (English). */
export const enPolling = {
  'telling.title': 'Telling',
  'telling.pollingDay': 'Polling day',
  'telling.tellAt': 'Telling at {station}',
  'telling.stationDay': '{election} · {day}',
  'telling.open': 'Open',
  'telling.openLabel': 'Open telling at {station}',
  'telling.notOnPhone':
    'This polling station is not on this phone. <link>Open it from Doorstep</link> while you have a signal.',
  'telling.stationLine': '{election} · districts {districts} · polls open {opens} to {closes}',
  'telling.thisHour': '{count, plural, one {# number taken this hour} other {# numbers taken this hour}}',
  'telling.district': 'Polling district',
  'telling.number': 'Elector number',
  'telling.keypad': 'Keypad',
  'telling.delete': 'Delete the last digit',
  'telling.suffix': 'Suffix (/)',
  'telling.add': 'Add number',
  'telling.otherDistrict':
    '{number} is in district {district}, not this station’s ({districts}). Record it anyway?',
  'telling.recordAnyway': 'Record anyway',
  'telling.checkAgain': 'No, check the card',
  'telling.notANumber': 'Type the number on the poll card, like 888 or 888/2.',
  'telling.lastTaken': 'Last taken',
  'telling.noneYet': 'No numbers taken here yet.',
  'telling.undoLabel': 'Undo {number}',
  'telling.check':
    '{count, plural, one {# number matched no one on the register: check it} other {# numbers matched no one on the register: check them}}',

  'elector.absent.postal': 'Postal vote',
  'elector.absent.proxy': 'Votes by proxy',
  'elector.absent.postal_proxy': 'Proxy voting by post',

  'knockup.liftWhen': 'When do they want to go? Leave empty for as soon as can be.',
  'knockup.askLift': 'Ask for a lift',
  'knockup.cancel': 'Cancel',
  'telling.stationCount':
    'At this station, all tellers: {thisHour, plural, one {# number} other {# numbers}} this hour, {today} today.',
  'lifts.title': 'Lifts',
  'lifts.drive': 'Drive for {election}',
  'lifts.waiting': '{count, plural, =0 {No lifts waiting} one {# lift waiting} other {# lifts waiting}}',
  'lifts.open': 'Open the lifts',
  'lifts.none': 'No lift asked for yet. Knockers-up record “needs a lift” at the door; it appears here.',
  'lifts.wantedAt': 'Wants to go at {time}',
  'lifts.soon': 'As soon as can be',
  'lifts.free': 'Nobody has it yet',
  'lifts.yours': 'Yours',
  'lifts.takenBy': '{name} has it',
  'lifts.done': 'Done at {time}',
  'lifts.take': 'Take this lift',
  'lifts.markDone': 'Done: they are at the polls',
  'lifts.takenByOther': 'Another driver took that lift first. The list is up to date now.',
  'knockup.mapLabel':
    'Map of the round: {doors, plural, one {# door} other {# doors}} to knock on {streets, plural, one {# street} other {# streets}}, in this order: {order}.',
  'knockup.mapCaption':
    'The round in walking order, not to scale: each dot a door still to knock (its number on the list); blue, a lift asked for.',
  'knockup.title': 'Knock-up',
  'knockup.walk': 'Knock up {walk}',
  'knockup.open': 'Open',
  'knockup.openLabel': 'Open the knock-up list of {walk}',
  'knockup.notOnPhone':
    'This knock-up list is not on this phone. <link>Open it from Doorstep</link> while you have a signal.',
  'knockup.heading': 'Knock-up: {walk}',
  'knockup.round': 'Round of {round}',
  'knockup.summary':
    '{left, plural, one {# pledge still to vote} other {# pledges still to vote}} of {pledges} · list of {at}',
  'knockup.allVoted':
    'Every pledge on this walk has voted (or votes by post). Thank you! Ask the committee room for your next walk.',
  'knockup.noPledges':
    'Nobody on this walk is a pledge: no one here promised us their vote on the doorstep, so there is no one to knock up. Ask the committee room for another walk.',
  'knockup.proxy': 'Votes by proxy',
  'knockup.resultFor': 'What {name} said',
  'knockup.result.promised': 'Promised to vote',
  'knockup.result.voted': 'Already voted',
  'knockup.result.lift': 'Needs a lift',
  'knockup.result.not_in': 'Not in',
} as const;
