/**
 * Target names checked before a byte is sent: as the user types, or as a pattern fills names in,
 * the NameChecker waits for a quiet moment, asks the wiki about every name that changed in as
 * few requests as it can (50 titles each), keeps what it learnt per title, and tells the dialog,
 * per file, what the upload would answer: the same warnings (`exists`, `page-exists`,
 * `was-deleted`, `badfilename`, `exists-normalized`, `thumb`, `thumb-name`, `bad-prefix`, in
 * warnings.ts's UploadWarning shape) and the same refusals (`illegal-filename`,
 * `titleblacklist-forbidden`, `protectedpage`, `fileexists-forbidden` …, as UploadFailure).
 *
 * What it cannot tell before the bytes are there is left to the upload's own warnings:
 * `duplicate`, `duplicate-archive`, `nochange`, `duplicateversions`, `empty-file` (they need the
 * content; NameChecksApi.findContent answers the first two once the
 * file's SHA-1 is known). Not mimicked: `exists-normalized` for another extension altogether
 * (Foo.png while Foo.jpg exists: MediaWiki finds it with a prefix search, one request per name),
 * and a wiki without $wgCapitalLinks (names differing only in the first letter's case count as
 * one in findDuplicateTargets). A check is advice: the wiki has the last word when the file is
 * sent, and its warnings are shown then as always.
 */
import { HttpError } from '../api/errors';
import type { FileVersion, RawWarnings, RequestControl } from '../api/types';
import type { TitleFacts } from '../api/nameChecks';
import { describeFailure, remedyFor, type UploadFailure } from './failures';
import {
	DEFAULT_FILE_NAMESPACES,
	badPrefix,
	dbKey,
	isBadFileName,
	normalizedVariant,
	parsePrefixBlacklist,
	prepareName,
	thumbOriginal,
	titleError,
	titleKey,
	ucfirst,
	type PreparedName
} from './nameRules';
import { parseWarnings, type UploadWarning } from './warnings';

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

/** What the upload would say about one target name. */
export interface NameCheck {
	/** The name as asked about. */
	name: string;
	/** The name the wiki would store the file under, as warnings write it ("Foo_bar.jpg"); null when refused first. */
	wikiName: string | null;
	/** The upload's warnings for this name (none when it is refused). */
	warnings: UploadWarning[];
	/** Why the upload would be refused under this name. */
	error: UploadFailure | null;
	/** The wiki's own file of that name now (to tell one's own upload, or an identical one). */
	file: FileVersion | null;
	/** The wiki could not be asked (network, …): nothing is known about the name yet. */
	failure?: UploadFailure;
}

/** The facts a name's check is made of: its title, and those of two names the upload compares it with. */
export interface NameFacts {
	main: TitleFacts;
	/** The name with its extension spelled the usual way ("Foo.JPG" → "Foo.jpg"), when different. */
	variant?: TitleFacts;
	/** The file a thumbnail-looking name ("180px-Foo.jpg") would be a thumbnail of. */
	thumb?: TitleFacts;
}

/** What the checks know about the user and the wiki besides the titles. */
export interface CheckContext {
	/** MediaWiki:Filename-prefix-blacklist, parsed. */
	prefixes: string[];
	/** The user's rights (SiteInfo.rights): without them, overwrite rights are left to the wiki. */
	rights?: string[];
	userName?: string | null;
	/** $wgFileExtensions (SiteInfo.fileExtensions): without it, extensions are left to the wiki. */
	fileExtensions?: string[];
}

interface TitlePlan {
	main: string;
	variant?: string;
	thumb?: string;
}

function failure( code: string, info = '', params: string[] = [] ): UploadFailure {
	return { code, info, params, remedy: remedyFor( code ), transient: false };
}

/** "File:Foo bar.jpg" (any namespace name) → "Foo_bar.jpg". Namespace names hold no colon. */
function dbKeyOfTitle( title: string ): string {
	return dbKey( title.slice( title.indexOf( ':' ) + 1 ) );
}

/**
 * The titles to ask about for a prepared name. The wiki normalises each; the extra two are
 * worked out from the name as the wiki will most likely write it (runs of spaces collapsed,
 * ends trimmed), and checked against the wiki's real form when the answer is read.
 */
