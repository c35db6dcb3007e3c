import { categoryLabel } from '../../miniprogram/shared/categories';
import { REQUEST_STATUS_LABELS } from '../../miniprogram/shared/requests';
import { PAGES, ROUTES } from '../../miniprogram/shared/routes';
import { notify } from '../core/notify';
import type { OrgDoc } from '../core/orgs';
import type { TemplateSetting } from '../core/settings';
import { toIso } from '../core/time';
import { grantHolders, sendMessages } from '../messages/send';
import type { RequestDoc } from './model';

/**
 * Who hears about a request in the message centre (backend/messages/send.ts). Each message is keyed by the event
 * that caused it (the request's timeline position, or the level it climbed to), so a retry never doubles one.
 */

const linkOf = (doc: RequestDoc) => ROUTES.requestDetail(doc._id);
const excerpt = (doc: RequestDoc) =>
  doc.description.length > 60 ? `${doc.description.slice(0, 60)}…` : doc.description;
const minuteText = (at: Date) => toIso(at).slice(0, 16).replace('T', ' ');

/**
 * The staff's subscribe message next to their in-app one. Each send stands alone: a staff member who never accepted
 * the template (43101), or an unset template, costs nothing, and the request's change stands either way.
 */
async function notifyStaff(
  recipients: string[],
  template: TemplateSetting,
  doc: RequestDoc,
  data: Record<string, string>,
): Promise<void> {
  const page = `${PAGES.requestDetail}?id=${doc._id}&from=queue`;
  await Promise.all([...new Set(recipients)].map((openid) => notify(openid, template, page, data)));
}

/** The grid worker of a grid and the staff of its community; for a community, its staff. */
async function frontLine(org: Pick<OrgDoc, '_id' | 'level' | 'parentId'>): Promise<string[]> {
  if (org.level === 'grid' && org.parentId) {
    return grantHolders(org.parentId, [
      { orgId: org._id, roles: ['grid_worker'] },
      { orgId: org.parentId, roles: ['staff'] },
    ]);
  }
  return grantHolders(org._id, [{ orgId: org._id, roles: ['staff'] }]);
}

/** A new request (or one transferred in) reaches the front line of the org it sits with. */
export async function tellFrontLine(doc: RequestDoc, org: OrgDoc, moved: boolean): Promise<void> {
  const recipients = await frontLine(org);
  await sendMessages(
    recipients,
    {
      type: moved ? 'request_moved' : 'request_new',
      title: `${moved ? '转来' : '新'}诉求：${categoryLabel(doc.category)}${doc.needsBilingual ? '（需双语）' : ''}`,
      body: `${doc.orgName}：${excerpt(doc)}`,
      link: linkOf(doc),
    },
    `${doc._id}:${doc.timeline.length}:frontline`,
  );
  await notifyStaff(recipients, 'TEMPLATE_STAFF_NEW_REQUEST', doc, {
    thing1: categoryLabel(doc.category),
    thing2: doc.orgName,
    thing3: doc.needsBilingual && doc.language ? `需${doc.language}帮助：${doc.description}` : doc.description,
    time4: minuteText(new Date(doc.updatedAt)),
  });
}

/** Every change the requester should know of, next to the subscribe message they may have refused. */
export async function tellRequesterInApp(doc: RequestDoc, note: string): Promise<void> {
  await sendMessages(
    [doc.requesterOpenid],
    {
      type: 'request_update',
      title: `您的诉求${REQUEST_STATUS_LABELS[doc.status]}`,
      body: `${categoryLabel(doc.category)}：${note}`,
      link: linkOf(doc),
    },
    `${doc._id}:${doc.timeline.length}:requester`,
  );
}

/** An overdue request climbed to `org`: its staff and admins hear of it. */
export async function tellEscalated(doc: RequestDoc, org: OrgDoc): Promise<void> {
  const recipients = await grantHolders(org._id, [{ orgId: org._id, roles: ['staff', 'admin'] }]);
  await sendMessages(
    recipients,
    {
      type: 'request_escalated',
      title: `超期诉求升级：${categoryLabel(doc.category)}`,
      body: `${doc.orgName}的诉求超期未办结，已升级至${org.name}：${excerpt(doc)}`,
      link: linkOf(doc),
    },
    `${doc._id}:escalate:${org._id}`,
  );
  await notifyStaff(recipients, 'TEMPLATE_STAFF_OVERDUE', doc, {
    thing1: categoryLabel(doc.category),
    thing2: doc.orgName,
    thing3: `超期未办结，已升级至${org.name}`,
    time4: minuteText(new Date(doc.dueAt)),
  });
}

/** The day of a mediation's follow-up visit: the grid worker (or the community staff) and the owner are reminded. */
export async function tellFollowUp(doc: RequestDoc): Promise<number> {
  const recipients = await grantHolders(doc.orgId, [{ orgId: doc.orgId, roles: ['grid_worker', 'staff'] }]);
  if (doc.assigneeOpenid) recipients.push(doc.assigneeOpenid);
  return sendMessages(
    recipients,
    {
      type: 'mediation_followup',
      title: '今日调解回访',
      body: `${doc.orgName}：请回访调解当事人（${doc.mediation?.parties.join('、') ?? ''}）`,
      link: linkOf(doc),
    },
    `${doc._id}:followup:${doc.mediation?.followUpAt ?? ''}`,
  );
}
