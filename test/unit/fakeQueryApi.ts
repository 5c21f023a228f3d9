/**
 * A fake of mw.Api for the name checks (src/api/nameChecks.ts), with the answers it gives
 * captured from a real MediaWiki 1.43.12 (a throwaway wiki made by scripts/wiki/wiki.sh, with
 * TitleBlacklist loaded and MediaWiki:Titleblacklist holding `.*Forbidden.* <casesensitive>`,
 * `File:Pc-Nope.*`, `File:Pc-Re.* <reupload>`; the user "Uploader", who has none of the rights
 * deletedhistory, deletedtext, tboverride). `docref` is shortened to "…" as in api-responses.md.
 *
 * The wiki held: File:Pc-A.pdf (uploaded by Uploader, then upload-protected for sysops),
 * File:Pc-N.jpg, File:Pc-P.png, File:Pc-PE.pdf (a description page, no file), File:Pc-D.pdf
 * (uploaded, then deleted by Admin), File:Pc-Prot.pdf (create-protected for sysops), and
 * Shared-file.png in the shared repository "fakeshared" only.
 *
 * QueryWiki answers action=query like that wiki from a small model of it, for the engine's
 * tests; nameChecks.test.ts checks that it gives the captured answers to the captured requests.
 */
import { vi } from 'vitest';
import type { ApiMessage, QueryPage } from '../../src/api/nameChecks';
import type { FileVersion } from '../../src/api/types';
import { FakeDeferred } from './deferred';

/** The parameters NameChecksApi sends with every title query (mw.Api adds format and formatversion). */
export const TITLE_QUERY = {
	action: 'query',
	prop: 'info|imageinfo|deletedrevisions',
	iiprop: 'timestamp|user|size|sha1',
	drvprop: 'timestamp',
	drvlimit: 'max',
	intestactions: 'edit|upload',
	intestactionsdetail: 'full',
	// The refusals' words as the wiki renders them, in the user's language (default: English).
	errorformat: 'html',
	errorlang: 'en',
	errorsuselocal: 1
};

