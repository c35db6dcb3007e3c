import type { CommunityApi } from './api/community';
import type { EventsApi } from './api/events';
import type { HouseholdsApi, PlatesApi } from './api/households';
import type { ImportsApi } from './api/imports';
import type { MessagesApi } from './api/messages';
import type { NoticesApi } from './api/notices';
import type { OrgsApi } from './api/orgs';
import type { QrApi } from './api/qr';
import type { RequestsApi } from './api/requests';
import type { StatsApi } from './api/stats';
import type { SurveysApi } from './api/surveys';
import type { UsersApi } from './api/users';

/**
 * The typed contract of every cloud function: `Api[fn][action]` is `{ req, res }`. The mini program's `callCloud`
 * and the functions' routers are both checked against it. Times are ISO-8601 strings with offset.
 */
export interface Api {
  users: UsersApi;
  orgs: OrgsApi;
  requests: RequestsApi;
  events: EventsApi;
  households: HouseholdsApi;
  plates: PlatesApi;
  qr: QrApi;
  imports: ImportsApi;
  notices: NoticesApi;
  surveys: SurveysApi;
  stats: StatsApi;
  community: CommunityApi;
  messages: MessagesApi;
}

export type FunctionName = keyof Api;
export type ActionName<F extends FunctionName> = keyof Api[F] & string;
export type ReqOf<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { req: infer R } ? R : never;
export type ResOf<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { res: infer R } ? R : never;

/*
 * Each domain's views and actions live in `api/<domain>.ts` (a new view or action goes there); this file gathers them,
 * so that `import type { … } from '…/shared/api'` keeps working on both sides.
 */
export * from './api/common';
export * from './api/users';
export * from './api/orgs';
export * from './api/requests';
export * from './api/events';
export * from './api/households';
export * from './api/qr';
export * from './api/imports';
export * from './api/notices';
export * from './api/surveys';
export * from './api/stats';
export * from './api/community';
export * from './api/messages';
