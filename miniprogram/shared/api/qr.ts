import type { HouseholdScanView } from '../household-views';
import type { OrgLevel, Role } from '../orgs';
import type { qrSchemas } from '../schemas/qr';
import type { In } from './common';
import type { CheckinTicketView, EventSummary } from './events';
import type { Contact, GridWorkerCard } from './orgs';
import type { SurveySummary } from './surveys';

/** Scanned codes (`qr`): what a scene resolves to for the caller. */

export type QrView =
  | HouseholdScanView
  | {
      type: 'org';
      id: string;
      view: {
        org: { id: string; name: string; level: OrgLevel; contact?: Contact };
        community?: { id: string; name: string };
        gridWorker?: GridWorkerCard;
      };
    }
  | {
      type: 'invite';
      id: string;
      view: {
        role: Role;
        orgId: string;
        orgName: string;
        expiresAt: string;
        code: string;
        used: boolean;
        expired: boolean;
      };
    }
  | { type: 'event'; id: string; view: { event: EventSummary } }
  | { type: 'checkin'; id: string; view: CheckinTicketView }
  | { type: 'survey'; id: string; view: { survey: SurveySummary } };

export interface QrApi {
  resolve: { req: In<typeof qrSchemas.resolve>; res: QrView };
  image: { req: In<typeof qrSchemas.image>; res: { fileID: string; tempUrl?: string } };
  rotate: { req: In<typeof qrSchemas.rotate>; res: { scene: string } };
}