/** Captured: requests and the verbatim answers (parsed). */
export const REAL = {
	/** TITLE_QUERY for MAIN_TITLES. */
	main: {"batchcomplete":true,"query":{"normalized":[{"fromencoded":false,"from":"File:pc space name.pdf","to":"File:Pc space name.pdf"}],"pages":[{"ns":6,"title":"File:Pc-Prot.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[{"code":"protectedpage","text":"This page has been protected to prevent editing or other actions."}],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Shared-file.png","missing":true,"known":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":"fakeshared","imageinfo":[{"timestamp":"2026-11-25T15:49:09Z","user":"","size":276,"width":3,"height":3,"sha1":"78153360e596f6e9602e4facdea4e2307860171b"}]},{"ns":6,"title":"File:Pc-Forbidden.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[{"code":"titleblacklist-forbidden","text":"The title \"File:Pc-Forbidden.pdf\" has been banned from creation. It matches the following disallowed titles list entry: \".*Forbidden.* <casesensitive>\"","data":{"message":{"key":"titleblacklist-forbidden-edit","params":[".*Forbidden.* <casesensitive>","File:Pc-Forbidden.pdf"]},"line":".*Forbidden.* <casesensitive>","info":"TitleBlacklist prevents this title from being created"}}],"upload":[{"code":"titleblacklist-forbidden","text":"The title \"File:Pc-Forbidden.pdf\" has been banned from creation. It matches the following disallowed titles list entry: \".*Forbidden.* <casesensitive>\"","data":{"message":{"key":"titleblacklist-forbidden-edit","params":[".*Forbidden.* <casesensitive>","File:Pc-Forbidden.pdf"]},"line":".*Forbidden.* <casesensitive>","info":"TitleBlacklist prevents this title from being created"}}]},"imagerepository":""},{"ns":6,"title":"File:Pc-New.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc space name.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-D.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":"","deletedrevisions":[{"timestamp":"2026-11-25T15:48:57Z"}]},{"title":"File:Pc-x<y.pdf","invalidreason":"The requested page title contains invalid characters: \"<\".","invalid":true},{"pageid":6,"ns":6,"title":"File:Pc-A.pdf","contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","touched":"2026-11-25T15:54:59Z","lastrevid":15,"length":0,"actions":{"edit":[],"upload":[{"code":"protectedpage","text":"This page has been protected to prevent editing or other actions."}]},"imagerepository":"local","imageinfo":[{"timestamp":"2026-11-25T15:48:57Z","user":"Uploader","size":140,"width":0,"height":0,"sha1":"45bb5ec3ec43efcb87166219fc5c3098f5c7f671"}]},{"pageid":8,"ns":6,"title":"File:Pc-N.jpg","contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","touched":"2026-11-25T15:48:58Z","lastrevid":8,"length":0,"new":true,"actions":{"edit":[],"upload":[]},"imagerepository":"local","imageinfo":[{"timestamp":"2026-11-25T15:48:58Z","user":"Uploader","size":286,"width":3,"height":3,"sha1":"6905f5e90f35fef1347168c54917a11e7442a0bf"}]},{"pageid":11,"ns":6,"title":"File:Pc-PE.pdf","contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","touched":"2026-11-25T15:49:00Z","lastrevid":11,"length":5,"new":true,"actions":{"edit":[],"upload":[]},"imagerepository":""}]},"limits":{"deletedrevisions":500}},
	/** TITLE_QUERY for 26 new titles File:Pc-T1.pdf … File:Pc-T26.pdf: 52 actions to test, a user may have 50 tested per request. */
	continued: {"continue":{"incontinue":"6|Pc-T9.pdf","continue":"||imageinfo|deletedrevisions"},"query":{"pages":[{"ns":6,"title":"File:Pc-T26.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T25.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T24.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T23.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T22.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T21.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T20.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T19.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T18.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T17.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T16.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T15.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T14.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T13.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T12.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T11.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T10.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T9.pdf","missing":true,"imagerepository":""},{"ns":6,"title":"File:Pc-T8.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T7.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T6.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T5.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T4.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T3.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T2.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""},{"ns":6,"title":"File:Pc-T1.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]},"imagerepository":""}]},"limits":{"deletedrevisions":500}},
	/** The same with the `continue` of the first answer. */
	continuation: {"batchcomplete":true,"limits":{"deletedrevisions":500},"query":{"pages":[{"ns":6,"title":"File:Pc-T26.pdf","missing":true},{"ns":6,"title":"File:Pc-T25.pdf","missing":true},{"ns":6,"title":"File:Pc-T24.pdf","missing":true},{"ns":6,"title":"File:Pc-T23.pdf","missing":true},{"ns":6,"title":"File:Pc-T22.pdf","missing":true},{"ns":6,"title":"File:Pc-T21.pdf","missing":true},{"ns":6,"title":"File:Pc-T20.pdf","missing":true},{"ns":6,"title":"File:Pc-T19.pdf","missing":true},{"ns":6,"title":"File:Pc-T18.pdf","missing":true},{"ns":6,"title":"File:Pc-T17.pdf","missing":true},{"ns":6,"title":"File:Pc-T16.pdf","missing":true},{"ns":6,"title":"File:Pc-T15.pdf","missing":true},{"ns":6,"title":"File:Pc-T14.pdf","missing":true},{"ns":6,"title":"File:Pc-T13.pdf","missing":true},{"ns":6,"title":"File:Pc-T12.pdf","missing":true},{"ns":6,"title":"File:Pc-T11.pdf","missing":true},{"ns":6,"title":"File:Pc-T10.pdf","missing":true},{"ns":6,"title":"File:Pc-T9.pdf","missing":true,"contentmodel":"wikitext","pagelanguage":"en","pagelanguagehtmlcode":"en","pagelanguagedir":"ltr","actions":{"edit":[],"upload":[]}},{"ns":6,"title":"File:Pc-T8.pdf","missing":true},{"ns":6,"title":"File:Pc-T7.pdf","missing":true},{"ns":6,"title":"File:Pc-T6.pdf","missing":true},{"ns":6,"title":"File:Pc-T5.pdf","missing":true},{"ns":6,"title":"File:Pc-T4.pdf","missing":true},{"ns":6,"title":"File:Pc-T3.pdf","missing":true},{"ns":6,"title":"File:Pc-T2.pdf","missing":true},{"ns":6,"title":"File:Pc-T1.pdf","missing":true}]}},
	/**
	 * titles=File:Pc-a\u0001b.png|File:Pc-a\u007fb.png|File:Pc-a\u200eb.png (no prop): the wiki
	 * cleans a control character to U+FFFD and says so percent-encoded (`fromencoded`).
	 */
	cleaned: {"batchcomplete":true,"warnings":{"query":{"warnings":"The value passed for \"titles\" contains invalid or non-normalized data. Textual data should be valid, NFC-normalized Unicode without C0 control characters other than HT (\\t), LF (\\n), and CR (\\r)."}},"query":{"normalized":[{"fromencoded":true,"from":"File%3APc-a%01b.png","to":"File:Pc-a\ufffdb.png"},{"fromencoded":false,"from":"File:Pc-a\u200eb.png","to":"File:Pc-ab.png"}],"pages":[{"ns":6,"title":"File:Pc-ab.png","missing":true},{"title":"File:Pc-a\u007fb.png","invalidreason":"The requested page title contains invalid characters: \"\u007f\".","invalid":true},{"title":"File:Pc-a\ufffdb.png","invalidreason":"The requested page title contains an invalid UTF-8 sequence.","invalid":true}]}},
	/** titles=File:Pc-D.pdf&prop=deletedrevisions&drvprop=timestamp|comment: what a refusal of deleted revisions looks like. */
	deletedCommentsRefused: {"error":{"code":"permissiondenied","info":"You don't have permission to view deleted comments.","docref":"…"}},
	/** TITLE_QUERY for 51 titles. */
	tooManyTitles: {"error":{"code":"toomanyvalues","info":"Too many values supplied for parameter \"titles\". The limit is 50.","parameter":"titles","limit":50,"lowlimit":50,"highlimit":500,"docref":"…"}},
	/** list=allimages&aisha1=45bb5ec3…&aiprop=timestamp|user|size|sha1&ailimit=50 */
	allimages: {"batchcomplete":true,"query":{"allimages":[{"name":"Pc-A.pdf","timestamp":"2026-11-25T15:48:57Z","user":"Uploader","size":140,"width":0,"height":0,"sha1":"45bb5ec3ec43efcb87166219fc5c3098f5c7f671","ns":6,"title":"File:Pc-A.pdf"}]}},
	/** The same with two SHA-1s joined by "|". */
	allimagesTwoHashes: {"error":{"code":"invalidsha1hash","info":"The SHA1 hash provided is not valid.","docref":"…"}},
	/** list=filearchive&fasha1=38d388e2…&faprop=timestamp|user|size|sha1&falimit=50 (File:Pc-D.pdf's content) */
	filearchive: {"batchcomplete":true,"query":{"filearchive":[{"id":1,"name":"Pc-D.pdf","ns":6,"title":"File:Pc-D.pdf","userid":3,"user":"Uploader","sha1":"38d388e2df50b21ba5bf10e7a194388664732c82","timestamp":"2026-11-25T15:48:57Z","size":"140","height":"0","width":"0"}]}},
	/** The same with faprop=sha1|description. */
	filearchiveDescriptionRefused: {"error":{"code":"permissiondenied","info":"You don't have permission to view descriptions of deleted files.","docref":"…"}},
	/** meta=allmessages&ammessages=filename-prefix-blacklist&amlang=en */
	prefixBlacklist: {"batchcomplete":true,"query":{"allmessages":[{"name":"filename-prefix-blacklist","normalizedname":"filename-prefix-blacklist","content":" #<!-- leave this line exactly as it is --> <pre>\n# Syntax is as follows:\n#   * Everything from a \"#\" character to the end of the line is a comment\n#   * Every non-blank line is a prefix for typical filenames assigned automatically by digital cameras\nCIMG # Casio\nDSC_ # Nikon\nDSCF # Fuji\nDSCN # Nikon\nDUW # some mobile phones\nIMG # generic\nJD # Jenoptik\nMGP # Pentax\nPICT # misc.\n #</pre> <!-- leave this line exactly as it is -->"}]}},
	/** meta=allmessages&ammessages=nosuchmessage-xyz&amlang=en */
	missingMessage: {"batchcomplete":true,"query":{"allmessages":[{"name":"nosuchmessage-xyz","normalizedname":"nosuchmessage-xyz","missing":true}]}}
};

