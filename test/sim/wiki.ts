/**
 * The simulated wiki's truth, and MediaWiki 1.43's upload API on top of it (ApiUpload,
 * UploadFromChunks, UploadStash): the user's stash (entries with bytes, SHA-1, size, status and
 * the chunk session's offset), the published files with every version, the deleted files, and
 * the log of uploads published during the run. Each method is one request as the server applies
 * it, answering the JSON the API gives (`{upload}` or `{error}`), never a transport failure:
 * those are transport.ts's. Answers follow the captured ones (api-responses.md).
 */
import { sha1Of } from './bytes';
import { dbKey, uploadWarnings, type Version } from './wikiWarnings';
import type { ApiUploadAnswer, FileVersion, StashedEntry } from '../../src/api/types';

export { dbKey, type Version };

export const STASH_MAX_AGE_MS = 6 * 60 * 60 * 1000;

export interface WikiConfig {
	maxUploadSize: number;
	minUploadChunkSize: number;
	userName: string;
	/** Simulated delay of the job queue for async assembly and publish. */
	jobDelayMs: () => number;
	now: () => number;
}

export interface StashEntry {
	filekey: string;
	/** 'chunks' while a chunked upload is under way; 'finished' for a whole file. */
	status: 'chunks' | 'finished';
	/** The chunk session: Continue/uploading, Poll/queued (assembly job), gone when assembled. */
	session: 'uploading' | 'assembling' | 'done';
	filename: string;
	/** The size the client claimed, after the server's clamping (chunks only). */
	filesize: number;
	parts: Uint8Array[];
	offset: number;
	createdAt: number;
	/** An answer carrying this key reached the engine's page (simApi.ts; a reload forgets it, run.ts). */
	keyDelivered: boolean;
	/** A commit with warnings re-stashed this entry under a new key: 1.43 leaves this one. */
	superseded: boolean;
	/** Bytes and SHA-1 once whole (finished). */
	bytes?: Uint8Array;
	sha1?: string;
}

export interface Published {
	filename: string;
	sha1: string;
	size: number;
	at: number;
	fromKey: string;
}

type Status = { result: 'Poll'; stage: string } | { result: 'Success'; answer: ApiUploadAnswer } | { result: 'Failure'; error: ApiUploadAnswer };

const KEY_FORMAT = /^[0-9a-z]+\.[0-9a-z]+\.\d+(\.[\w-]+)?$/;

function err( code: string, info: string, extra: Record<string, unknown> = {} ): ApiUploadAnswer {
	return { error: { code, info, ...extra } };
}

export class SimWiki {
	readonly config: WikiConfig;
	readonly stash = new Map<string, StashEntry>();
	/** Current and old versions by title key, newest last. */
	readonly files = new Map<string, Version[]>();
	/** Deleted files by title key (their versions' SHA-1s). */
	readonly deleted = new Map<string, string[]>();
	/** Uploads published during the run, in order. */
	readonly log: Published[] = [];
	/** Upload sessions (checkstatus) by filekey. */
	private readonly sessions = new Map<string, Status>();
	private nextKey = 1;
	private readonly jobs: Array<{ at: number; job: () => void; done: boolean }> = [];

	constructor( config: WikiConfig ) {
		this.config = config;
	}

	/** A file on the wiki before the run (not in the log). */
	seedFile( name: string, bytes: Uint8Array, user = 'Someone' ): void {
		const key = dbKey( name );
		const versions = this.files.get( key ) || [];
		versions.push( { sha1: sha1Of( bytes ), size: bytes.length, user, timestamp: this.timestamp(), bytes } );
		this.files.set( key, versions );
	}

	seedDeleted( name: string, bytes: Uint8Array ): void {
		this.deleted.set( dbKey( name ), [ sha1Of( bytes ) ] );
	}

	siteInfo(): { maxUploadSize: number; minUploadChunkSize: number; userName: string } {
		return { maxUploadSize: this.config.maxUploadSize, minUploadChunkSize: this.config.minUploadChunkSize, userName: this.config.userName };
	}

