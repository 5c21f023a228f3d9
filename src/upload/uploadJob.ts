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
import { MAX_ADAPTIVE_CHUNK } from './adaptive';
import { boundedApi, boundedHash } from './boundedWaits';
import { sendsInOneRequest } from './chunks';
import type { ChecksGate } from './checksGate';
import { clientFailure, describeFailure } from './failures';
import type { ItemStore } from './items';
import { isActive, type UploadItem } from './model';
import { problemBeforeSending } from './sendable';
import type { UploadApi } from './ports';
import type { ProgressTicker } from './progressTicker';
import { commitParams, isPublished, publish, type PublishContext } from './publish';
import type { ResumeStore } from './resume';
import { ResumeKeeper } from './resumeKeeper';
import { sleep as realSleep, wakeableSleep } from './retry';
import { sendingReport } from './sendingReport';
import { sendToStash } from './transfer';
import { parseWarnings } from './warnings';
import { Watchdog } from './watchdog';
import type { FileHasher } from '../hash/hasher';

/** Codes that say the stashed bytes are gone or unusable: a retry must send the file again. */
const STASH_GONE = /^(uploadstash-file-not-found|invalid-file-key|uploadstash-bad-path|stashfailed|stashed-size-mismatch)$/;

/** A run given up by the watchdog: a passing fault, which a retry picks up where it was. */
const STALLED = { ...clientFailure( 'stalled' ), transient: true };

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
	/** A silent commit was asked again once by the watchdog (see stalled()). */
	private commitRecovered = false;
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
			// An AbortError that this run's own controller did not cause is a failure like any
			// other: nothing else will move the file on.
			if ( !controller.signal.aborted ) {
				this.fail( error );
			}
		} ).then( () => {
			if ( this.controller === controller ) {
				this.controller = null;
				this.waker = null;
				this.watchdog.disarm();
				this.mustNotBeLeftActive();
				this.context.release( this.id );
			}
		} );
	}

	/**
	 * A run that ended by itself has put its file in a state the user sees (done, a choice, a
	 * failure), or left it queued under *Pause all*. Anything else would hold the file for ever
	 * with nothing to move it: a defect of the engine, made visible as a failure with a retry.
	 */
	private mustNotBeLeftActive(): void {
		const item = this.item;
		const state = item?.status.state;
		const heldBack = state === 'queued' && this.context.items.state.held;
		if ( item && !heldBack && isActive( item.status ) ) {
			console.error( `UploadDialog: ${ this.id }'s run ended in "${ state }"` );
			this.context.items.setStatus( this.id, { state: 'failed', failure: STALLED } );
		}
	}

	/**
	 * The watchdog found the run doing nothing for too long. A commit that went silent may have
	 * published: it is asked once more by itself (a consumed key is then looked up, not called a
	 * failure). Anything else is failed, with a retry offered.
	 */
	private stalled(): void {
		const item = this.item;
		if ( !item || !this.controller ) {
			return;
		}
		const committing = item.status.state === 'committing' || ( item.status.state === 'processing' && !!item.status.publishing );
		if ( committing ) {
			// Once: the commit again. Then: only a look whether the wiki has the file already.
			const again = !this.commitRecovered;
			this.commitRecovered = true;
			this.begin( ( signal ) => ( again ? this.commit( signal ) : this.confirmOrFail( signal ) ) );
			return;
		}
		this.context.items.setStatus( this.id, { state: 'failed', failure: STALLED } );
		this.stop(); // setStatus stopped the run through the queue already; this makes sure.
	}

	private async run( signal: AbortSignal ): Promise<void> {
		const { items, gate } = this.context;
		const item = this.item;
		if ( !item ) {
			return;
		}
		const problem = problemBeforeSending( item, items.state.site );
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
		const item = this.item;
		if ( !item || !item.filekey || signal.aborted ) {
			return;
		}
		const site = items.state.site;
		const params = commitParams( item as UploadItem & { filekey: string }, site, transfer.asyncFrom(), items.state.describe );
		items.setStatus( this.id, { state: 'committing' } );
		// A consumed key is looked into on every try (publish.ts): a lost answer may have published.
		const answer = await publish( params, item.size, this.publishContext( signal ) );
		if ( signal.aborted ) {
			return;
		}
		if ( answer.result === 'Success' ) {
			this.published( answer.filename || params.filename, String( answer.imageinfo?.descriptionurl || '' ) );
			return;
		}
		this.commitRecovered = false;
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

	/**
	 * A commit went silent twice: the file is done if the wiki has it as this commit would have
	 * left it; otherwise the commit is given up, with a retry offered (which looks again first).
	 */
	private async confirmOrFail( signal: AbortSignal ): Promise<void> {
		const item = this.item;
		if ( !item ) {
			return;
		}
		const filename = item.fields.filename.trim();
		const landed = await isPublished( filename, item.size, this.publishContext( signal ) ).catch( () => false );
		if ( signal.aborted ) {
			return;
		}
		if ( landed ) {
			this.published( filename, '' );
		} else {
			this.context.items.setStatus( this.id, { state: 'failed', failure: STALLED } );
		}
	}

	/** The file is on the wiki under `filename`. */
	private published( filename: string, descriptionUrl: string ): void {
		this.commitRecovered = false;
		this.context.items.update( this.id, ( i ) => ( { ...i, filekey: null, status: { state: 'done', filename, descriptionUrl } } ) );
		// Names that depend on this one (the same, another spelling, a thumbnail's) are asked again.
		this.context.gate.published( this.id, filename );
	}

	private publishContext( signal: AbortSignal ): PublishContext {
		const { items, transfer } = this.context;
		return {
			api: this.api,
			site: items.state.site,
			sha1: this.item?.precheck.content?.sha1 || null,
			signal,
			asyncFrom: transfer.asyncFrom(),
			wait: ( ms, s ) => this.wait( ms, s ),
			now: this.context.now,
			onPublishing: ( stage ) => {
				if ( !signal.aborted ) {
					items.setStatus( this.id, { state: 'processing', stage, publishing: true } );
				}
			}
		};
	}

	/** A wait before a retry or a poll, which "retry now" and stop() cut short (its timer ends with it). */
	private wait( ms: number, signal: AbortSignal ): Promise<void> {
		const { done, wake } = wakeableSleep( this.context.sleep || realSleep, ms, signal );
		this.waker = wake;
		return done.finally( () => {
			if ( this.waker === wake ) {
				this.waker = null;
			}
			this.touch();
		} );
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
