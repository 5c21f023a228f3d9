/**
 * A fake wiki behind the engine's UploadApi port that behaves like the real upload API (see
 * ../shared/api-responses.md): it keeps the stashed bytes per filekey, checks chunk offsets and
 * answers `stashfailed` "Invalid chunk offset" with the offset it expects, answers
 * Continue / Success / Warning / Poll in the real answers' shapes, gives a NEW filekey with every
 * warning of a commit, and publishes files (so `exists`, `nochange` and `duplicate` come from
 * what it holds, as on a wiki). Every request is recorded; request N can be made to fail (before
 * or after the server applied it) or to wait until released or aborted.
 */
import { AbortError, ApiError } from '../../src/api/errors';
import type {
	ApiErrorBody,
	ChunkParams,
	CommitParams,
	FileVersion,
	RawWarnings,
	RequestControl,
	SiteInfo,
	StashedEntry,
	UploadResponse
} from '../../src/api/types';
import { createHash } from 'node:crypto';
import type { UploadApi } from '../../src/upload/ports';

export const MiB = 1024 * 1024;

export type RequestKind = 'stashFile' | 'stashChunk' | 'stashUrl' | 'commit' | 'checkStatus';

export interface RecordedRequest {
	/** 1-based position among all upload requests. */
	n: number;
	kind: RequestKind;
	filename?: string;
	filekey?: string;
	offset?: number;
	filesize?: number;
	/** Bytes of file content in the request body. */
	size?: number;
	async?: boolean;
	/** What the engine asked to commit (a copy). */
	commit?: CommitParams;
	signal?: AbortSignal;
	outcome?: 'answered' | 'failed' | 'aborted';
	answer?: UploadResponse;
	error?: unknown;
}

/** A range of a chunked upload the server wrote into its file. */
export interface AppliedRange {
	uploadKey: string;
	start: number;
	end: number;
}

interface Fault {
	error: unknown;
	/** The server did the work, then the answer was lost. */
	applied: boolean;
}

interface Session {
	filename: string;
	filesize: number;
	parts: Uint8Array[];
	received: number;
	/** Every chunk is there and a job assembles them: more chunks are refused (1.43). */
	complete?: boolean;
}

interface Job {
	/** Poll answers still to give before the job is done. */
	polls: number;
	done(): UploadResponse;
}

export const DEFAULT_SITE: SiteInfo = {
	siteName: 'Test wiki',
	maxUploadSize: 100 * MiB,
	minUploadChunkSize: 1024,
	fileExtensions: [ 'png', 'gif', 'jpg', 'jpeg', 'webp', 'pdf', 'txt', 'svg' ],
	copyUploadsEnabled: true,
	watchlistExpiryEnabled: true,
	userName: 'Uploader',
	rights: [ 'read', 'edit', 'upload', 'reupload', 'upload_by_url' ]
};

/** The API's error answer, as WikiApi turns it into an ApiError (the whole answer kept). */
export function apiError( code: string, info: string, extra: Partial<ApiErrorBody> = {} ): ApiError {
	return new ApiError( code, info, { error: { code, info, ...extra, docref: '…' } } );
}

/** Deterministic content: the same size and seed give the same bytes. */
export function bytes( size: number, seed = 1 ): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array( size );
	for ( let i = 0; i < size; i++ ) {
		out[ i ] = ( i * 31 + seed * 7 + ( i >> 10 ) ) & 255;
	}
	return out;
}

export function makeFile( name: string, size: number, seed = 1 ): File {
	return new File( [ bytes( size, seed ) ], name, { type: 'application/pdf' } );
}

export async function bytesOf( blob: Blob ): Promise<Uint8Array> {
	return new Uint8Array( await blob.arrayBuffer() );
}

export function sameBytes( a: Uint8Array, b: Uint8Array ): boolean {
	if ( a.length !== b.length ) {
		return false;
	}
	for ( let i = 0; i < a.length; i++ ) {
		if ( a[ i ] !== b[ i ] ) {
			return false;
		}
	}
	return true;
}

