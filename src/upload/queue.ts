/**
 * The list of files and the intents the UI sends: add, edit, start, pause, resume, cancel,
 * retry, resolve warnings, pick a remembered file again. Files are uploaded one after another;
 * each goes to the stash first and is published by filekey only when no warning waits for the
 * user's choice. Chunked uploads are remembered (ResumeStore) so a reload loses nothing.
 */
import { AbortError, ApiError, HttpError } from '../api/errors';
import type { CommitParams, UploadResponse } from '../api/types';
import type { FileHasher } from '../hash/hasher';
import { MAX_ADAPTIVE_CHUNK } from './adaptive';
import { DEFAULT_CHUNK_SIZE, MiB, ONE_REQUEST_UP_TO, effectiveChunkSize, sendsInOneRequest } from './chunks';
import { clientFailure, describeFailure, isUnreadable } from './failures';
import type { DialogState, ItemStatus, ResumePoint, SharedFields, Source, UploadFields, UploadItem } from './model';
import { applyPattern } from './pattern';
import { titleKey } from './nameRules';
import { NameChecker, type NameCheckApi } from './prechecks';
import { ContentChecker, earlyWarnings, type ContentCheck, type ContentCheckApi } from './preflight';
import { isActive, isCancellable, isEditable } from './model';
import { defaultFields, parseTags, validateName } from './names';
import type { UploadApi } from './ports';
import { SpeedMeter, secondsLeft } from './progress';
import { ResumeStore, STASH_MAX_AGE_MS, fingerprint } from './resume';
import { retryDelay, sleep as realSleep } from './retry';
import { pollUntilDone, sendToStash, type TransferOptions } from './transfer';
import { Store } from './store';
import { canIgnore, parseWarnings, type UploadWarning } from './warnings';

export type Resolution =
	/** Try again under another name: the server checks the new name's warnings. */
	| { kind: 'rename'; filename: string }
	/** Publish despite the warnings (overwrites where `exists` said so). */
	| { kind: 'ignore' }
	/** Publish nothing. */
	| { kind: 'cancel' };

/** Three files at once: measured on a 1.43 wiki, more adds little and costs the server. */
export const DEFAULT_PARALLEL = 3;
/** Files from this size on are assembled and published by the job queue (see asyncFrom()). */
export const DEFAULT_ASYNC_FROM = 512 * MiB;
/** How often a running upload's resume record is written at most (see remember()). */
const RESUME_SAVE_INTERVAL_MS = 1000;
/** How often the uploads' progress is shown at most (see showProgressSoon()). */
const PROGRESS_INTERVAL_MS = 200;
export const MAX_PARALLEL = 8;
/** A list of 500 files stays quick to edit (measured by the benchmark); more can be set. */
export const DEFAULT_MAX_FILES = 500;
export const MAX_MAX_FILES = 5000;

export interface QueueOptions {
	/** Files at least this big are assembled and published asynchronously. */
	asyncFrom?: number;
	/** Files up to this size go in one request whatever the chunk size (default ONE_REQUEST_UP_TO). */
	oneRequestUpTo?: number;
	/** Where chunked uploads are remembered across page loads; none: not remembered. */
	resumeStore?: ResumeStore;
	/** SHA-1 of files and parts: finds what a lost answer left in the stash (see transfer.ts). */
	hasher?: FileHasher;
	/** Checks of names and (with a hasher) contents before sending; none: only the upload's own warnings. */
	preflight?: {
		names: NameCheckApi;
		content: ContentCheckApi;
		/** The wiki's names of the File namespace ("File", "Image", "Datei" …). */
		fileNamespaces?: string[];
		debounceMs?: number;
	};
	/** How long a file waits for its name's check before it is sent anyway. */
	nameCheckPatienceMs?: number;
	sleep?: TransferOptions[ 'sleep' ];
	now?: () => number;
}

/** Warnings about a file's content: still true under another name. All others are its name's. */
const CONTENT_WARNINGS = [ 'duplicate', 'duplicate-archive', 'duplicate-in-batch' ];

/**
 * The item under another name. Choices made about the old name's warnings (publish despite
 * `exists`, go on despite `was-deleted`) do not carry over: the new name may be another file
 * that exists, which must never be overwritten without asking.
 */
function withFilename( item: UploadItem, filename: string ): UploadItem {
	if ( filename === item.fields.filename ) {
		return item;
	}
	return {
		...item,
		fields: { ...item.fields, filename },
		ignoreWarnings: false,
		acknowledged: item.acknowledged.filter( ( key ) => CONTENT_WARNINGS.indexOf( key ) !== -1 )
	};
}

/** How run() tells a file's card and resume point what sendToStash reports (see sendingReport()). */
interface SendingReport {
	progress( bytes: number ): void;
	/** The file goes in chunks after all: its progress starts again from 0. */
	inChunks(): void;
	resumePoint( filekey: string, offset: number, stashName: string ): void;
	restarted(): void;
	retrying( at: number | null ): void;
	/** The chunks became one stashed file: no resume point is left to show. */
	stashed(): void;
}

export class UploadQueue {
	readonly store: Store<DialogState>;
	private readonly api: UploadApi;
	private readonly options: QueueOptions;
	private readonly resumeStore: ResumeStore;
	/** The running request of each file; aborting it is how pause and cancel stop it. */
	private readonly controllers = new Map<string, AbortController>();
	/** Cuts a retry's wait short ("retry now"). */
	private readonly wakers = new Map<string, () => void>();
	private nextId = 1;
	/** Files whose run() is under way (sending, processing, committing). */
	private readonly runs = new Set<string>();
	/** Title keys by fields object: see titleKeyOf(). */
	private readonly titleKeys = new WeakMap<UploadFields, string>();
	/** Files up to this size go in one request (see ONE_REQUEST_UP_TO); 0 once the wiki refused one. */
	private oneRequestUpTo: number;
	/** Uploads whose progress waits for the next progress tick, and how to show it (see showProgressSoon()). */
	private readonly progressDue = new Map<string, () => void>();
	private progressTicker: ReturnType<typeof setTimeout> | null = null;
	/** When each upload's resume record was last written, and for which stash key (see remember()). */
	private readonly savedResume = new Map<string, { filekey: string; at: number }>();
	private readonly resumeSaveTimers = new Map<string, ReturnType<typeof setTimeout>>();
	private nameChecker: NameChecker | null = null;
	private readonly contentChecker: ContentChecker | null = null;
	/** The name each file's check was asked for last. */
	private readonly checkedNames = new Map<string, string>();

