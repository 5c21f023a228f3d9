/**
 * The Action API's answers as this project reads them (format=json, formatversion=2).
 * types-mediawiki leaves responses as `any`; these are written from the answers captured on a
 * real MediaWiki 1.43 (see the project's notes on the upload API).
 */

/** `upload.warnings`: warning key → its value (a name, a list of names, `{timestamp}`, `true` …). */
export type RawWarnings = Record<string, unknown>;

export interface ImageInfo {
	size?: number;
	sha1?: string;
	mime?: string;
	url?: string;
	descriptionurl?: string;
	[key: string]: unknown;
}

export interface StashError {
	code: string;
	message?: string;
	params?: unknown[];
	type?: string;
}

/** The `upload` object of an action=upload answer. */
export interface UploadResponse {
	result: 'Success' | 'Warning' | 'Continue' | 'Poll' | string;
	/** The stashed file; after assembly or a warning this is a NEW key. */
	filekey?: string;
	sessionkey?: string;
	/** The next offset the server expects (Continue). */
	offset?: number;
	/** The published name (Success of a commit). */
	filename?: string;
	warnings?: RawWarnings;
	/** Asynchronous work: queued, assembling, publish … */
	stage?: string;
	imageinfo?: ImageInfo;
	stasherrors?: StashError[];
}

export interface ApiErrorBody {
	code: string;
	info?: string;
	/** stashfailed "Invalid chunk offset" carries the server's offset, as a string. */
	offset?: string | number;
	/** The message as the wiki renders it (errorformat=html): MediaWiki-parsed HTML. */
	html?: string;
	/** Added by the API layer to a refusal for the account: the name the dialog asked for. */
	assertuser?: string;
	[key: string]: unknown;
}

export interface ApiUploadAnswer {
	upload?: UploadResponse;
	error?: ApiErrorBody;
	warnings?: Record<string, unknown>;
}

export interface SiteInfoAnswer {
	query?: {
		general?: {
			sitename?: string;
			maxuploadsize?: number;
			minuploadchunksize?: number;
			articlepath?: string;
			server?: string;
			[key: string]: unknown;
		};
		fileextensions?: Array<{ ext: string }>;
		userinfo?: {
			id: number;
			name: string;
			anon?: boolean;
			rights?: string[];
		};
	};
}

export interface ParamInfoAnswer {
	paraminfo?: {
		modules?: Array<{
			name: string;
			parameters: Array<{ name: string }>;
		}>;
	};
}

/** What the dialog needs to know about the wiki and the user before the first byte is sent. */
export interface SiteInfo {
	siteName: string;
	/** $wgMaxUploadSize['*'] in bytes; the server TRUNCATES a chunked upload above it. */
	maxUploadSize: number;
	/** $wgMinUploadChunkSize: every chunk but the last must be at least this big. */
	minUploadChunkSize: number;
	fileExtensions: string[];
	/** Whether the upload module accepts `url` at all ($wgAllowCopyUploads). */
	copyUploadsEnabled: boolean;
	/** Whether the upload module accepts `watchlistexpiry` ($wgWatchlistExpiry). */
	watchlistExpiryEnabled: boolean;
	userName: string | null;
	rights: string[];
}

/** The parameters of one chunk (the file's bytes `offset` … `offset + chunk.size`). */
export interface ChunkParams {
	chunk: Blob;
	filename: string;
	filesize: number;
	offset: number;
	/** Absent only on the first chunk: the server makes one. */
	filekey?: string;
	/** Let the server assemble the chunks in a job (answer: Poll). */
	async?: boolean;
}

/** The fields that make the file page and the log entry; sent with the commit by filekey. */
export interface CommitParams {
	filekey: string;
	filename: string;
	comment: string;
	text: string;
	tags: string[];
	watchlist: 'watch' | 'nochange' | 'preferences';
	/** An expiry such as "1 week" or "infinite"; sent only where the wiki supports it. */
	watchlistexpiry?: string;
	/** Sent only when the user chose to ignore the warnings. */
	ignorewarnings?: boolean;
	async?: boolean;
}

/** A file's current version, as far as the dialog needs to recognise its own upload. */
export interface FileVersion {
	user: string;
	size: number;
	timestamp: string;
	sha1: string;
}

export interface ImageInfoAnswer {
	query?: {
		pages?: Array<{
			missing?: boolean;
			imageinfo?: Array<{ user?: string; size?: number; timestamp?: string; sha1?: string }>;
		}>;
	};
}

/** A file in the user's upload stash, as list=mystashedfiles and prop=stashimageinfo tell. */
export interface StashedEntry {
	filekey: string;
	/** "chunks" while a chunked upload is under way, "finished" for a whole stashed file. */
	status: string;
	size: number;
	sha1: string;
	timestamp: string;
}

export interface MyStashedFilesAnswer {
	continue?: Record<string, string>;
	query?: { mystashedfiles?: Array<{ filekey: string; status?: string; size?: number }> };
}

export interface StashImageInfoAnswer {
	query?: { stashimageinfo?: Array<{ size?: number; sha1?: string; timestamp?: string }> };
}

/** How the engine follows and cancels one request. */
export interface RequestControl {
	signal?: AbortSignal;
	/** Fraction 0…1 of this request's body sent so far. */
	onProgress?: ( fraction: number ) => void;
	/** Give up (HttpError 'timeout') when the request makes no progress for this long. */
	idleTimeoutMs?: number;
}