	/** action=upload&file=…&stash=1 (mw.Api#uploadToStash: no ignorewarnings). */
	stashFile( bytes: Uint8Array, filename: string ): ApiUploadAnswer {
		if ( bytes.length > this.config.maxUploadSize ) {
			return err( 'file-too-large', 'The file you submitted was too large.' );
		}
		if ( bytes.length === 0 ) {
			return err( 'empty-file', 'The file you submitted was empty.' );
		}
		const entry = this.newEntry( 'finished', filename, bytes.length );
		this.finish( entry, bytes );
		const warnings = this.warningsFor( filename, entry.sha1 as string );
		return { upload: {
			result: warnings ? 'Warning' : 'Success',
			...( warnings ? { warnings } : {} ),
			filekey: entry.filekey,
			sessionkey: entry.filekey,
			...( warnings ? {} : { imageinfo: { size: bytes.length, sha1: entry.sha1 } } )
		} };
	}

	/** One chunk (stash=1, ignorewarnings=1), as ApiUpload::getChunkResult handles it. */
	stashChunk( bytes: Uint8Array, p: { filename: string; filesize: number; offset: number; filekey?: string; async?: boolean } ): ApiUploadAnswer {
		// The `filesize` parameter is an integer with a maximum: above it, it is CLAMPED with an
		// API warning, and the upload goes on (api-responses.md).
		let filesize = p.filesize;
		let apiWarnings: Record<string, unknown> | undefined;
		if ( filesize > this.config.maxUploadSize ) {
			filesize = this.config.maxUploadSize;
			apiWarnings = { upload: { warnings: `The value "${ p.filesize }" for parameter "filesize" must be between 0 and ${ this.config.maxUploadSize }.` } };
		}
		const answer = this.chunk( bytes, { ...p, filesize } );
		return apiWarnings ? { ...answer, warnings: apiWarnings } : answer;
	}

	private chunk( bytes: Uint8Array, p: { filename: string; filesize: number; offset: number; filekey?: string; async?: boolean } ): ApiUploadAnswer {
		if ( p.offset > 0 && !p.filekey ) {
			return err( 'filekeyneeded', 'Must supply a "filekey" when "offset" is non-zero.' );
		}
		const totalSoFar = p.offset + bytes.length;
		if ( totalSoFar > p.filesize ) {
			return err( 'invalid-chunk', 'Offset plus current chunk is greater than claimed file size.' );
		}
		if ( totalSoFar !== p.filesize && bytes.length < this.config.minUploadChunkSize ) {
			return err( 'chunk-too-small', `Minimum chunk size is ${ this.config.minUploadChunkSize } bytes for non-final chunks.` );
		}
		let entry: StashEntry;
		if ( p.offset === 0 ) {
			entry = this.newEntry( 'chunks', p.filename, p.filesize );
			entry.parts.push( bytes );
			entry.offset = bytes.length;
		} else {
			const found = this.lookup( p.filekey as string );
			if ( !( 'entry' in found ) ) {
				return found;
			}
			entry = found.entry;
			if ( entry.session !== 'uploading' ) {
				return err( 'stashfailed', 'Chunked upload is already completed, check status for details.' );
			}
			if ( p.offset !== entry.offset ) {
				return err( 'stashfailed', 'Invalid chunk offset', { offset: String( entry.offset ) } );
			}
			entry.parts.push( bytes );
			entry.offset += bytes.length;
		}
		if ( totalSoFar !== p.filesize ) {
			return { upload: { result: 'Continue', offset: totalSoFar, filekey: entry.filekey } };
		}
		if ( p.async ) {
			entry.session = 'assembling';
			this.sessions.set( entry.filekey, { result: 'Poll', stage: 'queued' } );
			this.later( () => this.assemble( entry, true ) );
			return { upload: { result: 'Poll', stage: 'queued', filekey: entry.filekey } };
		}
		const assembled = this.assemble( entry, false );
		return assembled;
	}

	/** UploadFromChunks::concatenateChunks: a NEW key for the whole file; the chunks' key is removed. */
	private assemble( entry: StashEntry, inJob: boolean ): ApiUploadAnswer {
		const whole = this.newEntry( 'finished', entry.filename, entry.offset );
		this.finish( whole, concat( entry.parts ) );
		this.stash.delete( entry.filekey );
		const warnings = this.warningsFor( entry.filename, whole.sha1 as string );
		const answer: ApiUploadAnswer = { upload: {
			result: 'Success',
			...( warnings ? { warnings } : {} ),
			filekey: whole.filekey,
			imageinfo: { size: whole.offset, sha1: whole.sha1 }
		} };
		if ( inJob ) {
			this.sessions.set( entry.filekey, { result: 'Success', answer: { upload: { ...answer.upload!, stage: 'assembling' } } } );
		} else {
			this.sessions.delete( entry.filekey );
		}
		return answer;
	}