function concat( parts: Uint8Array[] ): Uint8Array {
	const out = new Uint8Array( parts.reduce( ( n, p ) => n + p.length, 0 ) );
	let at = 0;
	parts.forEach( ( p ) => {
		out.set( p, at );
		at += p.length;
	} );
	return out;
}

export function sha1Of( content: Uint8Array ): string {
	return createHash( 'sha1' ).update( content ).digest( 'hex' );
}

/** The hash option of the engine, as node computes it. */
export async function sha1OfBlob( blob: Blob ): Promise<string> {
	return sha1Of( await bytesOf( blob ) );
}

function extensionOf( name: string ): string {
	const dot = name.lastIndexOf( '.' );
	return dot > 0 ? name.slice( dot + 1 ).toLowerCase() : 'bin';
}

export class FakeWiki implements UploadApi {
	site: SiteInfo = { ...DEFAULT_SITE };
	/** Poll answers a job gives before it is done (assembly, publish). */
	pollsBeforeDone = 2;
	/** Warnings the wiki adds for a name, besides those from its files (exists, nochange, duplicate). */
	extraWarnings: ( filename: string ) => RawWarnings | undefined = () => undefined;
	/** Files a URL upload fetches. */
	readonly urls = new Map<string, Uint8Array>();

	readonly requests: RecordedRequest[] = [];
	readonly applied: AppliedRange[] = [];
	/** Published files by name. */
	readonly published = new Map<string, Uint8Array>();
	/** Stashed files by filekey. */
	readonly stash = new Map<string, { filename: string; bytes: Uint8Array }>();
	siteInfoCalls = 0;
	/** Looks into the stash after a lost answer (not counted among the upload requests). */
	findStashedCalls = 0;
	inFlight = 0;
	maxInFlight = 0;

	private readonly sessions = new Map<string, Session>();
	private readonly jobs = new Map<string, Job>();
	private readonly publishing = new Set<string>();
	private readonly faults = new Map<number, Fault>();
	private readonly holds = new Map<number, () => Promise<void>>();
	private readonly returnHolds = new Map<number, () => Promise<void>>();
	private siteGate: Promise<void> | null = null;
	private siteError: unknown = null;
	private keys = 0;

	/** Make request `n` fail with `error`; with `applied`, after the server did the work. */
	failAt( n: number, error: unknown, { applied = false } = {} ): this {
		this.faults.set( n, { error, applied } );
		return this;
	}

	/**
	 * Make request `n` wait until the returned function is called (or its signal aborts): on
	 * its way to the server, or with `afterApply`, on its way back (the server did the work).
	 */
	holdAt( n: number, { afterApply = false } = {} ): () => void {
		let release: () => void = () => undefined;
		const gate = new Promise<void>( ( resolve ) => {
			release = resolve;
		} );
		( afterApply ? this.returnHolds : this.holds ).set( n, () => gate );
		return () => release();
	}

	/** siteInfo waits for the returned function (to see the dialog's loading state). */
	holdSiteInfo(): () => void {
		let release: () => void = () => undefined;
		this.siteGate = new Promise<void>( ( resolve ) => {
			release = resolve;
		} );
		return () => release();
	}

	failSiteInfo( error: unknown ): void {
		this.siteError = error;
	}

	/** A file already on the wiki. */
	publish( filename: string, content: Uint8Array ): void {
		this.published.set( filename, content );
	}

	of( kind: RequestKind ): RecordedRequest[] {
		return this.requests.filter( ( r ) => r.kind === kind );
	}

	commits(): CommitParams[] {
		return this.of( 'commit' ).map( ( r ) => r.commit as CommitParams );
	}

	async siteInfo(): Promise<SiteInfo> {
		this.siteInfoCalls++;
		if ( this.siteGate ) {
			await this.siteGate;
		}
		if ( this.siteError ) {
			throw this.siteError;
		}
		return { ...this.site, rights: this.site.rights.slice(), fileExtensions: this.site.fileExtensions.slice() };
	}

