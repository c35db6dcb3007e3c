import type { HouseholdCard, HouseholdListItem, HouseholdView, VisitView } from '../household-views';
import type { householdsSchemas } from '../schemas/households';
import type { platesSchemas } from '../schemas/plates';
import type { ExportFile, In, Page } from './common';

/** The grid registry (`households`) and door plates (`plates`); the views live in household-views.ts. */

export type {
  DoorCard,
  DuplicateHit,
  HouseholdCan,
  HouseholdCard,
  HouseholdListItem,
  HouseholdScanView,
  HouseholdSummary,
  HouseholdView,
  MemberCan,
  MemberView,
  VisitView,
} from '../household-views';

export interface HouseholdsApi {
  create: { req: In<typeof householdsSchemas.create>; res: HouseholdView };
  get: { req: In<typeof householdsSchemas.get>; res: HouseholdView };
  list: { req: In<typeof householdsSchemas.list>; res: Page<HouseholdListItem> };
  update: { req: In<typeof householdsSchemas.update>; res: HouseholdView };
  addMember: { req: In<typeof householdsSchemas.addMember>; res: HouseholdView };
  updateMember: { req: In<typeof householdsSchemas.updateMember>; res: HouseholdView };
  moveOut: { req: In<typeof householdsSchemas.moveOut>; res: HouseholdView };
  transfer: { req: In<typeof householdsSchemas.transfer>; res: HouseholdView };
  reveal: { req: In<typeof householdsSchemas.reveal>; res: { value: string } };
  addVisit: { req: In<typeof householdsSchemas.addVisit>; res: VisitView };
  visits: { req: In<typeof householdsSchemas.visits>; res: Page<VisitView> };
  claimCode: { req: In<typeof householdsSchemas.claimCode>; res: { code: string; expiresAt: string } };
  claim: { req: In<typeof householdsSchemas.claim>; res: HouseholdCard };
  mine: { req: In<typeof householdsSchemas.mine>; res: { items: HouseholdCard[] } };
}

export interface PlatesApi {
  grid: { req: In<typeof platesSchemas.grid>; res: ExportFile & { count: number } };
  poster: { req: In<typeof platesSchemas.poster>; res: ExportFile };
}