	constructor( api: UploadApi, options: QueueOptions = {} ) {
		this.api = api;
		this.options = options;
		this.resumeStore = options.resumeStore || new ResumeStore( null, '' );
		this.oneRequestUpTo = options.oneRequestUpTo ?? ONE_REQUEST_UP_TO;
		if ( options.preflight && options.hasher ) {
			this.contentChecker = new ContentChecker( {
				api: options.preflight.content,
				hasher: options.hasher,
				twinsOf: ( id, sha1 ) => this.twinsOf( id, sha1 ),
				onResult: ( id, content, error ) => this.onContentChecked( id, content, error )
			} );
		}
		this.store = new Store<DialogState>( {
			items: [],
			settings: { chunkSize: DEFAULT_CHUNK_SIZE, adaptiveChunks: false, parallel: DEFAULT_PARALLEL, maxFiles: DEFAULT_MAX_FILES },
			site: null,
			running: false,
			held: false,
			refused: null,
			batch: { fields: {}, pattern: '' }
		} );
	}

	getState(): DialogState {
		return this.store.getState();
	}

	/** Loads the wiki's limits and the user's rights, and the uploads an earlier page left. */
	async loadSite(): Promise<void> {
		const site = await this.api.siteInfo();
		this.store.setState( ( s ) => ( {
			...s,
			site,
			settings: { ...s.settings, chunkSize: effectiveChunkSize( s.settings.chunkSize, site.minUploadChunkSize ) }
		} ) );
		this.restoreInterrupted();
		const preflight = this.options.preflight;
		if ( preflight && !this.nameChecker ) {
			this.nameChecker = new NameChecker( {
				api: preflight.names,
				debounceMs: preflight.debounceMs,
				sleep: this.options.sleep,
				rights: site.rights,
				userName: site.userName,
				fileExtensions: site.fileExtensions,
				fileNamespaces: preflight.fileNamespaces
			} );
			this.nameChecker.subscribe( ( id, check ) => {
				this.updateItem( id, ( i ) => ( { ...i, precheck: { ...i.precheck, name: check } } ) );
			} );
		}
		this.checkNames();
	}

	addFiles( files: Iterable<File> ): void {
		const { batch, settings, items } = this.getState();
		const all = Array.from( files );
		const room = Math.max( 0, settings.maxFiles - items.length );
		const added: UploadItem[] = [];
		for ( const file of all.slice( 0, room ) ) {
			added.push( this.newItem( { kind: 'file', file }, file.name, file.size, { ...defaultFields( file.name ), ...batch.fields } ) );
		}
		const refusedCount = all.length - added.length;
		this.store.setState( ( s ) => ( { ...s, refused: refusedCount ? { count: refusedCount, max: settings.maxFiles } : null } ) );
		this.append( added );
		if ( this.getState().batch.pattern ) {
			this.renameByPattern();
		}
		added.forEach( ( item ) => {
			if ( item.source.kind === 'file' ) {
				this.contentChecker?.check( item.id, item.source.file );
			}
		} );
		this.checkNames();
	}

	addUrl( url: string ): void {
		const trimmed = url.trim();
		if ( !trimmed ) {
			return;
		}
		const name = nameFromUrl( trimmed );
		this.append( [ this.newItem( { kind: 'url', url: trimmed }, trimmed, null, defaultFields( name ) ) ] );
	}

	updateFields( id: string, patch: Partial<UploadFields> ): void {
		const keys = Object.keys( patch ) as Array<keyof UploadFields>;
		this.updateItem( id, ( item ) => ( isEditable( item.status ) ? {
			...withFilename( item, patch.filename !== undefined ? patch.filename : item.fields.filename ),
			fields: { ...item.fields, ...patch },
			overrides: item.overrides.concat( keys.filter( ( k ) => item.overrides.indexOf( k ) === -1 ) )
		} : item ) );
		const item = this.find( id );
		if ( item && item.resume ) {
			this.remember( item );
		}
		if ( patch.filename !== undefined ) {
			this.checkNames();
		}
	}

	remove( id: string ): void {
		const item = this.find( id );
		if ( !item || isActive( item.status ) ) {
			return;
		}
		this.forgetResume( id );
		this.store.setState( ( s ) => ( { ...s, items: s.items.filter( ( i ) => i.id !== id ) } ) );
		this.nameChecker?.forget( id );
		this.contentChecker?.forget( id );
		this.checkedNames.delete( id );
	}

	/**
	 * Fields set once for the batch: every file that can still be edited takes them, except
	 * where the user set that field for the file alone; files added later take them too.
	 */
	setSharedFields( patch: Partial<SharedFields> ): void {
		const keys = Object.keys( patch ) as Array<keyof SharedFields>;
		this.store.setState( ( s ) => ( {
			...s,
			batch: { ...s.batch, fields: { ...s.batch.fields, ...patch } },
			items: s.items.map( ( i ) => {
				if ( !isEditable( i.status ) || i.status.state === 'interrupted' ) {
					return i;
				}
				const own = keys.filter( ( k ) => i.overrides.indexOf( k ) === -1 );
				if ( !own.length ) {
					return i;
				}
				const fields = { ...i.fields };
				own.forEach( ( k ) => {
					( fields as Record<string, unknown> )[ k ] = patch[ k ];
				} );
				return { ...i, fields };
			} )
		} ) );
	}

	/** Name the files by a pattern ("Trip 2026 - $n"); '' gives each file its own name back. */
	setPattern( pattern: string ): void {
		this.store.setState( ( s ) => ( { ...s, batch: { ...s.batch, pattern } } ) );
		this.renameByPattern();
	}

