import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { myHours } from '../../../services/community';
import type { MyHoursView } from '../../../shared/api';
import { hoursLabel } from '../../../shared/community';
import { toast, toastDone, toastError, whileBusy } from '../../../utils/feedback';
import { today } from '../../views';

/** What the certificate says: whose hours, in which team (or all of them), how many. */
export interface Certificate {
  name: string;
  team: string;
  org: string;
  hours: string;
  date: string;
}

function certificateOf(view: MyHoursView, teamId?: string): Certificate | null {
  const team = teamId ? view.teams.find((t) => t.teamId === teamId) : undefined;
  if (!view.teams.length || (teamId && !team)) return null;
  const [y, m, d] = today().split('-');
  return {
    name: view.name ?? '志愿者',
    team: team ? team.teamName : view.teams.map((t) => t.teamName).join('、'),
    org: team ? team.orgName : view.teams[0].orgName,
    hours: hoursLabel(team ? team.hours : view.total),
    date: `${y}年${Number(m)}月${Number(d)}日`,
  };
}

const WIDTH = 600;
const HEIGHT = 420;

/** Draws the certificate on a 2d canvas of WIDTH × HEIGHT logical pixels. */
function draw(ctx: WechatMiniprogram.CanvasRenderingContext.CanvasRenderingContext2D, c: Certificate): void {
  ctx.fillStyle = '#fffaf5';
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  ctx.strokeStyle = '#c0392b';
  ctx.lineWidth = 6;
  ctx.strokeRect(16, 16, WIDTH - 32, HEIGHT - 32);
  ctx.textAlign = 'center';
  ctx.fillStyle = '#c0392b';
  ctx.font = 'bold 36px sans-serif';
  ctx.fillText('志愿服务证明', WIDTH / 2, 90);
  ctx.fillStyle = '#333333';
  ctx.font = '22px sans-serif';
  ctx.fillText(`兹证明 ${c.name} 同志`, WIDTH / 2, 160);
  ctx.fillText(`在${c.team}`, WIDTH / 2, 205);
  ctx.fillText(`累计参加志愿服务 ${c.hours}`, WIDTH / 2, 250);
  ctx.fillText('特此证明，感谢您的奉献！', WIDTH / 2, 295);
  ctx.textAlign = 'right';
  ctx.font = '20px sans-serif';
  ctx.fillText(c.org, WIDTH - 48, 350);
  ctx.fillText(c.date, WIDTH - 48, 380);
}

/** Callback APIs as promises (the certificate's canvas export and the album). */
function call<T>(api: (opts: { success(res: T): void; fail(err: unknown): void }) => unknown): Promise<T> {
  return new Promise((resolve, reject) => api({ success: resolve, fail: reject }));
}

const canvases = new WeakMap<object, WechatMiniprogram.Canvas>();

/**
 * 志愿服务证明 (`?teamId=`, or every team): the volunteer's name, the team and the hours, drawn on a canvas that
 * 保存到相册 turns into an image (canvas 2d → wx.canvasToTempFilePath → wx.saveImageToPhotosAlbum).
 */
Component({
  behaviors: [largeFont, loadable],
  data: { teamId: '', certificate: null as Certificate | null, saving: false, width: WIDTH / 2, height: HEIGHT / 2 },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ teamId: query.teamId ?? '' });
      await this.load();
      this.drawCertificate();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      const certificate = certificateOf(await myHours(), this.data.teamId || undefined);
      return { certificate };
    },

    /** Draws on the canvas once it is on screen; where there is none (tests) it does nothing. */
    drawCertificate(): void {
      const { certificate } = this.data;
      const query = this.createSelectorQuery?.();
      if (!certificate || !query) return;
      query
        .select('#certificate')
        .fields({ node: true, size: true })
        .exec((res: { node?: WechatMiniprogram.Canvas }[] | null) => {
          const canvas = res?.[0]?.node;
          if (!canvas || typeof canvas.getContext !== 'function') return;
          const ratio = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2;
          // Shown at half size (it fits a phone's width); drawn in WIDTH × HEIGHT units at the screen's density.
          canvas.width = (WIDTH / 2) * ratio;
          canvas.height = (HEIGHT / 2) * ratio;
          const ctx = canvas.getContext('2d') as WechatMiniprogram.CanvasRenderingContext.CanvasRenderingContext2D;
          ctx.scale(ratio / 2, ratio / 2);
          draw(ctx, certificate);
          canvases.set(this, canvas);
        });
    },

    /** 保存到相册: a refused album permission is told with the way to allow it. */
    save() {
      return whileBusy(this, 'saving', async () => {
        try {
          const { tempFilePath } = await call<{ tempFilePath: string }>((cb) =>
            wx.canvasToTempFilePath({ canvas: canvases.get(this), fileType: 'png', ...cb } as never),
          );
          await call((cb) => wx.saveImageToPhotosAlbum({ filePath: tempFilePath, ...cb }));
          toastDone('已保存到相册');
        } catch (err) {
          const msg = String((err as { errMsg?: string })?.errMsg ?? '');
          if (/auth|deny|denied/i.test(msg)) toast('请在设置中允许保存到相册');
          else if (/cancel/i.test(msg)) return;
          else toastError(err);
        }
      });
    },
  },
});
