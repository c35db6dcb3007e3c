import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText, isCloudError } from '../../../services/cloud';
import { createHousehold, getHousehold, updateHousehold } from '../../../services/households';
import { getOrg } from '../../../services/orgs';
import { newClientToken } from '../../../services/requests';
import type { HouseholdView } from '../../../shared/api';
import { HOUSING_TYPES, MAX_MEMBERS, labelOf } from '../../../shared/households';
import { householdsSchemas } from '../../../shared/schemas/households';
import {
  HOUSEHOLD_URLS,
  HOUSING_OPTIONS,
  TAG_OPTIONS,
  emptyMember,
  errorsUnder,
  memberInput,
  type MemberDraft,
} from '../../../utils/household-views';
import { validate, type FieldErrors } from '../../../utils/validate';

type Status = 'loading' | 'ready' | 'error';

interface AddressDraft {
  estate: string;
  building: string;
  unit: string;
  room: string;
}

function addressInput(a: AddressDraft) {
  return {
    building: a.building.trim(),
    room: a.room.trim(),
    ...(a.estate.trim() ? { estate: a.estate.trim() } : {}),
    ...(a.unit.trim() ? { unit: a.unit.trim() } : {}),
  };
}

function requirePrivacy(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) });
  });
}

/**
 * 登记住户 (`?gridId=`): address, housing, tags and one form per member (member-form), checked with the function's
 * own schema so that each message shows under its field; one clientToken per form, so a double tap registers one
 * household. With `?id=` it edits a registered household's address, housing and tags (members have their own page).
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    mode: 'create' as 'create' | 'edit',
    id: '',
    gridId: '',
    gridName: '',
    address: { estate: '', building: '', unit: '', room: '' } as AddressDraft,
    housing: '',
    housingLabel: '',
    housingOptions: HOUSING_OPTIONS,
    housingPicker: false,
    tags: [] as string[],
    tagOptions: TAG_OPTIONS,
    members: [emptyMember()] as MemberDraft[],
    memberErrors: [{}] as FieldErrors[],
    errors: {} as FieldErrors,
    submitting: false,
    clientToken: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        mode: query.id ? 'edit' : 'create',
        id: query.id ?? '',
        gridId: query.gridId ?? '',
        clientToken: newClientToken(),
      });
      if (query.id) wx.setNavigationBarTitle({ title: '修改住户信息' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        if (this.data.mode === 'edit') {
          this.fill(await getHousehold(this.data.id));
        } else {
          const grid = await getOrg(this.data.gridId);
          this.setData({ gridName: grid.name });
        }
        this.setData({ status: 'ready' });
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    fill(h: HouseholdView) {
      const a = h.address;
      this.setData({
        gridId: h.gridId,
        gridName: h.gridName ?? '',
        address: { estate: a.estate ?? '', building: a.building, unit: a.unit ?? '', room: a.room },
        housing: h.housing ?? '',
        housingLabel: h.housing ? labelOf(HOUSING_TYPES, h.housing) : '',
        tags: [...h.tags],
      });
    },

    retry() {
      return this.load();
    },

    onAddress(
      e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof AddressDraft }>,
    ) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`address.${field}`]: e.detail.value, errors: { ...this.data.errors, [`address.${field}`]: '' } });
    },

    openHousing() {
      this.setData({ housingPicker: true });
    },

    closeHousing() {
      this.setData({ housingPicker: false });
    },

    onHousing(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const housing = e.detail.value[0] ?? '';
      this.setData({ housingPicker: false, housing, housingLabel: housing ? labelOf(HOUSING_TYPES, housing) : '' });
    },

    onTags(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ tags: e.detail.value });
    },

    onMemberChange(e: WechatMiniprogram.CustomEvent<{ index: number; member: MemberDraft }>) {
      const { index, member } = e.detail;
      this.setData({ [`members[${index}]`]: member, [`memberErrors[${index}]`]: {} });
    },

    addMember() {
      if (this.data.members.length >= MAX_MEMBERS) return;
      this.setData({ members: [...this.data.members, emptyMember()], memberErrors: [...this.data.memberErrors, {}] });
    },

    removeMember(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const keep = (_: unknown, i: number) => i !== e.detail.index;
      this.setData({ members: this.data.members.filter(keep), memberErrors: this.data.memberErrors.filter(keep) });
    },

    /** Puts each message under its field: `address.room` on the address, `members.1.idNumber` on the second member. */
    showErrors(errors: FieldErrors) {
      this.setData({ errors, memberErrors: this.data.members.map((_, i) => errorsUnder(errors, `members.${i}`)) });
      wx.showToast({ title: '请按提示修改后再提交', icon: 'none' });
    },

    async submit(): Promise<void> {
      if (this.data.submitting) return;
      this.setData({ submitting: true });
      try {
        await (this.data.mode === 'edit' ? this.saveEdit() : this.saveNew());
      } finally {
        this.setData({ submitting: false });
      }
    },

    async saveNew(): Promise<void> {
      const { gridId, address, housing, tags, members, clientToken } = this.data;
      const input = {
        gridId,
        address: addressInput(address),
        ...(housing ? { housing } : {}),
        ...(tags.length ? { tags } : {}),
        members: members.map(memberInput),
        clientToken,
      };
      const checked = validate(householdsSchemas.create, input);
      if (!checked.ok) return this.showErrors(checked.errors);
      // Names, ethnicity, ID numbers and phones of other people: WeChat's privacy consent first.
      if (!(await requirePrivacy())) {
        wx.showToast({ title: '同意隐私保护指引后才能登记', icon: 'none' });
        return undefined;
      }
      try {
        const created = await createHousehold(checked.value);
        wx.showToast({ title: '已登记', icon: 'success' });
        wx.redirectTo({ url: HOUSEHOLD_URLS.detail(created.id, '&created=1') });
      } catch (err) {
        if (isCloudError(err, 'INVALID_ARGUMENT') && err.fields) return this.showErrors(err.fields);
        wx.showToast({ title: errorText(err), icon: 'none' });
      }
      return undefined;
    },

    async saveEdit(): Promise<void> {
      const { id, address, housing, tags } = this.data;
      const checked = validate(householdsSchemas.update, { id, address: addressInput(address), housing, tags });
      if (!checked.ok) return this.showErrors(checked.errors);
      try {
        await updateHousehold(checked.value);
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
