/**
 * The words the API and the database share: every enumerated value a request may send or a response may
 * carry. The database schema takes its column enums from here, so the two cannot drift apart.
 */

export const BRANCH_KINDS = ['party', 'region', 'constituency', 'ward'] as const;
export type BranchKind = (typeof BRANCH_KINDS)[number];

export const ROLES = [
  'member',
  'canvasser',
  'organiser',
  'moderator',
  'drafter',
  'returning_officer',
  'data_officer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** What an audit entry records someone doing. */
export const AUDIT_ACTIONS = ['view', 'export', 'change', 'create', 'erase', 'import', 'sign-in'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const MEMBER_STATUSES = ['active', 'lapsed', 'suspended', 'erased'] as const;
/** The languages members read Broadchurch in: English and Welsh (Cymraeg). */
export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const CONVERSATION_ACCESS = ['branch', 'link'] as const;
export type ConversationAccess = (typeof CONVERSATION_ACCESS)[number];
export const MODERATION_MODES = ['pre', 'post'] as const;
export type ModerationMode = (typeof MODERATION_MODES)[number];
export const STATEMENT_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];
export const PHASES = ['upcoming', 'open', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

export const CLAUSE_SOURCES = ['statement', 'written'] as const;
export const BALLOT_MODES = ['clauses', 'document'] as const;
/** A ballot paper's answer on the document or on a clause; an abstention counts for turnout, not either side. */
export const BALLOT_CHOICES = ['approve', 'reject', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];
export const AMENDMENT_KINDS = ['replace', 'add', 'delete'] as const;
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];
export const AMENDMENT_STATUSES = ['pending', 'accepted', 'declined'] as const;

export const REGISTER_IMPORT_KINDS = ['full', 'update', 'marked'] as const;
export type RegisterImportKind = (typeof REGISTER_IMPORT_KINDS)[number];
export const CONTACT_OUTCOMES = [
  'not_in',
  'spoke',
  'refused',
  'moved',
  'deceased',
  'inaccessible',
  'do_not_knock',
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
export const CANVASS_FLAGS = ['postal_vote', 'poster', 'volunteer', 'follow_up'] as const;
/** Absent voters, as the returning officer's list gives them: by post, by proxy, or a proxy voting by post. */
export const ABSENT_VOTER_KINDS = ['postal', 'proxy', 'postal_proxy'] as const;
export type AbsentVoterKind = (typeof ABSENT_VOTER_KINDS)[number];
/** What a knocker-up hears at a pledge's door on polling day. */
export const KNOCKUP_RESULTS = ['promised', 'voted', 'lift', 'not_in'] as const;
export type KnockupResult = (typeof KNOCKUP_RESULTS)[number];
export type CanvassFlag = (typeof CANVASS_FLAGS)[number];

/** The electoral register's fields a file's columns may be mapped to. */
export const REGISTER_FIELDS = [
  'district',
  'number',
  'suffix',
  'markers',
  'dob',
  'surname',
  'forename',
  'name',
  'postcode',
  'address1',
  'address2',
  'address3',
  'address4',
  'address5',
  'address6',
  'uprn',
  'change',
  'postal',
] as const;
export type RegisterField = (typeof REGISTER_FIELDS)[number];

/** A column header compared loosely: case, spaces and punctuation ignored ("Post Code" is "postcode"). */
export const headerKey = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Each field of the register: what it is called on the form, and the headers it is found under by itself. */
export const REGISTER_COLUMNS: Record<RegisterField, { label: string; headers: readonly string[] }> = {
  district: {
    label: 'Polling district (elector number prefix)',
    headers: ['Elector Number Prefix', 'PD', 'Polling District', 'Prefix'],
  },
  number: { label: 'Elector number', headers: ['Elector Number', 'ENO', 'Number'] },
  suffix: { label: 'Elector number suffix', headers: ['Elector Number Suffix', 'Suffix'] },
  markers: { label: 'Franchise markers', headers: ['Elector Markers', 'Markers', 'Franchise Flag'] },
  dob: { label: 'Date of birth or attainment', headers: ['Elector DOB', 'DOB', 'Date of Attainment'] },
  surname: { label: 'Surname', headers: ['Elector Surname', 'Surname'] },
  forename: { label: 'Forename', headers: ['Elector Forename', 'Forename', 'First Name'] },
  name: { label: 'Full name (when there is no surname and forename)', headers: ['Elector Name', 'Name'] },
  postcode: { label: 'Postcode', headers: ['PostCode', 'Post Code'] },
  address1: { label: 'Address line 1', headers: ['Address1', 'Address 1'] },
  address2: { label: 'Address line 2', headers: ['Address2', 'Address 2'] },
  address3: { label: 'Address line 3', headers: ['Address3', 'Address 3'] },
  address4: { label: 'Address line 4', headers: ['Address4', 'Address 4'] },
  address5: { label: 'Address line 5', headers: ['Address5', 'Address 5'] },
  address6: { label: 'Address line 6', headers: ['Address6', 'Address 6'] },
  uprn: { label: 'UPRN (property reference)', headers: ['UPRN', 'Property Reference'] },
  change: {
    label: 'Change type (A, M or D; updates only)',
    headers: ['Change Type', 'Elector Change Type', 'Alteration', 'Status Type'],
  },
  postal: { label: 'Postal voter', headers: ['Postal', 'Postal Voter', 'Absent Voter', 'AV'] },
};

/** What a member can be told about, each with its own choice of channel. */
export const NOTIFICATION_TOPICS = [
  'conversations',
  'ballots',
  'amendments',
  'statements',
  'canvass',
] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];
/** Mail (and the in-app list), the in-app list only, or nothing. */
export const NOTIFICATION_CHANNELS = ['mail', 'app', 'off'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
/** Each thing that happens, and the topic a member chooses a channel for. */
export const NOTIFICATION_KINDS = [
  'conversation_opened',
  'ballot_opened',
  'ballot_reminder',
  'ballot_result',
  'election_opened',
  'election_result',
  'amendments_opened',
  'statement_accepted',
  'statement_rejected',
  'statement_merged',
  'session_changed',
  'session_cancelled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Mail that is not news on a topic but a reply to something a person did: signing up, asking to be erased. */
export const MAIL_ONLY_KINDS = [
  'session_signed_up',
  'session_already_signed_up',
  'session_reminder',
  'erasure_requested',
  'erasure_declined',
  'sign_in_paused',
] as const;
export type MailOnlyKind = (typeof MAIL_ONLY_KINDS)[number];
/** Everything the mail queue sends. */
export const MAIL_KINDS = [...NOTIFICATION_KINDS, ...MAIL_ONLY_KINDS] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** The methods an election can be counted by (src/math/count.ts). */
export const COUNT_METHODS = ['fptp', 'av', 'scottish-stv', 'meek'] as const;
/** Who may nominate a candidate in an election: any member of its branch, or members holding a role there. */
export const NOMINATING_BODIES = ['members', 'role'] as const;
export type NominatingBody = (typeof NOMINATING_BODIES)[number];
