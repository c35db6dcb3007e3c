import {
  largeFont,
  largeFontPreferred,
  setLargeFontPreferred,
  syncLargeFont,
  systemFontLarge,
} from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { currentPersona, personaLabel, personasEnabled, PERSONAS, setPersona } from '../../config/personas';
import { syncUnreadBadge } from '../../services/messages';
import { sceneFromOptions, type InviteOffer } from '../../services/scene';
import { currentMe } from '../../services/session';
import { redeemInvite, updateProfile } from '../../services/users';
import type { MeView } from '../../shared/api';
import { ROLE_LABELS, type Role } from '../../shared/orgs';
import { REQUEST_LANGUAGES, type RequestLanguage } from '../../shared/requests';
import { ROUTES } from '../../shared/routes';
import { usersSchemas } from '../../shared/schemas/users';
import { formErrors, toastDone, toastError } from '../../utils/feedback';
import { formatTime, roleText } from '../../utils/format';
import { dataOf, go, restart } from '../../utils/navigate';
import { requirePrivacy } from '../../utils/privacy';
import { landPendingScene, rememberScene, scanAndOpen, takePendingInvite } from '../../utils/scene-routing';
import { markHomeChanged } from '../../utils/session';
import { validate, validated, type FieldErrors } from '../../utils/validate';

interface RoleItem {
  key: string;
  text: string;
  /** The workbench of the role, in its subpackage. */
  link: string;
}

const WORKBENCH: Record<Role, () => string> = {
  grid_worker: ROUTES.gridWorkbench,
  staff: ROUTES.staffWorkbench,
  admin: ROUTES.staffWorkbench,
};

interface FormState {
  visible: boolean;
  name: string;
  phone: string;
  /** Staff only: the languages they speak besides Mandarin (their queue offers requests asking for them first). */
  languages: RequestLanguage[];
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
  /** A grid worker's invite: the worker first fills the card residents of the grid will see. */
  asksCard: boolean;
  cardName: string;
  cardPhone: string;
  /** Keyed like the cloud's fields: `card.name`, `card.phone`. */
  cardErrors: FieldErrors;
}

const CLOSED_FORM: FormState = { visible: false, name: '', phone: '', languages: [], errors: {}, saving: false };
const LANGUAGE_OPTIONS = REQUEST_LANGUAGES.map((value) => ({ value, label: value }));
const CLOSED_INVITE: InviteState = {
  visible: false,
  title: '',
  content: '',
  usable: false,
  code: '',
  asksCard: false,
  cardName: '',
  cardPhone: '',
  cardErrors: {},
};

/** `name` prefills the card (the phone is shown masked in `me`, so the worker types the service phone). */
function inviteState(offer: InviteOffer, name: string): InviteState {
  const what = `${ROLE_LABELS[offer.role]} · ${offer.orgName}`;
  const spent = offer.used ? '已经有人使用过了' : offer.expired ? '已过期' : '';
  if (spent)
    return {
      ...CLOSED_INVITE,
      visible: true,
      title: offer.used ? '邀请码已被使用' : '邀请码已过期',
      content: `这个邀请（${what}）${spent}，请向邀请人要一个新的。`,
    };
  // grid_worker invites exist only on grids (users.createInvite checks), so the role alone says a grid's card.
  const asksCard = offer.role === 'grid_worker';
  return {
    ...CLOSED_INVITE,
    visible: true,
    title: '加入邀请',
    content: `邀请你成为「${what}」。接受后你将获得该身份的工作权限。邀请有效期至 ${formatTime(offer.expiresAt)}。`,
    usable: true,
    code: offer.code,
    asksCard,
    cardName: asksCard ? name : '',
  };
}

/** Profile, roles and home as the page shows them. */
function meData(me: MeView) {
  const name = me.profile.name ?? '';
  return {
    name,
    phone: me.profile.phone ?? '',
    languages: me.profile.languages ?? [],
    /** Anyone with a role handles requests somewhere: the form asks for their languages. */
    hasRole: me.roles.length > 0,
    initial: name.slice(0, 1),
    roles: me.roles.map((r) => ({
      key: `${r.role}:${r.orgId}`,
      text: roleText(r.role, r.orgName),
      link: WORKBENCH[r.role](),
    })),
    homeText: me.home ? [me.home.communityName, me.home.gridName].filter(Boolean).join(' · ') : '',
  };
}

