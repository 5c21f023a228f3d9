/**
 * One file's journey, from its turn to published: check → send → process → choose → commit. The
 * job owns everything of that journey: its abort controller, its waits (a retry's, which "retry
 * now" cuts short), its resume record, its progress reporting and a watchdog. Its state lives on
 * the item in the store, and every change of it passes the transition table (transitions.ts).
 *
 * A run is one go at the journey (a turn given by the scheduler, or a commit after the user's
 * choice). stop() ends the current run at once, whatever it waits for: the queue calls it
 * whenever the file leaves the states that need a run (paused, cancelled, failed, waiting for a
 * choice, done), so a run never outlives its reason. Nothing a run waits for can hold it for
 * ever: requests have idle timeouts or deadlines, the checks' waits are bounded, and the watchdog
 * fails a run that has done nothing for STALL_LIMIT_MS.
 */
import { AbortError } from '../api/errors';
import { MAX_ADAPTIVE_CHUNK } from './adaptive';
import { boundedApi, boundedHash } from './boundedWaits';
import { sendsInOneRequest } from './chunks';
import type { ChecksGate } from './checksGate';
import { clientFailure, describeFailure } from './failures';
import type { ItemStore } from './items';
import type { UploadItem } from './model';
import { validateName } from './names';
import type { UploadApi } from './ports';
import type { ProgressTicker } from './progressTicker';
import { commitParams, publish } from './publish';
import type { ResumeStore } from './resume';
import { ResumeKeeper } from './resumeKeeper';
import { sleep as realSleep } from './retry';
import { sendingReport } from './sendingReport';
import { sendToStash } from './transfer';
import { parseWarnings } from './warnings';
import { Watchdog } from './watchdog';
import type { FileHasher } from '../hash/hasher';

/** Codes that say the stashed bytes are gone or unusable: a retry must send the file again. */
const STASH_GONE = /^(uploadstash-file-not-found|invalid-file-key|uploadstash-bad-path|stashfailed|stashed-size-mismatch)$/;

/** What a job needs from the queue around it. */
export interface JobContext {
	api: UploadApi;
	items: ItemStore;
	gate: ChecksGate;
	ticker: ProgressTicker;
	resumeStore: ResumeStore;
	hasher?: FileHasher;
	sleep?: ( ms: number, signal?: AbortSignal ) => Promise<void>;
	now: () => number;
	/** Files up to this size go in one request; the job lowers it to 0 when the wiki refuses one. */
	transfer: { oneRequestUpTo: number; asyncFrom(): number };
	/** Stash keys that another file of the list holds. */
	isClaimed( id: string, filekey: string ): boolean;
	/** The run is over: its slot (if it had one) goes to the next file. */
	release( id: string ): void;
}

export class UploadJob {
	readonly id: string;
	readonly keeper: ResumeKeeper;
	private readonly context: JobContext;
	private controller: AbortController | null = null;
	/** Cuts the current wait short ("retry now"). */
	private waker: ( () => void ) | null = null;
	private readonly watchdog: Watchdog;
	/** A commit of this file was cut off without an answer: it may have published. */
	private commitMayHaveLanded = false;
	/** The wiki as this job sees it: look-ups with deadlines, every request a sign of life. */
	private readonly api: UploadApi;

	constructor( id: string, context: JobContext ) {
		this.id = id;
		this.context = context;
		this.api = boundedApi( context.api, () => this.touch() );
		this.keeper = new ResumeKeeper( id, context.resumeStore, () => this.item, context.now );
		this.watchdog = new Watchdog( () => this.stalled() );
	}

	private get item(): UploadItem | undefined {
		return this.context.items.find( this.id );
	}

	/** Whether a run is under way. */
	get running(): boolean {
		return this.controller !== null;
	}

	/** The file's turn (it holds a slot): from queued to stashed and published, or stopped on the way. */
	start(): void {
		this.begin( ( signal ) => this.run( signal ) );
	}

	/** The user chose about the stash's warnings: publish now (no slot: the bytes are there). */
	commitNow(): void {
		this.begin( ( signal ) => this.commit( signal ) );
	}

	/** Something happened: the watchdog's patience starts again. */
	touch(): void {
		this.watchdog.touch();
	}

	/** Ends the current run now (its late answers change nothing), and gives its slot back. */
	stop(): void {
		if ( this.abortRun() ) {
			this.context.release( this.id );
		}
	}

