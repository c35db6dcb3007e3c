import { largeFont, setLargeFontEnabled, syncLargeFont } from '../../behaviors/large-font';
import { currentPersona, personaLabel, personasEnabled, PERSONAS, setPersona } from '../../config/personas';
import { errorText, isCloudError } from '../../services/cloud';
import {
  landPendingScene,
  PAGES,
  rememberScene,
  scanAndOpen,
  sceneFromOptions,
  takePendingInvite,
  type InviteOffer,
} from '../../services/scene';
import { getMe, redeemInvite, updateProfile } from '../../services/users';
import type { MeView } from '../../shared/api';
import { ROLE_LABELS, type Role } from '../../shared/orgs';
import { usersSchemas } from '../../shared/schemas/users';
import { formatTime, roleText } from '../../utils/format';
import { HOUSEHOLD_URLS } from '../../utils/household-views';
import { REQUEST_URLS } from '../../utils/request-views';
import { markHomeChanged } from '../../utils/session';
import { validate, type FieldErrors } from '../../utils/validate';

type Status = 'loading' | 'ready' | 'error';

interface RoleItem {
  key: string;
  text: string;
  /** The workbench of the role, in its subpackage. */
  link: string;
}

const WORKBENCH: Record<Role, string> = {
  grid_worker: '/package-grid/pages/index/index',
  staff: '/package-staff/pages/index/index',
  admin: '/package-staff/pages/index/index',
};

interface FormState {
  visible: boolean;
  name: string;
  phone: string;
  errors: FieldErrors;
  saving: boolean;
}

interface InviteState {
  visible: boolean;
  title: string;
  content: string;
  /** Neither used nor expired: the dialog offers to accept. */
  usable: boolean;
  code: string;
}

const CLOSED_FORM: FormState = { visible: false, name: '', phone: '', errors: {}, saving: false };
const CLOSED_INVITE: InviteState = { visible: false, title: '', content: '', usable: false, code: '' };

function inviteState(offer: InviteOffer): InviteState {
  const what = `${ROLE_LABELS[offer.role]} · ${offer.orgName}`;
  if (offer.used)
    return {
      visible: true,
      title: '邀请码已被使用',
      content: `这个邀请（${what}）已经有人使用过了，请向邀请人要一个新的。`,
      usable: false,
      code: '',
    };
  if (offer.expired)
    return {
      visible: true,
      title: '邀请码已过期',
      content: `这个邀请（${what}）已过期，请向邀请人要一个新的。`,
      usable: false,
      code: '',
    };
  return {
    visible: true,
    title: '加入邀请',
    content: `邀请你成为「${what}」。接受后你将获得该身份的工作权限。邀请有效期至 ${formatTime(offer.expiresAt)}。`,
    usable: true,
    code: offer.code,
  };
}

