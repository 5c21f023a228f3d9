/**
 * When and how the target names are asked about: as the user types, or as a pattern fills names
 * in, the NameChecker waits for a quiet moment (the debounce), asks the wiki about every title
 * that changed in as few requests as it can (batches of 50), and tells the dialog, per file, the
 * verdict for the name the file has now. It owns that scheduling and batching, the bounds on its
 * questions, and when the waits on it (flush, whenAnswered) are looked at again. Which file needs
 * which titles is nameTargets.ts's, what is learnt per title titleCache.ts's, the verdict
 * nameVerdict.ts's, who hears it nameReports.ts's, the camera prefixes prefixList.ts's, the
 * waits answerWaiters.ts's.
 */
import { HttpError } from '../api/errors';
import type { RequestControl } from '../api/types';
import type { TitleFacts } from '../api/nameChecks';
import { AnswerWaiters } from './answerWaiters';
import { withDeadline } from './deadline';
import { describeFailure, type UploadFailure } from './failures';
import { DEFAULT_FILE_NAMESPACES } from './nameRules';
import { NameReports, type NameCheckListener } from './nameReports';
import { NameTargets } from './nameTargets';
import type { NameCheck } from './nameVerdict';
import { PrefixList } from './prefixList';
import { TitleCache } from './titleCache';

/** What the name checks need from the wiki; src/api/nameChecks.ts's NameChecksApi is one. */
export interface NameCheckApi {
	/** What the wiki says about up to 50 titles, in the order asked. */
	queryTitles( titles: string[], control?: RequestControl ): Promise<TitleFacts[]>;
	/** The text of MediaWiki:Filename-prefix-blacklist, or null when there is none. */
	filenamePrefixBlacklist(): Promise<string | null>;
}

/** Titles per request: what the wiki accepts from a user without apihighlimits. */
export const BATCH_SIZE = 50;

/** The quiet time after the last change of a name before the wiki is asked. */
export const DEBOUNCE_MS = 300;

/**
 * The longest a question (a batch of titles, or the prefix list) is waited for: mw.Api's own
 * timeout for a request. A batch not answered by then is a failed question (the files are told,
 * and the next change asks again); a prefix list, none (no bad-prefix warnings before sending).
 */
export const QUESTION_TIMEOUT_MS = 30000;

export interface NameCheckerOptions {
	api: NameCheckApi;
	/** Quiet time after the last change before asking; DEBOUNCE_MS by default. */
	debounceMs?: number;
	/** How to wait (tests pass a clock of their own). */
	sleep?: ( ms: number ) => Promise<void>;
	/** See CheckContext. */
	rights?: string[];
	userName?: string | null;
	fileExtensions?: string[];
	/** Names of the File namespace a typed name may start with (the wiki's language's too). */
	fileNamespaces?: string[];
	/** See QUESTION_TIMEOUT_MS (the default). */
	questionTimeoutMs?: number;
	/** Where a listener's error goes; by default it is thrown on its own (nameReports.ts). */
	onListenerError?: ( error: unknown ) => void;
}

/**
 * Checks the target name of each file (by its id) as it changes. `check( id, name )` on every
 * change; listeners hear a NameCheck for the name the file has at that moment, never for one it
 * had before (answers to old names are kept for later, not reported), and each result once.
 * After an upload lands, `invalidate( [ its name ] )` makes every name that depends on it be
 * asked again.
 */
export class NameChecker {
	private readonly api: NameCheckApi;
	private readonly debounceMs: number;
	private readonly sleep: ( ms: number ) => Promise<void>;
	private readonly titles = new TitleCache();
	private readonly targets: NameTargets;
	private readonly reports: NameReports;
	private readonly prefixes: PrefixList;
	private readonly questionTimeoutMs: number;
	/** Aborted by dispose(): the question on its way, and every wait on it, end. */
	private readonly lifetime = new AbortController();
	private generation = 0;
	private running: Promise<void> | null = null;
	private disposed = false;
	private readonly waiters = new AnswerWaiters();

	constructor( options: NameCheckerOptions ) {
		this.api = options.api;
		this.debounceMs = options.debounceMs ?? DEBOUNCE_MS;
		this.sleep = options.sleep || ( ( ms ) => new Promise<void>( ( resolve ) => setTimeout( resolve, ms ) ) );
		this.questionTimeoutMs = options.questionTimeoutMs ?? QUESTION_TIMEOUT_MS;
		this.reports = new NameReports( options.onListenerError );
		this.prefixes = new PrefixList( () => this.bounded( () => this.api.filenamePrefixBlacklist() ) );
		this.targets = new NameTargets( options.fileNamespaces || DEFAULT_FILE_NAMESPACES, this.titles, this.prefixes, {
			rights: options.rights,
			userName: options.userName,
			fileExtensions: options.fileExtensions
		} );
	}

	subscribe( listener: NameCheckListener ): () => void {
		return this.reports.subscribe( listener );
	}

	/**
	 * File `id` now aims at `name`. Reported at once when everything about the name is known,
	 * else after the quiet time and the wiki's answer.
	 */
	check( id: string, name: string ): void {
		if ( this.disposed ) {
			return;
		}
		this.targets.set( id, name );
		this.titles.clearFailures();
		const result = this.resultFor( id );
		if ( result ) {
			this.emit( id, result );
			// Whoever waited for the file's earlier name has its answer now.
			this.wakeWaiters();
			return;
		}
		this.schedule();
	}

	/** File `id` is gone: its name needs no more checking, and nobody waits for it. */
	forget( id: string ): void {
		this.targets.delete( id );
		this.reports.forget( id );
		this.wakeWaiters();
	}

