import { imageUrls, uploadImage, type ImageFolder } from '../services/images';
import { toastError } from '../utils/feedback';
import { invalid } from '../utils/validate';

/** A photo in t-upload's shape, plus its fileID once uploaded (or from the start, for photos already saved). */
export interface Photo {
  url: string;
  name: string;
  type: 'image';
  status: 'loading' | 'done' | 'failed';
  percent: number;
  fileID: string;
}

/** Photos a form already holds (an edited notice, a posted review), as t-upload shows them. */
export async function savedPhotos(fileIds: string[]): Promise<Photo[]> {
  const urls = await imageUrls(fileIds);
  return fileIds.map((fileID, i) => ({
    url: urls[i] || fileID,
    name: fileID,
    type: 'image',
    status: 'done',
    percent: 100,
    fileID,
  }));
}

/**
 * The photos of a form (t-upload bound to `onPhotosAdd`/`onPhotoRemove`): each chosen photo is uploaded at once into
 * the user's own folder, its progress on its thumbnail. The page sets in its data `photoFolder` (the folder its
 * function accepts) and `maxPhotos`; it reads `photoIds()` when the form is sent. Messages go under `errors.images`.
 */
export const photoField = Behavior({
  data: { photos: [] as Photo[], photoFolder: '' as ImageFolder | '', maxPhotos: 0 },
  methods: {
    onPhotosAdd(e: WechatMiniprogram.CustomEvent<{ files: { url: string; name?: string }[] }>) {
      const room = this.data.maxPhotos - this.data.photos.length;
      const added: Photo[] = e.detail.files.slice(0, Math.max(room, 0)).map((f) => ({
        url: f.url,
        name: f.name ?? f.url,
        type: 'image',
        status: 'loading',
        percent: 0,
        fileID: '',
      }));
      this.setData({ photos: [...this.data.photos, ...added], 'errors.images': '' });
      return Promise.all(added.map((p) => this.uploadPhoto(p.url)));
    },

    async uploadPhoto(url: string): Promise<void> {
      try {
        const folder = this.data.photoFolder;
        if (!folder) throw new Error('photoField: the page sets no photoFolder');
        const fileID = await uploadImage(folder, url, (percent) => this.updatePhoto(url, { percent }));
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
      this.setData({ photos: this.data.photos.filter((_, i) => i !== e.detail.index), 'errors.images': '' });
    },

    /** Whether a photo is still on its way up. */
    photosUploading(): boolean {
      return this.data.photos.some((p) => p.status === 'loading');
    },

    /** The fileIDs to send; refuses while a photo is still uploading or has failed. */
    photoIds(): string[] {
      const photos = this.data.photos;
      if (this.photosUploading()) throw invalid('images', '图片还在上传，请稍候');
      if (photos.some((p) => p.status === 'failed')) throw invalid('images', '有图片上传失败，请删除后重新添加');
      return photos.map((p) => p.fileID);
    },
  },
});
