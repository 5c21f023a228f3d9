/**
 * The dialog's state as data: the list of files, each with the user's fields and where its
 * upload stands. States are a closed set; every change comes from an intent or an API answer.
 */
import type { SiteInfo } from '../api/types';
import type { PageTextSetup } from './describedText';
import { canRetry, type UploadFailure } from './failures';
import type { ContentCheck } from './preflight';
import type { PhotoInfo } from './photos';
import type { NameCheck } from './prechecks';
import type { UploadWarning } from './warnings';

export type Source =
	| { kind: 'file'; file: File }
	| { kind: 'url'; url: string }
	/** A chunked upload remembered from an earlier page: its file must be picked again. */
	| { kind: 'missing'; name: string; size: number; lastModified: number; fingerprint: string };

/** What action=upload accepts for `watchlist` (it has no 'unwatch', unlike action=edit). */
export type WatchlistChoice = 'preferences' | 'watch' | 'nochange';

/** What the user typed for one file; kept through every failure. */
export interface UploadFields {
	/** The target name, without the File: prefix. */
	filename: string;
	/** The description page's wikitext. */
	text: string;
	/** The upload summary (log entry, first revision). */
	comment: string;
	/** Change tags, as typed: comma-separated. */
	tags: string;
	watchlist: WatchlistChoice;
	/** "infinite" or an expiry such as "1 week"; used where the wiki supports it. */
	watchlistExpiry: string;
	/** The describing form's fields (issue 20, describedText.ts); absent until the user sets one. */
	licence?: string;
	categories?: string[];
	/** Categories added for this file alone, beside the batch's `categories`. */
	moreCategories?: string[];
	description?: string;
	/**
	 * The date the work was made, 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SS' (the page text's $DATE): set
	 * by the form, or prefilled for a photo from its EXIF (photos.ts).
	 */
	date?: string;
	ownWork?: boolean;
	source?: string;
	author?: string;
}

export interface Progress {
	/** Bytes of the file the server has, or is receiving in the current request. */
	sent: number;
	total: number;
	/** Bytes per second over the last seconds; null until measurable. */
	bytesPerSecond: number | null;
	/** Seconds left at that speed; null until measurable. */
	secondsLeft: number | null;
}

export type ItemStatus =
	/** Picked; the user edits its fields. */
	| { state: 'ready' }
	/** Waiting for its turn. */
	| { state: 'queued' }
	/** Bytes on their way to the stash (or the wiki fetching a URL). */
	| { state: 'sending'; progress: Progress; chunked: boolean; retryAt: number | null }
	/** A chunked upload stopped by the user; it goes on from the server's offset. */
	| { state: 'paused'; progress: Progress }
	/** Remembered from an earlier page (reload, crash): waits for the same file to be picked. */
	| { state: 'interrupted'; sent: number; expiresAt: number; mismatch: boolean }
	/**
	 * The server works on it (assembling chunks, publishing) and is polled. `publishing`: the
	 * commit was sent, and its job publishes the file whatever the page does now.
	 */
	| { state: 'processing'; stage: string; publishing?: boolean }
	/** Stashed with warnings: nothing is published before the user chooses. */
	/**
	 * Warnings wait for the user's choice: from the stash (the bytes are there), or `early`,
	 * from the checks before sending (the name's, or the content's: nothing or only part of
	 * the file sent yet).
	 */
	| { state: 'needs-choice'; warnings: UploadWarning[]; early?: boolean }
	/** The commit by filekey is under way. */
	| { state: 'committing' }
	| { state: 'done'; filename: string; descriptionUrl: string }
	| { state: 'failed'; failure: UploadFailure }
	| { state: 'cancelled' };

export type StateName = ItemStatus[ 'state' ];