	/**
	 * The names the pattern gives, in list order: positions count every file of the list, so a
	 * name does not change when an earlier file is uploaded. Files named by hand keep their name.
	 */
	private renameByPattern(): void {
		const { items, batch } = this.getState();
		const names = batch.pattern.trim() ?
			applyPattern( batch.pattern, items.map( ( i ) => ( { name: i.label } ) ) ) :
			items.map( ( i ) => defaultFields( i.label ).filename );
		this.store.setState( ( s ) => ( {
			...s,
			items: s.items.map( ( i, n ) => {
				// Not a file that waits for a choice about its warnings: they are its name's, and
				// its name field is locked until the choice is made.
				const editable = isEditable( i.status ) && i.status.state !== 'interrupted' && i.status.state !== 'needs-choice' && i.source.kind === 'file';
				if ( !editable || i.overrides.indexOf( 'filename' ) !== -1 || i.fields.filename === names[ n ] ) {
					return i;
				}
				return withFilename( i, names[ n ] );
			} )
		} ) );
		this.checkNames();
	}

	/** Move a file to another place in the list (the order of uploading and of `$n`). */
	move( id: string, toIndex: number ): void {
		const items = this.getState().items.slice();
		const from = items.findIndex( ( i ) => i.id === id );
		if ( from === -1 ) {
			return;
		}
		const to = Math.max( 0, Math.min( items.length - 1, toIndex ) );
		const [ moved ] = items.splice( from, 1 );
		items.splice( to, 0, moved );
		this.store.setState( ( s ) => ( { ...s, items } ) );
		if ( this.getState().batch.pattern ) {
			this.renameByPattern();
		}
	}

	/** Try every failed file again (not the cancelled ones: the user stopped those). */
	retryFailed(): void {
		this.getState().items.filter( ( i ) => i.status.state === 'failed' ).forEach( ( i ) => this.retry( i.id ) );
	}

	/** Nothing new starts; chunked uploads stop where they are (small ones finish). */
	pauseAll(): void {
		this.store.setState( ( s ) => ( { ...s, held: true } ) );
		this.getState().items.forEach( ( i ) => this.pause( i.id ) );
	}

	resumeAll(): void {
		this.store.setState( ( s ) => ( {
			...s,
			held: false,
			items: s.items.map( ( i ) => ( i.status.state === 'paused' ? { ...i, status: { state: 'queued' } as ItemStatus } : i ) )
		} ) );
		this.pump();
	}

	/** The user's chunk size in bytes; the wiki's minimum wins. */
	setChunkSize( bytes: number ): void {
		this.store.setState( ( s ) => ( {
			...s,
			settings: { ...s.settings, chunkSize: effectiveChunkSize( bytes, s.site ? s.site.minUploadChunkSize : 1 ) }
		} ) );
	}

	/** Let the chunk size follow the connection (from the chunk size set, within the wiki's limits). */
	setAdaptiveChunks( on: boolean ): void {
		this.store.setState( ( s ) => ( { ...s, settings: { ...s.settings, adaptiveChunks: on } } ) );
	}

	/** How many files the list takes. */
	setMaxFiles( count: number ): void {
		const maxFiles = Math.min( MAX_MAX_FILES, Math.max( 1, Math.floor( Number.isFinite( count ) ? count : DEFAULT_MAX_FILES ) ) );
		this.store.setState( ( s ) => ( { ...s, settings: { ...s.settings, maxFiles } } ) );
	}

	/** How many files upload at once (each file's chunks still go one after another). */
	setParallel( count: number ): void {
		const parallel = Math.min( MAX_PARALLEL, Math.max( 1, Math.floor( Number.isFinite( count ) ? count : DEFAULT_PARALLEL ) ) );
		this.store.setState( ( s ) => ( { ...s, settings: { ...s.settings, parallel } } ) );
		this.pump();
	}

	/** Queue every file that is ready and work through the list. */
	start(): void {
		this.store.setState( ( s ) => ( {
			...s,
			items: s.items.map( ( i ) => ( i.status.state === 'ready' ? { ...i, status: { state: 'queued' } as ItemStatus } : i ) )
		} ) );
		this.pump();
	}

	/** Try a failed or cancelled file again: from the stash if its bytes are there. */
	retry( id: string ): void {
		const item = this.find( id );
		if ( !item || ( item.status.state !== 'failed' && item.status.state !== 'cancelled' ) ) {
			return;
		}
		this.setStatus( id, { state: 'queued' } );
		this.pump();
	}

	/** During a wait before a retry: try now instead. */
	retryNow( id: string ): void {
		this.wakers.get( id )?.();
	}

	/** Stop a chunked upload where it is; resume() goes on from the server's offset. */
	pause( id: string ): void {
		const item = this.find( id );
		if ( !item || item.status.state !== 'sending' || !item.status.chunked ) {
			return;
		}
		this.controllers.get( id )?.abort();
		// Read after the abort: it puts the latest progress into the store.
		const current = this.find( id ) || item;
		const progress = current.status.state === 'sending' ? current.status.progress : item.status.progress;
		this.setStatus( id, { state: 'paused', progress: { ...progress, bytesPerSecond: null, secondsLeft: null } } );
	}

	resume( id: string ): void {
		const item = this.find( id );
		if ( !item || item.status.state !== 'paused' ) {
			return;
		}
		this.setStatus( id, { state: 'queued' } );
		this.pump();
	}

	/** Stop this file now: its requests are aborted and nothing is published. */
	cancel( id: string ): void {
		const item = this.find( id );
		if ( !item || !isCancellable( item.status ) ) {
			return;
		}
		this.controllers.get( id )?.abort();
		this.forgetResume( id );
		this.updateItem( id, ( i ) => ( { ...i, resume: null } ) );
		this.setStatus( id, { state: 'cancelled' } );
	}

	cancelAll(): void {
		this.getState().items.forEach( ( i ) => this.cancel( i.id ) );
	}

