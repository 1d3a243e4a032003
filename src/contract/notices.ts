/**
 * What the server writes to members, in English and Welsh: each notification's title and body (the in-app
 * list and the mail) and the words around a mail. Part of the one message catalogue: the web app takes these
 * into en.ts and cy.ts, its catalogue test holds them to the same rules, and the server formats them in the
 * member's language. ICU MessageFormat; `when` is a date and time already written in the language.
 */
export const enNotices = {
  'notice.conversation_opened.title': 'New conversation: {title}',
  'notice.conversation_opened.body':
    'A conversation has opened in {branch}: "{title}". Read the statements, vote on them and add your own.',
  'notice.ballot_opened.title': 'Ballot open: {manifesto}',
  'notice.ballot_opened.body':
    'A ballot to ratify "{manifesto}" is open. It closes {when}. Your vote is secret.',
  'notice.ballot_opened.bodyOpenEnded': 'A ballot to ratify "{manifesto}" is open. Your vote is secret.',
  'notice.ballot_reminder.title': 'Closing soon: {manifesto}',
  'notice.ballot_reminder.body':
    'The ballot to ratify "{manifesto}" closes {when}, and you have not voted yet.',
  'notice.ballot_result.title': 'Result: {manifesto}',
  'notice.ballot_result.body':
    'The ballot to ratify "{manifesto}" has been counted. {voted} of {eligible} members voted. {outcome, select, carried {It carried: more members approved than rejected{quorum, select, none {} other {, and the quorum of {quorum}% was reached}}.} lost {It did not carry: {quorate, select, no {the quorum of {quorum}% was not reached} other {no more members approved than rejected}}.} other {{carried} of {put} clauses carried (a clause carries when more members approve it than reject it{quorum, select, none {} other {, with the quorum of {quorum}% reached}}).}}',
  'notice.election_opened.title': 'Vote now: {post}',
  'notice.election_opened.body':
    'Voting has opened in the election for {post} ({candidates} candidates). It closes {when}. Rank the candidates in your order of preference; your vote is secret.',
  'notice.election_result.title': 'Result: {post}',
  'notice.election_result.body':
    'The election for {post} has been counted. Elected: {elected}. {voted} of {eligible} members voted ({turnout}%).',
  'notice.amendments_opened.title': 'Amendments open: {manifesto}',
  'notice.amendments_opened.body': 'You can propose amendments to "{manifesto}" until {when}.',
  'notice.amendments_opened.bodyOpenEnded': 'You can propose amendments to "{manifesto}".',
  'notice.statement_accepted.title': 'Your statement was accepted',
  'notice.statement_accepted.body':
    'Your statement "{statement}" in "{conversation}" was accepted and members can now vote on it.',
  'notice.statement_rejected.title': 'Your statement was not accepted',
  'notice.statement_rejected.body':
    'Your statement "{statement}" in "{conversation}" was not accepted. The moderator’s reason: {reason}',
  'notice.statement_rejected.bodyNoReason':
    'Your statement "{statement}" in "{conversation}" was not accepted.',
  'notice.statement_merged.title': 'Your statement was merged',
  'notice.statement_merged.body':
    'Your statement "{statement}" in "{conversation}" said the same as one already there, so it was merged into "{into}". Your votes count there.',
  'notice.session_changed.title': 'Changed: {title}',
  'notice.session_changed.body':
    'The canvass session "{title}" you signed up for has changed. It is now {when}, meeting at {meetingPoint}.',
  'notice.session_cancelled.title': 'Cancelled: {title}',
  'notice.session_cancelled.body':
    'The canvass session "{title}" on {when} you signed up for has been cancelled. Sorry; we hope to see you at another.',
  'notice.session_signed_up.title': 'You’re signed up: {title}',
  'notice.session_signed_up.body':
    'Thank you for signing up to {title}.\n\nWhen: {when}\nWhere: {meetingPoint}\n\nWe will remind you the day before. Wear comfortable shoes.',
  'notice.session_already_signed_up.title': 'You’re already signed up: {title}',
  'notice.session_already_signed_up.body':
    'Someone (probably you) asked to sign up to {title} with this address, which is already signed up, so nothing has changed: you are on the list once.\n\nWhen: {when}\nWhere: {meetingPoint}',
  'notice.session_reminder.title': 'Reminder: {title}, {when}',
  'notice.session_reminder.body':
    'A reminder that {title} starts {when}.\nMeet at: {meetingPoint}\n\nSee you there.',
  'notice.sign_in_paused.title': 'Someone tried to sign in to Broadchurch as you',
  'notice.sign_in_paused.body':
    'Several wrong sign-in codes were entered for your email address.\n\nTo keep your account safe, signing in with an emailed code on a device you have not used before is paused until {when} (UK time). Devices you have signed in on before, and your passkeys, still work.\n\nIf this was you, wait until then. If it was not, nobody has got in: your codes only reach this mailbox.',
  'notice.erasure_requested.title': 'We have your request to be erased',
  'notice.erasure_requested.body':
    'You asked us to erase the data we hold about you. Your branch’s data officer will confirm it (or, if the law requires us to keep something, tell you what and why). We will tell you by mail.',
  'notice.erasure_declined.title': 'About your request to be erased',
  'notice.erasure_declined.body':
    'Your data officer has not erased your data, for this reason:\n\n{reason}\n\nIf you disagree, reply to your branch or complain to the Information Commissioner’s Office.',
  'mail.whyErasure': 'You get this mail because you asked for your data to be erased.',
  'mail.whySignIn': 'You get this mail because someone tried to sign in as you.',
  'mail.greeting': 'Hello {name},',
  'mail.greetingNoName': 'Hello,',
  'mail.open': 'Open it: {link}',
  'mail.whySession': 'You get this mail because you signed up to this canvass session.',
  'mail.whyTopic':
    'You get this mail because you chose to hear about {topic, select, conversations {new conversations in your branch} ballots {ballots you can vote in} amendments {amendment windows} statements {what happens to your statements} other {changes to canvass sessions you signed up for}} by mail.',
  'mail.stop': 'Stop these mails: {link}',
  'mail.choose': 'Choose what you hear about, and how: {link}',
} as const satisfies Record<string, string>;

