/**
 * The list of files and the intents the UI sends: add, edit, start, cancel, retry, resolve
 * warnings. Files are uploaded one after another; each goes to the stash first and is published
 * by filekey only when no warning waits for the user's choice.
 */
import { AbortError, ApiError } from '../api/errors';
import type { CommitParams, UploadResponse } from '../api/types';
import { DEFAULT_CHUNK_SIZE, MiB, effectiveChunkSize } from './chunks';
import { clientFailure, describeFailure } from './failures';
import type { DialogState, ItemStatus, Source, UploadFields, UploadItem } from './model';
import { isActive, isEditable } from './model';
import { defaultFields, parseTags, validateName } from './names';
import type { UploadApi } from './ports';
import { SpeedMeter, secondsLeft } from './progress';
import { pollUntilDone, sendToStash, type TransferOptions } from './transfer';
import { Store } from './store';
import { canIgnore, parseWarnings } from './warnings';

export type Resolution =
	/** Try again under another name: the server checks the new name's warnings. */
	| { kind: 'rename'; filename: string }
	/** Publish despite the warnings (overwrites where `exists` said so). */
	| { kind: 'ignore' }
	/** Publish nothing. */
	| { kind: 'cancel' };

export interface QueueOptions {
	/** Files at least this big are assembled and published asynchronously. */
	asyncFrom?: number;
	sleep?: TransferOptions[ 'sleep' ];
	now?: () => number;
}

export class UploadQueue {
	readonly store: Store<DialogState>;
	private readonly api: UploadApi;
	private readonly options: QueueOptions;
	private readonly controllers = new Map<string, AbortController>();
	private nextId = 1;
	private pumping = false;

	constructor( api: UploadApi, options: QueueOptions = {} ) {
		this.api = api;
		this.options = options;
		this.store = new Store<DialogState>( {
			items: [],
			settings: { chunkSize: DEFAULT_CHUNK_SIZE },
			site: null,
			running: false
		} );
	}

	getState(): DialogState {
		return this.store.getState();
	}

	/** Loads the wiki's limits and the user's rights; the dialog waits for it. */
	async loadSite(): Promise<void> {
		const site = await this.api.siteInfo();
		this.store.setState( ( s ) => ( {
			...s,
			site,
			settings: { ...s.settings, chunkSize: effectiveChunkSize( s.settings.chunkSize, site.minUploadChunkSize ) }
		} ) );
	}

	addFiles( files: Iterable<File> ): void {
		const added: UploadItem[] = [];
		for ( const file of Array.from( files ) ) {
			added.push( this.newItem( { kind: 'file', file }, file.name, file.size, defaultFields( file.name ) ) );
		}
		this.append( added );
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
		this.updateItem( id, ( item ) => ( isEditable( item.status ) ? { ...item, fields: { ...item.fields, ...patch } } : item ) );
	}

	remove( id: string ): void {
		const item = this.find( id );
		if ( !item || isActive( item.status ) ) {
			return;
		}
		this.store.setState( ( s ) => ( { ...s, items: s.items.filter( ( i ) => i.id !== id ) } ) );
	}

	/** The user's chunk size in bytes; the wiki's minimum wins. */
	setChunkSize( bytes: number ): void {
		this.store.setState( ( s ) => ( {
			...s,
			settings: { ...s.settings, chunkSize: effectiveChunkSize( bytes, s.site ? s.site.minUploadChunkSize : 1 ) }
		} ) );
	}

	/** Queue every file that is ready and work through the list. */
	start(): void {
		this.store.setState( ( s ) => ( {
			...s,
			items: s.items.map( ( i ) => ( i.status.state === 'ready' ? { ...i, status: { state: 'queued' } as ItemStatus } : i ) )
		} ) );
		void this.pump();
	}

	/** Try a failed or cancelled file again: from the stash if its bytes are there. */
	retry( id: string ): void {
		const item = this.find( id );
		if ( !item || ( item.status.state !== 'failed' && item.status.state !== 'cancelled' ) ) {
			return;
		}
		this.setStatus( id, { state: 'queued' } );
		void this.pump();
	}