	/** action=upload&filekey=…&checkstatus=1 */
	checkStatus( filekey: string ): ApiUploadAnswer {
		const status = this.sessions.get( filekey );
		if ( !status ) {
			return err( 'missingresult', 'No result in status data.' );
		}
		if ( status.result === 'Poll' ) {
			return { upload: { result: 'Poll', stage: status.stage } };
		}
		return status.result === 'Success' ? status.answer : status.error;
	}

	/** action=upload&filekey=…&filename=… (publish from the stash, UploadFromStash). */
	commit( p: { filekey: string; filename: string; ignorewarnings?: boolean; async?: boolean } ): ApiUploadAnswer {
		if ( !KEY_FORMAT.test( p.filekey ) ) {
			return err( 'invalid-file-key', 'Not a valid file key.' );
		}
		const found = this.lookup( p.filekey );
		if ( !( 'entry' in found ) ) {
			return found;
		}
		const entry = found.entry;
		if ( entry.status !== 'finished' || !entry.sha1 ) {
			return err( 'stashfailed', 'The file is not complete in the stash.' );
		}
		const warnings = this.warningsFor( p.filename, entry.sha1 );
		if ( warnings && !p.ignorewarnings ) {
			// 1.43 stashes the file again under a NEW key; the old one stays valid.
			entry.superseded = true;
			const again = this.newEntry( 'finished', p.filename, entry.offset );
			this.finish( again, entry.bytes as Uint8Array );
			return { upload: { result: 'Warning', warnings, filekey: again.filekey, sessionkey: again.filekey } };
		}
		const current = this.current( p.filename );
		if ( current && current.sha1 === entry.sha1 ) {
			return err( 'fileexists-no-change', `The upload is an exact duplicate of the current version of [[:File:${ dbKey( p.filename ) }]].` );
		}
		if ( p.async ) {
			const progress = this.sessions.get( p.filekey );
			if ( progress && progress.result === 'Poll' ) {
				return err( 'publishfailed', 'Upload from stash already in progress.' );
			}
			this.sessions.set( p.filekey, { result: 'Poll', stage: 'queued' } );
			this.later( () => {
				// UploadJobTrait: the job checks the warnings again when it runs (unless ignored).
				const now = this.warningsFor( p.filename, entry.sha1 as string );
				if ( now && !p.ignorewarnings ) {
					this.sessions.set( p.filekey, { result: 'Success', answer: { upload: { result: 'Warning', stage: 'publish', warnings: now } } } );
					return;
				}
				const same = this.current( p.filename );
				const done = same && same.sha1 === entry.sha1 ?
					err( 'fileexists-no-change', `The upload is an exact duplicate of the current version of [[:File:${ dbKey( p.filename ) }]].` ) :
					this.publish( entry, p.filename, now );
				this.sessions.set( p.filekey, 'error' in done ?
					{ result: 'Failure', error: done } :
					{ result: 'Success', answer: { upload: { ...done.upload!, stage: 'publish' } } } );
			} );
			return { upload: { result: 'Poll', stage: 'queued', filename: p.filename } };
		}
		return this.publish( entry, p.filename, warnings );
	}

	private publish( entry: StashEntry, filename: string, warnings: Record<string, unknown> | null ): ApiUploadAnswer {
		if ( !this.stash.has( entry.filekey ) ) {
			return err( 'uploadstash-file-not-found', `Key "${ entry.filekey }" not found in stash.` );
		}
		const key = dbKey( filename );
		const versions = this.files.get( key ) || [];
		versions.push( { sha1: entry.sha1 as string, size: entry.offset, user: this.config.userName, timestamp: this.timestamp(), bytes: entry.bytes } );
		this.files.set( key, versions );
		this.deleted.delete( key );
		this.stash.delete( entry.filekey );
		this.log.push( { filename: key, sha1: entry.sha1 as string, size: entry.offset, at: this.config.now(), fromKey: entry.filekey } );
		return { upload: {
			result: 'Success',
			filename: key,
			...( warnings ? { warnings } : {} ),
			imageinfo: { size: entry.offset, sha1: entry.sha1, descriptionurl: `http://sim.invalid/wiki/File:${ key }` }
		} };
	}

