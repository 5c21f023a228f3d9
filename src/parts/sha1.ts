/**
 * The `sha1` part (src/parts/contract.ts): the SHA-1 worker's code as text, which build.mjs builds
 * apart (buildWorkerSource()) and puts here. Fetched when the dialog first hashes a file, so that
 * opening the dialog does not pay for hash-wasm.
 */
import { publishPart } from './contract';

declare const __SHA1_WORKER_SOURCE__: string;

publishPart( 'sha1', __SHA1_WORKER_SOURCE__ );