	/**
	 * The file of an interrupted upload, picked again: if it is the same file (name, size,
	 * last change and the fingerprint of its ends), the upload goes on from the server's offset.
	 */
	async reattach( id: string, file: File ): Promise<boolean> {
		const item = this.find( id );
		if ( !item || item.status.state !== 'interrupted' || item.source.kind !== 'missing' ) {
			return false;
		}
		const expected = item.source;
		const same = file.size === expected.size && file.lastModified === expected.lastModified &&
			( await fingerprint( file ) ) === expected.fingerprint;
		if ( !same ) {
			this.setStatus( id, { ...item.status, mismatch: true } );
			return false;
		}
		this.updateItem( id, ( i ) => ( { ...i, source: { kind: 'file', file } } ) );
		this.setStatus( id, { state: 'queued' } );
		this.pump();
		return true;
	}

	/** The user's answer to the warnings of a stashed file. */
	resolve( id: string, resolution: Resolution ): void {
		const item = this.find( id );
		if ( item && item.status.state === 'needs-choice' && item.status.early ) {
			this.resolveEarly( item, item.status.warnings, resolution );
			return;
		}
		// Only from needs-choice: a second click finds the item committing and does nothing.
		if ( !item || item.status.state !== 'needs-choice' || !item.filekey ) {
			return;
		}
		if ( resolution.kind === 'cancel' ) {
			this.setStatus( id, { state: 'cancelled' } );
			return;
		}
		if ( resolution.kind === 'rename' ) {
			if ( validateName( resolution.filename ) ) {
				return;
			}
			this.updateItem( id, ( i ) => withFilename( i, resolution.filename.trim() ) );
			void this.commit( id );
			return;
		}
		if ( !canIgnore( item.status.warnings ) ) {
			return;
		}
		this.updateItem( id, ( i ) => ( { ...i, ignoreWarnings: true } ) );
		void this.commit( id );
	}

	/**
	 * The choice about warnings found before sending: renaming checks the new name first;
	 * going on remembers the choice (the stash's same warnings are not asked again); cancel
	 * sends nothing more.
	 */
	private resolveEarly( item: UploadItem, warnings: UploadWarning[], resolution: Resolution ): void {
		const id = item.id;
		if ( resolution.kind === 'cancel' ) {
			this.forgetResume( id );
			this.updateItem( id, ( i ) => ( { ...i, resume: null, status: { state: 'cancelled' } } ) );
			return;
		}
		if ( resolution.kind === 'rename' ) {
			if ( validateName( resolution.filename ) ) {
				return;
			}
			this.updateFields( id, { filename: resolution.filename.trim() } );
			// Other files of the list may have landed since its content was looked up.
			if ( item.source.kind === 'file' ) {
				this.contentChecker?.recheck( id, item.source.file );
			}
		} else {
			const keys = warnings.map( ( w ) => w.key ).filter( ( k ) => item.acknowledged.indexOf( k ) === -1 );
			this.updateItem( id, ( i ) => ( { ...i, acknowledged: i.acknowledged.concat( keys ) } ) );
		}
		this.setStatus( id, { state: 'queued' } );
		this.pump();
	}

	/** The warnings the user has not yet chosen to go on despite. */
	private unacknowledged( id: string, warnings: UploadWarning[] ): UploadWarning[] {
		const item = this.find( id );
		const done = item ? item.acknowledged : [];
		return warnings.filter( ( w ) => done.indexOf( w.key ) === -1 &&
			// The same content earlier in the list, once uploaded, is the wiki's `duplicate`;
			// the same name earlier in the list, once uploaded, is the wiki's `exists`.
			!( w.key === 'duplicate' && done.indexOf( 'duplicate-in-batch' ) !== -1 ) &&
			!( w.key === 'exists' && done.indexOf( 'duplicate-target' ) !== -1 ) );
	}

	/**
	 * `duplicate-target`: files earlier in the list that aim at the same name (as the wiki
	 * compares titles) and are not cancelled. The first of them goes; each later one asks before
	 * its bytes are sent, since it would become a new version of the earlier file. Named by the
	 * files' own names: they are not on the wiki yet.
	 */
	private sameTargetEarlier( item: UploadItem ): UploadWarning[] {
		const name = item.fields.filename.trim();
		if ( !name ) {
			return [];
		}
		const key = this.titleKeyOf( item.fields );
		const items = this.getState().items;
		const earlier = items.slice( 0, items.findIndex( ( i ) => i.id === item.id ) ).filter( ( i ) =>
			i.status.state !== 'cancelled' && i.fields.filename.trim() !== '' && this.titleKeyOf( i.fields ) === key );
		if ( !earlier.length ) {
			return [];
		}
		const labels = earlier.map( ( i ) => i.label );
		return [ { key: 'duplicate-target', known: true, files: labels, timestamps: [], raw: labels.join( ', ' ) } ];
	}

	/**
	 * The title key of a file's name, worked out once per fields object (they are replaced, never
	 * changed): every file's turn compares its name with all files before it, and a list of 500
	 * would otherwise normalise the same names some 125,000 times.
	 */
	private titleKeyOf( fields: UploadFields ): string {
		let key = this.titleKeys.get( fields );
		if ( key === undefined ) {
			key = titleKey( fields.filename.trim(), this.options.preflight?.fileNamespaces );
			this.titleKeys.set( fields, key );
		}
		return key;
	}

	/** Ask the name checker about every name that changed since it was asked. */
	private checkNames(): void {
		const checker = this.nameChecker;
		if ( !checker ) {
			return;
		}
		this.getState().items.forEach( ( i ) => {
			const name = i.fields.filename.trim();
			if ( i.source.kind !== 'missing' && i.status.state !== 'done' && this.checkedNames.get( i.id ) !== name ) {
				this.checkedNames.set( i.id, name );
				checker.check( i.id, name );
			}
		} );
	}

	/** The target names of files before `id` in the list with the same content. */
	private twinsOf( id: string, sha1: string ): string[] {
		const twins: string[] = [];
		for ( const item of this.getState().items ) {
			if ( item.id === id ) {
				break;
			}
			if ( this.contentChecker?.sha1Of( item.id ) === sha1 && item.status.state !== 'cancelled' ) {
				twins.push( item.fields.filename.trim() );
			}
		}
		return twins;
	}

