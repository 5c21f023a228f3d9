/**
 * The only code that touches mw.Api. Each method sends one request and returns a native promise
 * that keeps the API's answer; failures become ApiError, HttpError or AbortError.
 *
 * Why the care at the boundary: mw.Api's jQuery promises reject with two arguments (code,
 * result) and `await` keeps only the first; mw.Api#upload also rejects every answer that carries
 * warnings (even a Success) and keeps only whitelisted parameters (it drops `tags`,
 * `watchlistexpiry`, `url`). So uploads of bytes go through mw.Api#upload/#uploadToStash (which
 * give progress and abort), and everything that must carry the user's fields goes through
 * mw.Api#postWithToken. Every request asks for the wiki's errors as HTML in the user's language,
 * and every write says which account it is for (errorFormat.ts): both through the defaults of
 * derived mw.Api instances, the one place mw.Api#upload does not drop them.
 */
import { ApiError, HttpError } from './errors';
import { ASSERT_CODES, assertParameters, errorFormatParameters, normalizedAnswer, textOfHtml } from './errorFormat';
import { MessageNames } from './messageNames';
import { settle, type JqPromise } from './settle';
import type {
	ApiUploadAnswer,
	ChunkParams,
	CommitParams,
	FileVersion,
	ImageInfoAnswer,
	MyStashedFilesAnswer,
	ParamInfoAnswer,
	RequestControl,
	SiteInfo,
	SiteInfoAnswer,
	StashedEntry,
	StashImageInfoAnswer,
	UploadResponse
} from './types';

// The boundary with mw.Api's promises, where the other API modules import it from.
export { settle, toError } from './settle';

const NO_TIMEOUT = { timeout: 0 };

export interface WikiApiOptions {
	/**
	 * The account every write is for: the name the page was made for (wgUserName), which the
	 * user sees on it and opened the dialog as. Fixed for the page's life, on purpose: the site
	 * info is asked later (and kept in the tab for minutes), and by then another tab may have
	 * logged in as someone else; the dialog must then stop, not upload as them. Null: a
	 * logged-out page (nothing is asserted; the wiki refuses the upload itself).
	 */
	userName?: string | null;
	/** The language the wiki words its errors in (the user's: wgUserLanguage). */
	language?: string;
}

/**
 * An mw.Api whose every request carries `parameters` as well. They go into the instance's
 * defaults because mw.Api#upload drops every parameter outside its whitelist (assert,
 * assertuser, errorformat …) and then merges the defaults back in; postWithToken's token
 * request is made with the same defaults, so it carries the assertion too.
 */
function withDefaults( api: mw.Api, parameters: Record<string, unknown> ): mw.Api {
	type WithDefaults = { defaults?: { parameters?: Record<string, unknown> } };
	const derived = Object.create( api ) as WithDefaults;
	const defaults = ( api as unknown as WithDefaults ).defaults || {};
	derived.defaults = { ...defaults, parameters: { ...( defaults.parameters || {} ), ...parameters } };
	return derived as unknown as mw.Api;
}

function configString( key: string ): string | null {
	const value = typeof mw !== 'undefined' && mw.config ? mw.config.get( key ) : null;
	return value ? String( value ) : null;
}

export class WikiApi {
	/** Reads: the wiki's errors as HTML in the user's language. */
	private readonly api: mw.Api;
	/** Writes (everything sent with a token): the same, and the account they are for. */
	private readonly writer: mw.Api;
	private readonly userName: string | null;
	private readonly messageNames: MessageNames;

	constructor( api?: mw.Api, options: WikiApiOptions = {} ) {
		// formatversion=2 lives in the instance's defaults because mw.Api#upload merges the
		// defaults back in after dropping non-whitelisted parameters.
		const base = api || new mw.Api( { parameters: { action: 'query', format: 'json', formatversion: 2 } } );
		const language = options.language || configString( 'wgUserLanguage' ) || 'en';
		this.userName = options.userName !== undefined ? options.userName : configString( 'wgUserName' );
		this.api = withDefaults( base, errorFormatParameters( language ) );
		this.writer = withDefaults( this.api, assertParameters( this.userName ) );
		this.messageNames = new MessageNames( this.api, language );
	}

