/**
 * The content check of each file, beside the uploads, never in front of them: files are hashed
 * one after another in list order from the moment they are added (a worker reads them in
 * slices), each SHA-1 is looked up (in one of the LOOKUP_SLOTS, lookupSlots.ts), and the queue
 * hears the result. This file owns that pipeline per file, its abort (forget, recheck) and the
 * wait on it (whenChecked); the warnings are contentWarnings.ts's.
 */
import type { FoundFile } from '../api/nameChecks';
import type { RequestControl } from '../api/types';
import type { FileHasher } from '../hash/hasher';
import { contentWarnings, type ContentCheck } from './contentWarnings';
import { LookupSlots } from './lookupSlots';
import { throwLater } from './throwLater';

/** The look-ups by content; src/api/nameChecks.ts's NameChecksApi is one. */
export interface ContentCheckApi {
	/** Files on the wiki and deleted files ('unknown' where they are not shown) with this SHA-1. */
	findContent( sha1: string, control?: RequestControl ): Promise<{ files: FoundFile[]; deleted: FoundFile[] | 'unknown' }>;
}

export interface ContentCheckerOptions {
	api: ContentCheckApi;
	hasher: FileHasher;
	/** The target names of the files before `id` in the list that have this SHA-1. */
	twinsOf( id: string, sha1: string ): string[];
	/**
	 * The result for a file; null when the check failed (with why): the upload's own warnings
	 * decide then, unless the file could not be read at all.
	 */
	onResult( id: string, check: ContentCheck | null, error?: unknown ): void;
	/** Where an error thrown by onResult goes; by default it is thrown on its own (throwLater.ts). */
	onResultError?: ( error: unknown ) => void;
	/** The longest a look-up is waited for; LOOKUP_TIMEOUT_MS by default. */
	lookupTimeoutMs?: number;
}

/**
 * Hashes and looks up files one after another in the order they were added. A check that fails
 * (unreadable file, no WebAssembly, network) is reported as null: the check is advice, and the
 * upload's own warnings still come from the wiki.
 */
export class ContentChecker {
	private readonly options: ContentCheckerOptions;
	private readonly controllers = new Map<string, AbortController>();
	private readonly sha1s = new Map<string, string>();
	private readonly slots: LookupSlots;
	/** Each running check, settled when its result has been reported. */
	private readonly running = new Map<string, Promise<void>>();

	constructor( options: ContentCheckerOptions ) {
		this.options = options;
		this.slots = new LookupSlots( options.lookupTimeoutMs );
	}

	/** Start the check of a file (the hasher queues it behind the files added before). */
	check( id: string, file: Blob ): void {
		if ( this.controllers.has( id ) ) {
			return;
		}
		const controller = new AbortController();
		this.controllers.set( id, controller );
		const signal = controller.signal;
		const known = this.sha1s.get( id );
		const done = ( known ? Promise.resolve( known ) : this.options.hasher.hash( file, { signal } ) )
			.then( ( sha1 ) => {
				this.sha1s.set( id, sha1 );
				return this.slots.run( ( lookUp ) => this.options.api.findContent( sha1, { signal: lookUp } ), signal ).then( ( found ) => ( {
					sha1,
					warnings: contentWarnings( found.files, found.deleted, this.options.twinsOf( id, sha1 ) )
				} ) );
			} )
			.then(
				( result ) => this.report( id, signal, result ),
				( error: unknown ) => this.report( id, signal, null, error )
			)
			.then( () => {
				if ( this.controllers.get( id ) === controller ) {
					this.controllers.delete( id );
					this.running.delete( id );
				}
			} );
		this.running.set( id, done );
	}

	/**
	 * Look the file's content up again (its SHA-1 is kept): the wiki has changed since (an
	 * upload of the list landed), and a name chosen now must meet what is there now.
	 */
	recheck( id: string, file: Blob ): void {
		if ( !this.sha1s.has( id ) ) {
			return;
		}
		this.controllers.get( id )?.abort();
		this.controllers.delete( id );
		this.check( id, file );
	}

	/** Whether the file's SHA-1 is known and only its look-ups are under way (a short wait). */
	isLookingUp( id: string ): boolean {
		return this.running.has( id ) && this.sha1s.has( id );
	}

	/** Settles when the file's check has been reported (at once when none runs). */
	whenChecked( id: string ): Promise<void> {
		return this.running.get( id ) || Promise.resolve();
	}

	/** The SHA-1 of a file once hashed. */
	sha1Of( id: string ): string | null {
		return this.sha1s.get( id ) || null;
	}

	/** The file left the list: stop its check. */
	forget( id: string ): void {
		this.controllers.get( id )?.abort();
		this.controllers.delete( id );
		this.running.delete( id );
		this.sha1s.delete( id );
	}

	/**
	 * Tells the result, unless the check was aborted. An error of onResult is not this check's:
	 * it must not keep the check running (isLookingUp for ever, and check() of the file a no-op).
	 */
	private report( id: string, signal: AbortSignal, check: ContentCheck | null, error?: unknown ): void {
		if ( signal.aborted ) {
			return;
		}
		try {
			this.options.onResult( id, check, error );
		} catch ( thrown ) {
			( this.options.onResultError || throwLater )( thrown );
		}
	}
}
