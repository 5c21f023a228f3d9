/**
 * The SHA-1 worker's entry. build.mjs bundles it on its own into a string that goes into the
 * gadget (a gadget is one script: there is no worker file to load), and hasher.ts starts it from
 * a Blob URL of that string. The protocol is in protocol.ts.
 */
import { createWorkerHandler, type WorkerAnswer, type WorkerRequest } from './protocol';
import { hashBlob } from './sha1';

/** The parts of a dedicated worker's global scope used here (the project's types are the DOM's, not the WebWorker lib's). */
interface WorkerScope {
	postMessage( answer: WorkerAnswer ): void;
	onmessage: ( ( event: { data: WorkerRequest } ) => void ) | null;
}

const scope = self as unknown as WorkerScope;
const handle = createWorkerHandler( ( answer ) => scope.postMessage( answer ), hashBlob );
scope.onmessage = ( event ) => handle( event.data );
// Tells the page the code runs: a worker that a Content-Security-Policy refused never says it.
scope.postMessage( { ready: true } );
