/** Pwls: cefnogaeth dros amser, o'r polau ac o'n stepenni drws ein hunain (Welsh). */
import type { enPulse } from './en-pulse.ts';

export const cyPulse: Record<keyof typeof enPulse, string> = {
  'nav.pulse': 'Pwls',
  'home.task.pulse':
    'Cefnogaeth dros amser: y polau wedi’u cywiro am ogwydd pob cwmni, ein stepenni drws ochr yn ochr â nhw, a seddi.',
  'pulse.title': 'Pwls',
  'pulse.lead':
    'Un darlleniad gonest o’r gefnogaeth: y polau wedi’u cyfuno a’u cywiro am ogwydd pob cwmni, ein canlyniadau stepen drws ni ochr yn ochr â nhw, a beth mae’n ei olygu mewn seddi.',
  'pulse.branch': 'Canlyniadau stepen drws o',
  'pulse.nothingYet': 'Dim i’w ddangos eto.',
  'pulse.headline': '{party}: {share}%',
  'pulse.asOf': 'ar {date}',
  'pulse.band': 'Rhwng {lo}% a {hi}% yn debygol (95%).',
  'pulse.doorstepAbove':
    'Mae ein stepenni drws yn {branch} <b>{points} pwynt yn uwch</b> na’r polau cyfun (plws neu finws {se}).',
  'pulse.doorstepBelow':
    'Mae ein stepenni drws yn {branch} <b>{points} pwynt yn is</b> na’r polau cyfun (plws neu finws {se}).',
  'pulse.doorstepWhy':
    'Rydym yn curo ar ddrysau cyfeillgar a dethol, felly mae ein canlyniadau’n gogwyddo: mae’r model yn mesur y gogwydd hwnnw fel un unrhyw gwmni pôl, o {contacts, plural, zero {# cyswllt} one {# cyswllt} two {# gyswllt} few {# chyswllt} many {# chyswllt} other {# cyswllt}}.',
  'pulse.doorstepNone':
    'Dim canlyniadau stepen drws o {branch} eto: pan fydd canfaswyr yn cofnodi bwriadau, byddant yn ymddangos yma ochr yn ochr â’r polau.',
  'pulse.privacy':
    'Mae canlyniadau stepen drws yn ymddangos wythnos ar y tro, ar y dydd Mercher ar ôl i’r wythnos ddod i ben, pob un â mymryn o sŵn ar hap wedi’i ychwanegu unwaith, fel na all neb weithio allan sut atebodd unrhyw un drws. Nid yw’r wythnos gyfredol yn cael ei dangos.',
  'pulse.hiddenWeeks':
    'Mae {count, plural, zero {# wythnos} one {# wythnos} two {# wythnos} few {# wythnos} many {# wythnos} other {# wythnos}} â llai na 30 cyswllt wedi’u gadael allan.',
  'pulse.chart': 'Cefnogaeth dros amser',
  'pulse.chartLabel':
    'Cefnogaeth gyfun {party} o {from} i {to}: {share}% ar y diwedd, rhwng {lo}% a {hi}% yn debygol. Mae’r tabl isod yn rhoi’r ffigurau.',
  'pulse.range': 'Dangos',
  'pulse.range.half': 'Y 6 mis diwethaf',
  'pulse.range.year': 'Y flwyddyn ddiwethaf',
  'pulse.range.all': 'Popeth',
  'pulse.legend.average': 'Cyfartaledd cyfun, band 95%',
  'pulse.legend.election': 'Canlyniad etholiad',
  'pulse.legend.doorstep': 'Ein stepenni drws (un wythnos; gwag: oddi ar y raddfa)',
  'pulse.legend.polls': 'Polau, fesul cwmni',
  'pulse.table.show': 'Y ffigurau y tu ôl i’r siart',
  'pulse.table.caption': 'Cefnogaeth gyfun, un rhes yr wythnos',
  'pulse.table.date': 'Wythnos',
  'pulse.table.share': 'Cefnogaeth',
  'pulse.table.lo': 'Isel (95%)',
  'pulse.table.hi': 'Uchel (95%)',
  'pulse.table.doorsteps':
    'Ein stepenni drws, un rhes yr wythnos (wythnosau o 30 cyswllt neu fwy; cysylltiadau i’r pump agosaf)',
  'pulse.table.week': 'Wythnos',
  'pulse.table.ours': 'I ni',
  'pulse.table.contacts': 'Cysylltiadau’n rhoi plaid',
  'pulse.houses.title': 'Sut mae pob cwmni pôl yn gogwyddo',
  'pulse.houses.lead':
    'Mae gogwydd o +2 yn golygu bod y cwmni’n canfod dau bwynt yn fwy o gefnogaeth i {party} nag sydd. Mae canlyniadau etholiadau’n pennu’r lefel y mesurir y gogwydd ohoni.',
  'pulse.houses.pollster': 'Cwmni pôl',
  'pulse.houses.polls': 'Polau',
  'pulse.houses.lean': 'Gogwydd (pwyntiau)',
  'pulse.houses.range': 'Ystod 95%',
  'pulse.seats.title': 'Beth mae’n ei olygu mewn seddi',
  'pulse.seats.lead':
    'O ganlyniadau’r etholiad diwethaf mewn {count, plural, zero {# etholaeth} one {# etholaeth} two {# etholaeth} few {# etholaeth} many {# etholaeth} other {# etholaeth}}. Mae gogwydd unffurf yn symud pob sedd gan y newid cenedlaethol; mae gogwydd cyfrannol yn graddio pob sedd ganddo. Mae’r ystodau’n dal 95% o {draws} tyniad o amcangyfrif heddiw.',
  'pulse.seats.none':
    'Nid oes canlyniadau etholaethau wedi’u llwytho eto, felly nid oes amcanestyniad seddi.',
  'pulse.seats.party': 'Plaid',
  'pulse.seats.previous': 'Etholiad diwethaf',
  'pulse.seats.now': 'Nawr',
  'pulse.seats.uniform': 'Gogwydd unffurf',
  'pulse.seats.proportional': 'Gogwydd cyfrannol',
  'pulse.seats.range': '{seats} ({lo}–{hi})',
  'pulse.seats.noEstimate': 'heb ei holi',
  'pulse.method':
    'Sut y’i gwneir: mae’r gefnogaeth yn symud ychydig bob dydd (tua {sigma} pwynt, o’r polau), mae gan bob cwmni ei ogwydd ei hun, a chymerir canlyniadau etholiadau’n union (Jackman, 2005).',
  'pulse.methodDrift': 'Gall gogwydd y cwmnïau symud hefyd (tua {drift} pwynt y dydd).',
};
