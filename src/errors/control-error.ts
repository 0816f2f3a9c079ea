/**
 * The control plane's error: a message for the person driving the emulator, and the HTTP status
 * its route answers with (400 for a bad request, 404 for something that does not exist). Control
 * routes answer plain JSON `{ "error": message }`, never a Kinetica envelope.
 */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
