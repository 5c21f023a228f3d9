/**
 * What the wiki knows about target names and file contents, asked before a byte is sent: the
 * API side of the dialog's pre-checks (src/upload/prechecks.ts turns it into warnings). Like
 * wikiApi.ts it is the only code here that touches mw.Api, through the same boundary (`settle`).
 *
 * The requests, and why (all seen on MediaWiki 1.43.12, user "Uploader" without any of the
 * deletedhistory, deletedtext, tboverride rights; answers kept in test/unit/fakeQueryApi.ts):
 *
 * - Up to 50 titles in one action=query (the limit for titles of a user without apihighlimits:
 *   51 answer `toomanyvalues`), with
 *   - prop=info: whether the description page exists (`missing`) or is a redirect (`redirect`:
 *     imageinfo then gives the target's file, see filesOf), and
 *     `intestactions=edit|upload&intestactionsdetail=full`: the wiki's own answer to "may this
 *     user upload here", the checks UploadBase::verifyTitlePermissions makes. It runs the
 *     permission hooks, so TitleBlacklist's refusals come back here (`titleblacklist-forbidden`)
 *     for every title at once, as do protections (`protectedpage`), blocks and missing rights;
 *     no action=titleblacklist request per name (that module takes one title per request) and
 *     no need to find out whether the wiki has that extension. A user may test 50 actions per
 *     request: two actions for 50 titles finish in a second request (`incontinue`).
 *   - prop=imageinfo (timestamp, user, size, sha1): the current version, and in
 *     `imagerepository` whether it is the wiki's own file ("local") or one of a shared
 *     repository (e.g. Commons seen from another wiki).
 *   - prop=deletedrevisions: whether the page has deleted revisions, which is exactly what the
 *     upload's `was-deleted` warning tests (File::wasDeleted → Title::hasDeletedEdits). In 1.43
 *     an ordinary user may ask for it with drvprop=timestamp (only comments and content need
 *     deletedhistory / deletedtext: drvprop=comment answers `permissiondenied`), for all titles in
 *     the same request, so no list=logevents per title. A wiki that refuses it (older, or
 *     stricter) is asked again without it, and "deleted" is then unknown.
 * - list=allimages&aisha1= (local files with that content) and list=filearchive&fasha1= (deleted
 *   files with that content): one SHA-1 per request (a list of two answers `invalidsha1hash`).
 *   1.43 shows deleted files by SHA-1 to everybody, logged in or not, with name, user,
 *   timestamp and size (only faprop=description needs deletedhistory: `permissiondenied`); files
 *   whose content was hidden by revision deletion stay hidden unless the user has deletedtext.
 * - meta=allmessages for MediaWiki:Filename-prefix-blacklist, once: the camera prefixes of the
 *   `bad-prefix` warning.
 */
import { ApiError } from './errors';
import type { FileVersion, RequestControl } from './types';
import { settle } from './wikiApi';

/** Titles per request for a user without apihighlimits. */
export const MAX_TITLES = 50;

/** Continuation requests one query may take before it answers with what it has. */
const MAX_ROUNDS = 10;

/**
 * Above this length of the encoded query string the request goes as POST. Apache (LimitRequestLine)
 * and nginx (large_client_header_buffers) answer HTTP 414 to request lines over 8 KB, some proxies
 * to less: half of that leaves room for the script path and for them. GET stays for the usual
 * batch (50 Latin names of 30 characters are about 2 KB) because it is cheap and cacheable.
 */
const MAX_GET_QUERY_LENGTH = 4000;

/** An error or refusal in the API's "plaintext" error format (what intestactionsdetail=full gives). */
export interface ApiMessage {
	code: string;
	text?: string;
	data?: Record<string, unknown>;
}

/** One page of an action=query answer (formatversion=2) as the checks read it. */
export interface QueryPage {
	title: string;
	ns?: number;
	pageid?: number;
	missing?: boolean;
	/** A file of a shared repository makes a missing page "known". */
	known?: boolean;
	invalid?: boolean;
	invalidreason?: string;
	/** "local", a shared repository's name, or "" when there is no file. */
	imagerepository?: string;
	imageinfo?: Array<{ timestamp?: string; user?: string; size?: number; sha1?: string }>;
	deletedrevisions?: Array<{ timestamp?: string }>;
	/** intestactions: per action, the reasons the user may not (empty: may). */
	actions?: Record<string, ApiMessage[]>;
	/** prop=info: the page is a redirect. */
	redirect?: boolean;
}