	/**
	 * A failed write, told more precisely: a refusal for the account names the account asked
	 * for (the wiki's own text only says that the check failed), and a code that stands for
	 * several cases says which of the wiki's messages it was (see MessageNames).
	 */
	private async explained( error: unknown ): Promise<never> {
		if ( error instanceof ApiError ) {
			if ( ASSERT_CODES.indexOf( error.code ) !== -1 && error.result?.error && this.userName ) {
				error.result.error.assertuser = this.userName;
			}
			error.messageKey = await this.messageNames.keyOf( error );
		}
		throw error;
	}

	/** The limits and rights the dialog checks before a byte is sent. */
	async siteInfo(): Promise<SiteInfo> {
		const siteAnswer = settle<SiteInfoAnswer>( this.api.get( {
			action: 'query',
			meta: 'siteinfo|userinfo',
			siprop: 'general|fileextensions',
			uiprop: 'rights'
		} ) );
		// The upload-by-URL probe needs only the rights: it goes as soon as they are known, beside
		// paraminfo rather than after it (the dialog's form waits for all three; issue 19).
		const copyUploads = siteAnswer.then( ( answer ) => ( answer.query?.userinfo?.rights || [] ).indexOf( 'upload_by_url' ) !== -1 && this.copyUploadsEnabled() );
		const [ site, params, copyUploadsEnabled ] = await Promise.all( [
			siteAnswer,
			settle<ParamInfoAnswer>( this.api.get( { action: 'paraminfo', modules: 'upload' } ) ),
			copyUploads
		] );
		const general = site.query?.general || {};
		const user = site.query?.userinfo;
		const rights = user?.rights || [];
		// ApiUpload declares `watchlistexpiry` only where watchlist expiry is enabled: the
		// module's own parameter list is the honest feature test for it.
		const uploadParams = new Set( ( params.paraminfo?.modules?.[ 0 ]?.parameters || [] ).map( ( p ) => p.name ) );
		return {
			siteName: String( general.sitename || '' ),
			maxUploadSize: Number( general.maxuploadsize ) || 100 * 1024 * 1024,
			minUploadChunkSize: Number( general.minuploadchunksize ) || 1024,
			fileExtensions: ( site.query?.fileextensions || [] ).map( ( e ) => e.ext ),
			copyUploadsEnabled,
			watchlistExpiryEnabled: uploadParams.has( 'watchlistexpiry' ),
			userName: user && !user.anon && user.id ? user.name : null,
			rights
		};
	}

	/**
	 * Whether the wiki accepts uploads by URL ($wgAllowCopyUploads). Nothing in siteinfo or
	 * paraminfo tells (ApiUpload always declares `url`), so ask the way the API answers it: a
	 * URL on a reserved, never-resolving host (RFC 2606 `.invalid`), to the stash only. A wiki
	 * without copy uploads answers copyuploaddisabled before anything else; any other answer
	 * (usually copyuploadbaddomain) means they are on.
	 */
	private async copyUploadsEnabled(): Promise<boolean> {
		try {
			await settle<ApiUploadAnswer>( this.writer.postWithToken( 'csrf', {
				action: 'upload',
				url: 'http://uploaddialog-probe.invalid/probe.png',
				filename: 'UploadDialog-probe.png',
				stash: 1
			} ) as unknown as JqPromise );
			return true;
		} catch ( error ) {
			return !( error instanceof ApiError && error.code === 'copyuploaddisabled' );
		}
	}

