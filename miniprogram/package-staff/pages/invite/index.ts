import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText } from '../../../services/cloud';
import { getChildren, getOrg } from '../../../services/orgs';
import { getQrImage } from '../../../services/qr';
import { PAGES } from '../../../services/scene';
import { createInvite, getMe } from '../../../services/users';
import type { MeView, OrgView } from '../../../shared/api';
import { ORG_LEVEL_LABELS, ROLE_LABELS, type Role } from '../../../shared/orgs';
import { formatTime } from '../../../utils/format';

type Status = 'loading' | 'ready' | 'error';

interface Target {
  id: string;
  name: string;
  levelLabel: string;
  isGrid: boolean;
}

interface InviteResult {
  what: string;
  expires: string;
  qrUrl: string;
  qrError: string;
}

/** Roles the user may hand out at an org: admins (of it or above) any role, staff only grid workers. */
function invitableRoles(me: MeView, org: OrgView): Role[] {
  const covers = (role: Role) => me.roles.some((r) => r.role === role && org.path.includes(`/${r.orgId}/`));
  if (covers('admin')) return ['grid_worker', 'staff', 'admin'];
  if (covers('staff')) return ['grid_worker'];
  return [];
}

/**
 * 邀请成员: pick a role (limited by the user's own) and the org it binds to (grid workers to a grid, others above
 * the grids), then show the single-use invite as a mini-program code that opens 我的 for the invitee.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    orgId: '',
    orgName: '',
    roles: [] as { value: Role; label: string }[],
    role: 'grid_worker' as Role,
    allTargets: [] as Target[],
    targets: [] as Target[],
    target: '',
    noTargetText: '',
    creating: false,
    result: null as InviteResult | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        const [me, org, children] = await Promise.all([getMe(), getOrg(this.data.orgId), getChildren(this.data.orgId)]);
        const allTargets = [org, ...children.items].map((o) => ({
          id: o.id,
          name: o.name,
          levelLabel: ORG_LEVEL_LABELS[o.level],
          isGrid: o.level === 'grid',
        }));
        const roles = invitableRoles(me, org).map((value) => ({ value, label: ROLE_LABELS[value] }));
        this.setData({ status: 'ready', orgName: org.name, roles, allTargets });
        this.applyRole(roles[0]?.value ?? 'grid_worker');
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    retry() {
      return this.load();
    },

    /** Grid workers bind to a grid; staff and admins to an org above the grids. */
    applyRole(role: Role) {
      const targets = this.data.allTargets.filter((t) => (role === 'grid_worker') === t.isGrid);
      this.setData({
        role,
        targets,
        target: targets[0]?.id ?? '',
        noTargetText: role === 'grid_worker' ? '这里还没有网格，请先建立网格' : '网格下只能邀请网格员',
      });
    },

    pickRole(e: WechatMiniprogram.BaseEvent) {
      this.applyRole(e.currentTarget.dataset.value as Role);
    },

    pickTarget(e: WechatMiniprogram.BaseEvent) {
      this.setData({ target: String(e.currentTarget.dataset.id) });
    },

    /** Creates the invite, then its code image (a failed image still shows the code, which can be copied). */
    async create(): Promise<void> {
      const { role, target, targets, creating } = this.data;
      if (!target || creating) return;
      this.setData({ creating: true });
      try {
        const invite = await createInvite({ role, orgId: target });
        const result: InviteResult = {
          what: `${ROLE_LABELS[role]} · ${targets.find((t) => t.id === target)?.name ?? ''}`,
          expires: formatTime(invite.expiresAt),
          qrUrl: '',
          qrError: '',
        };
        try {
          const image = await getQrImage({ scene: invite.scene, page: PAGES.me.slice(1) });
          result.qrUrl = image.tempUrl ?? image.fileID;
        } catch (err) {
          result.qrError = errorText(err);
        }
        this.setData({ result });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ creating: false });
      }
    },

    previewQr() {
      const url = this.data.result?.qrUrl;
      if (url) wx.previewImage({ urls: [url], current: url });
    },

    again() {
      this.setData({ result: null });
    },

    goBack() {
      wx.navigateBack({});
    },
  },
});
