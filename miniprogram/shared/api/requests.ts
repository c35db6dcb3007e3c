import type { RequestCategory } from '../categories';
import type { EscalationLevel, RequestLanguage, RequestStatus, TimelineType } from '../requests';
import type { requestsSchemas } from '../schemas/requests';
import type { ExportFile, In, Page } from './common';

/** Service requests (`requests`). */

export interface RequestSummary {
  id: string;
  orgId: string;
  orgName: string;
  category: RequestCategory;
  /** The first 80 characters. */
  excerpt: string;
  status: RequestStatus;
  overdue: boolean;
  dueAt: string;
  createdAt: string;
  updatedAt: string;
  /** Overdue and moved up (community → street → district) by the hourly timer; the org it now sits with. */
  escalatedLevel?: EscalationLevel;
  escalatedOrgName?: string;
  /** The resident asked for help in their own language (`language`, when given). */
  needsBilingual?: boolean;
  language?: RequestLanguage;
}

export interface RequestMessage {
  id: string;
  at: string;
  from: 'requester' | 'staff';
  name?: string;
  text: string;
  mine: boolean;
}

export interface TimelineEntry {
  at: string;
  type: TimelineType;
  actor: 'requester' | 'staff';
  name?: string;
  note?: string;
}

/**
 * What the caller may do with a request now, one key per action of `requests`: computed by the server with the
 * very rules the actions enforce (role, scope, the request's state). Input checks and rate limits still apply.
 */
export interface RequestCan {
  accept: boolean;
  reply: boolean;
  resolve: boolean;
  rate: boolean;
  withdraw: boolean;
  transfer: boolean;
  revealContact: boolean;
  mediation: boolean;
}

/** A `mediation` request's ledger entry (矛盾纠纷排查台账). */
export interface MediationEntry {
  parties: string[];
  agreement: string;
  ethnicDimension: boolean;
  /** `YYYY-MM-DD`: that morning the grid worker finds a follow-up visit in their messages. */
  followUpAt?: string;
  recordedAt: string;
  recordedBy: string;
}

export interface MediationLedgerItem extends MediationEntry {
  requestId: string;
  orgId: string;
  orgName: string;
  status: RequestStatus;
}

export interface RequestView extends RequestSummary {
  description: string;
  contactName?: string;
  /** Masked (138****5678); `revealContact` gives the full number to staff in scope, audited. */
  contactPhone?: string;
  images: string[];
  assignee?: { name: string; mine: boolean };
  resolution?: string;
  rating?: { score: number; comment?: string };
  messages: RequestMessage[];
  timeline: TimelineEntry[];
  /** The caller filed it. */
  mine: boolean;
  householdId?: string;
  /** A voice note of the requester (≤ 60 s), played by staff on the detail page. */
  voice?: { fileID: string; seconds: number };
  mediation?: MediationEntry;
  can: RequestCan;
}

export type StatusCounts = Record<RequestStatus, number> & { overdue: number };

export interface RequestsApi {
  create: { req: In<typeof requestsSchemas.create>; res: RequestView };
  listMine: { req: In<typeof requestsSchemas.listMine>; res: Page<RequestSummary> };
  myCounts: { req: In<typeof requestsSchemas.myCounts>; res: StatusCounts };
  get: { req: In<typeof requestsSchemas.get>; res: RequestView };
  queue: { req: In<typeof requestsSchemas.queue>; res: Page<RequestSummary> };
  counts: { req: In<typeof requestsSchemas.counts>; res: StatusCounts };
  accept: { req: In<typeof requestsSchemas.accept>; res: RequestView };
  reply: { req: In<typeof requestsSchemas.reply>; res: RequestView };
  resolve: { req: In<typeof requestsSchemas.resolve>; res: RequestView };
  rate: { req: In<typeof requestsSchemas.rate>; res: RequestView };
  withdraw: { req: In<typeof requestsSchemas.withdraw>; res: RequestView };
  transfer: { req: In<typeof requestsSchemas.transfer>; res: RequestView };
  revealContact: { req: In<typeof requestsSchemas.revealContact>; res: { contactPhone: string } };
  mediation: { req: In<typeof requestsSchemas.mediation>; res: RequestView };
  mediations: { req: In<typeof requestsSchemas.mediations>; res: Page<MediationLedgerItem> };
  exportMediations: {
    req: In<typeof requestsSchemas.exportMediations>;
    res: ExportFile & { tempFileURL?: string; rows: number; truncated: boolean };
  };
}
