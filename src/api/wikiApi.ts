/**
 * The only code that touches mw.Api. Each method sends one request and returns a native promise
 * that keeps the API's answer; failures become ApiError, HttpError or AbortError.
 *
 * Why the care at the boundary: mw.Api's jQuery promises reject with two arguments (code,
 * result) and `await` keeps only the first; mw.Api#upload also rejects every answer that carries
 * warnings (even a Success) and keeps only whitelisted parameters (it drops `tags`,
 * `watchlistexpiry`, `url`). So uploads of bytes go through mw.Api#upload/#uploadToStash (which
 * give progress and abort), and everything that must carry the user's fields goes through
 * mw.Api#postWithToken.
 */
import { AbortError, ApiError, HttpError } from './errors';
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

/** What mw.Api hands to a failure callback besides the code. */
interface HttpDetails {
	xhr?: { status?: number; responseText?: string };
	textStatus?: string;
	exception?: unknown;
}

type JqPromise = JQuery.Promise<unknown> & { abort?: () => void };

const NO_TIMEOUT = { timeout: 0 };

export class WikiApi {
	private readonly api: mw.Api;

	constructor( api?: mw.Api ) {
		// formatversion=2 lives in the instance's defaults because mw.Api#upload merges the
		// defaults back in after dropping non-whitelisted parameters.
		this.api = api || new mw.Api( { parameters: { action: 'query', format: 'json', formatversion: 2 } } );
	}

