/**
 * What the engine needs from the wiki. The real implementation is src/api/wikiApi.ts; unit tests
 * pass a fake. Answers are the API's own `upload` objects; failures are the API layer's error
 * classes (ApiError, HttpError, AbortError).
 */
import type { ChunkParams, CommitParams, FileVersion, RequestControl, SiteInfo, StashedEntry, UploadResponse } from '../api/types';

export interface UploadApi {
	siteInfo(): Promise<SiteInfo>;
	stashFile( file: File, filename: string, control?: RequestControl ): Promise<UploadResponse>;
	stashChunk( params: ChunkParams, control?: RequestControl ): Promise<UploadResponse>;
	stashUrl( url: string, filename: string, control?: RequestControl ): Promise<UploadResponse>;
	commit( params: CommitParams, control?: RequestControl ): Promise<UploadResponse>;
	checkStatus( filekey: string, control?: RequestControl ): Promise<UploadResponse>;
	/** The current version of a file on the wiki, or null when there is none. */
	latestVersion( filename: string ): Promise<FileVersion | null>;
	/**
	 * The user's stash entries of this size and status, with their SHA-1: after an answer was
	 * lost, the entry the server made for it can be found and used instead of sending again.
	 */
	findStashed( size: number, status: 'chunks' | 'finished', control?: RequestControl ): Promise<StashedEntry[]>;
}