	stashFile( file: File, filename: string, control?: RequestControl ): Promise<UploadResponse> {
		return this.request( { kind: 'stashFile', filename }, control, async ( rec ) => {
			const content = await bytesOf( file );
			rec.size = content.length;
			return this.stashWhole( content, filename );
		} );
	}

	stashUrl( url: string, filename: string, control?: RequestControl ): Promise<UploadResponse> {
		return this.request( { kind: 'stashUrl', filename }, control, async () => {
			const content = this.urls.get( url );
			if ( !content ) {
				throw apiError( 'http-bad-status', 'There was a problem during the HTTP request: 404 File not found' );
			}
			return this.stashWhole( content, filename );
		} );
	}

	stashChunk( params: ChunkParams, control?: RequestControl ): Promise<UploadResponse> {
		const record: Partial<RecordedRequest> & { kind: RequestKind } = {
			kind: 'stashChunk',
			filename: params.filename,
			filekey: params.filekey,
			offset: params.offset,
			filesize: params.filesize,
			size: params.chunk.size,
			async: !!params.async
		};
		return this.request( record, control, async () => {
			const content = await bytesOf( params.chunk );
			if ( params.offset + content.length > params.filesize ) {
				throw apiError( 'invalid-chunk', 'Offset plus current chunk is greater than claimed file size.' );
			}
			if ( params.offset > 0 && !params.filekey ) {
				throw apiError( 'filekeyneeded', 'Must supply a "filekey" when "offset" is non-zero.' );
			}
			let key = params.filekey;
			let session: Session | undefined;
			if ( key ) {
				session = this.sessions.get( key );
				if ( !session ) {
					throw apiError( 'uploadstash-file-not-found', `Key "${ key }" not found in stash.` );
				}
				if ( session.complete ) {
					throw apiError( 'stashfailed', 'Chunked upload is already completed, check status for details.' );
				}
				if ( params.offset !== session.received ) {
					throw apiError( 'stashfailed', 'Invalid chunk offset', { offset: String( session.received ) } );
				}
			}
			const final = params.offset + content.length >= params.filesize;
			if ( !final && content.length < this.site.minUploadChunkSize ) {
				throw apiError( 'chunk-too-small', 'Minimum chunk size is 1,024 bytes for non-final chunks.' );
			}
			if ( !key || !session ) {
				key = this.newKey( params.filename );
				session = { filename: params.filename, filesize: params.filesize, parts: [], received: 0 };
				this.sessions.set( key, session );
			}
			session.parts.push( content );
			this.applied.push( { uploadKey: key, start: params.offset, end: params.offset + content.length } );
			session.received += content.length;
			if ( !final ) {
				return { result: 'Continue', offset: session.received, filekey: key };
			}
			const assembled = concat( session.parts );
			const assembledKey = this.newKey( params.filename );
			this.stash.set( assembledKey, { filename: params.filename, bytes: assembled } );
			const imageinfo = { size: assembled.length, mime: 'application/pdf' };
			if ( params.async ) {
				// As 1.43's job: the chunks' key stays (refusing more chunks) until the job has
				// assembled them, then it is dropped; its outcome stays for checkstatus.
				session.complete = true;
				const chunksKey = key;
				this.jobs.set( key, {
					polls: this.pollsBeforeDone,
					done: () => {
						this.sessions.delete( chunksKey );
						return { result: 'Success', stage: 'assembling', filekey: assembledKey, imageinfo };
					}
				} );
				return { result: 'Poll', stage: 'queued', filekey: key };
			}
			// The chunks' key ends here; the assembled file gets a new one.
			this.sessions.delete( key );
			const warnings = this.warningsFor( params.filename, assembled );
			// The last chunk answers Success WITH the warnings (and the assembled file's key).
			return { result: 'Success', filekey: assembledKey, imageinfo, ...( warnings ? { warnings } : {} ) };
		} );
	}

