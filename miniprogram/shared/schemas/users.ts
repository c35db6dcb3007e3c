import * as v from 'valibot';
import { ROLES } from '../orgs';
import { id, listParams, mobilePhone, text } from './common';

export const usersSchemas = {
  me: v.strictObject({}),
  updateProfile: v.strictObject({
    name: v.optional(text(30)),
    phone: v.optional(v.union([mobilePhone, v.literal('')], '请输入 11 位手机号')),
  }),
  setHome: v.strictObject({ orgId: id }),
  createInvite: v.strictObject({ role: v.picklist(ROLES, '角色无效'), orgId: id }),
  redeemInvite: v.strictObject({
    code: v.pipe(v.string('必须是文本'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '邀请码无效')),
  }),
  listGrants: v.strictObject({ orgId: id, ...listParams }),
  revokeGrant: v.strictObject({ id }),
};
