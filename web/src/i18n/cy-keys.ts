/** Deiliaid allweddi’r blwch pleidleisio (Welsh). */
import type { enKeys } from './en-keys.ts';

export const cyKeys: Record<keyof typeof enKeys, string> = {
  'roll.size':
    'Pwy all bleidleisio: {count, plural, one {# aelod} other {# aelod}}, y gofrestr wedi’i rhewi pan agorodd y bleidlais.',
  'roll.byBranch': 'Y gofrestr fesul cangen',
  'roll.you': 'Rydych ar y gofrestr.',
  'roll.notYou': 'Nid ydych ar y gofrestr.',
  'keys.holders': 'Deiliaid allweddi',
  'keys.threshold': 'Cyfrannau allwedd sydd eu hangen i gyfrif',
  'keys.hint':
    'Dim ond cyfrannau’r deiliaid allweddi sy’n agor y blwch: mae pob un yn cael un pan fydd y bleidlais yn agor, ac mae cyfrif angen hyn o lawer ohonynt. Ni all neb sy’n dal y gweinydd na’i gronfa ddata ei agor hebddynt.',
  'keys.title': 'Cyfrannau’r allwedd: rhowch nhw allan nawr',
  'keys.explain':
    '{holders, plural, one {Dyma’r unig gyfran o’r allwedd sy’n agor y blwch: cadwch hi’n ddiogel, mae cyfrif ei hangen.} other {Rhowch un gyfran i bob un o’r # deiliad allwedd, ar bapur neu drwy sianel y gallwch ymddiried ynddi; mae cyfrif angen {threshold} ohonynt.}} Dim ond nawr y cânt eu dangos: nid yw Broadchurch yn cadw copi.',
  'keys.share': 'Cyfran {n}',
  'keys.save': 'Cadw’r cyfrannau fel ffeil',
  'keys.file':
    'Cyfrannau allwedd y bleidlais ar “{title}” ({branch}). Mae cyfrif angen {threshold} o’r {holders} hyn. Cadwch bob un ar wahân i’r lleill.\n\n{shares}\n',
  'keys.shareLabel': 'Cyfran allwedd {n} o {threshold}',
  'keys.needed':
    '{threshold, plural, one {Mae cyfrif yn agor y blwch gyda’i gyfran allwedd: teipiwch neu gludwch hi.} other {Mae cyfrif yn agor y blwch gyda # o gyfrannau’r deiliaid allweddi: mae pob un yn teipio neu’n gludo ei gyfran.}}',
  'keys.count': 'Cyfrif y bleidlais',
  'keys.awaiting':
    '{threshold, plural, one {Mae’r bleidlais wedi cau. Caiff ei chyfrif pan fydd deiliad yr allwedd yn rhoi ei gyfran.} other {Mae’r bleidlais wedi cau. Caiff ei chyfrif pan fydd # deiliad allwedd yn rhoi eu cyfrannau.}}',
  'keys.box':
    'Mae’r blwch yn dal {papers, plural, one {# papur} other {# papur}}; ei sêl (pen ei gadwyn hash) yw {head}.',
  'keys.receiptBox':
    'Eich papur chi yw rhif {paper} yn y blwch, a’i sêl ar ei ôl oedd {head}: pe bai’r blwch byth yn colli eich papur, ni fyddai ei sêl yn dilyn o hon mwyach.',
  'keys.verifyBox': 'Dyma rif {paper} yn y blwch; sêl y blwch ar ei ôl oedd {head}.',
  'keys.counted':
    'Wedi’i gyfrif o flwch â’r sêl {head}, wedi’i gwirio yn erbyn pob papur a phob pleidleisiwr.',
  'error.BAD_KEY_SHARES':
    'Nid yw’r cyfrannau allwedd hyn yn agor blwch y bleidlais hon: gwiriwch bob un, ac nad oes un wedi’i rhoi ddwywaith.',
  'error.BOX_TAMPERED':
    'Nid yw’r blwch pleidleisio fel y gadawodd y pleidleisiau ef, felly ni chafodd ei gyfrif. Dywedwch wrth swyddog canlyniadau’r blaid.',
  'error.CANNOT_COUNT': 'Ni ellir cyfrif yr etholiad hwn drwy’r dull hwnnw.',
};
