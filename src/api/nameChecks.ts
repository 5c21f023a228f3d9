/**
 * What the wiki knows about target names and file contents, asked before a byte is sent: the
 * API side of the dialog's pre-checks (src/upload/prechecks.ts turns it into warnings). This file
 * owns the look-ups themselves (which requests, and what the wiki refused once and is not asked
 * again); their answers' shapes are in nameCheckTypes.ts (re-exported here), what the answers
 * mean in titleFacts.ts, and how the requests travel (GET or POST, continuations) in
 * queryTransport.ts. Like wikiApi.ts it touches mw.Api only through the API layer's boundary.
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
import { errorFormatParameters } from './errorFormat';
import { ApiError } from './errors';
import type { FoundFile, TitleFacts } from './nameCheckTypes';
import { queryAll, sendQuery, type MergedAnswer, type Params } from './queryTransport';
import { foundFiles, titleFactsOf, type FileListEntry } from './titleFacts';
import type { RequestControl } from './types';

export type { ApiMessage, FoundFile, QueryAnswer, QueryPage, Refusal, TitleFacts, TitleStep } from './nameCheckTypes';

/** Titles per request for a user without apihighlimits. */
export const MAX_TITLES = 50;

interface FileListAnswer {
	query?: { allimages?: FileListEntry[]; filearchive?: FileListEntry[] };
}

interface AllMessagesAnswer {
	query?: { allmessages?: Array<{ name: string; content?: string; missing?: boolean }> };
}

/** The SHA-1 parameter the wiki expects: 40 hex digits, or the 31 base-36 digits MediaWiki stores. */
function sha1Param( prefix: string, sha1: string ): Params {
	const value = sha1.trim().toLowerCase();
	return /^[0-9a-f]{40}$/.test( value ) ? { [ `${ prefix }sha1` ]: value } : { [ `${ prefix }sha1base36` ]: value };
}

export class NameChecksApi {
	/** The user's language, for the refusals' words. */
	private readonly language: string;
	private readonly api: mw.Api;
	private readonly contentLanguage: string | undefined;
	/** The wiki refused prop=deletedrevisions once: do not ask again in this session. */
	private deletedHidden = false;
	/** The wiki refused list=filearchive once: the content look-ups ask for the files alone. */
	private deletedFilesRefused = false;

	constructor( api?: mw.Api, options: { contentLanguage?: string; language?: string } = {} ) {
		this.api = api || new mw.Api( { parameters: { action: 'query', format: 'json', formatversion: 2 } } );
		this.contentLanguage = options.contentLanguage;
		this.language = options.language || 'en';
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
			intestactionsdetail: 'full',
			// The refusals' words as the wiki renders them (links, not [[wikitext]]), in the user's
			// language: the failure view shows them as the upload's own refusals are shown.
			...errorFormatParameters( this.language )
		};
		let result: MergedAnswer;
		if ( this.deletedHidden ) {
			result = await queryAll( this.api, withoutDeleted( params ), control );
		} else {
			try {
				result = await queryAll( this.api, params, control );
			} catch ( error ) {
				if ( !( error instanceof ApiError && error.code === 'permissiondenied' ) ) {
					throw error;
				}
				this.deletedHidden = true;
				result = await queryAll( this.api, withoutDeleted( params ), control );
			}
		}
		return titleFactsOf( titles, result, !this.deletedHidden );
	}

	/** The wiki's own files with this content (hex SHA-1 or MediaWiki's base 36), newest first. */
	async findFilesBySha1( sha1: string, control: RequestControl = {} ): Promise<FoundFile[]> {
		const answer = await sendQuery<FileListAnswer>( this.api, {
			action: 'query',
			list: 'allimages',
			...sha1Param( 'ai', sha1 ),
			aiprop: 'timestamp|user|size|sha1',
			ailimit: 50
		}, control );
		return foundFiles( answer.query?.allimages );
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
			const answer = await sendQuery<FileListAnswer>( this.api, {
				action: 'query',
				list: 'allimages|filearchive',
				...sha1Param( 'ai', sha1 ),
				...sha1Param( 'fa', sha1 ),
				aiprop: 'timestamp|user|size|sha1',
				faprop: 'timestamp|user|size|sha1',
				ailimit: 50,
				falimit: 50
			}, control );
			return { files: foundFiles( answer.query?.allimages ), deleted: foundFiles( answer.query?.filearchive ) };
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
		const answer = await sendQuery<AllMessagesAnswer>( this.api, params );
		const message = answer.query?.allmessages?.[ 0 ];
		return message && !message.missing && typeof message.content === 'string' ? message.content : null;
	}

}

function withoutDeleted( params: Params ): Params {
	const copy: Params = { ...params, prop: 'info|imageinfo' };
	delete copy.drvprop;
	delete copy.drvlimit;
	return copy;
}
