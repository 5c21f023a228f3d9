/**
 * What a file's card shows while its bytes go (progress, speed, time left, when a retry comes)
 * and its resume point, kept up to date from what sendToStash reports. Progress alone waits for
 * the progress tick (ProgressTicker); anything else shows at once, and a pause or a cancel puts
 * the exact point in the store, not one 200 ms old.
 */
import type { ItemStore } from './items';
import type { ItemStatus, ResumePoint, UploadItem } from './model';
import { SpeedMeter, secondsLeft } from './progress';
import type { ProgressTicker } from './progressTicker';
import type { ResumeKeeper } from './resumeKeeper';

export interface SendingReport {
	progress( bytes: number ): void;
	/** The file goes in chunks after all: its progress starts again from 0. */
	inChunks(): void;
	resumePoint( filekey: string, offset: number, stashName: string ): void;
	restarted(): void;
	retrying( at: number | null ): void;
	/** The chunks became one stashed file: no resume point is left to show. */
	stashed(): void;
}

export interface SendingReportContext {
	id: string;
	item: UploadItem;
	/** Whether the file goes in chunks from the start. */
	chunked: boolean;
	signal: AbortSignal;
	items: ItemStore;
	ticker: ProgressTicker;
	keeper: ResumeKeeper;
	now: () => number;
}

export function sendingReport( context: SendingReportContext ): SendingReport {
	const { id, item, signal, items, ticker, keeper, now } = context;
	const total = item.size || 0;
	const meter = new SpeedMeter();
	let chunked = context.chunked;
	let retryAt: number | null = null;
	let sent = item.resume ? item.resume.offset : 0;
	/** The latest resume point, while the store still has an earlier one of the same key. */
	let unshownResume: ResumePoint | null = null;
	const show = ( soon = false ) => {
		if ( !soon ) {
			ticker.drop( id );
		}
		if ( signal.aborted ) {
			return;
		}
		if ( soon && sent < total ) {
			ticker.soon( id, () => {
				if ( items.find( id )?.status.state === 'sending' && !signal.aborted ) {
					show();
				}
			} );
			return;
		}
		const bytesPerSecond = meter.bytesPerSecond();
		const status: ItemStatus = {
			state: 'sending',
			chunked,
			retryAt,
			progress: { sent, total, bytesPerSecond, secondsLeft: secondsLeft( sent, total, bytesPerSecond ) }
		};
		const resume = unshownResume;
		unshownResume = null;
		items.update( id, ( i ) => ( resume ? { ...i, status, resume } : { ...i, status } ) );
		if ( resume ) {
			keeper.remember();
		}
	};
	const onAbort = () => {
		ticker.drop( id );
		const resume = unshownResume;
		unshownResume = null;
		// The bytes sent so far, for the paused file's progress (see UploadJob.pause()).
		items.update( id, ( i ) => {
			const status = i.status.state === 'sending' ? { ...i.status, progress: { ...i.status.progress, sent } } : i.status;
			return resume && i.resume && i.resume.filekey === resume.filekey ? { ...i, status, resume } : { ...i, status };
		} );
		if ( resume ) {
			keeper.remember();
		}
	};
	signal.addEventListener( 'abort', onAbort );
	show();
	return {
		progress: ( bytes ) => {
			sent = bytes;
			meter.add( now(), bytes );
			show( true );
		},
		inChunks: () => {
			chunked = true;
			sent = 0;
			meter.reset();
			show();
		},
		resumePoint: ( filekey, offset, stashName ) => {
			const current = items.find( id );
			const sameKey = current?.resume?.filekey === filekey;
			const resume: ResumePoint = { filekey, offset, stashName, startedAt: sameKey && current?.resume ? current.resume.startedAt : now() };
			if ( sameKey ) {
				// Only the offset moved: shown with the next progress.
				unshownResume = resume;
				return;
			}
			// A new key goes into the store at once: other uploads must see it is taken.
			unshownResume = null;
			items.update( id, ( i ) => ( { ...i, resume } ) );
			keeper.remember();
		},
		restarted: () => {
			unshownResume = null;
			items.update( id, ( i ) => ( { ...i, resume: null, notice: 'restarted' } ) );
		},
		retrying: ( at ) => {
			retryAt = at;
			show();
		},
		stashed: () => {
			unshownResume = null;
			ticker.drop( id );
			// Sending is over: a stop during the commit has no bytes to report.
			signal.removeEventListener( 'abort', onAbort );
		}
	};
}