	/**
	 * A whole (small) file to the stash in one request, with mw.Api#uploadToStash.
	 *
	 * uploadToStash resolves with a `finishUpload` function only, hiding the filekey and the
	 * answer the dialog needs (to show warnings, and to commit later with fields that
	 * uploadFromStash's path would keep but whose result it rejects). It sends its one request
	 * through `this.upload`, so it is called on a thin object whose `upload` is the real one,
	 * watched: that keeps the answer, the progress and the abort of that request.
	 */
	stashFile( file: File, filename: string, control: RequestControl = {} ): Promise<UploadResponse> {
		const api = this.writer;
		let request: JqPromise | undefined;
		let answer: ApiUploadAnswer | undefined;
		const watched = Object.create( api ) as mw.Api;
		watched.upload = function ( f: File | Blob | HTMLInputElement, data: Record<string, unknown> ) {
			const jq = api.upload( f, data as never ) as unknown as JqPromise;
			request = jq;
			jq.then( ( r: unknown ) => {
				answer = r as ApiUploadAnswer;
			}, ( _code: unknown, r: unknown ) => {
				answer = r as ApiUploadAnswer;
			} );
			return jq as never;
		};
		const stashing = api.uploadToStash.call( watched, file, { filename } ) as unknown as JqPromise;
		// The request's own progress: it is what shows a stalled connection (idleTimeoutMs).
		return settle<unknown>( stashing, control, () => request?.abort?.(), request || stashing )
			.then( () => uploadOf( answer ) )
			.catch( ( error: unknown ) => this.explained( error ) );
	}

	/** One chunk to the stash with mw.Api#upload (progress and abort from mw.Api). */
	stashChunk( params: ChunkParams, control: RequestControl = {} ): Promise<UploadResponse> {
		const data: Record<string, unknown> = {
			stash: 1,
			// Without it, a chunk the server has warnings about (say, the name exists) is not
			// added to the upload: it is stashed ALONE as the whole file and answered with
			// Warning. With it, the chunks add up and the last one's answer carries the warnings,
			// which the dialog still shows before anything is published.
			ignorewarnings: 1,
			filename: params.filename,
			filesize: params.filesize,
			offset: params.offset,
			chunk: params.chunk
		};
		if ( params.filekey ) {
			data.filekey = params.filekey;
		}
		if ( params.async ) {
			data.async = 1;
		}
		const jq = this.writer.upload( params.chunk, data as never ) as unknown as JqPromise;
		return settle<ApiUploadAnswer>( jq, control ).then( ( answer ) => {
			const clamped = filesizeClamped( answer );
			if ( clamped !== null ) {
				throw new ApiError( 'file-too-large', clamped, answer );
			}
			return uploadOf( answer );
		} ).catch( ( error: unknown ) => this.explained( error ) );
	}

	/** A file fetched by the wiki from a URL, into the stash. Never `async`: 1.43 breaks it. */
	stashUrl( url: string, filename: string, control: RequestControl = {} ): Promise<UploadResponse> {
		const jq = this.writer.postWithToken( 'csrf', { action: 'upload', url, filename, stash: 1 }, NO_TIMEOUT ) as unknown as JqPromise;
		return this.answered( jq, control );
	}

	/** Publish a stashed file under its name, with every field the user set. */
	commit( params: CommitParams, control: RequestControl = {} ): Promise<UploadResponse> {
		const data: Record<string, string | number> = {
			action: 'upload',
			filekey: params.filekey,
			filename: params.filename,
			comment: params.comment,
			text: params.text,
			watchlist: params.watchlist
		};
		if ( params.tags.length ) {
			data.tags = params.tags.join( '|' );
		}
		if ( params.watchlistexpiry ) {
			data.watchlistexpiry = params.watchlistexpiry;
		}
		if ( params.ignorewarnings ) {
			data.ignorewarnings = 1;
		}
		if ( params.async ) {
			data.async = 1;
		}
		const jq = this.writer.postWithToken( 'csrf', data, NO_TIMEOUT ) as unknown as JqPromise;
		return this.answered( jq, control );
	}

	/** The current version of File:<filename>, or null. */
	async latestVersion( filename: string ): Promise<FileVersion | null> {
		const answer = await settle<ImageInfoAnswer>( this.api.get( {
			action: 'query',
			titles: `File:${ filename }`,
			prop: 'imageinfo',
			iiprop: 'user|size|timestamp|sha1'
		} ) );
		const info = answer.query?.pages?.[ 0 ]?.imageinfo?.[ 0 ];
		return info ? {
			user: String( info.user || '' ),
			size: Number( info.size ),
			timestamp: String( info.timestamp || '' ),
			sha1: String( info.sha1 || '' )
		} : null;
	}