export const MAIN_TITLES = [
	'File:Pc-A.pdf',
	'File:Pc-D.pdf',
	'File:Pc-PE.pdf',
	'File:pc space name.pdf',
	'File:Pc-New.pdf',
	'File:Pc-N.jpg',
	'File:Pc-Forbidden.pdf',
	'File:Pc-x<y.pdf',
	'File:Shared-file.png',
	'File:Pc-Prot.pdf'
];

type Params = Record<string, unknown>;
type Answer = Record<string, unknown>;

/**
 * mw.Api#get and #post as they settle: an answer with `error` rejects with ( code, answer ), any
 * other resolves; a thrown value or a rejected promise is a failed request ( 'http', … ). An
 * answer given as a promise holds the request until it settles.
 */
export class FakeMwQueryApi {
	answer: ( params: Params ) => Answer | Promise<Answer> = () => ( { batchcomplete: true } );
	readonly requests: Array<{ method: 'get' | 'post'; params: Params }> = [];
	readonly get = vi.fn( ( params: Params ) => this.respond( 'get', params ) );
	readonly post = vi.fn( ( params: Params ) => this.respond( 'post', params ) );

	/** Title queries sent (continuations included), in order. */
	titleQueries(): Params[] {
		return this.requests.map( ( r ) => r.params ).filter( ( p ) => p.titles !== undefined );
	}