export function titlesFor( prepared: PreparedName ): TitlePlan | null {
	if ( prepared.error ) {
		return null;
	}
	const likely = prepared.candidate.replace( /[ _]+/g, ' ' ).trim();
	const plan: TitlePlan = { main: `File:${ likely }` };
	const variant = normalizedVariant( likely );
	if ( variant !== null ) {
		plan.variant = `File:${ variant }`;
	}
	const original = thumbOriginal( likely );
	if ( original !== null ) {
		plan.thumb = `File:${ original }`;
	}
	return plan;
}

/**
 * Whether the answer is about the name expected, as the wiki compares titles: "foo.jpg" is
 * File:Foo.jpg with $wgCapitalLinks (the original of "180px-foo.jpg" is asked as it is spelt
 * there, and the wiki capitalises it), and stays "foo.jpg" without. Any other change the wiki
 * made means the answer is about another name.
 */
function sameName( facts: TitleFacts | undefined, expected: string | null ): facts is TitleFacts {
	if ( !facts || !facts.title || expected === null ) {
		return false;
	}
	const answered = dbKeyOfTitle( facts.title );
	return answered === dbKey( expected ) || answered === ucfirst( dbKey( expected ) );
}

/**
 * What action=upload would answer about the name, from what the wiki said about its titles,
 * in the order UploadBase works: the name's own refusals, the title's, the user's permissions
 * (UploadBase::verifyTitlePermissions, checkOverwrite), then the warnings of checkWarnings:
 * badfilename, the first of getExistsWarning's chain (exists, page-exists, exists-normalized,
 * thumb / thumb-name, bad-prefix), was-deleted.
 */
export function evaluateName( prepared: PreparedName, facts: NameFacts | null, context: CheckContext ): NameCheck {
	const name = prepared.desired;
	const refused = ( error: UploadFailure, wikiName: string | null = null, file: FileVersion | null = null ): NameCheck =>
		( { name, wikiName, warnings: [], error, file } );
	if ( prepared.error || !facts ) {
		return refused( failure( prepared.error || 'illegal-filename' ) );
	}
	const { main } = facts;
	if ( !main.title ) {
		// The wiki's reason ("… contains invalid characters …") goes along as its own words.
		return refused( failure( 'illegal-filename', main.invalidReason || '' ) );
	}
	const wikiName = dbKeyOfTitle( main.title );
	const nameError = titleError( wikiName, context.fileExtensions );
	if ( nameError ) {
		return refused( failure( nameError.code, '', nameError.params ), wikiName );
	}
	const refusal = main.refusals && main.refusals[ 0 ];
	if ( refusal ) {
		return refused( failure( refusal.code, refusal.text ), wikiName, main.file );
	}
	const rights = context.rights;
	if ( rights && main.file ) {
		const may = rights.indexOf( 'reupload' ) !== -1 ||
			( rights.indexOf( 'reupload-own' ) !== -1 && !!context.userName && main.file.user === context.userName );
		if ( !may ) {
			return refused( failure( 'fileexists-forbidden', '', [ wikiName ] ), wikiName, main.file );
		}
	}
	// checkOverwrite finds a file through RepoGroup::findFile, which looks in shared repositories
	// and follows a redirect: either needs reupload-shared. (For a redirect the wiki names the
	// target's file, whose name the query does not give: the title is named instead.)
	if ( rights && !main.file && ( main.shared || main.redirectFile ) && rights.indexOf( 'reupload-shared' ) === -1 ) {
		return refused( failure( 'fileexists-shared-forbidden', '', [ wikiName ] ), wikiName );
	}

	// The warnings as the API would write them, then read as the upload's are.
	const raw: RawWarnings = {};
	if ( isBadFileName( name, wikiName ) ) {
		raw.badfilename = wikiName;
	}
	const variantName = normalizedVariant( wikiName );
	const thumbName = thumbOriginal( wikiName );
	if ( main.file ) {
		raw.exists = wikiName;
	} else if ( main.pageExists ) {
		raw[ 'page-exists' ] = wikiName;
	} else if ( sameName( facts.variant, variantName ) && facts.variant.file ) {
		raw[ 'exists-normalized' ] = dbKeyOfTitle( facts.variant.title as string );
	} else if ( thumbName !== null ) {
		// Without an answer for the original (its name came out otherwise), call it a
		// thumbnail-like name: the weaker of the two warnings.
		raw[ sameName( facts.thumb, thumbName ) && facts.thumb.file ? 'thumb' : 'thumb-name' ] = wikiName;
	} else if ( badPrefix( wikiName, context.prefixes ) !== null ) {
		raw[ 'bad-prefix' ] = wikiName;
	}
	if ( main.deleted && !main.file ) {
		raw[ 'was-deleted' ] = wikiName;
	}
	if ( !main.file && main.shared ) {
		// Not an upload warning: the upload silently puts a local file in front of the shared
		// one (seen with a user who has reupload-shared). Worth saying before it happens.
		raw[ 'exists-shared' ] = wikiName;
	}
	return { name, wikiName, warnings: parseWarnings( raw ), error: null, file: main.file };
}

