import type { QrView } from '../../miniprogram/shared/api';
import { findById } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import type { InviteDoc } from '../../backend/core/invites';
import { loadEvent, toSummary, toTicket, type SignupDoc } from '../../backend/events/model';
import { mayManage } from '../../backend/events/rules';
import { notFound } from '../../backend/core/errors';
import { loadOrg, type SceneDoc, type SceneType } from '../../backend/core/orgs';
import type { RequestContext } from '../../backend/core/router';
import { householdScan } from '../../backend/households/scan';
import { toIso } from '../../backend/core/time';
import { loadSurvey, toSurveySummary } from '../../backend/surveys/model';
import { assertVisible } from '../../backend/surveys/rules';

/**
 * What a scanned code shows, per scene type. Each resolver decides what the caller may see: `view` never holds
 * more than the caller's role and scope allow. Features with codes of their own register a resolver here.
 */
export type Resolver = (scene: SceneDoc, ctx: RequestContext) => Promise<QrView>;

const resolveOrg: Resolver = async (scene) => {
  const org = await loadOrg(scene.targetId);
  const view: Extract<QrView, { type: 'org' }>['view'] = { org: { id: org._id, name: org.name, level: org.level } };
  if (org.contact) view.org.contact = org.contact;
  if (org.level === 'grid' && org.parentId) {
    const community = await loadOrg(org.parentId);
    view.community = { id: community._id, name: community.name };
    if (org.contact?.name && org.contact.phone) view.gridWorker = { name: org.contact.name, phone: org.contact.phone };
  }
  return { type: 'org', id: org._id, view };
};

const resolveInvite: Resolver = async (scene) => {
  const invite = await findById<InviteDoc>(COLLECTIONS.invites, scene.targetId);
  if (!invite) throw notFound('二维码无效或已更换');
  return {
    type: 'invite',
    id: invite._id,
    view: {
      role: invite.role,
      orgId: invite.orgId,
      orgName: invite.orgName,
      expiresAt: toIso(invite.expiresAt),
      // The invite code is a bearer secret: whoever holds the printed or shared code may redeem it once.
      code: invite.code,
      used: Boolean(invite.usedBy),
      expired: new Date(invite.expiresAt).getTime() < Date.now(),
    },
  };
};

/** An event code (posters, notice boards): the public event card, for anyone. */
const resolveEvent: Resolver = async (scene) => {
  const event = await loadEvent(scene.targetId);
  return { type: 'event', id: event._id, view: { event: toSummary(event) } };
};

/**
 * A personal check-in code: staff/admin whose scope covers the event see the sign-up to check it in; the holder
 * sees their own ticket; for anyone else the code does not exist.
 */
const resolveCheckin: Resolver = async (scene, ctx) => {
  const signup = await findById<SignupDoc>(COLLECTIONS.signups, scene.targetId);
  if (!signup) throw notFound('二维码无效或已更换');
  const event = await loadEvent(signup.eventId);
  if (mayManage(await ctx.caller(), event)) {
    return { type: 'checkin', id: signup._id, view: toTicket('staff', event, signup) };
  }
  if (signup.openid === ctx.openid) return { type: 'checkin', id: signup._id, view: toTicket('holder', event, signup) };
  throw notFound('二维码无效或已更换');
};

/** A survey's code (posters, forwarded images): the survey card; a draft only for its managers. */
const resolveSurvey: Resolver = async (scene, ctx) => {
  const survey = await loadSurvey(scene.targetId);
  assertVisible(await ctx.caller(), survey);
  return { type: 'survey', id: survey._id, view: { survey: toSurveySummary(survey) } };
};

export const RESOLVERS: Partial<Record<SceneType, Resolver>> = {
  org: resolveOrg,
  invite: resolveInvite,
  household: (scene, ctx) => householdScan(scene.targetId, ctx),
  event: resolveEvent,
  checkin: resolveCheckin,
  survey: resolveSurvey,
};
