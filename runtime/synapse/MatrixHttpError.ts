import { scrubIdentifiers } from "../../core/synapse/scrubIdentifiers.ts";

/**
 * The one error of the Synapse client: a Matrix error answer (`errcode`) or a failure to reach
 * the homeserver (status 0), with the endpoint. Never carries request bodies; ids that could
 * name a patient are scrubbed from the endpoint and the detail.
 */
export class MatrixHttpError extends Error {
  readonly endpoint: string;
  constructor(
    /** The HTTP status, or 0 when the homeserver did not answer (down, timed out). */
    readonly status: number,
    readonly errcode: string | undefined,
    endpoint: string,
    detail: string,
  ) {
    const e = scrubIdentifiers(endpoint);
    super(`${e}: ${status === 0 ? "no answer" : `HTTP ${status}`}${errcode ? ` ${errcode}` : ""}${detail ? `: ${scrubIdentifiers(detail)}` : ""}`);
    this.name = "MatrixHttpError";
    this.endpoint = e;
  }

  /** The homeserver did not answer, or answered that it is overloaded or failing: try later. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}
