import { requestImageUrls, uploadRequestVoice } from '../services/requests';
import { MAX_VOICE_SECONDS } from '../shared/requests';
import { toast, toastError } from '../utils/feedback';

/** A recorded voice note: uploaded to the user's own folder once recorded. */
export interface VoiceNote {
  fileID: string;
  seconds: number;
  status: 'none' | 'recording' | 'uploading' | 'done';
}

const NONE: VoiceNote = { fileID: '', seconds: 0, status: 'none' };

let recorder: WechatMiniprogram.RecorderManager | undefined;
/** The page recording now: the recorder is one per app, its stop event goes to whoever started it. */
let owner: { onRecorded(res: { tempFilePath: string; duration: number }): void } | undefined;

function theRecorder(): WechatMiniprogram.RecorderManager {
  if (!recorder) {
    recorder = wx.getRecorderManager();
    recorder.onStop((res) => owner?.onRecorded(res));
    recorder.onError(() => toast('录音失败，请检查麦克风权限'));
  }
  return recorder;
}

/**
 * 按住说话: hold the button to record (at most 60 s; the recorder stops by itself then), let go to stop; the note
 * is uploaded at once and sent with the form as `voice` + `voiceSeconds`. Data: `voice`.
 */
export const voiceNote = Behavior({
  data: { voice: NONE, maxVoiceSeconds: MAX_VOICE_SECONDS },
  methods: {
    startRecord() {
      owner = this as unknown as typeof owner;
      this.setData({ voice: { ...NONE, status: 'recording' } });
      theRecorder().start({
        duration: MAX_VOICE_SECONDS * 1000,
        format: 'aac',
        sampleRate: 16000,
        numberOfChannels: 1,
      });
    },

    stopRecord() {
      if (this.data.voice.status === 'recording') theRecorder().stop();
    },

    async onRecorded({ tempFilePath, duration }: { tempFilePath: string; duration: number }): Promise<void> {
      const seconds = Math.min(MAX_VOICE_SECONDS, Math.round(duration / 1000));
      if (seconds < 1) {
        this.setData({ voice: NONE });
        toast('说话时间太短');
        return;
      }
      this.setData({ voice: { fileID: '', seconds, status: 'uploading' } });
      try {
        const fileID = await uploadRequestVoice(tempFilePath);
        this.setData({ voice: { fileID, seconds, status: 'done' } });
      } catch (err) {
        this.setData({ voice: NONE });
        toastError(err);
      }
    },

    removeVoice() {
      this.setData({ voice: NONE });
    },
  },
});

let player: WechatMiniprogram.InnerAudioContext | undefined;

/**
 * Plays a request's voice note on its detail page (staff, and the requester): its temporary URL in one shared audio
 * context. Data: `playing`.
 */
export const voicePlayer = Behavior({
  data: { playing: false },
  methods: {
    async playVoice(): Promise<void> {
      const voice = (this.data as unknown as { view: { voice: { fileID: string } | null } | null }).view?.voice;
      if (!voice) return;
      const [url] = await requestImageUrls([voice.fileID]);
      if (!url) {
        toast('语音暂时无法播放');
        return;
      }
      player?.destroy();
      player = wx.createInnerAudioContext();
      player.onEnded(() => this.setData({ playing: false }));
      player.onError(() => {
        this.setData({ playing: false });
        toast('语音播放失败');
      });
      player.src = url;
      player.play();
      this.setData({ playing: true });
    },

    stopVoice() {
      player?.stop();
      this.setData({ playing: false });
    },

    toggleVoice() {
      return this.data.playing ? this.stopVoice() : this.playVoice();
    },
  },
});
