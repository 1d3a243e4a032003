/** Pulse: support over time, from the polls and from our own doorsteps (English). */
export const enPulse = {
  'nav.pulse': 'Pulse',
  'home.task.pulse':
    'Support over time: the polls corrected for each pollster’s lean, our doorsteps beside them, and seats.',
  'pulse.title': 'Pulse',
  'pulse.lead':
    'One honest reading of support: the polls pooled and corrected for each pollster’s lean, our own doorstep returns beside them, and what it means in seats.',
  'pulse.branch': 'Doorstep returns from',
  'pulse.nothingYet': 'Nothing to show yet.',
  'pulse.headline': '{party}: {share}%',
  'pulse.asOf': 'as of {date}',
  'pulse.band': 'Likely between {lo}% and {hi}% (95%).',
  'pulse.doorstepAbove':
    'Our doorsteps in {branch} run <b>{points} points above</b> the pooled polls (give or take {se}).',
  'pulse.doorstepBelow':
    'Our doorsteps in {branch} run <b>{points} points below</b> the pooled polls (give or take {se}).',
  'pulse.doorstepWhy':
    'We knock on friendly and targeted doors, so our own returns lean: the model measures that lean like any pollster’s, from {contacts, plural, one {# contact} other {# contacts}}.',
  'pulse.doorstepNone':
    'No doorstep returns from {branch} yet: once canvassers record intentions, they appear here beside the polls.',
  'pulse.privacy':
    'Doorstep returns appear a week at a time, on the Wednesday after the week ends, each with a little random noise added once, so that nobody can work out how any one door answered. The week in progress is not shown.',
  'pulse.hiddenWeeks':
    '{count, plural, one {# week} other {# weeks}} with fewer than 30 contacts {count, plural, one {is} other {are}} left out.',
  'pulse.chart': 'Support over time',
  'pulse.chartLabel':
    '{party}’s pooled support from {from} to {to}: {share}% at the end, likely between {lo}% and {hi}%. The table below gives the numbers.',
  'pulse.range': 'Show',
  'pulse.range.half': 'Last 6 months',
  'pulse.range.year': 'Last year',
  'pulse.range.all': 'Everything',
  'pulse.legend.average': 'Pooled average, 95% band',
  'pulse.legend.election': 'Election result',
  'pulse.legend.doorstep': 'Our doorsteps (one week; hollow: off the scale)',
  'pulse.legend.polls': 'Polls, by pollster',
  'pulse.table.show': 'The numbers behind the chart',
  'pulse.table.caption': 'Pooled support, one row a week',
  'pulse.table.date': 'Week of',
  'pulse.table.share': 'Support',
  'pulse.table.lo': 'Low (95%)',
  'pulse.table.hi': 'High (95%)',
  'pulse.table.doorsteps':
    'Our doorsteps, one row a week (weeks of 30 contacts or more; contacts to the nearest five)',
  'pulse.table.week': 'Week of',
  'pulse.table.ours': 'For us',
  'pulse.table.contacts': 'Contacts giving a party',
  'pulse.houses.title': 'How each pollster leans',
  'pulse.houses.lead':
    'A lean of +2 means the pollster finds {party} two points more support than there is. Election results fix the level the leans are measured from.',
  'pulse.houses.pollster': 'Pollster',
  'pulse.houses.polls': 'Polls',
  'pulse.houses.lean': 'Lean (points)',
  'pulse.houses.range': '95% range',
  'pulse.seats.title': 'What it means in seats',
  'pulse.seats.lead':
    'From the last election’s results in {count, plural, one {# constituency} other {# constituencies}}. Uniform swing moves every seat by the national change; proportional swing scales each seat by it. Ranges hold 95% of {draws} draws from today’s estimate.',
  'pulse.seats.none': 'No constituency results are loaded yet, so there is no seat projection.',
  'pulse.seats.party': 'Party',
  'pulse.seats.previous': 'Last election',
  'pulse.seats.now': 'Now',
  'pulse.seats.uniform': 'Uniform swing',
  'pulse.seats.proportional': 'Proportional swing',
  'pulse.seats.range': '{seats} ({lo}–{hi})',
  'pulse.seats.noEstimate': 'not polled',
  'pulse.method':
    'How it is made: support moves a little each day (about {sigma} points, found from the polls), each pollster has a lean of its own, and election results are taken as exact (Jackman, 2005).',
  'pulse.methodDrift': 'Pollsters’ leans may drift too (about {drift} points a day).',
} as const;