export interface QueryAnswer {
	batchcomplete?: boolean;
	continue?: Record<string, string>;
	query?: {
		normalized?: TitleStep[];
		/** Only where a wiki with language variants converts titles (converttitles). */
		converted?: TitleStep[];
		pages?: QueryPage[];
	};
}

/** One step from an asked title to the wiki's form of it. */
export interface TitleStep {
	from: string;
	to: string;
	/** `from` is percent-encoded: the wiki had to clean or NFC-normalise it. */
	fromencoded?: boolean;
}

/** Why the wiki would refuse this user an upload to a title. */
export interface Refusal {
	/** The action tested: 'edit' or 'upload' (UploadBase::verifyTitlePermissions tests both). */
	action: string;
	/** `titleblacklist-forbidden`, `protectedpage`, `cascadeprotected`, `permissiondenied`, `blocked` … */
	code: string;
	/** The wiki's own words (plain text, may hold wikitext links). */
	text: string;
}

/** What the wiki says about one asked title. */
export interface TitleFacts {
	/** As asked ("File:Foo bar.jpg"). */
	asked: string;
	/** The wiki's form of it ("File:Foo bar.jpg", the namespace in the wiki's language); null when invalid. */
	title: string | null;
	/** The wiki's reason when the title is invalid ("The requested page title contains invalid characters: …"). */
	invalidReason: string | null;
	/** The description page exists (with or without a file). */
	pageExists: boolean;
	/** The current version of the wiki's own file of that name (never the file a redirect leads to). */
	file: FileVersion | null;
	/** A file of that name in a shared repository, when the wiki has none of its own. */
	shared: { repository: string; version: FileVersion } | null;
	/** Whether the page has deleted revisions ("was deleted"); null when the wiki did not say. */
	deleted: boolean | null;
	/** Why this user may not upload there ([] when they may); null when the wiki did not say. */
	refusals: Refusal[] | null;
	/**
	 * The page is a redirect to a file of the wiki's own: that file's current version. Absent
	 * otherwise. The upload takes the title for a page without a file (`page-exists`), but its
	 * overwrite check follows the redirect (see NameChecksApi.queryTitles).
	 */
	redirectFile?: FileVersion;
	/**
	 * The answer named no page for this title: nothing above is known about it (the other
	 * titles of the request are). Absent when it did.
	 */
	unanswered?: true;
}

/** A file found by its content. */
export interface FoundFile {
	/** The name as upload warnings give it ("Foo_bar.jpg"). */
	name: string;
	/** The page title ("File:Foo bar.jpg"). */
	title: string;
	version: FileVersion;
}

interface FileListEntry {
	name?: string;
	title?: string;
	timestamp?: string;
	user?: string;
	/** A number in list=allimages, a string in list=filearchive ("140"). */
	size?: number | string;
	sha1?: string;
}

interface FileListAnswer {
	query?: { allimages?: FileListEntry[]; filearchive?: FileListEntry[] };
}

interface AllMessagesAnswer {
	query?: { allmessages?: Array<{ name: string; content?: string; missing?: boolean }> };
}

type Params = Record<string, string | number>;

/** An answer and its continuations in one. */
interface MergedAnswer {
	/** By title, as the wiki wrote it. */
	pages: Map<string, QueryPage>;
	/** Asked title → the next form the wiki gave it (`normalized` and `converted` steps). */
	steps: Map<string, string>;
	/** Every module finished (false: the wiki had more to say after MAX_ROUNDS requests). */
	complete: boolean;
}

function versionOf( info: { timestamp?: string; user?: string; size?: number | string; sha1?: string } ): FileVersion {
	return {
		user: String( info.user || '' ),
		size: Number( info.size ) || 0,
		timestamp: String( info.timestamp || '' ),
		sha1: String( info.sha1 || '' )
	};
}

