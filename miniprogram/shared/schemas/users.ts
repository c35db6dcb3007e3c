import * as v from 'valibot';
import { ROLES } from '../orgs';
import { id, listParams, mobilePhone, text } from './common';

const inviteCode = v.pipe(v.string('必须是文本'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '邀请码无效'));

export const usersSchemas = {
  me: v.strictObject({}),
  updateProfile: v.strictObject({
    name: v.optional(text(30)),
    phone: v.optional(v.union([mobilePhone, v.literal('')], '请输入 11 位手机号')),
  }),
  setHome: v.strictObject({ orgId: id }),
  createInvite: v.strictObject({ role: v.picklist(ROLES, '角色无效'), orgId: id }),
  redeemInvite: v.strictObject({ code: inviteCode }),
  listGrants: v.strictObject({ orgId: id, ...listParams }),
  revokeGrant: v.strictObject({ id }),
  invites: v.strictObject({ orgId: id, ...listParams }),
  /** Exactly one of the two (checked by the handler, which names both fields when neither or both are given). */
  revokeInvite: v.strictObject({ code: v.optional(inviteCode), inviteId: v.optional(id) }),
};
