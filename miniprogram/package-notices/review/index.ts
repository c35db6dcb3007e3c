import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { getEvent } from '../../services/events';
import { getReview, postReview } from '../../services/notices';
import { MAX_REVIEW_IMAGES, MAX_REVIEW_TEXT } from '../../shared/notices';
import { noticesSchemas } from '../../shared/schemas/notices';
import { formErrors, toastDone, whileBusy } from '../../utils/feedback';
import { goBack } from '../../utils/navigate';
import { validated, type FieldErrors } from '../../utils/validate';
import { photoField, savedPhotos } from '../../behaviors/photo-field';

/**
 * 活动回顾 (after an event, 百家宴 memories): staff who ran a held event post a few photos and a short text, shown on
 * the event page for residents to like. Posting again replaces the text and photos (likes are kept).
 */
Component({
  behaviors: [largeFont, loadable, photoField],
  data: {
    eventId: '',
    eventTitle: '',
    text: '',
    allowed: true,
    errors: {} as FieldErrors,
    maxText: MAX_REVIEW_TEXT,
    photoFolder: 'notices',
    maxPhotos: MAX_REVIEW_IMAGES,
    submitting: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>): Promise<void> {
      this.setData({ eventId: query.eventId ?? '' });
      await this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      const [event, { review, can }] = await Promise.all([getEvent(this.data.eventId), getReview(this.data.eventId)]);
      return {
        eventTitle: event.title,
        allowed: can.postReview,
        text: review?.text ?? '',
        photos: await savedPhotos(review?.images ?? []),
      };
    },

    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value, 'errors.text': '' });
    },

    submit() {
      return whileBusy(this, 'submitting', () => this.send());
    },

    async send(): Promise<void> {
      try {
        const images = this.photoIds();
        const input = validated(noticesSchemas.postReview, {
          eventId: this.data.eventId,
          text: this.data.text,
          ...(images.length ? { images } : {}),
        });
        await postReview(input);
        toastDone('已发布');
        goBack();
      } catch (err) {
        const errors = formErrors(err) ?? {};
        const images = Object.keys(errors).find((k) => k.startsWith('images'));
        this.setData({ errors: images ? { ...errors, images: errors[images] } : errors });
      }
    },
  },
});
