/**
 * The engine's ports on the simulated wiki: UploadApi (src/upload/ports.ts), NameCheckApi
 * (prechecks.ts) and ContentCheckApi (preflight.ts). Each method makes the requests
 * src/api/wikiApi.ts and nameChecks.ts make (one per question, a look-up of the stash as a list
 * and then one stashimageinfo per key) through the faulty transport, and reads the answers as
 * they do: `{error}` becomes their ApiError, an answer without `upload` an HttpError.
 */
import { HttpError } from '../../src/api/errors';
import type { FoundFile, TitleFacts } from '../../src/api/nameChecks';
import type { ApiUploadAnswer, ChunkParams, CommitParams, FileVersion, RequestControl, SiteInfo, StashedEntry, UploadResponse } from '../../src/api/types';
import { toError } from '../../src/api/wikiApi';
import type { NameCheckApi } from '../../src/upload/prechecks';
import type { ContentCheckApi } from '../../src/upload/preflight';
import type { UploadApi } from '../../src/upload/ports';
import { bytesOf } from './bytes';
import type { Transport } from './transport';
import { dbKey, type SimWiki } from './wiki';

/** What a query answers in the simulation: the value itself, wrapped as an answer for the transport. */
interface Wrapped<T> extends ApiUploadAnswer {
	value?: T;
}

export class SimApi implements UploadApi, NameCheckApi, ContentCheckApi {
	private readonly wiki: SimWiki;
	private readonly transport: Transport;
	/** Extra time before the site info's answer (a "click before the site info arrives"). */
	siteInfoDelayMs = 0;

	constructor( wiki: SimWiki, transport: Transport ) {
		this.wiki = wiki;
		this.transport = transport;
	}

	async siteInfo(): Promise<SiteInfo> {
		if ( this.siteInfoDelayMs ) {
			const delay = this.siteInfoDelayMs;
			this.siteInfoDelayMs = 0;
			await new Promise( ( resolve ) => setTimeout( resolve, delay ) );
		}
		const info = await this.query( 'siteinfo', () => this.wiki.siteInfo() );
		return {
			siteName: 'Sim wiki',
			maxUploadSize: info.maxUploadSize,
			minUploadChunkSize: info.minUploadChunkSize,
			fileExtensions: [ 'png', 'jpg', 'pdf' ],
			copyUploadsEnabled: false,
			watchlistExpiryEnabled: true,
			userName: info.userName,
			rights: [ 'upload', 'reupload', 'reupload-own' ]
		};
	}

	stashFile( file: File, filename: string, control?: RequestControl ): Promise<UploadResponse> {
		const bytes = bytesOf( file );
		return this.upload( `file ${ filename } (${ bytes.length } B)`, bytes.length, false, () => this.wiki.stashFile( bytes, filename ), control );
	}

	stashChunk( p: ChunkParams, control?: RequestControl ): Promise<UploadResponse> {
		const bytes = bytesOf( p.chunk );
		return this.upload( `chunk ${ p.filename } @${ p.offset }+${ bytes.length }/${ p.filesize }${ p.filekey ? ` key=${ p.filekey }` : '' }`, bytes.length, false,
			() => this.wiki.stashChunk( bytes, { filename: p.filename, filesize: p.filesize, offset: p.offset, filekey: p.filekey, async: p.async } ), control );
	}

	stashUrl(): Promise<UploadResponse> {
		return Promise.reject( new Error( 'the simulation has no uploads by URL' ) );
	}

	commit( p: CommitParams, control?: RequestControl ): Promise<UploadResponse> {
		return this.upload( `commit ${ p.filename } key=${ p.filekey }${ p.ignorewarnings ? ' ignorewarnings' : '' }${ p.async ? ' async' : '' }`, 500, false,
			() => this.wiki.commit( { filekey: p.filekey, filename: p.filename, ignorewarnings: p.ignorewarnings, async: p.async } ), control );
	}

	checkStatus( filekey: string, control?: RequestControl ): Promise<UploadResponse> {
		return this.upload( `checkstatus key=${ filekey }`, 200, true, () => this.wiki.checkStatus( filekey ), control );
	}

	latestVersion( filename: string ): Promise<FileVersion | null> {
		return this.query( `imageinfo File:${ filename }`, () => this.wiki.latestVersion( filename ) );
	}

