/**
 * What the dialog knows about a file before its bytes are sent: the target name's check (see
 * prechecks.ts) and the content's, from its SHA-1: the same content on the wiki (`duplicate`),
 * among deleted files (`duplicate-archive`), or earlier in the same list (`duplicate-in-batch`).
 *
 * The content check runs beside the uploads, never in front of them: files are hashed one after
 * another in list order from the moment they are added (a worker reads them in slices), each
 * SHA-1 is looked up, and the queue hears the result. A file whose check is not done when its
 * turn comes is sent anyway; if a duplicate turns up while it is on its way, the queue pauses it
 * and asks (see UploadQueue.onContentChecked).
 */
import type { FoundFile } from '../api/nameChecks';
import type { RequestControl } from '../api/types';
import type { FileHasher } from '../hash/hasher';
import { dbKey } from './nameRules';
import type { NameCheck } from './prechecks';
import type { UploadWarning } from './warnings';

/** The look-ups by content; src/api/nameChecks.ts's NameChecksApi is one. */
export interface ContentCheckApi {
	/** Files on the wiki and deleted files ('unknown' where they are not shown) with this SHA-1. */
	findContent( sha1: string, control?: RequestControl ): Promise<{ files: FoundFile[]; deleted: FoundFile[] | 'unknown' }>;
}

/** A file's content check. */
export interface ContentCheck {
	sha1: string;
	/** Warnings from the content; empty when none. */
	warnings: UploadWarning[];
}

function warning( key: string, files: string[] ): UploadWarning {
	return { key, known: true, files, timestamps: [], raw: files.join( ', ' ) };
}

/**
 * The warnings the upload would give for this content, as UploadWarnings. `twins` are the target
 * names of files earlier in the list with the same SHA-1 (not yet on the wiki, so their names
 * are not links yet).
 */
export function contentWarnings( onWiki: FoundFile[], deleted: FoundFile[] | 'unknown', twins: string[] ): UploadWarning[] {
	const warnings: UploadWarning[] = [];
	if ( onWiki.length ) {
		warnings.push( warning( 'duplicate', onWiki.map( ( f ) => f.name ) ) );
	}
	if ( deleted !== 'unknown' && deleted.length ) {
		// One entry per deleted version: name each file once.
		const names: string[] = [];
		deleted.forEach( ( f ) => {
			if ( names.indexOf( f.name ) === -1 ) {
				names.push( f.name );
			}
		} );
		warnings.push( warning( 'duplicate-archive', names ) );
	}
	if ( twins.length ) {
		warnings.push( warning( 'duplicate-in-batch', twins ) );
	}
	return warnings;
}

/**
 * A file's warnings before sending, as the upload would give them: the name's, and the content's
 * with what the two tell together. The file of that name with the same content is `nochange`
 * (which cannot be ignored), not a `duplicate` of itself.
 */
export function earlyWarnings( name: NameCheck | null, content: ContentCheck | null ): UploadWarning[] {
	const warnings = name ? name.warnings.slice() : [];
	if ( !content ) {
		return warnings;
	}
	const own = name && name.wikiName ? dbKey( name.wikiName ) : null;
	const same = !!( name && name.file && name.file.sha1 === content.sha1 );
	if ( same && name && name.file && !warnings.some( ( w ) => w.key === 'nochange' ) ) {
		warnings.push( { key: 'nochange', known: true, files: [], timestamps: [ name.file.timestamp ], raw: name.file.timestamp } );
	}
	content.warnings.forEach( ( w ) => {
		if ( w.key !== 'duplicate' || !own ) {
			warnings.push( w );
			return;
		}
		const others = w.files.filter( ( f ) => dbKey( f ) !== own );
		if ( others.length ) {
			warnings.push( { ...w, files: others, raw: others.join( ', ' ) } );
		}
	} );
	return warnings;
}

/** Files whose content is looked up at once (one request each): the uploads keep connections free. */
export const LOOKUP_SLOTS = 2;

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
	/** Each running check, settled when its result has been reported. */
	private readonly running = new Map<string, Promise<void>>();
	/** Look-ups waiting for a free slot, in order. */
	private readonly waiting: Array<() => void> = [];
	private lookupsInFlight = 0;

	constructor( options: ContentCheckerOptions ) {
		this.options = options;
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
				return this.inSlot( () => this.options.api.findContent( sha1, { signal } ) ).then( ( found ) => ( {
					sha1,
					warnings: contentWarnings( found.files, found.deleted, this.options.twinsOf( id, sha1 ) )
				} ) );
			} )
			.then(
				( result ) => {
					if ( !signal.aborted ) {
						this.options.onResult( id, result );
					}
				},
				( error: unknown ) => {
					if ( !signal.aborted ) {
						this.options.onResult( id, null, error );
					}
				}
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

	/**
	 * Runs a file's look-ups when one of LOOKUP_SLOTS is free. Small files hash faster than the
	 * wiki answers: 500 of them would otherwise put 500 requests in the browser's queue at once
	 * (six connections per host), and the uploads' own requests would wait behind them.
	 */
	private inSlot<T>( lookUp: () => Promise<T> ): Promise<T> {
		return new Promise<void>( ( resolve ) => {
			if ( this.lookupsInFlight < LOOKUP_SLOTS ) {
				this.lookupsInFlight++;
				resolve();
			} else {
				this.waiting.push( () => {
					this.lookupsInFlight++;
					resolve();
				} );
			}
		} ).then( () => {
			const free = () => {
				this.lookupsInFlight--;
				const next = this.waiting.shift();
				if ( next ) {
					next();
				}
			};
			return lookUp().then( ( value ) => {
				free();
				return value;
			}, ( error: unknown ) => {
				free();
				throw error;
			} );
		} );
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
}
