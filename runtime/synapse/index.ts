/** The one Synapse HTTP client and its one error type. */
export { MatrixHttpError } from "./MatrixHttpError.ts";
export { SynapseClient, type FetchLike, type RequestOptions, type RoomEvent, type StateEvent, type SynapseClientOptions } from "./SynapseClient.ts";
