/** Cyfrif etholiad o’i ffeil bapurau pleidleisio (Welsh). */
import type { enCount } from './en-count.ts';

export const cyCount: Record<keyof typeof enCount, string> = {
  'count.task':
    'Cyfrif ffeil bapurau pleidleisio drwy STV, y bleidlais amgen neu’r cyntaf i’r felin, rownd wrth rownd.',
  'count.title': 'Cyfrif etholiad',
  'count.lead':
    'Cyfrifwch ffeil bapurau pleidleisio (BLT, y fformat y mae offer etholiad yn ei rannu) drwy’r cyntaf i’r felin, y bleidlais amgen, STV yr Alban neu STV Meek, rownd wrth rownd: etholiad a gynhaliwyd ar bapur, neu ganlyniad a gyhoeddwyd wedi’i wirio. Nid oes dim a anfonwch yn cael ei gadw.',
  'count.file': 'Ffeil bapurau pleidleisio (.blt)',
  'count.method': 'Dull',
  'count.method.fptp': 'Y cyntaf i’r felin',
  'count.method.av': 'Y bleidlais amgen (un sedd)',
  'count.method.scottish-stv': 'STV yr Alban',
  'count.method.meek': 'STV Meek',
  'count.seed': 'Hedyn y coelbren (dewisol)',
  'count.seedHint':
    'Dim ond os yw ymgeiswyr yn gyfartal ym mhob rownd y caiff ei ddefnyddio; mae’r un hedyn yn tynnu’r un coelbren, felly gall unrhyw un ail-redeg y cyfrif.',
  'count.submit': 'Cyfrif',
  'count.counting': 'Yn cyfrif…',
  'count.summary':
    '{title}: {seats, plural, one {# sedd} other {# sedd}}, wedi’i gyfrif drwy {method}{quota, select, none {} other {; cwota {quota}}}.',
  'count.elected': 'Wedi’u hethol, yn eu trefn: {names}',
  'count.table': 'Y cyfrif, rownd wrth rownd',
  'count.candidate': 'Ymgeisydd',
  'count.round': 'Rownd {n}',
  'count.nonTransferable': 'Anhrosglwyddadwy',
  'count.electedMark': '{name} (wedi’i ethol)',
  'count.event.elected': 'Rownd {n}: {name} wedi’i ethol.',
  'count.event.excluded':
    'Rownd {n}: {name} wedi’i eithrio â’r nifer lleiaf o bleidleisiau; mae ei bapurau’n symud yn rownd {next}.',
  'count.event.surplus': 'Rownd {n}: gwarged {name} wedi’i drosglwyddo.',
  'count.tie':
    'Rownd {n}: cyfartal rhwng {names} ({what, select, exclusion {pwy i’w eithrio} surplus {gwarged pwy gyntaf} other {trefn yr ethol}}), wedi’i dorri {by, select, lot {drwy goelbren, hedyn “{seed}”} other {gan y rownd ddiweddaraf lle’r oeddent yn wahanol}}: {chosen}.',
  'count.chart': 'Pleidleisiau fesul rownd',
  'count.chartLabel':
    'Llinell i bob ymgeisydd: eu pleidleisiau ym mhob un o’r {rounds} rownd{quota, select, none {} other {, wrth ymyl y cwota o {quota} (llinell doriad)}}. Mae’r tabl isod yn rhoi pob ffigur.',
  'count.download': 'Lawrlwytho’r cyfrif (JSON)',
  'count.empty': 'Dewiswch ffeil bapurau pleidleisio i’w chyfrif.',
};