	async findStashed( size: number, status: 'chunks' | 'finished', control?: RequestControl ): Promise<StashedEntry[]> {
		const filekeys = await this.query( `mystashedfiles size=${ size } ${ status }`, () => this.wiki.findStashed( size, status ), control );
		const found: StashedEntry[] = [];
		for ( const filekey of filekeys ) {
			// prop=stashimageinfo, one key at a time (its answer does not name the key), as the
			// stash is when it is asked: an entry gone since the list is left out (wikiApi.ts).
			const answer = await this.transport.send( {
				label: `stashimageinfo key=${ filekey }`,
				bytes: 200,
				transportTimeout: true,
				apply: () => {
					const info = this.wiki.stashInfo( filekey );
					return 'filekey' in info ? { value: info } as Wrapped<StashedEntry> : info;
				},
				control
			} ) as Wrapped<StashedEntry>;
			if ( !answer.error ) {
				found.push( answer.value as StashedEntry );
			}
		}
		return found;
	}

	async queryTitles( titles: string[], control?: RequestControl ): Promise<TitleFacts[]> {
		return this.query( `titles ${ titles.length }`, () => titles.map( ( asked ) => this.facts( asked ) ), control );
	}

	filenamePrefixBlacklist(): Promise<string | null> {
		return this.query( 'prefix blacklist', () => null );
	}

	findContent( sha1: string, control?: RequestControl ): Promise<{ files: FoundFile[]; deleted: FoundFile[] | 'unknown' }> {
		return this.query( `content ${ sha1.slice( 0, 8 ) }`, () => {
			const files: FoundFile[] = [];
			this.wiki.files.forEach( ( versions, name ) => {
				const v = versions[ versions.length - 1 ];
				if ( v && v.sha1 === sha1 ) {
					files.push( { name, title: `File:${ name.replace( /_/g, ' ' ) }`, version: { user: v.user, size: v.size, timestamp: v.timestamp, sha1: v.sha1 } } );
				}
			} );
			const deleted: FoundFile[] = [];
			this.wiki.deleted.forEach( ( sha1s, name ) => {
				if ( sha1s.indexOf( sha1 ) !== -1 ) {
					deleted.push( { name, title: `File:${ name.replace( /_/g, ' ' ) }`, version: { user: 'Someone', size: 0, timestamp: '', sha1 } } );
				}
			} );
			return { files, deleted };
		}, control );
	}

	/** What prop=info|imageinfo|deletedrevisions tells about one title (names here are plain). */
	private facts( asked: string ): TitleFacts {
		const name = asked.slice( asked.indexOf( ':' ) + 1 );
		const key = dbKey( name );
		const v = this.wiki.current( key );
		return {
			asked,
			title: `File:${ key.replace( /_/g, ' ' ) }`,
			invalidReason: null,
			pageExists: v !== null,
			file: v ? { user: v.user, size: v.size, timestamp: v.timestamp, sha1: v.sha1 } : null,
			shared: null,
			deleted: this.wiki.deleted.has( key ),
			refusals: []
		};
	}

	/** An action=upload request, read as wikiApi.ts's uploadOf() reads it. */
	private async upload( label: string, bytes: number, transportTimeout: boolean, apply: () => ApiUploadAnswer, control?: RequestControl ): Promise<UploadResponse> {
		const answer = await this.transport.send( { label, bytes, transportTimeout, apply, control } );
		if ( answer.error ) {
			throw toError( answer.error.code, answer );
		}
		if ( !answer.upload ) {
			throw new HttpError( 'bad-response', 200, 'The answer had no "upload" part.' );
		}
		const key = answer.upload.filekey;
		const entry = key ? this.wiki.stash.get( key ) : undefined;
		if ( entry ) {
			entry.keyDelivered = true;
		}
		return answer.upload;
	}

	/** A query (mw.Api#get: its 30 s timeout), whose answer is the value the model computed. */
	private async query<T>( label: string, compute: () => T, control?: RequestControl ): Promise<T> {
		const answer = await this.transport.send( { label, bytes: 200, transportTimeout: true, apply: () => ( { value: compute() } as Wrapped<T> ), control } ) as Wrapped<T>;
		if ( answer.error ) {
			throw toError( answer.error.code, answer );
		}
		return answer.value as T;
	}
}