	/**
	 * A content check came back. A duplicate found while the file is on its way pauses it (its
	 * chunks stay in the stash) and asks; one found before its turn is asked when its turn comes.
	 */
	private onContentChecked( id: string, content: ContentCheck | null, error?: unknown ): void {
		this.updateItem( id, ( i ) => ( { ...i, precheck: { ...i.precheck, content } } ) );
		const item = this.find( id );
		if ( !item ) {
			return;
		}
		if ( !content && isUnreadable( error ) ) {
			// The file went away or changed since it was picked: say so now, before its turn.
			if ( item.status.state === 'ready' || item.status.state === 'queued' ) {
				this.setStatus( id, { state: 'failed', failure: clientFailure( 'file-unreadable' ) } );
			}
			return;
		}
		if ( !content ) {
			return;
		}
		const name = item.precheck.name && item.precheck.name.name === item.fields.filename.trim() ? item.precheck.name : null;
		const open = this.unacknowledged( id, earlyWarnings( name, content ) );
		if ( open.length && item.status.state === 'sending' && item.status.chunked && !item.filekey ) {
			this.controllers.get( id )?.abort();
			this.setStatus( id, { state: 'needs-choice', warnings: open, early: true } );
		}
	}

	/**
	 * Before the first byte: wait (a little) for the name's check, then stop for what it or the
	 * content check found and the user has not chosen about. 'go' when nothing stands in the way.
	 */
	private async preflightGate( id: string ): Promise<'go' | 'stop'> {
		const checker = this.nameChecker;
		const current = () => this.find( id );
		let item = current();
		if ( !item ) {
			return 'stop';
		}
		const wanted = item.fields.filename.trim();
		const known = () => {
			const check = current()?.precheck.name;
			return !!check && check.name === wanted;
		};
		if ( checker && !known() ) {
			const patience = this.options.nameCheckPatienceMs ?? 10000;
			await waitAtMost( checker.whenAnswered( id ), patience );
		}
		item = current();
		if ( !item || item.status.state !== 'queued' ) {
			return 'stop';
		}
		const name = known() ? item.precheck.name : null;
		if ( name && name.error ) {
			this.setStatus( id, { state: 'failed', failure: name.error } );
			return 'stop';
		}
		const lookingUp = !!this.contentChecker && this.contentChecker.isLookingUp( id );
		if ( this.contentChecker && ( lookingUp || ( name && this.unacknowledged( id, name.warnings ).length && !item.precheck.content ) ) ) {
			// The file stops for its name anyway: let its content's warnings join them (a
			// short wait; the bytes are not waiting for it), so the user chooses once.
			await waitAtMost( this.contentChecker.whenChecked( id ), 5000 );
			item = current();
			if ( !item || item.status.state !== 'queued' ) {
				return 'stop';
			}
		}
		const open = this.unacknowledged( id, earlyWarnings( name, item.precheck.content ).concat( this.sameTargetEarlier( item ) ) );
		if ( open.length ) {
			this.setStatus( id, { state: 'needs-choice', warnings: open, early: true } );
			return 'stop';
		}
		return 'go';
	}

	/** Whether any file is on its way: leaving now would lose work. */
	isBusy(): boolean {
		return this.getState().items.some( ( i ) => isActive( i.status ) );
	}

	/**
	 * Start queued files, in list order, until `parallel` run at once; each finished run starts
	 * the next. A file that fails, waits for a choice or is paused frees its place: it never
	 * holds up the others.
	 */
	private pump(): void {
		const limit = this.getState().held ? 0 : this.getState().settings.parallel;
		while ( this.runs.size < limit ) {
			const next = this.getState().items.find( ( i ) => i.status.state === 'queued' && !this.runs.has( i.id ) );
			if ( !next ) {
				break;
			}
			const id = next.id;
			this.runs.add( id );
			this.run( id ).then( () => undefined, ( error ) => this.fail( id, error ) ).then( () => {
				this.runs.delete( id );
				this.pump();
			} );
		}
		const running = this.runs.size > 0;
		if ( this.getState().running !== running ) {
			this.store.setState( ( s ) => ( { ...s, running } ) );
		}
	}

	/** One file from queued to published, waiting for a choice, paused, failed or cancelled. */
	private async run( id: string ): Promise<void> {
		const item = this.find( id );
		if ( !item ) {
			return;
		}
		const problem = this.checkBeforeSending( item );
		if ( problem ) {
			this.setStatus( id, { state: 'failed', failure: problem } );
			return;
		}
		if ( item.filekey ) {
			// The bytes are already in the stash: publish them, do not send them again.
			await this.commit( id );
			return;
		}
		if ( !item.resume && ( this.nameChecker || this.contentChecker ) && ( await this.preflightGate( id ) ) === 'stop' ) {
			return;
		}
		if ( this.getState().held ) {
			// *Pause all* came while the file waited for its checks: it stays queued, and
			// *Resume all* starts it again.
			return;
		}
		const controller = new AbortController();
		this.controllers.set( id, controller );
		const { chunkSize, adaptiveChunks } = this.getState().settings;
		const site = this.getState().site;
		const hasher = this.options.hasher;
		const report = this.sendingReport( id, item, controller.signal );
		const stashName = item.resume ? item.resume.stashName : item.fields.filename.trim();
		try {
			const stashed = await sendToStash( this.api, item.source, stashName, {
				chunkSize,
				oneRequestUpTo: this.oneRequestUpTo,
				onOneRequestRefused: () => {
					// This wiki takes no request that big: the next files go in chunks at once.
					this.oneRequestUpTo = 0;
					report.inChunks();
				},
				adaptive: adaptiveChunks ? {
					min: site ? site.minUploadChunkSize : 1,
					max: Math.max( chunkSize, Math.min( MAX_ADAPTIVE_CHUNK, site ? site.maxUploadSize : MAX_ADAPTIVE_CHUNK ) )
				} : undefined,
				asyncFrom: this.asyncFrom(),
				signal: controller.signal,
				hash: hasher ? ( blob, signal ) => hasher.hash( blob, { signal } ) : undefined,
				isClaimed: ( filekey ) => this.getState().items.some( ( i ) =>
					i.id !== id && ( i.filekey === filekey || ( i.resume !== null && i.resume.filekey === filekey ) ) ),
				resumeFrom: item.resume || undefined,
				sleep: ( ms, signal ) => this.wait( id, ms, signal ),
				now: this.options.now,
				onProgress: report.progress,
				onChunk: ( filekey, offset ) => report.resumePoint( filekey, offset, stashName ),
				onRestart: report.restarted,
				onRetry: report.retrying,
				onStage: ( stage ) => this.setStatus( id, { state: 'processing', stage } )
			} );
			if ( controller.signal.aborted ) {
				return;
			}
			// The chunks became one stashed file: nothing left to resume.
			report.stashed();
			this.forgetResume( id );
			this.updateItem( id, ( i ) => ( { ...i, filekey: stashed.filekey, resume: null } ) );
			// A file renamed while its upload was paused went on under its first name: the stash's
			// warnings are that name's. The commit, under the name the user wants now, brings
			// the warnings that are true for it.
			const renamedSince = this.find( id )?.fields.filename.trim() !== stashName;
			if ( stashed.warnings.length && !renamedSince ) {
				if ( this.unacknowledged( id, stashed.warnings ).length ) {
					this.setStatus( id, { state: 'needs-choice', warnings: stashed.warnings } );
					return;
				}
				// Every one of them was chosen about before sending.
				this.updateItem( id, ( i ) => ( { ...i, ignoreWarnings: true } ) );
			}
		} catch ( error ) {
			if ( !( error instanceof AbortError ) ) {
				this.fail( id, error );
			}
			return;
		} finally {
			this.progressDue.delete( id );
			this.release( id, controller );
			this.wakers.delete( id );
		}
		await this.commit( id );
	}

