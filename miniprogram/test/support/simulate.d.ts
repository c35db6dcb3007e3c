/** A rendered page or component (j-component's Component, as much of it as the page tests use). */
export interface Rendered {
  readonly dom: { textContent: string | null; innerHTML: string } | undefined;
  readonly data: Record<string, unknown>;
  readonly instance: Record<string, unknown> & { data: Record<string, unknown> };
  querySelector(selector: string): Rendered | undefined;
  querySelectorAll(selector: string): Rendered[];
  dispatchEvent(eventName: string, options?: { detail?: unknown }): void;
  triggerPageLifeTime(lifetime: string, ...args: unknown[]): void;
  detach(): void;
}

export function render(relPath: string, properties?: Record<string, unknown>): Rendered;
export function tap(rendered: Rendered): void;
export function sleep(ms?: number): Promise<void>;