	/** Aborts the current run, if any; true when there was one. */
	private abortRun(): boolean {
		const controller = this.controller;
		this.controller = null;
		this.waker = null;
		this.watchdog.disarm();
		this.context.ticker.drop( this.id );
		controller?.abort();
		return controller !== null;
	}

	/** During a wait before a retry: try now instead. */
	wake(): void {
		this.waker?.();
	}

	private begin( work: ( signal: AbortSignal ) => Promise<void> ): void {
		// A run still under way (never two at once) ends here; its slot, if any, is this run's now.
		this.abortRun();
		const controller = new AbortController();
		this.controller = controller;
		this.watchdog.arm();
		work( controller.signal ).catch( ( error: unknown ) => {
			if ( !controller.signal.aborted && !( error instanceof AbortError ) ) {
				this.fail( error );
			}
		} ).then( () => {
			if ( this.controller === controller ) {
				this.controller = null;
				this.waker = null;
				this.watchdog.disarm();
				this.context.release( this.id );
			}
		} );
	}

	/** The watchdog found the run doing nothing for too long: it is failed, with a retry offered. */
	private stalled(): void {
		const item = this.item;
		if ( !item || !this.controller ) {
			return;
		}
		this.commitMayHaveLanded = this.commitMayHaveLanded || item.status.state === 'committing' ||
			( item.status.state === 'processing' && !!item.status.publishing );
		this.context.items.setStatus( this.id, { state: 'failed', failure: clientFailure( 'stalled' ) } );
		// setStatus stopped the run through the queue; stop() again is harmless and makes sure.
		this.stop();
	}

	private async run( signal: AbortSignal ): Promise<void> {
		const { items, gate } = this.context;
		const item = this.item;
		if ( !item ) {
			return;
		}
		const problem = this.checkBeforeSending( item );
		if ( problem ) {
			items.setStatus( this.id, { state: 'failed', failure: problem } );
			return;
		}
		if ( item.filekey ) {
			// The bytes are already in the stash: publish them, do not send them again.
			await this.commit( signal );
			return;
		}
		if ( !item.resume && gate.active && ( await gate.gate( this.id, () => !signal.aborted && this.item?.status.state === 'queued' ) ) === 'stopped' ) {
			return;
		}
		if ( signal.aborted || items.state.held ) {
			// *Pause all* came while the file waited for its checks: it stays queued, and
			// *Resume all* starts it again.
			return;
		}
		if ( await this.send( signal ) ) {
			await this.commit( signal );
		}
	}

	/** The bytes into the stash. True when they are there and nothing waits for the user. */
	private async send( signal: AbortSignal ): Promise<boolean> {
		const { items, ticker, transfer, hasher } = this.context;
		const api = this.api;
		const item = this.item as UploadItem;
		const { chunkSize, adaptiveChunks } = items.state.settings;
		const site = items.state.site;
		const report = sendingReport( {
			id: this.id,
			item,
			chunked: item.source.kind === 'file' && ( !sendsInOneRequest( item.size || 0, chunkSize, transfer.oneRequestUpTo ) || item.resume !== null ),
			signal,
			items,
			ticker,
			keeper: this.keeper,
			now: this.context.now
		} );
		const stashName = item.resume ? item.resume.stashName : item.fields.filename.trim();
		const stashed = await sendToStash( api, item.source, stashName, {
			chunkSize,
			oneRequestUpTo: transfer.oneRequestUpTo,
			onOneRequestRefused: () => {
				// This wiki takes no request that big: the next files go in chunks at once.
				transfer.oneRequestUpTo = 0;
				report.inChunks();
			},
			adaptive: adaptiveChunks ? {
				min: site ? site.minUploadChunkSize : 1,
				max: Math.max( chunkSize, Math.min( MAX_ADAPTIVE_CHUNK, site ? site.maxUploadSize : MAX_ADAPTIVE_CHUNK ) )
			} : undefined,
			asyncFrom: transfer.asyncFrom(),
			signal,
			hash: hasher ? boundedHash( hasher, () => this.touch() ) : undefined,
			isClaimed: ( filekey ) => this.context.isClaimed( this.id, filekey ),
			resumeFrom: item.resume || undefined,
			sleep: ( ms, s ) => this.wait( ms, s || signal ),
			now: this.context.now,
			onProgress: ( bytes ) => {
				this.touch();
				report.progress( bytes );
			},
			onChunk: ( filekey, offset ) => report.resumePoint( filekey, offset, stashName ),
			onRestart: report.restarted,
			onRetry: report.retrying,
			onStage: ( stage ) => {
				if ( !signal.aborted ) {
					items.setStatus( this.id, { state: 'processing', stage } );
				}
			}
		} );
		if ( signal.aborted ) {
			return false;
		}
		// The chunks became one stashed file: nothing left to resume.
		report.stashed();
		this.keeper.forget();
		items.update( this.id, ( i ) => ( { ...i, filekey: stashed.filekey, resume: null } ) );
		// A file renamed while its upload was paused went on under its first name: the stash's
		// warnings are that name's. The commit, under the name the user wants now, brings the
		// warnings that are true for it.
		const current = this.item as UploadItem;
		if ( stashed.warnings.length && current.fields.filename.trim() === stashName ) {
			if ( this.context.gate.unacknowledged( current, stashed.warnings ).length ) {
				items.setStatus( this.id, { state: 'needs-choice', warnings: stashed.warnings } );
				return false;
			}
			// Every one of them was chosen about before sending.
			items.update( this.id, ( i ) => ( { ...i, ignoreWarnings: true } ) );
		}
		return true;
	}