	/**
	 * What a file's card shows while its bytes go (progress, speed, time left, when a retry
	 * comes) and its resume point, kept up to date from what sendToStash reports. Progress alone
	 * waits for the queue's progress tick (see showProgressSoon()); anything else shows at once,
	 * and a pause or a cancel puts the exact point in the store, not one 100 ms old.
	 */
	private sendingReport( id: string, item: UploadItem, signal: AbortSignal ): SendingReport {
		const total = item.size || 0;
		const now = this.options.now || Date.now;
		const meter = new SpeedMeter();
		let chunked = item.source.kind === 'file' && ( !sendsInOneRequest( total, this.getState().settings.chunkSize, this.oneRequestUpTo ) || item.resume !== null );
		let retryAt: number | null = null;
		let sent = item.resume ? item.resume.offset : 0;
		/** The latest resume point, while the store still has an earlier one of the same key. */
		let unshownResume: ResumePoint | null = null;
		const show = ( soon = false ) => {
			if ( !soon ) {
				this.progressDue.delete( id );
			}
			if ( signal.aborted ) {
				return;
			}
			if ( soon && sent < total ) {
				this.showProgressSoon( id, () => {
					if ( this.find( id )?.status.state === 'sending' ) {
						show();
					}
				} );
				return;
			}
			const bytesPerSecond = meter.bytesPerSecond();
			const status: ItemStatus = {
				state: 'sending',
				chunked,
				retryAt,
				progress: { sent, total, bytesPerSecond, secondsLeft: secondsLeft( sent, total, bytesPerSecond ) }
			};
			const resume = unshownResume;
			unshownResume = null;
			this.updateItem( id, ( i ) => ( resume ? { ...i, status, resume } : { ...i, status } ) );
			if ( resume ) {
				this.rememberById( id );
			}
		};
		signal.addEventListener( 'abort', () => {
			const resume = unshownResume;
			unshownResume = null;
			// The bytes sent so far, for the paused file's progress (see pause()).
			this.updateItem( id, ( i ) => {
				const status = i.status.state === 'sending' ? { ...i.status, progress: { ...i.status.progress, sent } } : i.status;
				return resume && i.resume && i.resume.filekey === resume.filekey ? { ...i, status, resume } : { ...i, status };
			} );
			if ( resume ) {
				this.rememberById( id );
			}
		} );
		show();
		return {
			progress: ( bytes ) => {
				sent = bytes;
				meter.add( now(), bytes );
				show( true );
			},
			inChunks: () => {
				chunked = true;
				sent = 0;
				meter.reset();
				show();
			},
			resumePoint: ( filekey, offset, stashName ) => {
				const current = this.find( id );
				const sameKey = current?.resume?.filekey === filekey;
				const resume: ResumePoint = { filekey, offset, stashName, startedAt: sameKey && current?.resume ? current.resume.startedAt : now() };
				if ( sameKey ) {
					// Only the offset moved: shown with the next progress.
					unshownResume = resume;
					return;
				}
				// A new key goes into the store at once: other uploads must see it is taken.
				unshownResume = null;
				this.updateItem( id, ( i ) => ( { ...i, resume } ) );
				this.rememberById( id );
			},
			restarted: () => {
				unshownResume = null;
				this.updateItem( id, ( i ) => ( { ...i, resume: null, notice: 'restarted' } ) );
			},
			retrying: ( at ) => {
				retryAt = at;
				show();
			},
			stashed: () => {
				unshownResume = null;
			}
		};
	}

