/** rpx at a 375 px wide screen, where WeChat makes 750rpx the screen's width: 1rpx = 0.5px. */
export function rpxToPx(value: string): string {
  return value.replace(/(-?\d*\.?\d+)rpx\b/gi, (_match, n: string) => `${Number(n) / 2}px`);
}
