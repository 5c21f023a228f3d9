/**
 * The dialog's list of files and the intents the UI sends: add, edit, start, pause, resume,
 * cancel, retry, resolve warnings, pick a remembered file again. The queue owns the list and the
 * settings; each file's journey is its UploadJob's (uploadJob.ts), whose turn the Scheduler gives
 * (scheduler.ts), past the checks before sending (checksGate.ts). Whenever a file leaves the
 * states that need a run, its job is stopped here, in one place (onStatusChanged()), so no run
 * outlives its reason and no slot is held by a file that waits for nothing.
 */
import type { FileHasher } from '../hash/hasher';
import { ChecksGate, type ChecksOptions } from './checksGate';
import { DEFAULT_CHUNK_SIZE, MiB, ONE_REQUEST_UP_TO, effectiveChunkSize } from './chunks';
import { ItemStore, withFilename } from './items';
import { restoreInterrupted } from './interrupted';
import { isActive, isCancellable, isEditable, isRetryable, type DialogState, type ItemStatus, type SharedFields, type UploadFields } from './model';
import { defaultFields, nameFromUrl } from './names';
import { namedByPattern, withSharedFields } from './batchFields';
import type { PageTextSetup } from './describedText';
import type { UploadApi } from './ports';
import type { PhotoDesk, PhotoTools } from './photos';
import { ProgressTicker } from './progressTicker';
import { ResumeStore, fingerprint } from './resume';
import { Scheduler, holdsSlot } from './scheduler';
import { DEFAULT_MAX_FILES, DEFAULT_PARALLEL, withChunkSize, withMaxFiles, withParallel } from './settings';
import { Store } from './store';
import type { TransferOptions } from './transfer';
import { UploadJob } from './uploadJob';
import { resolveChoice, type Resolution } from './choices';
export type { Resolution } from './choices';

export { DEFAULT_PARALLEL, MAX_PARALLEL, DEFAULT_MAX_FILES, MAX_MAX_FILES } from './settings';

/** Files from this size on are assembled and published by the job queue (see asyncFrom()). */
export const DEFAULT_ASYNC_FROM = 512 * MiB;

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
	preflight?: ChecksOptions;
	/** How long a file waits for its name's check before it is sent anyway. */
	nameCheckPatienceMs?: number;
	/** Whether chunks start adaptive (the default) or fixed, until the user changes it. */
	adaptiveChunks?: boolean;
	/** Reads photos' metadata and removes their location (none: photos are not read). */
	photoTools?: PhotoTools;
	sleep?: TransferOptions[ 'sleep' ];
	now?: () => number;
}

export class UploadQueue {
	readonly store: Store<DialogState>;
	private readonly items: ItemStore;
	private readonly options: QueueOptions;
	private readonly resumeStore: ResumeStore;
	private readonly scheduler: Scheduler;
	private readonly gate: ChecksGate;
	readonly photos: PhotoDesk;
	private readonly ticker: ProgressTicker;
	private readonly jobs = new Map<string, UploadJob>();
	private readonly transfer: { oneRequestUpTo: number; asyncFrom(): number };
	private readonly api: UploadApi;

