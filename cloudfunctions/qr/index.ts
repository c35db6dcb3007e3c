import type { QrView } from '../../miniprogram/shared/api';
import type { Role } from '../../miniprogram/shared/orgs';
import { PAGES } from '../../miniprogram/shared/routes';
import { qrSchemas } from '../../miniprogram/shared/schemas/qr';
import { audit } from '../../backend/core/audit';
import { cloud, db, findById } from '../../backend/core/cloud';
import { COLLECTIONS, type CollectionName } from '../../backend/core/collections';
import type { InviteDoc } from '../../backend/core/invites';
import { denied, notFound, precondition } from '../../backend/core/errors';
import { can, type Caller } from '../../backend/core/identity';
import { createScene, loadOrg, type OrgDoc, type SceneDoc } from '../../backend/core/orgs';
import { action, createRouter } from '../../backend/core/router';
import { enforce } from '../../backend/core/rules';
import { loadEvent, type EventDoc, type SignupDoc } from '../../backend/events/model';
import { mayManage } from '../../backend/events/rules';
import { SCOPE_ROLES, type HouseholdDoc } from '../../backend/households/model';
import { householdRules } from '../../backend/households/rules';
import { loadSurvey, type SurveyDoc } from '../../backend/surveys/model';
import { assertVisible, isGridWorkerUnder, mayManage as mayManageSurvey } from '../../backend/surveys/rules';
import { RESOLVERS } from './resolvers';

/** The page a code opens when none is given; each page reads `scene` from its launch options. */
const DEFAULT_PAGES: Record<SceneDoc['type'], string> = {
  org: PAGES.home,
  invite: PAGES.me,
  household: PAGES.door,
  event: PAGES.eventDetail,
  checkin: PAGES.eventDetail,
  survey: PAGES.surveyAnswer,
};

/**
 * Codes that can be rotated, and the collection whose record keeps the current scene. A check-in code is the
 * sign-up's check-in code itself: a family that lost it cancels and signs up again.
 */
const ROTATABLE: Partial<Record<SceneDoc['type'], CollectionName>> = {
  org: COLLECTIONS.orgs,
  invite: COLLECTIONS.invites,
  event: COLLECTIONS.events,
  household: COLLECTIONS.households,
};

async function loadScene(scene: string): Promise<SceneDoc> {
  const doc = await findById<SceneDoc>(COLLECTIONS.qrScenes, scene);
  if (!doc || doc.revokedAt) throw notFound('二维码无效或已更换');
  return doc;
}

/** Who may print, share or rotate a code: those whose scope covers what it points to. */
async function assertManages(
  caller: Caller,
  scene: SceneDoc,
): Promise<OrgDoc | InviteDoc | EventDoc | SignupDoc | HouseholdDoc | SurveyDoc> {
  if (scene.type === 'org') {
    const org = await loadOrg(scene.targetId);
    const roles: Role[] = org.level === 'grid' ? ['admin', 'staff', 'grid_worker'] : ['admin', 'staff'];
    if (!can(caller, roles, org.ancestors)) throw denied('该二维码不在你的管辖范围内');
    return org;
  }
  if (scene.type === 'invite') {
    const invite = await findById<InviteDoc>(COLLECTIONS.invites, scene.targetId);
    if (!invite) throw notFound('二维码无效或已更换');
    if (invite.createdBy !== caller.openid && !can(caller, ['admin'], invite.ancestors))
      throw denied('只有邀请人或管理员可以操作该邀请码');
    return invite;
  }
  if (scene.type === 'event') {
    const event = await loadEvent(scene.targetId);
    if (!mayManage(caller, event)) throw denied('该活动不在你的管辖范围内');
    return event;
  }
  if (scene.type === 'checkin') {
    // A personal ticket: its holder shows it at the door; staff over the event may print it for them.
    const signup = await findById<SignupDoc>(COLLECTIONS.signups, scene.targetId);
    if (!signup) throw notFound('二维码无效或已更换');
    if (signup.openid !== caller.openid && !mayManage(caller, signup)) {
      throw notFound('二维码无效或已更换');
    }
    return signup;
  }
  if (scene.type === 'household') {
    // A door code: its grid worker and staff above the grid; to anyone else the household does not exist.
    const household = await findById<HouseholdDoc>(COLLECTIONS.households, scene.targetId);
    if (!household || !can(caller, SCOPE_ROLES, household.ancestors)) throw notFound('二维码无效或已更换');
    return household;
  }
  if (scene.type === 'survey') {
    // A survey's poster: its managers, and the grid workers who hand it out in their grids.
    const survey = await loadSurvey(scene.targetId);
    assertVisible(caller, survey);
    if (!mayManageSurvey(caller, survey) && !isGridWorkerUnder(caller, survey)) {
      throw denied('该问卷不在你的管辖范围内');
    }
    return survey;
  }
  throw denied('该类二维码由对应功能管理');
}

export const main = createRouter('qr', {
  resolve: action({
    schema: qrSchemas.resolve,
    limit: { max: 120, windowSeconds: 60 },
    async handler(input, ctx): Promise<QrView> {
      const scene = await loadScene(input.scene);
      const resolver = RESOLVERS[scene.type];
      if (!resolver) throw notFound('二维码无效或已更换');
      return resolver(scene, ctx);
    },
  }),

  image: action({
    schema: qrSchemas.image,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const scene = await loadScene(input.scene);
      await assertManages(await ctx.caller(), scene);
      const page = input.page ?? DEFAULT_PAGES[scene.type];
      const code = (await cloud.openapi.wxacode.getUnlimited({
        scene: input.scene,
        page,
        checkPath: false,
        width: 430,
      })) as { buffer: Buffer };
      const { fileID } = (await cloud.uploadFile({
        cloudPath: `qr/${scene.type}/${input.scene}.png`,
        fileContent: code.buffer,
      })) as { fileID: string };
      const urls = (await cloud.getTempFileURL({ fileList: [fileID] })) as { fileList: { tempFileURL?: string }[] };
      const tempUrl = urls.fileList[0]?.tempFileURL;
      return tempUrl ? { fileID, tempUrl } : { fileID };
    },
  }),

  rotate: action({
    schema: qrSchemas.rotate,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const old = await loadScene(input.scene);
      const caller = await ctx.caller();
      const target = await assertManages(caller, old);
      const collection = ROTATABLE[old.type];
      if (!collection) throw precondition('NOT_ROTATABLE', '该类二维码不能更换');
      if (old.type === 'org' && !can(caller, ['admin', 'staff'], (target as OrgDoc).ancestors))
        throw denied('只有社区工作人员或管理员可以更换二维码');
      if (old.type === 'household') enforce(householdRules.rotateCode(target as HouseholdDoc));
      const scene = await createScene(old.type, old.targetId);
      await db
        .collection(collection)
        .doc(old.targetId)
        .update({ data: { scene, updatedAt: new Date() } });
      await db
        .collection(COLLECTIONS.qrScenes)
        .doc(old._id)
        .update({ data: { revokedAt: new Date(), replacedBy: scene } });
      await audit({
        actor: ctx.openid,
        action: 'qr.rotate',
        targetType: old.type,
        targetId: old.targetId,
        details: { from: old._id.slice(0, 4) + '…' },
      });
      return { scene };
    },
  }),
});