export interface UploadItem {
	id: string;
	source: Source;
	/** A name for the item in the list (the picked file's name or the URL). */
	label: string;
	size: number | null;
	fields: UploadFields;
	status: ItemStatus;
	/** The stash key once the bytes are there: a retry or a choice commits it, never re-sends. */
	filekey: string | null;
	/** A chunked upload under way: where the server's copy ends, to go on from there. */
	resume: ResumePoint | null;
	/** Something the user should know that is not a failure (e.g. an upload started over). */
	notice: Notice | null;
	/** The user chose to publish despite the warnings: a retried commit keeps that choice. */
	ignoreWarnings: boolean;
	/** Fields set for this file alone: the batch's shared fields and name pattern leave them. */
	overrides: Array<keyof UploadFields>;
	/** What is known before sending (null parts: not known yet, or not checked). */
	precheck: { name: NameCheck | null; content: ContentCheck | null };
	/** Warnings the user chose to go on despite, before sending: not asked again for this file. */
	acknowledged: string[];
	/** An image's date taken, position and location choice (photos.ts); absent for other files. */
	photo?: PhotoInfo;
}

/** The fields a batch sets once for all its files (the name comes from the pattern). */
export type SharedFields = Omit<UploadFields, 'filename'>;

export interface BatchSettings {
	/** Shared fields as last set; null fields were never set for the batch. */
	fields: Partial<SharedFields>;
	/** The name pattern ("Trip 2026 - $n"), or '' for each file's own name. */
	pattern: string;
}

export interface ResumePoint {
	/** The key of the chunks received so far (not the key of a finished file). */
	filekey: string;
	offset: number;
	/** The name the chunks were sent under (the user may rename before publishing). */
	stashName: string;
	/** When the first chunk reached the stash: the stash keeps it only for a while. */
	startedAt: number;
}

export type Notice =
	/** The wiki no longer had the chunks sent earlier: the upload started over. */
	| 'restarted'

export interface Settings {
	/** Bytes per chunk, as the user set it (1 MiB by default). */
	chunkSize: number;
	/** Grow the chunks from chunkSize while they go fast, shrink them when they fail. */
	adaptiveChunks: boolean;
	/** How many files upload at once. */
	parallel: number;
	/** How many files the list takes (files beyond are refused with a word, never silently dropped). */
	maxFiles: number;
}

export interface DialogState {
	items: UploadItem[];
	settings: Settings;
	/** Null until loaded; the dialog checks limits and rights with it. */
	site: SiteInfo | null;
	/** Whether the queue is working through the list. */
	running: boolean;
	/** "Pause all": nothing new starts, chunked uploads stop where they are. */
	held: boolean;
	/** Files the last add could not take, because the list was full (null: all were taken). */
	refused: { count: number; max: number } | null;
	batch: BatchSettings;
	/** How the page text is built from the describing fields (describedText.ts); absent: `text` as typed. */
	describe?: PageTextSetup;
}

/** States in which an item is busy and cannot be edited or removed. */
/**
 * Whether Cancel can still keep the file off the wiki: not once the commit has been sent (the
 * wiki publishes what it received, whether or not the page still waits for the answer), so a
 * cancelled file is one that was never published.
 */
export function isCancellable( status: ItemStatus ): boolean {
	return status.state === 'queued' || status.state === 'sending' || status.state === 'paused' || status.state === 'needs-choice' ||
		( status.state === 'processing' && !status.publishing );
}

export function isActive( status: ItemStatus ): boolean {
	return status.state === 'queued' || status.state === 'sending' || status.state === 'processing' || status.state === 'committing';
}

/** States in which the user can still change the fields. */
export function isEditable( status: ItemStatus ): boolean {
	return status.state === 'ready' || status.state === 'failed' || status.state === 'needs-choice' ||
		status.state === 'cancelled' || status.state === 'paused' || status.state === 'interrupted';
}

/** A failed file that trying again can help: its card offers Try again, and "Retry failed" takes it. */
export function isRetryable( item: UploadItem ): boolean {
	return item.status.state === 'failed' && canRetry( item.status.failure, item.source.kind === 'url' );
}