	/** Stop this file now: its requests are aborted and nothing is published. */
	cancel( id: string ): void {
		const item = this.find( id );
		if ( !item || !( isActive( item.status ) || item.status.state === 'needs-choice' ) ) {
			return;
		}
		this.controllers.get( id )?.abort();
		this.setStatus( id, { state: 'cancelled' } );
	}

	cancelAll(): void {
		this.getState().items.forEach( ( i ) => this.cancel( i.id ) );
	}

	/** The user's answer to the warnings of a stashed file. */
	resolve( id: string, resolution: Resolution ): void {
		const item = this.find( id );
		// Only from needs-choice: a second click finds the item committing and does nothing.
		if ( !item || item.status.state !== 'needs-choice' || !item.filekey ) {
			return;
		}
		if ( resolution.kind === 'cancel' ) {
			this.setStatus( id, { state: 'cancelled' } );
			return;
		}
		if ( resolution.kind === 'rename' ) {
			const problem = validateName( resolution.filename );
			if ( problem ) {
				return;
			}
			this.updateItem( id, ( i ) => ( { ...i, fields: { ...i.fields, filename: resolution.filename.trim() } } ) );
			void this.commit( id, false );
			return;
		}
		if ( !canIgnore( item.status.warnings ) ) {
			return;
		}
		void this.commit( id, true );
	}

	/** Whether any file is on its way: leaving now would lose work. */
	isBusy(): boolean {
		return this.getState().items.some( ( i ) => isActive( i.status ) );
	}

	private async pump(): Promise<void> {
		if ( this.pumping ) {
			return;
		}
		this.pumping = true;
		this.store.setState( ( s ) => ( { ...s, running: true } ) );
		try {
			for ( ;; ) {
				const next = this.getState().items.find( ( i ) => i.status.state === 'queued' );
				if ( !next ) {
					break;
				}
				await this.run( next.id );
			}
		} finally {
			this.pumping = false;
			this.store.setState( ( s ) => ( { ...s, running: false } ) );
		}
	}

