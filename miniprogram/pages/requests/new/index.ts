import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { getOrg } from '../../../services/orgs';
import { resolveScene } from '../../../services/qr';
import { createRequest, newClientToken, uploadRequestImage } from '../../../services/requests';
import { currentMe } from '../../../services/session';
import { categoryLabel, REQUEST_CATEGORIES, REQUEST_CATEGORY_VALUES } from '../../../shared/categories';
import { MAX_IMAGE_BYTES, MAX_IMAGES } from '../../../shared/requests';
import { ROUTES } from '../../../shared/routes';
import { requestsSchemas } from '../../../shared/schemas/requests';
import { formErrors, toast, toastDone, toastError, whileBusy } from '../../../utils/feedback';
import { go, replace } from '../../../utils/navigate';
import { requirePrivacy } from '../../../utils/privacy';
import { invalid, validated, type FieldErrors } from '../../../utils/validate';

/** A photo in t-upload's shape, plus the fileID once uploaded. */
interface Photo {
  url: string;
  name: string;
  type: 'image';
  status: 'loading' | 'done' | 'failed';
  percent: number;
  fileID: string;
}

interface Target {
  orgId: string;
  orgName: string;
}

const DESCRIPTION_MAX = 1000;

const isTarget = (level: string) => level === 'community' || level === 'grid';

/** Field keys of the cloud's messages as this form shows them: every `images.N` goes under the photos. */
function fieldErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const field = key.startsWith('images') ? 'images' : key;
    if (!out[field]) out[field] = message;
  }
  return out;
}