	/**
	 * Publish the stashed file with every field the user set (and the user's choice about its
	 * warnings). A passing failure is retried; when an answer may have been lost after the wiki
	 * published, the retry finds the key consumed and the file there, uploaded by this user:
	 * that is the success it was, not a failure and never a second version.
	 */
	private async commit( id: string ): Promise<void> {
		const item = this.find( id );
		if ( !item || !item.filekey || item.status.state === 'committing' ) {
			return;
		}
		const site = this.getState().site;
		const asyncFrom = this.asyncFrom();
		const controller = new AbortController();
		this.controllers.set( id, controller );
		this.setStatus( id, { state: 'committing' } );
		const params: CommitParams = {
			filekey: item.filekey,
			filename: item.fields.filename.trim(),
			comment: item.fields.comment,
			text: item.fields.text,
			tags: parseTags( item.fields.tags ),
			watchlist: item.fields.watchlist,
			ignorewarnings: item.ignoreWarnings,
			async: ( item.size || 0 ) >= asyncFrom
		};
		if ( site && site.watchlistExpiryEnabled && item.fields.watchlist === 'watch' && item.fields.watchlistExpiry ) {
			params.watchlistexpiry = item.fields.watchlistExpiry;
		}
		const signal = controller.signal;
		try {
			let answer = await this.sendCommit( id, params, signal, item.size );
			if ( answer.result === 'Poll' ) {
				this.setStatus( id, { state: 'processing', stage: answer.stage || 'queued', publishing: true } );
				answer = await pollUntilDone( this.api, params.filekey, {
					signal,
					chunkSize: 0,
					asyncFrom: 0,
					sleep: ( ms, s ) => this.wait( id, ms, s ),
					now: this.options.now,
					onProgress: () => undefined,
					onRetry: () => undefined,
					onStage: ( stage ) => this.setStatus( id, { state: 'processing', stage, publishing: true } )
				} );
			}
			if ( signal.aborted ) {
				return;
			}
			if ( answer.result === 'Success' ) {
				this.setStatus( id, {
					state: 'done',
					filename: answer.filename || params.filename,
					descriptionUrl: String( answer.imageinfo?.descriptionurl || '' )
				} );
				this.updateItem( id, ( i ) => ( { ...i, filekey: null } ) );
				// Names that depend on this one (the same, another spelling, a thumbnail's) are asked
				// again; this file's own is not: it is done (asking would cost a request per file).
				this.nameChecker?.forget( id );
				this.nameChecker?.invalidate( [ answer.filename || params.filename ] );
				return;
			}
			// Warnings at commit come with a NEW filekey: the old one stays valid too, but the
			// new one is the one these warnings are about.
			const warnings = parseWarnings( answer.warnings );
			this.updateItem( id, ( i ) => ( { ...i, filekey: answer.filekey || i.filekey } ) );
			this.setStatus( id, warnings.length ?
				{ state: 'needs-choice', warnings } :
				{ state: 'failed', failure: clientFailure( 'unexpected-answer', [ answer.result ] ) } );
		} catch ( error ) {
			if ( !( error instanceof AbortError ) ) {
				this.fail( id, error );
			}
		} finally {
			this.release( id, controller );
		}
	}

	/**
	 * Forget a finished request's controller, unless a newer request of the same file has
	 * replaced it already (cancel, retry, then cancel again): that one must stay abortable.
	 */
	private release( id: string, controller: AbortController ): void {
		if ( this.controllers.get( id ) === controller ) {
			this.controllers.delete( id );
		}
	}

	/** The commit request, tried again after passing failures, never publishing twice. */
	private async sendCommit( id: string, params: CommitParams, signal: AbortSignal, size: number | null ): Promise<UploadResponse> {
		let answerMayBeLost = false;
		for ( let attempt = 1; ; attempt++ ) {
			try {
				return await this.api.commit( params, { signal } );
			} catch ( error ) {
				if ( error instanceof AbortError ) {
					throw error;
				}
				// "Upload from stash already in progress": an earlier publish of this key runs
				// on the server; wait for it instead of publishing twice.
				if ( error instanceof ApiError && error.code === 'publishfailed' && /in progress/i.test( error.info ) ) {
					return { result: 'Poll', stage: 'queued' };
				}
				if ( answerMayBeLost && error instanceof ApiError && error.code === 'uploadstash-file-not-found' ) {
					const version = await this.api.latestVersion( params.filename );
					const user = this.getState().site?.userName;
					if ( version && user && version.user === user && ( size === null || version.size === size ) ) {
						return { result: 'Success', filename: params.filename };
					}
					throw error;
				}
				const delay = describeFailure( error ).transient ? retryDelay( attempt ) : null;
				if ( delay === null ) {
					throw error;
				}
				// No answer (or no JSON) came back: the wiki may have published already.
				answerMayBeLost = answerMayBeLost || error instanceof HttpError;
				await this.wait( id, delay, signal );
			}
		}
	}

	/**
	 * Files at least this big are assembled and published asynchronously: by the wiki's job
	 * queue, polled with checkstatus. That costs the job queue's delay and the polls, seconds
	 * where a synchronous assembly of a few hundred MB takes about one, so only files big enough
	 * for a request to risk a timeout while the server assembles them go that way (and files
	 * of the wiki's largest size, which it may take long for).
	 */
	private asyncFrom(): number {
		const site = this.getState().site;
		return Math.min( this.options.asyncFrom ?? DEFAULT_ASYNC_FROM, site ? site.maxUploadSize : Infinity );
	}

	/** A wait before a retry or a poll that "retry now" and cancel can cut short. */
	private wait( id: string, ms: number, signal?: AbortSignal ): Promise<void> {
		const sleep = this.options.sleep || realSleep;
		return new Promise<void>( ( resolve, reject ) => {
			this.wakers.set( id, resolve );
			sleep( ms, signal ).then( resolve, reject );
		} ).finally( () => this.wakers.delete( id ) );
	}

	private checkBeforeSending( item: UploadItem ) {
		const site = this.getState().site;
		const nameProblem = validateName( item.fields.filename );
		if ( nameProblem ) {
			return clientFailure( nameProblem );
		}
		if ( item.filekey ) {
			return null;
		}
		if ( item.source.kind === 'file' ) {
			if ( item.source.file.size === 0 ) {
				return clientFailure( 'empty-file' );
			}
			// The server would truncate an oversized chunked upload without a word.
			if ( site && item.source.file.size > site.maxUploadSize ) {
				return clientFailure( 'file-too-large-local', [ String( item.source.file.size ), String( site.maxUploadSize ) ] );
			}
		}
		return null;
	}

	private fail( id: string, error: unknown ): void {
		const failure = describeFailure( error );
		if ( /^(uploadstash-file-not-found|invalid-file-key|uploadstash-bad-path|stashfailed)$/.test( failure.code ) ) {
			// The stashed bytes are gone or unusable: a retry must send the file again.
			this.forgetResume( id );
			this.updateItem( id, ( i ) => ( { ...i, filekey: null, resume: null } ) );
		}
		this.setStatus( id, { state: 'failed', failure } );
	}

