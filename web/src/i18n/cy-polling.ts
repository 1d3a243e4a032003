/** Diwrnod pleidleisio ar yr ap Stepen Drws: rhifo a chnocio (Welsh). */
import type { enPolling } from './en-polling.ts';

export const cyPolling: Record<keyof typeof enPolling, string> = {
  'telling.title': 'Rhifo',
  'telling.pollingDay': 'Diwrnod pleidleisio',
  'telling.tellAt': 'Rhifo yn {station}',
  'telling.stationDay': '{election} · {day}',
  'telling.open': 'Agor',
  'telling.openLabel': 'Agor y rhifo yn {station}',
  'telling.notOnPhone':
    'Nid yw’r orsaf bleidleisio hon ar y ffôn hwn. <link>Agorwch hi o Stepen Drws</link> tra bo gennych signal.',
  'telling.stationLine': '{election} · dosbarthiadau {districts} · gorsaf ar agor {opens} tan {closes}',
  'telling.thisHour': '{count, plural, other {# rhif wedi’u cymryd yr awr hon}}',
  'telling.district': 'Dosbarth pleidleisio',
  'telling.number': 'Rhif etholwr',
  'telling.keypad': 'Bysellbad',
  'telling.delete': 'Dileu’r digid olaf',
  'telling.suffix': 'Ôl-ddodiad (/)',
  'telling.add': 'Ychwanegu rhif',
  'telling.otherDistrict':
    'Mae {number} yn nosbarth {district}, nid dosbarth yr orsaf hon ({districts}). Ei gofnodi beth bynnag?',
  'telling.recordAnyway': 'Cofnodi beth bynnag',
  'telling.checkAgain': 'Na, gwirio’r cerdyn',
  'telling.notANumber': 'Teipiwch y rhif sydd ar y cerdyn pleidleisio, fel 888 neu 888/2.',
  'telling.lastTaken': 'Y rhai diwethaf',
  'telling.noneYet': 'Dim rhifau wedi’u cymryd yma eto.',
  'telling.undoLabel': 'Dadwneud {number}',
  'telling.check': '{count, plural, other {# rhif heb gyfateb i neb ar y gofrestr: gwiriwch nhw}}',

  'elector.absent.postal': 'Pleidlais bost',
  'elector.absent.proxy': 'Pleidleisio drwy ddirprwy',
  'elector.absent.postal_proxy': 'Dirprwy yn pleidleisio drwy’r post',

  'knockup.title': 'Cnocio',
  'knockup.walk': 'Cnocio {walk}',
  'knockup.open': 'Agor',
  'knockup.openLabel': 'Agor rhestr gnocio {walk}',
  'knockup.notOnPhone':
    'Nid yw’r rhestr gnocio hon ar y ffôn hwn. <link>Agorwch hi o Stepen Drws</link> tra bo gennych signal.',
  'knockup.heading': 'Cnocio: {walk}',
  'knockup.round': 'Rownd {round}',
  'knockup.summary': '{left, plural, other {# addewid heb bleidleisio eto}} o {pledges} · rhestr {at}',
  'knockup.allVoted': 'Mae pob addewid ar y daith hon wedi pleidleisio. Diolch!',
  'knockup.proxy': 'Pleidleisio drwy ddirprwy',
  'knockup.resultFor': 'Beth ddywedodd {name}',
  'knockup.result.promised': 'Wedi addo pleidleisio',
  'knockup.result.voted': 'Wedi pleidleisio’n barod',
  'knockup.result.lift': 'Angen lifft',
  'knockup.result.not_in': 'Neb gartref',
};