function found( entries: FileListEntry[] | undefined ): FoundFile[] {
	return ( entries || [] ).map( ( e ) => ( {
		name: String( e.name || '' ),
		title: String( e.title || '' ),
		version: versionOf( e )
	} ) );
}

/** The SHA-1 parameter the wiki expects: 40 hex digits, or the 31 base-36 digits MediaWiki stores. */
function sha1Param( prefix: string, sha1: string ): Params {
	const value = sha1.trim().toLowerCase();
	return /^[0-9a-f]{40}$/.test( value ) ? { [ `${ prefix }sha1` ]: value } : { [ `${ prefix }sha1base36` ]: value };
}

/** A `from` of `normalized` that the wiki gives percent-encoded (it does so for input it had to clean). */
function decoded( from: string, encoded: boolean | undefined ): string {
	if ( !encoded ) {
		return from;
	}
	try {
		return decodeURIComponent( from );
	} catch ( e ) {
		return from;
	}
}

/**
 * The wiki's form of an asked title: its steps followed until none applies. One title can take
 * two: ApiPageSet reports the NFC normalisation of the parameter (NFD → NFC, `fromencoded`) and
 * the title's own (NFC lower case → capitalised) as separate entries, and a variant conversion
 * as a third (`converted`). A step seen twice ends the walk: a loop would be the wiki's mistake.
 */
function wikiFormOf( asked: string, steps: Map<string, string> ): string {
	const seen = new Set<string>();
	let title = asked;
	for ( ;; ) {
		const next = steps.get( title );
		if ( next === undefined || seen.has( title ) ) {
			return title;
		}
		seen.add( title );
		title = next;
	}
}

/** What is known of a title the answer did not mention: nothing. */
function unansweredFacts( asked: string ): TitleFacts {
	return {
		asked,
		title: null,
		invalidReason: null,
		pageExists: false,
		file: null,
		shared: null,
		deleted: null,
		refusals: null,
		unanswered: true
	};
}

/**
 * The files prop=imageinfo names for a page. It follows file redirects: for File:Old.jpg, moved
 * to File:New.jpg, it gives New.jpg's file as "local". The upload does not: its LocalFile for
 * the title does not exist, so UploadBase::getExistsWarning warns `page-exists` (not `exists`,
 * and no `nochange`), and checkOverwrite asks no `reupload` right. It does follow the redirect
 * in one place: RepoGroup::findFile finds New.jpg, and a user without `reupload-shared` is
 * refused (`fileexists-shared-forbidden`). So a redirect's local file is kept apart. (A
 * redirect page with a file of its own, left by an upload over the redirect, is rare; it is
 * taken for one without: only iiprop=canonicaltitle would tell the two apart.)
 */
function filesOf( page: QueryPage ): Pick<TitleFacts, 'file' | 'shared' | 'redirectFile'> {
	const info = page.imageinfo && page.imageinfo[ 0 ];
	const version = info ? versionOf( info ) : null;
	const repository = page.imagerepository || '';
	if ( repository === 'local' ) {
		return page.redirect && version ? { file: null, shared: null, redirectFile: version } : { file: version, shared: null };
	}
	return { file: null, shared: repository && version ? { repository, version } : null };
}

function refusalsOf( actions: Record<string, ApiMessage[]> ): Refusal[] {
	const list: Refusal[] = [];
	Object.keys( actions ).forEach( ( action ) => {
		( actions[ action ] || [] ).forEach( ( m ) => {
			list.push( { action, code: m.code, text: String( m.text || m.code ) } );
		} );
	} );
	return list;
}

export class NameChecksApi {
	private readonly api: mw.Api;
	private readonly contentLanguage: string | undefined;
	/** The wiki refused prop=deletedrevisions once: do not ask again in this session. */
	private deletedHidden = false;
	/** The wiki refused list=filearchive once: the content look-ups ask for the files alone. */
	private deletedFilesRefused = false;

	constructor( api?: mw.Api, options: { contentLanguage?: string } = {} ) {
		this.api = api || new mw.Api( { parameters: { action: 'query', format: 'json', formatversion: 2 } } );
		this.contentLanguage = options.contentLanguage;
	}