export type NoticeKey = keyof typeof enNotices;

export const cyNotices: Record<NoticeKey, string> = {
  'notice.conversation_opened.title': 'Sgwrs newydd: {title}',
  'notice.conversation_opened.body':
    'Mae sgwrs wedi agor yn {branch}: “{title}”. Darllenwch y datganiadau, pleidleisiwch arnyn nhw ac ychwanegwch eich rhai eich hun.',
  'notice.ballot_opened.title': 'Pleidlais ar agor: {manifesto}',
  'notice.ballot_opened.body':
    'Mae pleidlais i gadarnhau “{manifesto}” ar agor. Mae’n cau {when}. Mae eich pleidlais yn gyfrinachol.',
  'notice.ballot_opened.bodyOpenEnded':
    'Mae pleidlais i gadarnhau “{manifesto}” ar agor. Mae eich pleidlais yn gyfrinachol.',
  'notice.ballot_reminder.title': 'Yn cau cyn hir: {manifesto}',
  'notice.ballot_reminder.body':
    'Mae’r bleidlais i gadarnhau “{manifesto}” yn cau {when}, ac nid ydych wedi pleidleisio eto.',
  'notice.ballot_result.title': 'Canlyniad: {manifesto}',
  'notice.ballot_result.body':
    'Mae’r bleidlais i gadarnhau “{manifesto}” wedi’i chyfrif. Pleidleisiodd {voted} o {eligible} aelod. {outcome, select, carried {Fe’i pasiwyd: cymeradwyodd mwy o aelodau nag a’i gwrthododd{quorum, select, none {} other {, a chyrhaeddwyd y cworwm o {quorum}%}}.} lost {Ni chafodd ei phasio: {quorate, select, no {ni chyrhaeddwyd y cworwm o {quorum}%} other {ni chymeradwyodd mwy o aelodau nag a’i gwrthododd}}.} other {Pasiwyd {carried} o {put} cymal (mae cymal yn pasio pan fo mwy o aelodau’n ei gymeradwyo nag sy’n ei wrthod{quorum, select, none {} other {, gyda’r cworwm o {quorum}% wedi’i gyrraedd}}).}}',
  'notice.election_opened.title': 'Pleidleisiwch nawr: {post}',
  'notice.election_opened.body':
    'Mae’r pleidleisio wedi agor yn yr etholiad am {post} ({candidates} ymgeisydd). Mae’n cau {when}. Rhowch yr ymgeiswyr yn nhrefn eich dewis; mae eich pleidlais yn gyfrinachol.',
  'notice.election_result.title': 'Canlyniad: {post}',
  'notice.election_result.body':
    'Mae’r etholiad am {post} wedi’i gyfrif. Etholwyd: {elected}. Pleidleisiodd {voted} o {eligible} aelod ({turnout}%).',
  'notice.amendments_opened.title': 'Gwelliannau ar agor: {manifesto}',
  'notice.amendments_opened.body': 'Gallwch gynnig gwelliannau i “{manifesto}” tan {when}.',
  'notice.amendments_opened.bodyOpenEnded': 'Gallwch gynnig gwelliannau i “{manifesto}”.',
  'notice.statement_accepted.title': 'Derbyniwyd eich datganiad',
  'notice.statement_accepted.body':
    'Derbyniwyd eich datganiad “{statement}” yn “{conversation}”, a gall aelodau bleidleisio arno nawr.',
  'notice.statement_rejected.title': 'Ni dderbyniwyd eich datganiad',
  'notice.statement_rejected.body':
    'Ni dderbyniwyd eich datganiad “{statement}” yn “{conversation}”. Rheswm y cymedrolwr: {reason}',
  'notice.statement_rejected.bodyNoReason':
    'Ni dderbyniwyd eich datganiad “{statement}” yn “{conversation}”.',
  'notice.statement_merged.title': 'Cyfunwyd eich datganiad',
  'notice.statement_merged.body':
    'Roedd eich datganiad “{statement}” yn “{conversation}” yn dweud yr un peth ag un a oedd yno’n barod, felly cafodd ei gyfuno â “{into}”. Mae eich pleidleisiau’n cyfrif yno.',
  'notice.session_changed.title': 'Wedi newid: {title}',
  'notice.session_changed.body':
    'Mae’r sesiwn ganfasio “{title}” y gwnaethoch gofrestru ar ei chyfer wedi newid. Mae hi nawr ar {when}, yn cyfarfod yn {meetingPoint}.',
  'notice.session_cancelled.title': 'Wedi’i chanslo: {title}',
  'notice.session_cancelled.body':
    'Mae’r sesiwn ganfasio “{title}” ar {when} y gwnaethoch gofrestru ar ei chyfer wedi’i chanslo. Mae’n ddrwg gennym; gobeithio y gwelwn ni chi mewn un arall.',
  'notice.session_signed_up.title': 'Rydych wedi cofrestru: {title}',
  'notice.session_signed_up.body':
    'Diolch am gofrestru ar gyfer {title}.\n\nPryd: {when}\nBle: {meetingPoint}\n\nByddwn yn eich atgoffa y diwrnod cynt. Gwisgwch esgidiau cyfforddus.',
  'notice.session_already_signed_up.title': 'Rydych wedi cofrestru eisoes: {title}',
  'notice.session_already_signed_up.body':
    'Gofynnodd rhywun (chi, mae’n debyg) am gofrestru ar gyfer {title} gyda’r cyfeiriad hwn, sydd wedi cofrestru eisoes, felly does dim wedi newid: rydych ar y rhestr unwaith.\n\nPryd: {when}\nBle: {meetingPoint}',
  'notice.session_reminder.title': 'Nodyn atgoffa: {title}, {when}',
  'notice.session_reminder.body':
    'Nodyn i’ch atgoffa bod {title} yn dechrau {when}.\nCwrdd yn: {meetingPoint}\n\nWela i chi yno.',
  'notice.sign_in_paused.title': 'Ceisiodd rhywun fewngofnodi i Broadchurch fel chi',
  'notice.sign_in_paused.body':
    'Cafodd sawl cod mewngofnodi anghywir eu rhoi ar gyfer eich cyfeiriad e-bost.\n\nEr mwyn cadw eich cyfrif yn ddiogel, mae mewngofnodi â chod drwy e-bost ar ddyfais nad ydych wedi’i defnyddio o’r blaen wedi’i oedi tan {when} (amser y DU). Mae’r dyfeisiau rydych wedi mewngofnodi arnynt o’r blaen, a’ch allweddi mynediad, yn dal i weithio.\n\nOs mai chi oedd hyn, arhoswch tan hynny. Os nad chi oedd e, does neb wedi cael mynediad: dim ond i’r blwch post hwn y mae eich codau’n dod.',
  'notice.erasure_requested.title': 'Mae eich cais i gael eich dileu gennym',
  'notice.erasure_requested.body':
    'Fe ofynnoch i ni ddileu’r data sydd gennym amdanoch. Bydd swyddog data eich cangen yn ei gadarnhau (neu, os yw’r gyfraith yn gofyn i ni gadw rhywbeth, yn dweud wrthych beth a pham). Byddwn yn dweud wrthych drwy e-bost.',
  'notice.erasure_declined.title': 'Ynglŷn â’ch cais i gael eich dileu',
  'notice.erasure_declined.body':
    'Nid yw eich swyddog data wedi dileu eich data, am y rheswm hwn:\n\n{reason}\n\nOs ydych yn anghytuno, atebwch eich cangen neu cwynwch i Swyddfa’r Comisiynydd Gwybodaeth.',
  'mail.whyErasure': 'Rydych yn cael y neges hon oherwydd i chi ofyn i’ch data gael ei ddileu.',
  'mail.whySignIn': 'Rydych yn cael y neges hon oherwydd i rywun geisio mewngofnodi fel chi.',
  'mail.greeting': 'Helo {name},',
  'mail.greetingNoName': 'Helo,',
  'mail.open': 'Agorwch hi: {link}',
  'mail.whySession': 'Rydych yn cael y neges hon oherwydd i chi gofrestru ar gyfer y sesiwn ganfasio hon.',
  'mail.whyTopic':
    'Rydych yn cael y neges hon oherwydd i chi ddewis clywed am {topic, select, conversations {sgyrsiau newydd yn eich cangen} ballots {bleidleisiau y gallwch bleidleisio ynddynt} amendments {gyfnodau cynnig gwelliannau} statements {yr hyn sy’n digwydd i’ch datganiadau} other {newidiadau i sesiynau canfasio y gwnaethoch gofrestru ar eu cyfer}} drwy e-bost.',
  'mail.stop': 'Atal y negeseuon hyn: {link}',
  'mail.choose': 'Dewiswch beth a ddywedir wrthych, a sut: {link}',
};
