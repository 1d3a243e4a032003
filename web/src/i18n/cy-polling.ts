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

  'knockup.liftWhen': 'Pryd maen nhw eisiau mynd? Gadewch yn wag am cyn gynted â phosibl.',
  'knockup.askLift': 'Gofyn am lifft',
  'knockup.cancel': 'Canslo',
  'telling.stationCount':
    'Yn yr orsaf hon, pob rhifwr: {thisHour, plural, one {# rhif} other {# rhif}} yr awr hon, {today} heddiw.',
  'lifts.title': 'Lifftiau',
  'lifts.drive': 'Gyrru ar gyfer {election}',
  'lifts.waiting': '{count, plural, =0 {Dim lifftiau’n aros} one {# lifft yn aros} other {# lifft yn aros}}',
  'lifts.open': 'Agor y lifftiau',
  'lifts.none':
    'Does neb wedi gofyn am lifft eto. Mae’r rhai sy’n curo drysau’n cofnodi “angen lifft” wrth y drws; mae’n ymddangos yma.',
  'lifts.wantedAt': 'Eisiau mynd am {time}',
  'lifts.soon': 'Cyn gynted â phosibl',
  'lifts.free': 'Does gan neb hi eto',
  'lifts.yours': 'Eich un chi',
  'lifts.takenBy': 'Mae gan {name} hi',
  'lifts.done': 'Wedi’i wneud am {time}',
  'lifts.take': 'Cymryd y lifft hon',
  'lifts.markDone': 'Wedi’i wneud: maen nhw yn yr orsaf bleidleisio',
  'lifts.takenByOther': 'Cymerodd gyrrwr arall y lifft honno gyntaf. Mae’r rhestr yn gyfredol nawr.',
  'knockup.mapLabel':
    'Map o’r rownd: {doors, plural, one {# drws} other {# drws}} i guro arnynt ar {streets, plural, one {# stryd} other {# stryd}}, yn y drefn hon: {order}.',
  'knockup.mapCaption':
    'Y rownd yn nhrefn y daith, nid i raddfa: pob dot yn ddrws i’w guro (ei rif ar y rhestr); glas, gofynnwyd am lifft.',
  'knockup.title': 'Cnocio',
  'knockup.walk': 'Cnocio {walk}',
  'knockup.open': 'Agor',
  'knockup.openLabel': 'Agor rhestr gnocio {walk}',
  'knockup.notOnPhone':
    'Nid yw’r rhestr gnocio hon ar y ffôn hwn. <link>Agorwch hi o Stepen Drws</link> tra bo gennych signal.',
  'knockup.heading': 'Cnocio: {walk}',
  'knockup.round': 'Rownd {round}',
  'knockup.summary': '{left, plural, other {# addewid heb bleidleisio eto}} o {pledges} · rhestr {at}',
  'knockup.allVoted':
    'Mae pob addewid ar y daith hon wedi pleidleisio (neu’n pleidleisio drwy’r post). Diolch! Gofynnwch i’r ystafell bwyllgor am eich taith nesaf.',
  'knockup.noPledges':
    'Does neb ar y daith hon yn addewid: ni wnaeth neb yma addo eu pleidlais i ni ar garreg y drws, felly does neb i’w atgoffa. Gofynnwch i’r ystafell bwyllgor am daith arall.',
  'knockup.proxy': 'Pleidleisio drwy ddirprwy',
  'knockup.resultFor': 'Beth ddywedodd {name}',
  'knockup.result.promised': 'Wedi addo pleidleisio',
  'knockup.result.voted': 'Wedi pleidleisio’n barod',
  'knockup.result.lift': 'Angen lifft',
  'knockup.result.not_in': 'Neb gartref',
};