	/** prop=imageinfo of File:<name>: its current version. */
	latestVersion( filename: string ): FileVersion | null {
		const v = this.current( filename );
		return v ? { user: v.user, size: v.size, timestamp: v.timestamp, sha1: v.sha1 } : null;
	}

	/** list=mystashedfiles of one size and status: the keys only, newest first (each one's SHA-1 is asked apart). */
	findStashed( size: number, status: 'chunks' | 'finished' ): string[] {
		this.expire();
		return Array.from( this.stash.values() )
			.filter( ( e ) => e.status === status && e.offset === size )
			.reverse()
			.map( ( e ) => e.filekey );
	}

	/** prop=stashimageinfo for one key, as the stash is now: an entry gone since the list is an error. */
	stashInfo( filekey: string ): StashedEntry | ApiUploadAnswer {
		const found = this.lookup( filekey );
		return 'entry' in found ? stashedEntry( found.entry ) : found;
	}

	current( filename: string ): Version | null {
		const versions = this.files.get( dbKey( filename ) );
		return versions && versions.length ? versions[ versions.length - 1 ] : null;
	}

	/** UploadBase::checkWarnings (see wikiWarnings.ts). */
	warningsFor( filename: string, sha1: string ): Record<string, unknown> | null {
		return uploadWarnings( this.files, this.deleted, filename, sha1 );
	}

	private lookup( filekey: string ): { entry: StashEntry } | ApiUploadAnswer {
		this.expire();
		const entry = this.stash.get( filekey );
		return entry ? { entry } : err( 'uploadstash-file-not-found', `Key "${ filekey }" not found in stash.` );
	}

	/** Stash entries older than $wgUploadStashMaxAge are gone. */
	private expire(): void {
		const now = this.config.now();
		this.stash.forEach( ( e, key ) => {
			if ( now - e.createdAt > STASH_MAX_AGE_MS ) {
				this.stash.delete( key );
			}
		} );
	}

	private newEntry( status: 'chunks' | 'finished', filename: string, filesize: number ): StashEntry {
		const n = this.nextKey++;
		const filekey = `${ n.toString( 36 ) }sim.${ ( n * 7919 ).toString( 36 ) }.3.png`;
		const entry: StashEntry = {
			filekey, status, session: 'uploading', filename, filesize, parts: [], offset: 0,
			createdAt: this.config.now(), keyDelivered: false, superseded: false
		};
		this.stash.set( filekey, entry );
		return entry;
	}

	private finish( entry: StashEntry, bytes: Uint8Array ): void {
		entry.bytes = bytes;
		entry.offset = bytes.length;
		entry.sha1 = sha1Of( bytes );
		entry.session = 'done';
		entry.parts = [];
	}

	/** A job of the job queue, run after the simulated delay. */
	private later( job: () => void ): void {
		const entry = { at: this.config.now() + this.config.jobDelayMs(), job, done: false };
		this.jobs.push( entry );
		this.arm( entry );
	}

	private arm( entry: { at: number; job: () => void; done: boolean } ): void {
		setTimeout( () => {
			if ( !entry.done ) {
				entry.done = true;
				entry.job();
			}
		}, Math.max( 0, entry.at - this.config.now() ) );
	}

	/** The server's jobs go on when the page's timers are gone (a reload clears every fake timer). */
	rearmJobs(): void {
		this.jobs.filter( ( j ) => !j.done ).forEach( ( j ) => this.arm( j ) );
	}

	private timestamp(): string {
		return new Date( this.config.now() ).toISOString().replace( /\.\d+Z$/, 'Z' );
	}
}

export function concat( parts: Uint8Array[] ): Uint8Array {
	const size = parts.reduce( ( n, p ) => n + p.length, 0 );
	const out = new Uint8Array( size );
	let at = 0;
	parts.forEach( ( p ) => {
		out.set( p, at );
		at += p.length;
	} );
	return out;
}

function stashedEntry( e: StashEntry ): StashedEntry {
	return { filekey: e.filekey, status: e.status, size: e.offset, sha1: e.sha1 || sha1Of( concat( e.parts ) ), timestamp: new Date( e.createdAt ).toISOString() };
}
