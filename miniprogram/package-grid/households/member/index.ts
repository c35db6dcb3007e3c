import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { CloudCallError, errorText, isCloudError } from '../../../services/cloud';
import { addMember, getHousehold, updateMember } from '../../../services/households';
import { householdsSchemas } from '../../../shared/schemas/households';
import {
  draftFromView,
  emptyMember,
  errorsUnder,
  memberInput,
  memberPatch,
  type MemberDraft,
} from '../../../utils/household-views';
import { validate, type FieldErrors } from '../../../utils/validate';

type Status = 'loading' | 'ready' | 'error';

/**
 * 成员信息: adds a member to a household (`?id=`) or edits one (`?id=&memberId=`). A registered member's ID number
 * and phone are never sent back to the phone: their masks show as placeholders, and a field left blank keeps them.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    id: '',
    memberId: '',
    addressText: '',
    member: emptyMember(),
    before: emptyMember(),
    errors: {} as FieldErrors,
    submitting: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', memberId: query.memberId ?? '' });
      wx.setNavigationBarTitle({ title: query.memberId ? '修改成员' : '添加成员' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        const h = await getHousehold(this.data.id);
        const found = this.data.memberId ? h.members.find((m) => m.memberId === this.data.memberId) : undefined;
        if (this.data.memberId && !found) throw new CloudCallError('NOT_FOUND', '成员不存在');
        const draft = found ? draftFromView(found) : emptyMember();
        this.setData({ status: 'ready', addressText: h.addressText, member: draft, before: draft });
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    retry() {
      return this.load();
    },

    onMemberChange(e: WechatMiniprogram.CustomEvent<{ member: MemberDraft }>) {
      this.setData({ member: e.detail.member, errors: {} });
    },

    showErrors(errors: FieldErrors) {
      this.setData({ errors: errorsUnder(errors, 'member') });
      wx.showToast({ title: '请按提示修改后再保存', icon: 'none' });
    },

    async submit(): Promise<void> {
      if (this.data.submitting) return;
      this.setData({ submitting: true });
      try {
        await this.save();
      } finally {
        this.setData({ submitting: false });
      }
    },

    async save(): Promise<void> {
      const { id, memberId, member, before } = this.data;
      const checked = memberId
        ? validate(householdsSchemas.updateMember, { id, memberId, member: memberPatch(member, before) })
        : validate(householdsSchemas.addMember, { id, member: memberInput(member) });
      if (!checked.ok) return this.showErrors(checked.errors);
      try {
        if ('memberId' in checked.value) {
          if (!Object.keys(checked.value.member).length) {
            wx.showToast({ title: '没有修改', icon: 'none' });
            return undefined;
          }
          await updateMember(checked.value);
        } else {
          await addMember(checked.value);
        }
        wx.showToast({ title: '已保存', icon: 'success' });
        wx.navigateBack();
      } catch (err) {
        if (isCloudError(err, 'INVALID_ARGUMENT') && err.fields) return this.showErrors(err.fields);
        wx.showToast({ title: errorText(err), icon: 'none' });
      }
      return undefined;
    },
  },
});