	commit( params: CommitParams, control?: RequestControl ): Promise<UploadResponse> {
		const copy: CommitParams = { ...params, tags: params.tags.slice() };
		return this.request( { kind: 'commit', filename: params.filename, filekey: params.filekey, commit: copy }, control, () => {
			if ( this.publishing.has( params.filekey ) ) {
				throw apiError( 'publishfailed', 'Upload from stash already in progress.' );
			}
			const entry = this.stash.get( params.filekey );
			if ( !entry ) {
				throw apiError( 'uploadstash-file-not-found', `Key "${ params.filekey }" not found in stash.` );
			}
			const warnings = this.warningsFor( params.filename, entry.bytes );
			if ( warnings && !params.ignorewarnings ) {
				// The old key stays valid; the warnings come with a NEW one.
				const newKey = this.newKey( params.filename );
				this.stash.set( newKey, { filename: params.filename, bytes: entry.bytes } );
				return { result: 'Warning', warnings, filekey: newKey, sessionkey: newKey };
			}
			if ( warnings && warnings.nochange ) {
				throw apiError( 'fileexists-no-change', `The upload is an exact duplicate of the current version of [[:File:${ params.filename }]].` );
			}
			if ( params.async ) {
				this.publishing.add( params.filekey );
				this.jobs.set( params.filekey, {
					polls: this.pollsBeforeDone,
					done: () => {
						this.publishing.delete( params.filekey );
						return { ...this.publishStashed( params.filekey, params.filename, warnings ), stage: 'publish' };
					}
				} );
				return { result: 'Poll', stage: 'queued', filename: params.filename };
			}
			return this.publishStashed( params.filekey, params.filename, warnings );
		} );
	}

	async latestVersion( filename: string ): Promise<FileVersion | null> {
		const content = this.published.get( filename );
		return content ? { user: this.site.userName || '', size: content.length, timestamp: '2026-11-25T00:00:00Z', sha1: '' } : null;
	}

	async findStashed( size: number, status: 'chunks' | 'finished' ): Promise<StashedEntry[]> {
		this.findStashedCalls++;
		await new Promise( ( resolve ) => setTimeout( resolve, 0 ) );
		const entries: Array<{ filekey: string; bytes: Uint8Array }> = status === 'finished' ?
			Array.from( this.stash, ( [ filekey, e ] ) => ( { filekey, bytes: e.bytes } ) ) :
			Array.from( this.sessions, ( [ filekey, session ] ) => ( { filekey, bytes: concat( session.parts ) } ) );
		return entries
			.filter( ( e ) => e.bytes.length === size )
			.reverse()
			.map( ( e ) => ( { filekey: e.filekey, status, size, sha1: sha1Of( e.bytes ), timestamp: '2026-11-25T00:00:00Z' } ) );
	}

	checkStatus( filekey: string, control?: RequestControl ): Promise<UploadResponse> {
		return this.request( { kind: 'checkStatus', filekey }, control, () => {
			const job = this.jobs.get( filekey );
			if ( !job ) {
				throw apiError( 'missingresult', 'No result in status data.' );
			}
			if ( job.polls > 0 ) {
				job.polls--;
				return { result: 'Poll', stage: 'queued' };
			}
			// The outcome stays under the key, as the wiki's upload status does.
			const outcome = job.done();
			job.done = () => outcome;
			return outcome;
		} );
	}

	private stashWhole( content: Uint8Array, filename: string ): UploadResponse {
		if ( !content.length ) {
			throw apiError( 'empty-file', 'The file you submitted was empty.' );
		}
		const key = this.newKey( filename );
		this.stash.set( key, { filename, bytes: content } );
		const warnings = this.warningsFor( filename, content );
		if ( warnings ) {
			return { result: 'Warning', warnings, filekey: key, sessionkey: key };
		}
		return { result: 'Success', filekey: key, sessionkey: key, imageinfo: { size: content.length, mime: 'application/pdf' } };
	}

	private publishStashed( filekey: string, filename: string, warnings: RawWarnings | undefined ): UploadResponse {
		const entry = this.stash.get( filekey );
		if ( !entry ) {
			throw apiError( 'uploadstash-file-not-found', `Key "${ filekey }" not found in stash.` );
		}
		this.stash.delete( filekey );
		this.published.set( filename, entry.bytes );
		return {
			result: 'Success',
			filename,
			imageinfo: { size: entry.bytes.length, descriptionurl: `http://wiki.test/wiki/File:${ filename }` },
			...( warnings ? { warnings } : {} )
		};
	}