/**
 * Groups of positions whose names aim at the same file (["a b.jpg", "x.jpg", "A_b.jpg"] →
 * [[0, 2]]), compared as the wiki compares titles. Empty names are nobody's duplicate.
 */
export function findDuplicateTargets( names: string[], fileNamespaces: string[] = DEFAULT_FILE_NAMESPACES ): number[][] {
	const byKey = new Map<string, number[]>();
	names.forEach( ( name, i ) => {
		if ( !name.trim() ) {
			return;
		}
		const key = titleKey( name, fileNamespaces );
		const group = byKey.get( key );
		if ( group ) {
			group.push( i );
		} else {
			byKey.set( key, [ i ] );
		}
	} );
	return Array.from( byKey.values() ).filter( ( group ) => group.length > 1 );
}

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
}

export type NameCheckListener = ( id: string, check: NameCheck ) => void;

interface Known {
	facts: TitleFacts;
	/** The invalidation epoch the question was sent in. */
	epoch: number;
}

/** Normalised runs of spaces: "File:a  b.jpg" and "File:a_b.jpg" are one title. */
function keyOf( title: string ): string {
	return title.replace( /[ _]+/g, ' ' );
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
	private readonly context: Omit<CheckContext, 'prefixes'>;
	private readonly fileNamespaces: string[];
	/** File id → the name it aims at now. */
	private readonly wanted = new Map<string, string>();
	/** File id → the last result reported, as JSON: the same result is not reported twice. */
	private readonly reported = new Map<string, string>();
	/** Title key → what the wiki said about it. */
	private readonly known = new Map<string, Known>();
	/** Title key, and the wiki's name ("Foo_bar.jpg") → the epoch it was last invalidated in. */
	private readonly invalidatedKeys = new Map<string, number>();
	private readonly invalidatedNames = new Map<string, number>();
	private invalidatedAll = 0;
	/** Title keys whose question failed: not asked again before the next change. */
	private readonly failed = new Set<string>();
	private readonly listeners = new Set<NameCheckListener>();
	private prefixes: string[] | null = null;
	private prefixLoad: Promise<void> | null = null;
	private epoch = 0;
	private generation = 0;
	private running: Promise<void> | null = null;
	private disposed = false;
	/** Called after each batch's answer (see whenAnswered). */
	private readonly afterBatch = new Set<() => void>();

	constructor( options: NameCheckerOptions ) {
		this.api = options.api;
		this.debounceMs = options.debounceMs ?? DEBOUNCE_MS;
		this.sleep = options.sleep || ( ( ms ) => new Promise<void>( ( resolve ) => setTimeout( resolve, ms ) ) );
		this.context = { rights: options.rights, userName: options.userName, fileExtensions: options.fileExtensions };
		this.fileNamespaces = options.fileNamespaces || DEFAULT_FILE_NAMESPACES;
	}

	subscribe( listener: NameCheckListener ): () => void {
		this.listeners.add( listener );
		return () => {
			this.listeners.delete( listener );
		};
	}

	/**
	 * File `id` now aims at `name`. Reported at once when everything about the name is known,
	 * else after the quiet time and the wiki's answer.
	 */
	check( id: string, name: string ): void {
		if ( this.disposed ) {
			return;
		}
		this.wanted.set( id, name );
		this.failed.clear();
		const result = this.resultFor( id );
		if ( result ) {
			this.emit( id, result );
			return;
		}
		this.schedule();
	}

	/** File `id` is gone: its name needs no more checking. */
	forget( id: string ): void {
		this.wanted.delete( id );
		this.reported.delete( id );
	}

	/** What is known about file `id`'s current name, or null while it is being checked. */
	resultFor( id: string ): NameCheck | null {
		const name = this.wanted.get( id );
		return name === undefined ? null : this.evaluate( name );
	}

	/**
	 * Forget what the wiki said about these names (all names without an argument), e.g. after an
	 * upload to one of them landed (give the name the wiki answered, or the one sent), and check
	 * again the files that aim at them, and those whose checks depend on them (Foo.JPG on
	 * Foo.jpg, 180px-Foo.jpg on Foo.jpg: they share the cached title).
	 */
	invalidate( names?: string[] ): void {
		const epoch = ++this.epoch;
		if ( !names ) {
			this.known.clear();
			this.invalidatedAll = epoch;
		} else {
			names.forEach( ( name ) => {
				const plan = titlesFor( prepareName( name, this.fileNamespaces ) );
				if ( !plan ) {
					return;
				}
				const key = keyOf( plan.main );
				const wikiName = dbKeyOfTitle( plan.main );
				this.invalidatedKeys.set( key, epoch );
				this.invalidatedNames.set( wikiName, epoch );
				this.known.forEach( ( entry, k ) => {
					if ( k === key || ( entry.facts.title && dbKeyOfTitle( entry.facts.title ) === wikiName ) ) {
						this.known.delete( k );
					}
				} );
			} );
		}
		this.failed.clear();
		if ( this.wanted.size ) {
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
			if ( this.disposed || ( this.prefixes !== null && !this.unknownTitles().length ) ) {
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
		const answered = () => this.disposed || !this.wanted.has( id ) || this.resultFor( id ) !== null || this.questionFailed( id );
		if ( answered() ) {
			return Promise.resolve();
		}
		return new Promise<void>( ( resolve ) => {
			const done = () => {
				this.afterBatch.delete( onBatch );
				resolve();
			};
			const onBatch = () => {
				if ( answered() ) {
					done();
				}
			};
			this.afterBatch.add( onBatch );
			// Drives the batches; once every name is answered, this one is too (or failed).
			this.flush().then( done, done );
		} );
	}

	/** Stop: no more questions, no more reports. */
	dispose(): void {
		this.disposed = true;
		this.generation++;
		this.listeners.clear();
		this.wanted.clear();
		this.batchAnswered();
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
			// That run stops after its batch (a name changed since it began): start anew after it.
			return this.running.then( () => this.run() );
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
		if ( !this.prefixLoad ) {
			// Once per checker, beside the first batch. Without the list (the wiki would not
			// give it), no bad-prefix warnings: the upload still gives them.
			this.prefixLoad = this.api.filenamePrefixBlacklist()
				.then( ( text ) => parsePrefixBlacklist( text ), () => [] )
				.then( ( list ) => {
					this.prefixes = list;
				} );
		}
		for ( ;; ) {
			if ( this.disposed || generation !== this.generation ) {
				break;
			}
			const batch = this.unknownTitles().slice( 0, BATCH_SIZE );
			if ( batch.length ) {
				await this.ask( batch );
				continue;
			}
			await this.prefixLoad;
			if ( !this.unknownTitles().length ) {
				break;
			}
		}
		// Names that were known before the prefixes were.
		this.report( null );
	}

	private async ask( titles: string[] ): Promise<void> {
		const epoch = this.epoch;
		let answers: TitleFacts[];
		try {
			answers = await this.api.queryTitles( titles );
		} catch ( error ) {
			titles.forEach( ( t ) => this.failed.add( keyOf( t ) ) );
			this.reportFailure( new Set( titles.map( keyOf ) ), describeFailure( error ) );
			this.batchAnswered();
			return;
		}
		await this.prefixLoad;
		const unanswered = answers.filter( ( facts ) => facts.unanswered ).map( ( facts ) => keyOf( facts.asked ) );
		unanswered.forEach( ( key ) => this.failed.add( key ) );
		const fresh = new Set<string>();
		answers.filter( ( facts ) => !facts.unanswered ).forEach( ( facts ) => {
			const key = keyOf( facts.asked );
			const since = Math.max(
				this.invalidatedAll,
				this.invalidatedKeys.get( key ) || 0,
				facts.title ? this.invalidatedNames.get( dbKeyOfTitle( facts.title ) ) || 0 : 0
			);
			if ( since > epoch ) {
				// Invalidated while the question was on its way: the answer may predate the change.
				return;
			}
			this.known.set( key, { facts, epoch } );
			fresh.add( key );
		} );
		this.report( fresh );
		if ( unanswered.length ) {
			// As for a failed request, but for those titles alone: the rest of the batch is known.
			this.reportFailure( new Set( unanswered ), describeFailure( new HttpError( 'bad-response', 200, 'The answer did not mention the title.' ) ) );
		}
		this.batchAnswered();
	}

	/** Tells whoever waits in whenAnswered() that a batch was answered (or failed). */
	private batchAnswered(): void {
		this.afterBatch.forEach( ( onBatch ) => onBatch() );
	}

	/** Whether a title file `id`'s name needs could not be asked (until the next change). */
	private questionFailed( id: string ): boolean {
		const name = this.wanted.get( id );
		return name !== undefined && this.touches( name, this.failed );
	}

	/** Titles of wanted names that are neither known nor failed, each once. */
	private unknownTitles(): string[] {
		const list: string[] = [];
		const seen = new Set<string>();
		this.wanted.forEach( ( name ) => {
			const plan = titlesFor( prepareName( name, this.fileNamespaces ) );
			if ( !plan ) {
				return;
			}
			[ plan.main, plan.variant, plan.thumb ].forEach( ( title ) => {
				if ( title === undefined ) {
					return;
				}
				const key = keyOf( title );
				if ( !seen.has( key ) && !this.known.has( key ) && !this.failed.has( key ) ) {
					seen.add( key );
					list.push( title );
				}
			} );
		} );
		return list;
	}

	private evaluate( name: string ): NameCheck | null {
		const prepared = prepareName( name, this.fileNamespaces );
		const plan = titlesFor( prepared );
		if ( !plan ) {
			return evaluateName( prepared, null, { ...this.context, prefixes: [] } );
		}
		const main = this.known.get( keyOf( plan.main ) );
		const variant = plan.variant === undefined ? undefined : this.known.get( keyOf( plan.variant ) );
		const thumb = plan.thumb === undefined ? undefined : this.known.get( keyOf( plan.thumb ) );
		if ( !main || ( plan.variant && !variant ) || ( plan.thumb && !thumb ) || this.prefixes === null ) {
			return null;
		}
		return evaluateName( prepared, { main: main.facts, variant: variant?.facts, thumb: thumb?.facts }, {
			...this.context,
			prefixes: this.prefixes
		} );
	}

	/** Tell the files whose current names are now known (those touching `keys`, or all). */
	private report( keys: Set<string> | null ): void {
		this.wanted.forEach( ( name, id ) => {
			if ( keys && !this.touches( name, keys ) ) {
				return;
			}
			const result = this.evaluate( name );
			if ( result ) {
				this.emit( id, result );
			}
		} );
	}

	private reportFailure( keys: Set<string>, reason: UploadFailure ): void {
		this.wanted.forEach( ( name, id ) => {
			if ( this.touches( name, keys ) && !this.evaluate( name ) ) {
				this.emit( id, { name, wikiName: null, warnings: [], error: null, file: null, failure: reason } );
			}
		} );
	}

	private touches( name: string, keys: Set<string> ): boolean {
		const plan = titlesFor( prepareName( name, this.fileNamespaces ) );
		return !!plan && [ plan.main, plan.variant, plan.thumb ].some( ( t ) => t !== undefined && keys.has( keyOf( t ) ) );
	}

	private emit( id: string, check: NameCheck ): void {
		const signature = JSON.stringify( check );
		if ( this.disposed || this.reported.get( id ) === signature ) {
			return;
		}
		this.reported.set( id, signature );
		this.listeners.forEach( ( listener ) => listener( id, check ) );
	}
}