	/**
	 * What the wiki says about up to 50 titles, in the order asked. One request; a second (or,
	 * rarely, more) only to finish what the wiki answered in parts (`continue`). Titles must be
	 * sendable as they are: no "|" (file names never hold one, see nameRules.prepareName).
	 */
	async queryTitles( titles: string[], control: RequestControl = {} ): Promise<TitleFacts[]> {
		if ( titles.length > MAX_TITLES ) {
			throw new RangeError( `At most ${ MAX_TITLES } titles per request, not ${ titles.length }.` );
		}
		if ( !titles.length ) {
			return [];
		}
		const params: Params = {
			action: 'query',
			titles: titles.join( '|' ),
			prop: 'info|imageinfo|deletedrevisions',
			iiprop: 'timestamp|user|size|sha1',
			drvprop: 'timestamp',
			drvlimit: 'max',
			intestactions: 'edit|upload',
			intestactionsdetail: 'full'
		};
		let result: MergedAnswer;
		if ( this.deletedHidden ) {
			result = await this.queryAll( withoutDeleted( params ), control );
		} else {
			try {
				result = await this.queryAll( params, control );
			} catch ( error ) {
				if ( !( error instanceof ApiError && error.code === 'permissiondenied' ) ) {
					throw error;
				}
				this.deletedHidden = true;
				result = await this.queryAll( withoutDeleted( params ), control );
			}
		}
		const { pages, steps, complete } = result;
		const askedDeleted = !this.deletedHidden;
		return titles.map( ( asked ): TitleFacts => {
			const page = pages.get( wikiFormOf( asked, steps ) );
			if ( !page ) {
				// One title the answer cannot be matched with costs that title, not the batch.
				return unansweredFacts( asked );
			}
			if ( page.invalid ) {
				return {
					asked,
					title: null,
					invalidReason: String( page.invalidreason || '' ),
					pageExists: false,
					file: null,
					shared: null,
					deleted: null,
					refusals: null
				};
			}
			let deleted: boolean | null = null;
			if ( askedDeleted ) {
				deleted = page.deletedrevisions && page.deletedrevisions.length ? true : complete ? false : null;
			}
			return {
				asked,
				title: page.title,
				invalidReason: null,
				pageExists: !page.missing,
				...filesOf( page ),
				deleted,
				refusals: page.actions ? refusalsOf( page.actions ) : null
			};
		} );
	}

	/** The wiki's own files with this content (hex SHA-1 or MediaWiki's base 36), newest first. */
	async findFilesBySha1( sha1: string, control: RequestControl = {} ): Promise<FoundFile[]> {
		const answer = await this.send<FileListAnswer>( {
			action: 'query',
			list: 'allimages',
			...sha1Param( 'ai', sha1 ),
			aiprop: 'timestamp|user|size|sha1',
			ailimit: 50
		}, control );
		return found( answer.query?.allimages );
	}

	/**
	 * Files on the wiki and deleted files (one entry per deleted version) with this content, in
	 * one request (two lists of one query): a batch looks up every file's content, and each
	 * request is a turn of the server the uploads wait behind. Where the wiki refuses the deleted
	 * files to this user (1.43 shows them to everybody; older wikis wanted deletedhistory and
	 * answered `permissiondenied`), the files alone, and the deleted ones 'unknown'.
	 */
	async findContent( sha1: string, control: RequestControl = {} ): Promise<{ files: FoundFile[]; deleted: FoundFile[] | 'unknown' }> {
		if ( this.deletedFilesRefused ) {
			// Refused once, refused for every file of the list: one request each, not two.
			return { files: await this.findFilesBySha1( sha1, control ), deleted: 'unknown' };
		}
		try {
			const answer = await this.send<FileListAnswer>( {
				action: 'query',
				list: 'allimages|filearchive',
				...sha1Param( 'ai', sha1 ),
				...sha1Param( 'fa', sha1 ),
				aiprop: 'timestamp|user|size|sha1',
				faprop: 'timestamp|user|size|sha1',
				ailimit: 50,
				falimit: 50
			}, control );
			return { files: found( answer.query?.allimages ), deleted: found( answer.query?.filearchive ) };
		} catch ( error ) {
			if ( error instanceof ApiError && error.code === 'permissiondenied' ) {
				this.deletedFilesRefused = true;
				return { files: await this.findFilesBySha1( sha1, control ), deleted: 'unknown' };
			}
			throw error;
		}
	}

