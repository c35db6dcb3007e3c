/** Delivers `data` (action and parameters) to cloud function `name` and resolves with what the function returned. */
export type Transport = (name: string, data: Record<string, unknown>) => Promise<unknown>;