/**
 * 我的: profile (name, masked phone; edited only after privacy consent), roles with their workbenches, home
 * community, redeeming an invite by scanning, large-font mode, and in local mode the demo-persona switcher.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    name: '',
    phone: '',
    initial: '',
    roles: [] as RoleItem[],
    homeText: '',
    personasEnabled: personasEnabled(),
    personaLabel: '',
    personas: [] as { openid: string; label: string; current: boolean }[],
    personaSheet: false,
    form: CLOSED_FORM,
    invite: CLOSED_INVITE,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      rememberScene(sceneFromOptions({ scene: query.scene }));
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
      const enabled = personasEnabled();
      this.setData({ personasEnabled: enabled, personaLabel: enabled ? personaLabel(currentPersona()) : '' });
      const landing = await landPendingScene('me');
      const offer = landing?.kind === 'invite' ? landing.invite : takePendingInvite();
      if (offer) this.setData({ invite: inviteState(offer) });
      await this.load();
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load();
      wx.stopPullDownRefresh();
    },

    async load(): Promise<void> {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      try {
        this.show(await getMe());
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    show(me: MeView) {
      const name = me.profile.name ?? '';
      this.setData({
        status: 'ready',
        name,
        phone: me.profile.phone ?? '',
        initial: name.slice(0, 1),
        roles: me.roles.map((r) => ({
          key: `${r.role}:${r.orgId}`,
          text: roleText(r.role, r.orgName),
          link: WORKBENCH[r.role],
        })),
        homeText: me.home ? [me.home.communityName, me.home.gridName].filter(Boolean).join(' · ') : '',
      });
    },

    retry() {
      return this.load();
    },

    openRole(e: WechatMiniprogram.BaseEvent) {
      const link = e.currentTarget.dataset.link as string | undefined;
      if (link) wx.navigateTo({ url: link });
    },

    goSwitchCommunity() {
      wx.navigateTo({ url: PAGES.switchCommunity });
    },

    goMyRequests() {
      wx.navigateTo({ url: REQUEST_URLS.mine });
    },

    goMyHousehold() {
      wx.navigateTo({ url: HOUSEHOLD_URLS.door() });
    },

    /** Scans an invite code (any of our codes works: a community code switches the home community). */
    async scanInvite(): Promise<void> {
      const landing = await scanAndOpen('me');
      if (landing?.kind === 'invite') this.setData({ invite: inviteState(landing.invite) });
      else if (landing?.kind === 'home') await this.load();
    },

    /** Redeems the invite the user confirmed. */
    async confirmInvite(): Promise<void> {
      const { code, usable } = this.data.invite;
      this.setData({ invite: CLOSED_INVITE });
      if (!usable || !code) return;
      try {
        const { role } = await redeemInvite(code);
        wx.showToast({ title: `你已成为${ROLE_LABELS[role]}`, icon: 'success' });
        await this.load();
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      }
    },

    closeInvite() {
      this.setData({ invite: CLOSED_INVITE });
    },

    /** The form collects personal data: WeChat's privacy consent first (privacy-popup shows the guide). */
    editProfile() {
      wx.requirePrivacyAuthorize({
        success: () => this.setData({ form: { ...CLOSED_FORM, visible: true, name: this.data.name } }),
        fail: () => wx.showToast({ title: '同意隐私保护指引后才能填写资料', icon: 'none' }),
      });
    },

    onNameChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.name': e.detail.value, 'form.errors.name': '' });
    },

    onPhoneChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.phone': e.detail.value, 'form.errors.phone': '' });
    },

    onFormVisibleChange(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.closeForm();
    },

    closeForm() {
      this.setData({ form: CLOSED_FORM });
    },

    /** Checks the form with the function's own schema, then saves; an empty phone field keeps the saved number. */
    async saveProfile(): Promise<void> {
      const { name, phone } = this.data.form;
      const input = phone.trim() ? { name, phone } : { name };
      const checked = validate(usersSchemas.updateProfile, input);
      if (!checked.ok) {
        this.setData({ 'form.errors': checked.errors });
        return;
      }
      this.setData({ 'form.saving': true });
      try {
        await updateProfile(checked.value);
        this.setData({ form: CLOSED_FORM });
        wx.showToast({ title: '已保存', icon: 'success' });
        await this.load();
      } catch (err) {
        if (isCloudError(err, 'INVALID_ARGUMENT') && err.fields) {
          this.setData({ 'form.errors': err.fields, 'form.saving': false });
        } else {
          this.setData({ 'form.saving': false });
          wx.showToast({ title: errorText(err), icon: 'none' });
        }
      }
    },

    toggleLargeFont(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      setLargeFontEnabled(e.detail.value);
      syncLargeFont(this);
    },

    openPrivacyContract() {
      wx.openPrivacyContract({});
    },

    openPersonas() {
      const current = currentPersona();
      this.setData({
        personaSheet: true,
        personas: PERSONAS.map((p) => ({ ...p, current: p.openid === current })),
      });
    },

    onPersonaVisibleChange(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ personaSheet: false });
    },

    /** Acts as another demo persona from now on: everything reloads from the home page. */
    choosePersona(e: WechatMiniprogram.BaseEvent) {
      const openid = e.currentTarget.dataset.openid as string;
      this.setData({ personaSheet: false });
      if (!openid || openid === currentPersona()) return;
      setPersona(openid);
      markHomeChanged();
      wx.reLaunch({ url: PAGES.home });
    },
  },
});