	/** One file from queued to published, waiting for a choice, failed or cancelled. */
	private async run( id: string ): Promise<void> {
		const item = this.find( id );
		const site = this.getState().site;
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
			await this.commit( id, false );
			return;
		}
		const controller = new AbortController();
		this.controllers.set( id, controller );
		const total = item.size || 0;
		const meter = new SpeedMeter();
		const now = this.options.now || Date.now;
		let retryAt: number | null = null;
		let sent = 0;
		const showSending = () => {
			const bytesPerSecond = meter.bytesPerSecond();
			this.setStatus( id, {
				state: 'sending',
				chunked: item.source.kind === 'file' && total > this.getState().settings.chunkSize,
				retryAt,
				progress: { sent, total, bytesPerSecond, secondsLeft: secondsLeft( sent, total, bytesPerSecond ) }
			} );
		};
		showSending();
		try {
			const stashed = await sendToStash( this.api, item.source, item.fields.filename.trim(), {
				chunkSize: this.getState().settings.chunkSize,
				asyncFrom: Math.min( this.options.asyncFrom ?? 100 * MiB, site ? site.maxUploadSize : Infinity ),
				signal: controller.signal,
				sleep: this.options.sleep,
				now: this.options.now,
				onProgress: ( bytes ) => {
					sent = bytes;
					meter.add( now(), bytes );
					showSending();
				},
				onRetry: ( at ) => {
					retryAt = at;
					showSending();
				},
				onStage: ( stage ) => this.setStatus( id, { state: 'processing', stage } )
			} );
			this.updateItem( id, ( i ) => ( { ...i, filekey: stashed.filekey } ) );
			if ( controller.signal.aborted ) {
				return;
			}
			if ( stashed.warnings.length ) {
				this.setStatus( id, { state: 'needs-choice', warnings: stashed.warnings } );
				return;
			}
		} catch ( error ) {
			this.fail( id, error );
			return;
		} finally {
			this.controllers.delete( id );
		}
		await this.commit( id, false );
	}

	/** Publish the stashed file with every field the user set. */
	private async commit( id: string, ignoreWarnings: boolean ): Promise<void> {
		const item = this.find( id );
		if ( !item || !item.filekey || item.status.state === 'committing' ) {
			return;
		}
		const site = this.getState().site;
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
			ignorewarnings: ignoreWarnings,
			async: ( item.size || 0 ) >= ( this.options.asyncFrom ?? 100 * MiB )
		};
		if ( site && site.watchlistExpiryEnabled && item.fields.watchlist === 'watch' && item.fields.watchlistExpiry ) {
			params.watchlistexpiry = item.fields.watchlistExpiry;
		}
		const transfer = {
			signal: controller.signal,
			sleep: this.options.sleep,
			now: this.options.now,
			onRetry: () => undefined
		};
		try {
			let answer: UploadResponse;
			try {
				answer = await this.api.commit( params, { signal: controller.signal } );
			} catch ( error ) {
				// "Upload from stash already in progress": an earlier publish of this key runs
				// on the server; wait for it instead of publishing twice.
				if ( error instanceof ApiError && error.code === 'publishfailed' && /in progress/i.test( error.info ) ) {
					answer = { result: 'Poll', stage: 'queued' };
				} else {
					throw error;
				}
			}
			if ( answer.result === 'Poll' ) {
				this.setStatus( id, { state: 'processing', stage: answer.stage || 'queued' } );
				answer = await pollUntilDone( this.api, params.filekey, {
					...transfer,
					chunkSize: 0,
					asyncFrom: 0,
					onProgress: () => undefined,
					onStage: ( stage ) => this.setStatus( id, { state: 'processing', stage } )
				} );
			}
			if ( controller.signal.aborted ) {
				return;
			}
			if ( answer.result === 'Success' ) {
				this.setStatus( id, {
					state: 'done',
					filename: answer.filename || params.filename,
					descriptionUrl: String( answer.imageinfo?.descriptionurl || '' )
				} );
				this.updateItem( id, ( i ) => ( { ...i, filekey: null } ) );
				return;
			}
			// Warnings at commit come with a NEW filekey: the old one stays valid too, but the
			// new one is the one these warnings are about.
			const warnings = parseWarnings( answer.warnings );
			this.updateItem( id, ( i ) => ( { ...i, filekey: answer.filekey || i.filekey } ) );
			if ( warnings.length ) {
				this.setStatus( id, { state: 'needs-choice', warnings } );
			} else {
				this.setStatus( id, { state: 'failed', failure: clientFailure( 'unexpected-answer', [ answer.result ] ) } );
			}
		} catch ( error ) {
			this.fail( id, error );
		} finally {
			this.controllers.delete( id );
		}
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
		if ( error instanceof AbortError ) {
			// Cancelled on purpose: cancel() has set the state already.
			return;
		}
		const failure = describeFailure( error );
		if ( /^(uploadstash-file-not-found|invalid-file-key|uploadstash-bad-path|stashfailed)$/.test( failure.code ) ) {
			// The stashed bytes are gone or unusable: a retry must send the file again.
			this.updateItem( id, ( i ) => ( { ...i, filekey: null } ) );
		}
		this.setStatus( id, { state: 'failed', failure } );
	}

	private newItem( source: Source, label: string, size: number | null, fields: UploadFields ): UploadItem {
		return { id: `file-${ this.nextId++ }`, source, label, size, fields, status: { state: 'ready' }, filekey: null };
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

/** A target name from a URL: its last path segment, decoded. */
export function nameFromUrl( url: string ): string {
	try {
		const path = new URL( url ).pathname;
		return decodeURIComponent( path.slice( path.lastIndexOf( '/' ) + 1 ) );
	} catch ( e ) {
		return '';
	}
}