/**
 * 反映问题: the request form. Reached from the home page's service categories (`?category=`), from "我要反映问题"
 * (`?orgId=` of the user's grid or community) or by scanning a grid/community code that opens this page
 * (`?scene=`); without any, the request goes to the user's home grid or community.
 * One `clientToken` per form instance: a double tap, or a retry after a lost answer, files one request.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    query: {} as Record<string, string | undefined>,
    orgId: '',
    orgName: '',
    category: '',
    categoryLabel: '',
    categoryOptions: REQUEST_CATEGORIES.map(({ value, label }) => ({ value, label })),
    pickerVisible: false,
    description: '',
    descriptionLength: 0,
    descriptionMax: DESCRIPTION_MAX,
    photos: [] as Photo[],
    maxImages: MAX_IMAGES,
    sizeLimit: { size: MAX_IMAGE_BYTES / 1024 / 1024, unit: 'MB', message: '图片不能超过 {sizeLimit} MB' },
    contactName: '',
    contactPhone: '',
    /** Masked phone of the profile, as a hint: the cloud never gives the client the full number. */
    profilePhone: '',
    errors: {} as FieldErrors,
    submitting: false,
    clientToken: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const category =
        query.category && (REQUEST_CATEGORY_VALUES as string[]).includes(query.category) ? query.category : '';
      this.setData({
        query,
        clientToken: newClientToken(),
        category,
        categoryLabel: category ? categoryLabel(category) : '',
      });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    /** Where the request goes and the profile that prefills the contact fields. */
    async fetch({ refresh }: { refresh: boolean }) {
      const [target, me] = await Promise.all([this.findTarget(), currentMe({ refresh })]);
      const home = me.home;
      const fallback = home
        ? { orgId: home.gridId ?? home.communityId, orgName: home.gridName ?? home.communityName }
        : undefined;
      const chosen = target ?? fallback;
      if (!chosen) return { status: 'nohome' };
      return {
        orgId: chosen.orgId,
        orgName: chosen.orgName,
        contactName: this.data.contactName || me.profile.name || '',
        profilePhone: me.profile.phone ?? '',
      };
    },

    /** The grid or community named by the page's query (an org id or a scanned code), if any. */
    async findTarget(): Promise<Target | undefined> {
      const { orgId, scene } = this.data.query;
      if (orgId) {
        const org = await getOrg(orgId);
        return isTarget(org.level) ? { orgId: org.id, orgName: org.name } : undefined;
      }
      if (scene) {
        const qr = await resolveScene(decodeURIComponent(scene));
        if (qr.type === 'org' && isTarget(qr.view.org.level))
          return { orgId: qr.view.org.id, orgName: qr.view.org.name };
      }
      return undefined;
    },

    goSwitchCommunity() {
      go(ROUTES.switchCommunity());
    },

    openPicker() {
      this.setData({ pickerVisible: true });
    },

    closePicker() {
      this.setData({ pickerVisible: false });
    },

    onCategoryConfirm(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const category = e.detail.value[0] ?? '';
      this.setData({ pickerVisible: false, category, categoryLabel: categoryLabel(category), 'errors.category': '' });
    },

    onDescriptionChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const description = e.detail.value;
      this.setData({ description, descriptionLength: description.length, 'errors.description': '' });
    },

    onContactNameChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ contactName: e.detail.value, 'errors.contactName': '' });
    },

    onContactPhoneChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ contactPhone: e.detail.value, 'errors.contactPhone': '' });
    },

    /** Photos chosen in t-upload: each is uploaded at once, its progress shown on its thumbnail. */
    onPhotosAdd(e: WechatMiniprogram.CustomEvent<{ files: { url: string; name?: string }[] }>) {
      const room = MAX_IMAGES - this.data.photos.length;
      const added: Photo[] = e.detail.files.slice(0, Math.max(room, 0)).map((f) => ({
        url: f.url,
        name: f.name ?? f.url,
        type: 'image',
        status: 'loading',
        percent: 0,
        fileID: '',
      }));
      this.setData({ photos: [...this.data.photos, ...added], 'errors.images': '' });
      return Promise.all(added.map((p) => this.upload(p.url)));
    },

    async upload(url: string): Promise<void> {
      try {
        const fileID = await uploadRequestImage(url, (percent) => this.updatePhoto(url, { percent }));
        this.updatePhoto(url, { status: 'done', percent: 100, fileID });
      } catch (err) {
        this.updatePhoto(url, { status: 'failed' });
        toastError(err);
      }
    },

    /** Updates a photo found by its path (the list may have changed while it uploaded). */
    updatePhoto(url: string, patch: Partial<Photo>) {
      const index = this.data.photos.findIndex((p) => p.url === url);
      if (index < 0) return;
      this.setData({ [`photos[${index}]`]: { ...this.data.photos[index], ...patch } });
    },

    onPhotoRemove(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const photos = this.data.photos.filter((_, i) => i !== e.detail.index);
      this.setData({ photos, 'errors.images': '' });
    },

    /** Checks the form with the function's own schema, asks for privacy consent, then files the request once. */
    submit() {
      return whileBusy(this, 'submitting', () => this.send());
    },

    async send(): Promise<void> {
      const { photos, orgId, category, description, contactName, contactPhone, clientToken } = this.data;
      if (photos.some((p) => p.status === 'loading')) {
        toast('图片还在上传，请稍候');
        return;
      }
      try {
        const input = validated(requestsSchemas.create, {
          orgId,
          category,
          description,
          ...(contactName.trim() ? { contactName } : {}),
          ...(contactPhone.trim() ? { contactPhone } : {}),
          ...(photos.length ? { images: photos.map((p) => p.fileID) } : {}),
          clientToken,
        });
        if (photos.some((p) => p.status === 'failed')) throw invalid('images', '有图片上传失败，请删除后重新添加');
        // The request carries personal data (name, phone, photos): WeChat's privacy consent first.
        if (!(await requirePrivacy('提交'))) return;
        const created = await createRequest(input);
        toastDone('已提交');
        replace(ROUTES.requestDetail(created.id, { created: true }));
      } catch (err) {
        this.setData({ errors: fieldErrors(formErrors(err) ?? {}) });
      }
    },
  },
});