	/**
	 * The text of MediaWiki:Filename-prefix-blacklist in the wiki's content language (the one
	 * UploadBase reads: a user language would miss the wiki's own version of the page), or null
	 * when the message does not exist.
	 */
	async filenamePrefixBlacklist(): Promise<string | null> {
		const params: Params = { action: 'query', meta: 'allmessages', ammessages: 'filename-prefix-blacklist' };
		const lang = this.contentLanguage || String( mw.config.get( 'wgContentLanguage' ) || '' );
		if ( lang ) {
			params.amlang = lang;
		}
		const answer = await this.send<AllMessagesAnswer>( params );
		const message = answer.query?.allmessages?.[ 0 ];
		return message && !message.missing && typeof message.content === 'string' ? message.content : null;
	}

	/** An action=query with its continuations, pages merged by title. */
	private async queryAll( params: Params, control: RequestControl ): Promise<MergedAnswer> {
		const pages = new Map<string, QueryPage>();
		const steps = new Map<string, string>();
		let next: Record<string, string> | undefined = {};
		for ( let round = 0; next && round < MAX_ROUNDS; round++ ) {
			const answer: QueryAnswer = await this.send<QueryAnswer>( { ...params, ...next }, control );
			( answer.query?.normalized || [] ).concat( answer.query?.converted || [] )
				.forEach( ( n ) => steps.set( decoded( n.from, n.fromencoded ), n.to ) );
			( answer.query?.pages || [] ).forEach( ( page ) => {
				const known = pages.get( page.title );
				if ( !known ) {
					pages.set( page.title, { ...page } );
					return;
				}
				// A continuation repeats each page with only what the unfinished modules add.
				// imageinfo's is the next OLDER version: the first answer's is the current one.
				const deleted = ( known.deletedrevisions || [] ).concat( page.deletedrevisions || [] );
				const current = known.imageinfo;
				Object.assign( known, page );
				if ( deleted.length ) {
					known.deletedrevisions = deleted;
				}
				if ( current ) {
					known.imageinfo = current;
				}
			} );
			next = answer.continue && !onlyOlderVersionsLeft( answer.continue ) ? answer.continue : undefined;
		}
		return { pages, steps, complete: !next };
	}

	private send<T>( params: Params, control: RequestControl = {} ): Promise<T> {
		// action=query needs no token; POST only so that long title lists fit.
		const jq = encodedQueryLength( params ) > MAX_GET_QUERY_LENGTH ? this.api.post( params ) : this.api.get( params );
		return settle<T>( jq, control );
	}
}

/**
 * Whether all that a `continue` would still bring is older versions of files (imageinfo gives one
 * version per page and continues with `iistart` for a file uploaded more than once): the checks
 * need the current version only, which the first answer has.
 */
function onlyOlderVersionsLeft( next: Record<string, string> ): boolean {
	return Object.keys( next ).every( ( key ) => key === 'continue' || key.indexOf( 'ii' ) === 0 );
}

/**
 * The length of the query string a GET would carry. Counted encoded, as it travels: a Cyrillic
 * letter is 6 characters there ("%D0%96"), a CJK one 9, so 50 Cyrillic names of 45 letters are
 * some 14 KB of URL though only 2.5 K characters.
 */
function encodedQueryLength( params: Params ): number {
	return Object.keys( params ).reduce(
		( sum, key ) => sum + encodeURIComponent( key ).length + encodeURIComponent( String( params[ key ] ) ).length + 2,
		0
	);
}

function withoutDeleted( params: Params ): Params {
	const copy: Params = { ...params, prop: 'info|imageinfo' };
	delete copy.drvprop;
	delete copy.drvlimit;
	return copy;
}
