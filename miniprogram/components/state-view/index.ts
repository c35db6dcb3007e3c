/**
 * The loading, empty and error states every page shows in place of its data. Error states always offer a retry;
 * empty states may offer an action (a way forward, never a dead end). Emits `action` when its button is tapped.
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    status: { type: String, value: 'loading' },
    text: { type: String, value: '' },
    hint: { type: String, value: '' },
    icon: { type: String, value: '' },
    actionText: { type: String, value: '' },
  },
  methods: {
    onAction() {
      this.triggerEvent('action');
    },
  },
});