/**
 * 我的: profile (name, masked phone; edited only after privacy consent), roles with their workbenches, home
 * community, redeeming an invite by scanning, large-font mode, and in local mode the demo-persona switcher.
 * Pull-to-refresh fetches `me` again (roles granted elsewhere show up).
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    name: '',
    phone: '',
    languages: [] as RequestLanguage[],
    hasRole: false,
    languageOptions: LANGUAGE_OPTIONS,
    initial: '',
    roles: [] as RoleItem[],
    homeText: '',
    /** The 大字模式 switch; WeChat's own large font turns the mode on whatever it says. */
    largeFontSwitch: false,
    systemFontLarge: false,
    personasEnabled: personasEnabled(),
    personaLabel: '',
    personas: [] as { openid: string; label: string; current: boolean }[],
    personaSheet: false,
    form: CLOSED_FORM,
    invite: CLOSED_INVITE,
    /** Unread messages (also the 我的 tab's badge). */
    unread: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      rememberScene(sceneFromOptions({ scene: query.scene }));
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
      const enabled = personasEnabled();
      this.setData({
        personasEnabled: enabled,
        personaLabel: enabled ? personaLabel(currentPersona()) : '',
        largeFontSwitch: largeFontPreferred(),
        systemFontLarge: systemFontLarge(),
      });
      const landing = await landPendingScene('me');
      const offer = landing?.kind === 'invite' ? landing.invite : takePendingInvite();
      await this.load(); // first: the profile name prefills a grid worker's card
      if (offer) this.setData({ invite: inviteState(offer, this.data.name) });
    },

    async fetch({ refresh }: { refresh: boolean }) {
      const [me, unread] = await Promise.all([currentMe({ refresh }), syncUnreadBadge()]);
      return { ...meData(me), unread };
    },

    openRole(e: WechatMiniprogram.BaseEvent) {
      const link = dataOf(e).link as string | undefined;
      if (link) go(link);
    },

    goSwitchCommunity() {
      go(ROUTES.switchCommunity());
    },

    goMyRequests() {
      go(ROUTES.myRequests());
    },

    goMessages() {
      go(ROUTES.messages());
    },

    goMyHousehold() {
      go(ROUTES.door());
    },

    /** 我的结对: the pairs of the user's own family. */
    goMyPairs() {
      go(ROUTES.pairs());
    },

    /** 志愿服务: the teams to join, and the user's hours. */
    goVolunteer() {
      go(ROUTES.teams());
    },

    /** Scans an invite code (any of our codes works: a community code switches the home community). */
    async scanInvite(): Promise<void> {
      const landing = await scanAndOpen('me');
      if (landing?.kind === 'invite') this.setData({ invite: inviteState(landing.invite, this.data.name) });
      else if (landing?.kind === 'home') await this.load();
    },

    /** Redeems the invite the user confirmed (with the card a grid worker filled); the new role shows at once. */
    async confirmInvite(): Promise<void> {
      const { code, usable, asksCard, cardName, cardPhone } = this.data.invite;
      if (!usable || !code) return this.closeInvite();
      const checked = validate(
        usersSchemas.redeemInvite,
        asksCard ? { code, card: { name: cardName, phone: cardPhone } } : { code },
      );
      if (!checked.ok) return this.setData({ 'invite.cardErrors': checked.errors });
      this.setData({ invite: CLOSED_INVITE });
      try {
        const { role } = await redeemInvite(checked.value);
        toastDone(`你已成为${ROLE_LABELS[role]}`);
        await this.load();
      } catch (err) {
        toastError(err);
      }
    },

    onCardNameChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'invite.cardName': e.detail.value, 'invite.cardErrors': {} });
    },

    onCardPhoneChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'invite.cardPhone': e.detail.value, 'invite.cardErrors': {} });
    },

    closeInvite() {
      this.setData({ invite: CLOSED_INVITE });
    },

    /** The form collects personal data: WeChat's privacy consent first (privacy-popup shows the guide). */
    async editProfile(): Promise<void> {
      if (await requirePrivacy('填写资料'))
        this.setData({
          form: { ...CLOSED_FORM, visible: true, name: this.data.name, languages: [...this.data.languages] },
        });
    },

    onNameChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.name': e.detail.value, 'form.errors.name': '' });
    },

    onPhoneChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.phone': e.detail.value, 'form.errors.phone': '' });
    },

    onLanguagesChange(e: WechatMiniprogram.CustomEvent<{ value: RequestLanguage[] }>) {
      this.setData({ 'form.languages': e.detail.value, 'form.errors.languages': '' });
    },

    onFormVisibleChange(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.closeForm();
    },

    closeForm() {
      this.setData({ form: CLOSED_FORM });
    },

    /** Checks the form with the function's own schema, then saves; an empty phone field keeps the saved number. */
    async saveProfile(): Promise<void> {
      const { name, phone, languages } = this.data.form;
      this.setData({ 'form.saving': true });
      try {
        const input = { name, ...(phone.trim() ? { phone } : {}), ...(this.data.hasRole ? { languages } : {}) };
        await updateProfile(validated(usersSchemas.updateProfile, input));
        this.setData({ form: CLOSED_FORM });
        toastDone('已保存');
        await this.load();
      } catch (err) {
        this.setData({ 'form.saving': false, 'form.errors': formErrors(err) ?? {} });
      }
    },

    toggleLargeFont(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      setLargeFontPreferred(e.detail.value);
      this.setData({ largeFontSwitch: e.detail.value });
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
      const openid = dataOf(e).openid as string;
      this.setData({ personaSheet: false });
      if (!openid || openid === currentPersona()) return;
      setPersona(openid);
      markHomeChanged();
      restart();
    },
  },
});