	private respond( method: 'get' | 'post', params: Params ): FakeDeferred {
		this.requests.push( { method, params: { ...params } } );
		const d = new FakeDeferred();
		let answer: Answer | Promise<Answer>;
		try {
			answer = this.answer( params );
		} catch ( error ) {
			answer = Promise.reject( error );
		}
		Promise.resolve( answer ).then( ( a ) => {
			const error = a.error as { code?: string } | undefined;
			if ( error ) {
				d.reject( error.code, a );
			} else {
				d.resolve( a );
			}
		}, ( error: unknown ) => {
			d.reject( 'http', { xhr: { status: 0 }, textStatus: 'error', exception: String( error ) } );
		} );
		return d;
	}
}

/** The same page, with what differs from wiki to wiki (ids, revision, touched) left out. */
export function comparable( page: QueryPage ): Record<string, unknown> {
	const copy: Record<string, unknown> = { ...page };
	[ 'pageid', 'touched', 'lastrevid', 'length', 'new' ].forEach( ( key ) => delete copy[ key ] );
	return copy;
}

const INFO = { contentmodel: 'wikitext', pagelanguage: 'en', pagelanguagehtmlcode: 'en', pagelanguagedir: 'ltr' };

function ucfirst( text: string ): string {
	return text.charAt( 0 ).toUpperCase() + text.slice( 1 );
}

/** Title normalisation as the real wiki answered it (the cases the name checks can meet). */
function normalise( asked: string ): { title: string } | { invalid: string } {
	let text = asked.replace( /^File:/, '' );
	if ( text.indexOf( '\ufffd' ) !== -1 ) {
		return { invalid: 'The requested page title contains an invalid UTF-8 sequence.' };
	}
	// "File:A#b.pdf" is "File:A": the rest is a section. Direction marks are dropped.
	text = text.split( '#' )[ 0 ].replace( /[\u200e\u200f\u202a-\u202e]/g, '' ).replace( /_/g, ' ' ).replace( / +/g, ' ' ).trim();
	if ( !text ) {
		return { invalid: 'The requested page title is empty or contains only a namespace prefix.' };
	}
	const bad = /[<>[\]{}|\u0000-\u001f\u007f]/.exec( text );
	if ( bad ) {
		return { invalid: `The requested page title contains invalid characters: "${ bad[ 0 ] }".` };
	}
	if ( text.indexOf( '~~~' ) !== -1 ) {
		return { invalid: 'The requested page title contains invalid magic tilde sequence (<nowiki>~~~</nowiki>).' };
	}
	if ( /^\.\.?$|^\.\.?\/|\/\.\.?\/|\/\.\.?$/.test( text ) ) {
		return { invalid: 'Title has relative path. Relative page titles (./, ../) are invalid, because they will often be unreachable when handled by user\'s browser.' };
	}
	return { title: `File:${ ucfirst( text ) }` };
}