	constructor( api: UploadApi, options: QueueOptions = {} ) {
		this.api = api;
		this.options = options;
		const now = options.now || Date.now;
		this.resumeStore = options.resumeStore || new ResumeStore( null, '' );
		this.store = new Store<DialogState>( {
			items: [],
			// Adaptive chunks by default: the first chunk is DEFAULT_CHUNK_SIZE, later ones grow
			// while they come back fast and shrink after a failure (adaptive.ts).
			settings: { chunkSize: DEFAULT_CHUNK_SIZE, adaptiveChunks: options.adaptiveChunks ?? true, parallel: DEFAULT_PARALLEL, maxFiles: DEFAULT_MAX_FILES },
			site: null,
			running: false,
			held: false,
			refused: null,
			batch: { fields: {}, pattern: '' }
		} );
		this.items = new ItemStore( this.store, now, ( id, before, after ) => this.onStatusChanged( id, before, after ) );
		this.ticker = new ProgressTicker( this.store );
		this.scheduler = new Scheduler( this.items, ( id ) => this.job( id ).start() );
		this.gate = new ChecksGate( {
			items: this.items,
			checks: options.preflight,
			hasher: options.hasher,
			photoTools: options.photoTools,
			nameCheckPatienceMs: options.nameCheckPatienceMs,
			sleep: options.sleep,
			onWarningsWhileSending: ( id, warnings ) => this.items.setStatus( id, { state: 'needs-choice', warnings, early: true } )
		} );
		this.photos = this.gate.photos;
		this.transfer = {
			oneRequestUpTo: options.oneRequestUpTo ?? ONE_REQUEST_UP_TO,
			// Files this big are assembled and published by the wiki's job queue, polled: that costs
			// seconds where a synchronous assembly takes about one, so only files big enough to risk
			// a request's timeout go that way (and files of the wiki's largest size).
			asyncFrom: () => {
				const site = this.getState().site;
				return Math.min( this.options.asyncFrom ?? DEFAULT_ASYNC_FROM, site ? site.maxUploadSize : Infinity );
			}
		};
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
		this.items.append( restoreInterrupted( this.resumeStore, this.items, ( this.options.now || Date.now )() ) );
		this.gate.siteLoaded( site );
		// Files the user started before the limits were known go now.
		this.scheduler.pump();
	}

	addFiles( files: Iterable<File> ): void {
		const { batch, settings, items } = this.getState();
		const all = Array.from( files );
		const room = Math.max( 0, settings.maxFiles - items.length );
		const added = all.slice( 0, room ).map( ( file ) =>
			this.items.create( { kind: 'file', file }, file.name, file.size, { ...defaultFields( file.name ), ...batch.fields } ) );
		const refusedCount = all.length - added.length;
		this.store.setState( ( s ) => ( { ...s, refused: refusedCount ? { count: refusedCount, max: settings.maxFiles } : null } ) );
		this.items.append( added );
		if ( this.getState().batch.pattern ) {
			this.renameByPattern();
		}
		added.forEach( ( item ) => this.gate.added( item ) );
		this.gate.checkNames();
	}

	addUrl( url: string ): void {
		const trimmed = url.trim();
		if ( trimmed ) {
			this.items.append( [ this.items.create( { kind: 'url', url: trimmed }, trimmed, null, defaultFields( nameFromUrl( trimmed ) ) ) ] );
		}
	}

	updateFields( id: string, patch: Partial<UploadFields> ): void {
		const keys = Object.keys( patch ) as Array<keyof UploadFields>;
		this.items.update( id, ( item ) => ( isEditable( item.status ) ? {
			...withFilename( item, patch.filename !== undefined ? patch.filename : item.fields.filename ),
			fields: { ...item.fields, ...patch },
			overrides: item.overrides.concat( keys.filter( ( k ) => item.overrides.indexOf( k ) === -1 ) )
		} : item ) );
		if ( this.items.find( id )?.resume ) {
			this.jobs.get( id )?.keeper.remember();
		}
		if ( patch.filename !== undefined ) {
			this.gate.checkNames();
		}
	}

	remove( id: string ): void {
		const item = this.items.find( id );
		if ( !item || isActive( item.status ) ) {
			return;
		}
		this.job( id ).stop();
		this.job( id ).keeper.forget();
		this.jobs.delete( id );
		this.items.remove( id );
		this.gate.forget( id );
	}

	/**
	 * Fields set once for the batch: every file that can still be edited takes them, except
	 * where the user set that field for the file alone; files added later take them too.
	 */
	setSharedFields( patch: Partial<SharedFields> ): void {
		this.store.setState( ( s ) => ( {
			...s,
			batch: { ...s.batch, fields: { ...s.batch.fields, ...patch } },
			items: withSharedFields( s.items, patch )
		} ) );
	}