	/** What is known about file `id`'s current name, or null while it is being checked. */
	resultFor( id: string ): NameCheck | null {
		return this.targets.verdict( id );
	}

	/**
	 * Forget what the wiki said about these names (all names without an argument), e.g. after an
	 * upload to one of them landed (give the name the wiki answered, or the one sent), and check
	 * again the files that aim at them, and those whose checks depend on them (Foo.JPG on
	 * Foo.jpg, 180px-Foo.jpg on Foo.jpg: they share the cached title).
	 */
	invalidate( names?: string[] ): void {
		const titles = names && names.map( ( name ) => this.targets.mainTitle( name ) ).filter( ( t ): t is string => t !== undefined );
		this.titles.invalidate( titles );
		if ( this.targets.size ) {
			this.schedule();
		}
	}

	/**
	 * Ask now, without the quiet time (say, before the files are sent); resolves when every
	 * wanted name is answered, or could not be.
	 */
	async flush(): Promise<void> {
		for ( ;; ) {
			// Takes over from a waiting quiet time.
			this.generation++;
			if ( this.running ) {
				await this.running;
				continue;
			}
			if ( this.disposed || ( this.prefixes.value !== null && !this.targets.unknownTitles().length ) ) {
				return;
			}
			await this.run();
		}
	}

	/**
	 * Ask now, as flush() does, but settle as soon as file `id`'s current name is answered (or
	 * its question failed), not when every name is: the first file of a list of 500 waits for
	 * the first batch of titles, not for all ten.
	 */
	whenAnswered( id: string ): Promise<void> {
		const answered = () => this.disposed || !this.targets.has( id ) || this.resultFor( id ) !== null || this.targets.questionFailed( id );
		// flush() drives the batches; once every name is answered, this one is too (or failed).
		return this.waiters.wait( answered, () => this.flush() );
	}

	/** Stop: no more questions, no more reports; the question on its way is aborted. */
	dispose(): void {
		this.disposed = true;
		this.generation++;
		this.reports.clear();
		this.targets.clear();
		this.lifetime.abort();
		this.wakeWaiters();
	}

	private schedule(): void {
		const generation = ++this.generation;
		this.sleep( this.debounceMs ).then( () => {
			if ( generation === this.generation && !this.disposed ) {
				void this.run();
			}
		} );
	}

	private run(): Promise<void> {
		if ( this.running ) {
			// That run stops after its batch (a name changed since it began): start anew after
			// it, however it ended (a run that failed must not take the next one with it).
			const next = () => this.run();
			return this.running.then( next, next );
		}
		this.running = this.work().finally( () => {
			this.running = null;
		} );
		return this.running;
	}

	/**
	 * Batches of up to 50 titles, one after another, until nothing wanted is unknown, or until a
	 * name changes: then the next quiet time starts the next run (typing while an answer is on
	 * its way must not send a request per keystroke).
	 */
	private async work(): Promise<void> {
		const generation = this.generation;
		const prefixesLoaded = this.prefixes.load();
		for ( ;; ) {
			if ( this.disposed || generation !== this.generation ) {
				break;
			}
			const batch = this.targets.unknownTitles().slice( 0, BATCH_SIZE );
			if ( batch.length ) {
				await this.ask( batch );
				continue;
			}
			await prefixesLoaded;
			if ( !this.targets.unknownTitles().length ) {
				break;
			}
		}
		// Names that were known before the prefixes were.
		this.report( null );
	}

	private async ask( titles: string[] ): Promise<void> {
		const epoch = this.titles.epoch;
		let answers: TitleFacts[];
		try {
			answers = await this.bounded( ( signal ) => this.api.queryTitles( titles, { signal } ) );
		} catch ( error ) {
			this.titles.markFailed( titles );
			this.reportFailure( titles, describeFailure( error ) );
			this.wakeWaiters();
			return;
		}
		await this.prefixes.load();
		const { fresh, unanswered } = this.titles.record( titles, answers, epoch );
		this.report( fresh );
		if ( unanswered.length ) {
			// As for a failed request, but for those titles alone: the rest of the batch is known.
			this.reportFailure( unanswered, describeFailure( new HttpError( 'bad-response', 200, 'The answer did not mention the title.' ) ) );
		}
		this.wakeWaiters();
	}

	/** A question to the wiki, given up after questionTimeoutMs or when the checker is disposed. */
	private bounded<T>( ask: ( signal: AbortSignal ) => Promise<T> ): Promise<T> {
		return withDeadline( ask, this.questionTimeoutMs, this.lifetime.signal );
	}

	/** A batch was answered (or failed), a file forgotten or renamed, the checker disposed. */
	private wakeWaiters(): void {
		this.waiters.wake();
	}

	/** Tell the files whose current names are now known (those needing `titles`, or all). */
	private report( titles: string[] | null ): void {
		this.targets.concerned( titles ).forEach( ( { id, name } ) => {
			const result = this.targets.evaluate( name );
			if ( result ) {
				this.emit( id, result );
			}
		} );
	}

	/** Tell the files that needed `titles`, and know no verdict without them, why there is none. */
	private reportFailure( titles: string[], reason: UploadFailure ): void {
		this.targets.concerned( titles ).forEach( ( { id, name } ) => {
			if ( !this.targets.evaluate( name ) ) {
				this.emit( id, { name, wikiName: null, warnings: [], error: null, file: null, failure: reason } );
			}
		} );
	}

	private emit( id: string, check: NameCheck ): void {
		if ( !this.disposed ) {
			this.reports.emit( id, check );
		}
	}
}