/** A file's current version; images have dimensions. */
export type StoredFile = FileVersion & { width?: number; height?: number };

const PREFIX_BLACKLIST = ( REAL.prefixBlacklist.query.allmessages[ 0 ] as { content: string } ).content;

/**
 * A wiki's files and pages, answering action=query (titles with prop=info|imageinfo|
 * deletedrevisions and intestactions, meta=allmessages) in the real answers' shape, with the
 * real limits: 50 titles per request (`toomanyvalues` above), 50 tested actions per request
 * (`incontinue` above). Names are title texts: "Pc-A.pdf".
 */
export class QueryWiki {
	/** The wiki's own files: their current version. A file's description page exists. */
	readonly files = new Map<string, StoredFile>();
	/** Description pages without a file. */
	readonly pages = new Set<string>();
	/**
	 * Redirect pages (a moved file leaves one) → the name they lead to. Not captured: as 1.43's
	 * ApiQueryInfo (`redirect`) and ApiQueryImageInfo (RepoGroup::findFiles follows a file
	 * redirect to the target's local file) answer.
	 */
	readonly redirects = new Map<string, string>();
	/** Pages with deleted revisions. */
	readonly deleted = new Set<string>();
	/** Files of a shared repository. */
	readonly shared = new Map<string, { repository: string; version: StoredFile }>();
	/** intestactions answers per page; [] for every action where none is set. */
	readonly refusals = new Map<string, Record<string, ApiMessage[]>>();
	prefixBlacklist: string | null = PREFIX_BLACKLIST;
	/** Tested actions a request may hold (50; 500 with apihighlimits). */
	actionLimit = 50;

	/** A file of this wiki, uploaded by `user`. */
	addFile( name: string, user = 'Uploader', sha1 = 'ad525c754cce325b0325e5183c97453e479e0b73' ): FileVersion {
		const version = { timestamp: '2026-11-25T15:48:57Z', user, size: 140, sha1 };
		this.files.set( name, version );
		return version;
	}

	answer( params: Params ): Answer {
		if ( params.meta === 'allmessages' ) {
			const name = String( params.ammessages );
			return {
				batchcomplete: true,
				query: {
					allmessages: [ this.prefixBlacklist !== null && name === 'filename-prefix-blacklist' ?
						{ name, normalizedname: name, content: this.prefixBlacklist } :
						{ name, normalizedname: name, missing: true } ]
				}
			};
		}
		const asked = String( params.titles ).split( '|' );
		if ( asked.length > 50 ) {
			return REAL.tooManyTitles;
		}
		const props = String( params.prop || '' ).split( '|' );
		const tested = params.intestactions ? String( params.intestactions ).split( '|' ) : [];
		const continuing = params.incontinue !== undefined;
		const normalized: Array<{ fromencoded: boolean; from: string; to: string }> = [];
		const invalid: QueryPage[] = [];
		const titles: string[] = [];
		asked.forEach( ( raw ) => {
			// The wiki puts the parameter in NFC first, and says so as a step of its own.
			const title = raw.normalize( 'NFC' );
			if ( title !== raw ) {
				normalized.push( { fromencoded: true, from: encodeURIComponent( raw ), to: title } );
			}
			const n = normalise( title );
			if ( 'invalid' in n ) {
				invalid.push( { title, invalidreason: n.invalid, invalid: true } );
				return;
			}
			if ( n.title !== title && !normalized.some( ( e ) => e.from === title ) ) {
				normalized.push( { fromencoded: false, from: title, to: n.title } );
			}
			if ( titles.indexOf( n.title ) === -1 ) {
				titles.push( n.title );
			}
		} );
		titles.sort();
		const from = continuing ? titles.indexOf( `File:${ String( params.incontinue ).split( '|' )[ 1 ].replace( /_/g, ' ' ) }` ) : 0;
		const perPage = Math.max( 1, tested.length );
		const done = Math.min( titles.length, from + Math.floor( this.actionLimit / perPage ) );
		const pages = titles.map( ( title, i ) => this.page( title, {
			info: props.indexOf( 'info' ) !== -1 && i >= from && ( !tested.length || i < done ),
			tested: i >= from && i < done ? tested : [],
			modules: !continuing,
			props
		} ) );
		const answer: Answer = {};
		if ( tested.length && done < titles.length ) {
			const next = titles[ done ].replace( /^File:/, '' ).replace( / /g, '_' );
			answer.continue = { incontinue: `6|${ next }`, continue: '||imageinfo|deletedrevisions' };
		} else {
			answer.batchcomplete = true;
		}
		answer.query = { ...( normalized.length && !continuing ? { normalized } : {} ), pages: invalid.concat( pages ) };
		if ( params.drvlimit === 'max' && props.indexOf( 'deletedrevisions' ) !== -1 ) {
			answer.limits = { deletedrevisions: 500 };
		}
		return answer;
	}

