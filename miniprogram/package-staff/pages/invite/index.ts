import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { getChildren, getOrg } from '../../../services/orgs';
import { currentMe } from '../../../services/session';
import { createInvite } from '../../../services/users';
import type { MeView, OrgView } from '../../../shared/api';
import { ORG_LEVEL_LABELS, ROLE_LABELS, type Role } from '../../../shared/orgs';
import { PAGES } from '../../../shared/routes';
import { toastError, whileBusy } from '../../../utils/feedback';
import { formatTime } from '../../../utils/format';
import { dataOf, goBack as leave } from '../../../utils/navigate';

interface Target {
  id: string;
  name: string;
  levelLabel: string;
  isGrid: boolean;
}

interface InviteResult {
  what: string;
  expires: string;
  scene: string;
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
  behaviors: [largeFont, loadable],
  data: {
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
    mePage: PAGES.me,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch({ refresh }: { refresh: boolean }) {
      const { orgId } = this.data;
      const [me, org, children] = await Promise.all([currentMe({ refresh }), getOrg(orgId), getChildren(orgId)]);
      const allTargets = [org, ...children.items].map((o) => ({
        id: o.id,
        name: o.name,
        levelLabel: ORG_LEVEL_LABELS[o.level],
        isGrid: o.level === 'grid',
      }));
      const roles = invitableRoles(me, org).map((value) => ({ value, label: ROLE_LABELS[value] }));
      this.setData({ orgName: org.name, roles, allTargets });
      this.applyRole(roles[0]?.value ?? 'grid_worker');
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
      this.applyRole(dataOf(e).value as Role);
    },

    pickTarget(e: WechatMiniprogram.BaseEvent) {
      this.setData({ target: String(dataOf(e).id) });
    },

    /** Creates the invite; its code (qr-code) opens 我的 for the invitee. */
    create() {
      const { role, target, targets } = this.data;
      if (!target) return undefined;
      return whileBusy(this, 'creating', async () => {
        try {
          const invite = await createInvite({ role, orgId: target });
          const what = `${ROLE_LABELS[role]} · ${targets.find((t) => t.id === target)?.name ?? ''}`;
          this.setData({ result: { what, expires: formatTime(invite.expiresAt), scene: invite.scene } });
        } catch (err) {
          toastError(err);
        }
      });
    },

    /** The invite's code as an image, to send to the invitee in a chat or save. */
    shareQr() {
      (this.selectComponent('.invite-qr') as unknown as { share(): void } | null)?.share();
    },

    again() {
      this.setData({ result: null });
    },

    goBack() {
      leave();
    },
  },
});