	/** Publish the stashed file with every field the user set, and the user's choice about its warnings. */
	private async commit( signal: AbortSignal ): Promise<void> {
		const { items, transfer } = this.context;
		const api = this.api;
		const item = this.item;
		if ( !item || !item.filekey || signal.aborted ) {
			return;
		}
		const site = items.state.site;
		const params = commitParams( item as UploadItem & { filekey: string }, site, transfer.asyncFrom(), items.state.describe );
		items.setStatus( this.id, { state: 'committing' } );
		const mayHaveLanded = this.commitMayHaveLanded;
		const answer = await publish( params, item.size, {
			api,
			site,
			signal,
			asyncFrom: transfer.asyncFrom(),
			mayHaveLanded,
			wait: ( ms, s ) => this.wait( ms, s ),
			now: this.context.now,
			onPublishing: ( stage ) => {
				if ( !signal.aborted ) {
					items.setStatus( this.id, { state: 'processing', stage, publishing: true } );
				}
			}
		} );
		if ( signal.aborted ) {
			return;
		}
		this.commitMayHaveLanded = false;
		if ( answer.result === 'Success' ) {
			const filename = answer.filename || params.filename;
			items.update( this.id, ( i ) => ( {
				...i,
				filekey: null,
				status: { state: 'done', filename, descriptionUrl: String( answer.imageinfo?.descriptionurl || '' ) }
			} ) );
			// Names that depend on this one (the same, another spelling, a thumbnail's) are asked again.
			this.context.gate.published( this.id, filename );
			return;
		}
		// Warnings at commit: on 1.43 they come with a NEW filekey (the old one stays valid too,
		// but the new one is the one these warnings are about); from 1.45 on without one: the
		// key we have is still the file's.
		const warnings = parseWarnings( answer.warnings );
		items.update( this.id, ( i ) => ( {
			...i,
			filekey: answer.filekey || i.filekey,
			status: warnings.length ?
				{ state: 'needs-choice', warnings } :
				{ state: 'failed', failure: clientFailure( 'unexpected-answer', [ answer.result ] ) }
		} ) );
	}

	/** A wait before a retry or a poll, which "retry now" and stop() cut short. */
	private wait( ms: number, signal: AbortSignal ): Promise<void> {
		const sleep = this.context.sleep || realSleep;
		return new Promise<void>( ( resolve, reject ) => {
			this.waker = resolve;
			sleep( ms, signal ).then( resolve, reject );
		} ).finally( () => {
			this.touch();
		} );
	}

	private checkBeforeSending( item: UploadItem ) {
		const site = this.context.items.state.site;
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
			// The server would truncate an oversized chunked upload without a word (it clamps
			// `filesize`), and refuse it whole: never send a byte of it. The scheduler starts
			// no file before the site's limits are known.
			if ( site && item.source.file.size > site.maxUploadSize ) {
				return clientFailure( 'file-too-large-local', [ String( item.source.file.size ), String( site.maxUploadSize ) ] );
			}
		}
		return null;
	}

	private fail( error: unknown ): void {
		const failure = describeFailure( error );
		if ( STASH_GONE.test( failure.code ) ) {
			this.keeper.forget();
			this.context.items.update( this.id, ( i ) => ( { ...i, filekey: null, resume: null } ) );
		}
		this.context.items.setStatus( this.id, { state: 'failed', failure } );
	}
}