	/**
	 * The user's stash entries of a size and status, each with its SHA-1. list=mystashedfiles
	 * gives keys, sizes and status (oldest first, so every page is read, at most a few);
	 * prop=stashimageinfo gives the SHA-1, asked one key at a time because its answer does not
	 * name the key it is about.
	 */
	async findStashed( size: number, status: 'chunks' | 'finished', control: RequestControl = {} ): Promise<StashedEntry[]> {
		const keys: string[] = [];
		let cont: Record<string, string> | undefined = {};
		for ( let page = 0; cont && page < 10; page++ ) {
			const answer: MyStashedFilesAnswer = await settle<MyStashedFilesAnswer>( this.api.get( {
				action: 'query',
				list: 'mystashedfiles',
				msfprop: 'size',
				msflimit: 'max',
				...cont
			} ), control );
			( answer.query?.mystashedfiles || [] ).forEach( ( f ) => {
				if ( f.size === size && f.status === status ) {
					keys.push( f.filekey );
				}
			} );
			cont = answer.continue;
		}
		const entries: StashedEntry[] = [];
		// Newest first: the entry looked for was made moments ago.
		for ( const filekey of keys.reverse() ) {
			const info = await settle<StashImageInfoAnswer>( this.api.get( {
				action: 'query',
				prop: 'stashimageinfo',
				siifilekey: filekey,
				siiprop: 'sha1|size|timestamp'
			} ), control ).catch( ( error: unknown ) => {
				// An entry gone since the list (another upload's chunks assembled or published
				// meanwhile: uploadstash-file-not-found) is not the one looked for: the others
				// still count. Giving up on them all would send again and leave the one looked
				// for in the stash (seen in the soak).
				if ( error instanceof ApiError ) {
					return null;
				}
				throw error;
			} );
			const first = info?.query?.stashimageinfo?.[ 0 ];
			if ( first && first.sha1 ) {
				entries.push( { filekey, status, size: Number( first.size ), sha1: first.sha1, timestamp: String( first.timestamp || '' ) } );
			}
		}
		return entries;
	}

	/** Where an asynchronous assembly or publish has got to. */
	checkStatus( filekey: string, control: RequestControl = {} ): Promise<UploadResponse> {
		const jq = this.writer.postWithToken( 'csrf', { action: 'upload', filekey, checkstatus: 1 } ) as unknown as JqPromise;
		return this.answered( jq, control );
	}

	/** The upload part of a write's answer; its failure explained. */
	private answered( jq: JqPromise, control: RequestControl ): Promise<UploadResponse> {
		return settle<ApiUploadAnswer>( jq, control ).then( uploadOf ).catch( ( error: unknown ) => this.explained( error ) );
	}
}

/**
 * The text of the API's warning that it clamped `filesize`, or null. MediaWiki answers a
 * `filesize` above its limit with only this warning and goes on, assembling a truncated file
 * when the clamped size is reached: such an upload must stop at its first chunk. The warning is
 * `{ upload: { warnings: "…filesize…" } }` in the default error format, and an `outofrange`
 * entry of a list in the others.
 */
export function filesizeClamped( answer: ApiUploadAnswer | undefined ): string | null {
	const warnings = answer?.warnings as unknown;
	if ( !warnings ) {
		return null;
	}
	if ( Array.isArray( warnings ) ) {
		const entry = warnings.find( ( w: { code?: string; text?: string; html?: string } ) =>
			/filesize/.test( String( w.text || w.html || '' ) ) || ( w.code === 'outofrange' && /upload/.test( String( ( w as { module?: string } ).module ) ) ) );
		return entry ? String( entry.text || ( entry.html ? textOfHtml( entry.html ) : '' ) || entry.code ) : null;
	}
	const text = String( ( warnings as { upload?: { warnings?: unknown } } ).upload?.warnings ?? '' );
	return /filesize/.test( text ) ? text : null;
}

function uploadOf( raw: ApiUploadAnswer | undefined ): UploadResponse {
	const answer = normalizedAnswer( raw );
	if ( answer && answer.error ) {
		throw new ApiError( answer.error.code, answer.error.info || answer.error.code, answer );
	}
	if ( !answer || !answer.upload ) {
		throw new HttpError( 'bad-response', 200, 'The answer had no "upload" part.' );
	}
	return answer.upload;
}