	private warningsFor( filename: string, content: Uint8Array ): RawWarnings | undefined {
		const warnings: RawWarnings = {};
		const existing = this.published.get( filename );
		if ( existing ) {
			warnings.exists = filename;
			if ( sameBytes( existing, content ) ) {
				warnings.nochange = { timestamp: '2026-11-24T19:41:50Z' };
			}
		}
		const duplicates = Array.from( this.published.keys() )
			.filter( ( name ) => name !== filename && sameBytes( this.published.get( name ) as Uint8Array, content ) );
		if ( duplicates.length ) {
			warnings.duplicate = duplicates;
		}
		Object.assign( warnings, this.extraWarnings( filename ) || {} );
		return Object.keys( warnings ).length ? warnings : undefined;
	}

	private newKey( filename: string ): string {
		this.keys++;
		return `1d3ywfake${ this.keys }.k${ this.keys }x.3.${ extensionOf( filename ) }`;
	}

	/** One request: recorded, answered after a real turn of the event loop, abortable. */
	private async request(
		record: Partial<RecordedRequest> & { kind: RequestKind },
		control: RequestControl | undefined,
		handle: ( rec: RecordedRequest ) => UploadResponse | Promise<UploadResponse>
	): Promise<UploadResponse> {
		const rec: RecordedRequest = { ...record, n: this.requests.length + 1, signal: control?.signal };
		this.requests.push( rec );
		this.inFlight++;
		this.maxInFlight = Math.max( this.maxInFlight, this.inFlight );
		try {
			await this.wire( this.holds.get( rec.n ), control?.signal );
			const fault = this.faults.get( rec.n );
			if ( fault && !fault.applied ) {
				throw fault.error;
			}
			const answer = await handle( rec );
			await this.wire( this.returnHolds.get( rec.n ), control?.signal );
			control?.onProgress?.( 1 );
			if ( fault ) {
				throw fault.error;
			}
			rec.outcome = 'answered';
			rec.answer = answer;
			return answer;
		} catch ( error ) {
			rec.outcome = error instanceof AbortError ? 'aborted' : 'failed';
			rec.error = error;
			throw error;
		} finally {
			this.inFlight--;
		}
	}

	/** The time on the wire: at least one macrotask; a held request until released; abortable. */
	private wire( hold: ( () => Promise<void> ) | undefined, signal: AbortSignal | undefined ): Promise<void> {
		return new Promise<void>( ( resolve, reject ) => {
			if ( signal?.aborted ) {
				reject( new AbortError() );
				return;
			}
			const onAbort = () => reject( new AbortError() );
			signal?.addEventListener( 'abort', onAbort, { once: true } );
			const done = () => {
				signal?.removeEventListener( 'abort', onAbort );
				resolve();
			};
			if ( hold ) {
				void hold().then( () => setTimeout( done, 0 ) );
			} else {
				setTimeout( done, 0 );
			}
		} );
	}
}

/** Wait (in real event-loop turns) until `condition` holds. */
export async function waitFor( condition: () => boolean, what = 'condition', turns = 5000 ): Promise<void> {
	for ( let i = 0; i < turns; i++ ) {
		if ( condition() ) {
			return;
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 0 ) );
	}
	throw new Error( `timed out waiting for ${ what }` );
}

/** A sleep that resolves at once and remembers what it was asked to wait. */
export function recordingSleep(): { sleep: ( ms: number, signal?: AbortSignal ) => Promise<void>; delays: number[] } {
	const delays: number[] = [];
	return {
		delays,
		sleep: ( ms: number, signal?: AbortSignal ) => {
			delays.push( ms );
			return signal?.aborted ? Promise.reject( new AbortError() ) : Promise.resolve();
		}
	};
}

/** A clock that advances by `step` ms with every reading. */
export function steppingClock( start = 1_000_000, step = 100 ): () => number {
	let t = start;
	return () => {
		t += step;
		return t;
	};
}