	private page( title: string, how: { info: boolean; tested: string[]; modules: boolean; props: string[] } ): QueryPage {
		const name = title.replace( /^File:/, '' );
		const target = this.redirects.get( name );
		const file = this.files.get( name ) || ( target === undefined ? undefined : this.files.get( target ) );
		const shared = file ? undefined : this.shared.get( name );
		const exists = !!file || this.pages.has( name ) || target !== undefined;
		const page: Record<string, unknown> = exists ? { pageid: 1, ns: 6, title } : { ns: 6, title, missing: true };
		if ( shared && how.modules ) {
			page.known = true;
		}
		if ( how.info ) {
			Object.assign( page, INFO );
			if ( exists ) {
				Object.assign( page, { touched: '2026-11-25T15:48:57Z', lastrevid: 1, length: 0 } );
			}
			if ( target !== undefined ) {
				page.redirect = true;
			}
			if ( how.tested.length ) {
				const refusals = this.refusals.get( name ) || {};
				const actions: Record<string, ApiMessage[]> = {};
				how.tested.forEach( ( action ) => {
					actions[ action ] = refusals[ action ] || [];
				} );
				page.actions = actions;
			}
		}
		if ( how.modules && how.props.indexOf( 'imageinfo' ) !== -1 ) {
			const version = file || shared?.version;
			page.imagerepository = file ? 'local' : shared ? shared.repository : '';
			if ( version ) {
				page.imageinfo = [ {
					timestamp: version.timestamp,
					user: version.user,
					size: version.size,
					width: version.width || 0,
					height: version.height || 0,
					sha1: version.sha1
				} ];
			}
		}
		if ( how.modules && how.props.indexOf( 'deletedrevisions' ) !== -1 && this.deleted.has( name ) ) {
			page.deletedrevisions = [ { timestamp: '2026-11-25T15:48:57Z' } ];
		}
		return page as unknown as QueryPage;
	}
}

/** QueryWiki holding what the real wiki held when REAL.main was captured. */
export function capturedWiki(): QueryWiki {
	const wiki = new QueryWiki();
	const pages = ( REAL.main.query.pages as QueryPage[] );
	const byTitle = ( title: string ) => pages.find( ( p ) => p.title === title ) as QueryPage;
	const versionOf = ( p: QueryPage ): StoredFile => {
		const i = ( ( p.imageinfo || [] )[ 0 ] || {} ) as Record<string, unknown>;
		return {
			timestamp: String( i.timestamp ),
			user: String( i.user ),
			size: Number( i.size ),
			sha1: String( i.sha1 ),
			width: Number( i.width ),
			height: Number( i.height )
		};
	};
	wiki.files.set( 'Pc-A.pdf', versionOf( byTitle( 'File:Pc-A.pdf' ) ) );
	wiki.files.set( 'Pc-N.jpg', versionOf( byTitle( 'File:Pc-N.jpg' ) ) );
	wiki.pages.add( 'Pc-PE.pdf' );
	wiki.deleted.add( 'Pc-D.pdf' );
	wiki.shared.set( 'Shared-file.png', { repository: 'fakeshared', version: versionOf( byTitle( 'File:Shared-file.png' ) ) } );
	[ 'Pc-A.pdf', 'Pc-Prot.pdf', 'Pc-Forbidden.pdf' ].forEach( ( name ) => {
		wiki.refusals.set( name, byTitle( `File:${ name }` ).actions as Record<string, ApiMessage[]> );
	} );
	return wiki;
}
