/** An error the platform answers with `{ code, message }` (the SDK maps `code` to its errCode). */
export class CloudError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 200,
  ) {
    super(message);
  }
}
