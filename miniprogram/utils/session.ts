/** App-wide state of this session (App().globalData), shared by the pages. */
export function appData(): IAppOption['globalData'] {
  return getApp<IAppOption>().globalData;
}

/** Records that the user's home community changed, so tab pages reload when shown. */
export function markHomeChanged(): void {
  const data = appData();
  data.homeVersion = (data.homeVersion ?? 0) + 1;
}

export function homeVersion(): number {
  return appData().homeVersion ?? 0;
}