	/** Name the files by a pattern ("Trip 2026 - $n"); '' gives each file its own name back. */
	setPattern( pattern: string ): void {
		this.store.setState( ( s ) => ( { ...s, batch: { ...s.batch, pattern } } ) );
		this.renameByPattern();
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

	/** Queue every file that is ready and work through the list. */
	start(): void {
		this.getState().items.filter( ( i ) => i.status.state === 'ready' ).forEach( ( i ) => this.items.setStatus( i.id, { state: 'queued' } ) );
		this.scheduler.pump();
	}

	/** Try a failed or cancelled file again: from the stash if its bytes are there. */
	retry( id: string ): void {
		const item = this.items.find( id );
		if ( item && ( item.status.state === 'failed' || item.status.state === 'cancelled' ) ) {
			this.items.setStatus( id, { state: 'queued' } );
			this.scheduler.pump();
		}
	}

	/** Try every failed file again where that can help (not the cancelled ones: the user stopped those). */
	retryFailed(): void {
		this.getState().items.filter( isRetryable ).forEach( ( i ) => this.retry( i.id ) );
	}

	/** During a wait before a retry: try now instead. */
	retryNow( id: string ): void {
		this.jobs.get( id )?.wake();
	}

	/** Stop a chunked upload where it is; resume() goes on from the server's offset. */
	pause( id: string ): void {
		const item = this.items.find( id );
		if ( !item || item.status.state !== 'sending' || !item.status.chunked ) {
			return;
		}
		// Stopped first: that puts the latest progress into the store.
		this.job( id ).stop();
		const current = this.items.find( id ) || item;
		const progress = current.status.state === 'sending' ? current.status.progress : item.status.progress;
		this.items.setStatus( id, { state: 'paused', progress: { ...progress, bytesPerSecond: null, secondsLeft: null } } );
	}

	resume( id: string ): void {
		if ( this.items.find( id )?.status.state === 'paused' ) {
			this.items.setStatus( id, { state: 'queued' } );
			this.scheduler.pump();
		}
	}

	/** Nothing new starts; chunked uploads stop where they are (small ones finish). */
	pauseAll(): void {
		this.store.setState( ( s ) => ( { ...s, held: true } ) );
		this.getState().items.forEach( ( i ) => this.pause( i.id ) );
	}

	resumeAll(): void {
		this.store.setState( ( s ) => ( { ...s, held: false } ) );
		this.getState().items.filter( ( i ) => i.status.state === 'paused' ).forEach( ( i ) => this.items.setStatus( i.id, { state: 'queued' } ) );
		this.scheduler.pump();
	}

	/** Stop this file now: its requests are aborted and nothing is published. */
	cancel( id: string ): void {
		const item = this.items.find( id );
		if ( !item || !isCancellable( item.status ) ) {
			return;
		}
		this.job( id ).stop();
		this.job( id ).keeper.forget();
		this.items.update( id, ( i ) => ( { ...i, resume: null, status: { state: 'cancelled' } } ) );
	}

	cancelAll(): void {
		this.getState().items.forEach( ( i ) => this.cancel( i.id ) );
	}

	/**
	 * The file of an interrupted upload, picked again: if it is the same file (name, size, last
	 * change and the fingerprint of its ends), the upload goes on from the server's offset.
	 */
	async reattach( id: string, file: File ): Promise<boolean> {
		const item = this.items.find( id );
		if ( !item || item.status.state !== 'interrupted' || item.source.kind !== 'missing' ) {
			return false;
		}
		const expected = item.source;
		const same = file.size === expected.size && file.lastModified === expected.lastModified &&
			( await fingerprint( file ) ) === expected.fingerprint;
		const now = this.items.find( id );
		if ( !now || now.status.state !== 'interrupted' ) {
			return false;
		}
		if ( !same ) {
			this.items.setStatus( id, { ...now.status, mismatch: true } );
			return false;
		}
		this.items.update( id, ( i ) => ( { ...i, source: { kind: 'file', file }, status: { state: 'queued' } } ) );
		this.scheduler.pump();
		return true;
	}

	/** The user's answer to a file's warnings (from the stash, or `early`, before sending). */
	resolve( id: string, resolution: Resolution ): void {
		resolveChoice( {
			items: this.items,
			gate: this.gate,
			job: ( jobId ) => this.job( jobId ),
			rename: ( jobId, filename ) => this.updateFields( jobId, { filename } ),
			pump: () => this.scheduler.pump()
		}, id, resolution );
	}

	/** Whether any file is on its way: leaving now would lose work. */
	isBusy(): boolean {
		return this.getState().items.some( ( i ) => isActive( i.status ) );
	}

	/** The user's chunk size in bytes; the wiki's minimum wins. */
	setChunkSize( bytes: number ): void {
		this.store.setState( ( s ) => withChunkSize( s, bytes ) );
	}

	/** Let the chunk size follow the connection (from the chunk size set, within the wiki's limits). */
	setAdaptiveChunks( on: boolean ): void {
		this.store.setState( ( s ) => ( { ...s, settings: { ...s.settings, adaptiveChunks: on } } ) );
	}

	/** How many files the list takes. */
	setMaxFiles( count: number ): void {
		this.store.setState( ( s ) => withMaxFiles( s, count ) );
	}

	/** How many files upload at once (each file's chunks still go one after another). */
	setParallel( count: number ): void {
		this.store.setState( ( s ) => withParallel( s, count ) );
		this.scheduler.pump();
	}

	/** How the wiki wants files described (its headings, page format, allowed tags): every commit follows it. */
	setDescribeSetup( describe: PageTextSetup ): void {
		this.store.setState( ( s ) => ( { ...s, describe } ) );
	}

	/** The files holding a slot, and whether each has a run (for invariants: a slot without one is a defect). */
	slots(): Array<{ id: string; running: boolean }> {
		return this.scheduler.holders().map( ( id ) => ( { id, running: !!this.jobs.get( id )?.running } ) );
	}

	/** The file's job, made when first needed. */
	private job( id: string ): UploadJob {
		let job = this.jobs.get( id );
		if ( !job ) {
			job = new UploadJob( id, {
				api: this.api,
				items: this.items,
				gate: this.gate,
				ticker: this.ticker,
				resumeStore: this.resumeStore,
				hasher: this.options.hasher,
				sleep: this.options.sleep,
				now: this.options.now || Date.now,
				transfer: this.transfer,
				isClaimed: ( own, filekey ) => this.getState().items.some( ( i ) =>
					i.id !== own && ( i.filekey === filekey || ( i.resume !== null && i.resume.filekey === filekey ) ) ),
				release: ( jobId ) => this.scheduler.release( jobId )
			} );
			this.jobs.set( id, job );
		}
		return job;
	}

	/**
	 * Every change of a file's state comes by here. Any change is a sign of life for its job's
	 * watchdog; leaving the states that need a run stops the run and frees its slot, whoever
	 * made the change (the job itself, an intent, a check's answer).
	 */
	private onStatusChanged( id: string, _before: ItemStatus, after: ItemStatus ): void {
		const job = this.jobs.get( id );
		if ( !job ) {
			return;
		}
		job.touch();
		if ( !holdsSlot( after ) ) {
			job.stop();
		}
	}

	/** The names the pattern gives (batchFields.ts), asked about at once. */
	private renameByPattern(): void {
		this.store.setState( ( s ) => ( { ...s, items: namedByPattern( s.items, s.batch.pattern ) } ) );
		this.gate.checkNames();
	}
}