	/**
	 * Shows the progress of every upload under way at most every PROGRESS_INTERVAL_MS, all in one
	 * change of the store, on a timer of its own. Each change renders the whole dialog (with a
	 * hundred files listed, layout and paint cost more than the script), so three uploads at once
	 * must not make three renders; and a render in the gap between a chunk's answer and the next
	 * chunk's request would delay every chunk.
	 */
	private showProgressSoon( id: string, show: () => void ): void {
		this.progressDue.set( id, show );
		if ( this.progressTicker !== null ) {
			return;
		}
		this.progressTicker = setTimeout( () => {
			this.progressTicker = null;
			const due = Array.from( this.progressDue.values() );
			this.progressDue.clear();
			this.store.batch( () => due.forEach( ( each ) => each() ) );
		}, PROGRESS_INTERVAL_MS );
	}

	/** The upload's resume record is of no more use: off the storage, and no save pending. */
	private forgetResume( id: string ): void {
		this.resumeStore.remove( id );
		this.savedResume.delete( id );
		const timer = this.resumeSaveTimers.get( id );
		if ( timer !== undefined ) {
			clearTimeout( timer );
			this.resumeSaveTimers.delete( id );
		}
	}

	private rememberById( id: string ): void {
		const item = this.find( id );
		if ( item ) {
			this.remember( item );
		}
	}

	/**
	 * Keeps a chunked upload's resume point across page loads (never the bytes). A new stash key
	 * is written at once; later offsets of the same key at most every RESUME_SAVE_INTERVAL_MS,
	 * the last one always: the record is one localStorage write of every upload's record, and a
	 * chunk's gap is no place for it. An offset a little behind costs nothing on resuming: the
	 * server names its own, and the upload goes on from there.
	 */
	private remember( item: UploadItem, now = ( this.options.now || Date.now )(), due = false ): void {
		if ( item.source.kind !== 'file' || !item.resume ) {
			return;
		}
		const saved = this.savedResume.get( item.id );
		if ( !due && saved && saved.filekey === item.resume.filekey && now - saved.at < RESUME_SAVE_INTERVAL_MS ) {
			if ( !this.resumeSaveTimers.has( item.id ) ) {
				this.resumeSaveTimers.set( item.id, setTimeout( () => {
					this.resumeSaveTimers.delete( item.id );
					const current = this.find( item.id );
					if ( current ) {
						this.remember( current, ( this.options.now || Date.now )(), true );
					}
				}, RESUME_SAVE_INTERVAL_MS - ( now - saved.at ) ) );
			}
			return;
		}
		this.savedResume.set( item.id, { filekey: item.resume.filekey, at: now } );
		const file = item.source.file;
		const resume = item.resume;
		void fingerprint( file ).then( ( print ) => {
			// Only while the upload still has this resume point (it may be done by now).
			if ( this.find( item.id )?.resume?.filekey === resume.filekey ) {
				this.resumeStore.save( {
					id: item.id,
					name: file.name,
					size: file.size,
					lastModified: file.lastModified,
					fingerprint: print,
					fields: this.find( item.id )?.fields || item.fields,
					resume: this.find( item.id )?.resume || resume
				} );
			}
		} );
	}

	/** Uploads an earlier page left unfinished join the list, waiting for their files. */
	private restoreInterrupted(): void {
		const now = ( this.options.now || Date.now )();
		const present = new Set( this.getState().items.map( ( i ) => i.id ) );
		const restored: UploadItem[] = [];
		for ( const record of this.resumeStore.list() ) {
			if ( present.has( record.id ) ) {
				continue;
			}
			const item = this.newItem(
				{ kind: 'missing', name: record.name, size: record.size, lastModified: record.lastModified, fingerprint: record.fingerprint },
				record.name,
				record.size,
				record.fields
			);
			// Keep the record's id: the store and the item stay one.
			item.id = record.id;
			item.resume = record.resume;
			item.status = { state: 'interrupted', sent: record.resume.offset, expiresAt: record.resume.startedAt + STASH_MAX_AGE_MS, mismatch: false };
			if ( item.status.expiresAt > now ) {
				restored.push( item );
			} else {
				this.resumeStore.remove( record.id );
			}
		}
		this.append( restored );
	}

	private newItem( source: Source, label: string, size: number | null, fields: UploadFields ): UploadItem {
		return {
			// Unique across page loads too: resume records are keyed by it.
			id: `file-${ ( this.options.now || Date.now )().toString( 36 ) }-${ this.nextId++ }`,
			source,
			label,
			size,
			fields,
			status: { state: 'ready' },
			filekey: null,
			resume: null,
			notice: null,
			ignoreWarnings: false,
			overrides: [],
			precheck: { name: null, content: null },
			acknowledged: []
		};
	}

	private append( items: UploadItem[] ): void {
		if ( items.length ) {
			this.store.setState( ( s ) => ( { ...s, items: s.items.concat( items ) } ) );
		}
	}

	private find( id: string ): UploadItem | undefined {
		return this.getState().items.find( ( i ) => i.id === id );
	}

	private updateItem( id: string, update: ( item: UploadItem ) => UploadItem ): void {
		this.store.setState( ( s ) => {
			let changed = false;
			const items = s.items.map( ( i ) => {
				if ( i.id !== id ) {
					return i;
				}
				const next = update( i );
				changed = changed || next !== i;
				return next;
			} );
			return changed ? { ...s, items } : s;
		} );
	}

	private setStatus( id: string, status: ItemStatus ): void {
		this.updateItem( id, ( i ) => ( { ...i, status } ) );
	}
}

/**
 * Waits for `work` (whatever its outcome) but no longer than `ms`. A real timer: the checks' own
 * waits may be faked in tests, this patience is the user's time.
 */
function waitAtMost( work: Promise<unknown>, ms: number ): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<void>( ( resolve ) => {
		timer = setTimeout( resolve, ms );
	} );
	return Promise.race( [ work.then( () => undefined, () => undefined ), timeout ] ).then( () => clearTimeout( timer ) );
}

/** A target name from a URL: its last path segment, decoded. */
export function nameFromUrl( url: string ): string {
	try {
		const path = new URL( url ).pathname;
		return decodeURIComponent( path.slice( path.lastIndexOf( '/' ) + 1 ) );
	} catch ( e ) {
		return '';
	}
}