	/** The limits and rights the dialog checks before a byte is sent. */
	async siteInfo(): Promise<SiteInfo> {
		const [ site, params ] = await Promise.all( [
			settle<SiteInfoAnswer>( this.api.get( {
				action: 'query',
				meta: 'siteinfo|userinfo',
				siprop: 'general|fileextensions',
				uiprop: 'rights'
			} ) ),
			settle<ParamInfoAnswer>( this.api.get( { action: 'paraminfo', modules: 'upload' } ) )
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
			copyUploadsEnabled: rights.indexOf( 'upload_by_url' ) !== -1 && await this.copyUploadsEnabled(),
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
			await settle<ApiUploadAnswer>( this.api.postWithToken( 'csrf', {
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
		const api = this.api;
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
			.then( () => uploadOf( answer ) );
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
		const jq = this.api.upload( params.chunk, data as never ) as unknown as JqPromise;
		return settle<ApiUploadAnswer>( jq, control ).then( ( answer ) => {
			const clamped = filesizeClamped( answer );
			if ( clamped !== null ) {
				throw new ApiError( 'file-too-large', clamped, answer );
			}
			return uploadOf( answer );
		} );
	}

	/** A file fetched by the wiki from a URL, into the stash. Never `async`: 1.43 breaks it. */
	stashUrl( url: string, filename: string, control: RequestControl = {} ): Promise<UploadResponse> {
		const jq = this.api.postWithToken( 'csrf', { action: 'upload', url, filename, stash: 1 }, NO_TIMEOUT ) as unknown as JqPromise;
		return settle<ApiUploadAnswer>( jq, control ).then( uploadOf );
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
		const jq = this.api.postWithToken( 'csrf', data, NO_TIMEOUT ) as unknown as JqPromise;
		return settle<ApiUploadAnswer>( jq, control ).then( uploadOf );
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
			} ), control );
			const first = info.query?.stashimageinfo?.[ 0 ];
			if ( first && first.sha1 ) {
				entries.push( { filekey, status, size: Number( first.size ), sha1: first.sha1, timestamp: String( first.timestamp || '' ) } );
			}
		}
		return entries;
	}

	/** Where an asynchronous assembly or publish has got to. */
	checkStatus( filekey: string, control: RequestControl = {} ): Promise<UploadResponse> {
		const jq = this.api.postWithToken( 'csrf', { action: 'upload', filekey, checkstatus: 1 } ) as unknown as JqPromise;
		return settle<ApiUploadAnswer>( jq, control ).then( uploadOf );
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
		return entry ? String( entry.text || entry.html || entry.code ) : null;
	}
	const text = String( ( warnings as { upload?: { warnings?: unknown } } ).upload?.warnings ?? '' );
	return /filesize/.test( text ) ? text : null;
}

function uploadOf( answer: ApiUploadAnswer | undefined ): UploadResponse {
	if ( answer && answer.error ) {
		throw new ApiError( answer.error.code, answer.error.info || answer.error.code, answer );
	}
	if ( !answer || !answer.upload ) {
		throw new HttpError( 'bad-response', 200, 'The answer had no "upload" part.' );
	}
	return answer.upload;
}

/**
 * A jQuery promise from mw.Api as a native promise that keeps the whole answer.
 * An upload answer that carries warnings is an answer, not a failure. `abort` stops the request
 * (default: jq's own abort), and `progressOf` is the promise whose progress is the request's
 * (default: jq; another where jq wraps the request, as uploadToStash's does).
 */
export function settle<T>( jq: JqPromise, control: RequestControl = {}, abort?: () => void, progressOf: JqPromise = jq ): Promise<T> {
	return new Promise<T>( ( resolve, reject ) => {
		const { signal, idleTimeoutMs } = control;
		const cancel = () => ( abort ? abort() : jq.abort?.() );
		let timedOut = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		// mw.Api#upload sends without a timeout; a stalled connection would hang for ever.
		// The clock restarts on every progress event, so a slow link is not a dead one.
		const arm = () => {
			if ( idleTimeoutMs ) {
				clearTimeout( timer );
				timer = setTimeout( () => {
					timedOut = true;
					cancel();
				}, idleTimeoutMs );
			}
		};
		const finish = () => {
			clearTimeout( timer );
			signal?.removeEventListener( 'abort', cancel );
		};
		if ( signal ) {
			if ( signal.aborted ) {
				cancel();
				reject( new AbortError() );
				return;
			}
			signal.addEventListener( 'abort', cancel, { once: true } );
		}
		arm();
		progressOf.progress( ( fraction: unknown ) => {
			arm();
			control.onProgress?.( Number( fraction ) );
		} );
		// done/fail rather than then: jQuery 3 runs `then` callbacks a timer task later, and
		// every chunk would wait for one more in the gap before the next is sent.
		jq.done( ( result: unknown ) => {
			finish();
			resolve( result as T );
		} );
		jq.fail( ( code: unknown, result: unknown ) => {
			finish();
			if ( timedOut ) {
				reject( new HttpError( 'timeout', 0, 'no progress' ) );
				return;
			}
			if ( signal?.aborted ) {
				reject( new AbortError() );
				return;
			}
			const answer = result as ApiUploadAnswer | undefined;
			if ( answer && typeof answer === 'object' && answer.upload && !answer.error ) {
				resolve( answer as T );
				return;
			}
			reject( toError( String( code ), result ) );
		} );
	} );
}

/** mw.Api's (code, result) rejection as one of our error classes. */
export function toError( code: string, result: unknown ): Error {
	if ( code === 'http' ) {
		const details = ( result || {} ) as HttpDetails;
		const status = details.xhr?.status || 0;
		switch ( details.textStatus ) {
			case 'abort':
				return new AbortError();
			case 'timeout':
				return new HttpError( 'timeout', 0, 'timeout' );
			case 'parsererror':
				return new HttpError( 'bad-response', status, String( details.exception || 'parsererror' ) );
			default:
				return status ?
					new HttpError( 'status', status, String( details.exception || status ) ) :
					new HttpError( 'network', 0, String( details.exception || 'network error' ) );
		}
	}
	if ( code === 'ok-but-empty' ) {
		return new HttpError( 'empty', 200, 'empty answer' );
	}
	const answer = result as ApiUploadAnswer | undefined;
	const info = answer?.error?.info || code;
	return new ApiError( code, info, answer );
}
