/**
 * One file's states and the only ways between them, written once. Every change of a file's
 * state goes through checkTransition() (ItemStore.setStatus): a change not in the table is a
 * bug of the engine. It throws where `transitionPolicy.strict` is on (unit tests and the
 * simulation turn it on) and is logged in production and made all the same: refusing it could
 * leave a file in a state nothing moves it out of, which is worse than an odd step.
 *
 *   ready ──start──▶ queued ──its turn──▶ sending ──stashed──▶ committing ──▶ done
 *     │                │  ▲                 │  ▲                  │  ▲
 *     │                │  └─resume/retry────┤  └─restart          │  └── processing (publishing)
 *     │                ├─warnings early────▶ needs-choice ◀───────┘      (the commit's job, polled)
 *     │                │                     │ (rename, go on ─▶ queued / committing; cancel)
 *     │                └─▶ committing        └─▶ cancelled
 *     ▼
 *   failed ◀── any active state (the failure shown, a retry offered) ── retry ──▶ queued
 *   interrupted (from an earlier page) ──same file picked──▶ queued
 *
 * A state may always follow itself (progress, a new stage, a new warning list).
 */
import type { StateName } from './model';

export const TRANSITIONS: Readonly<Record<StateName, readonly StateName[]>> = {
	// Picked, edited: waits for Upload. The content check may find it unreadable before then.
	ready: [ 'queued', 'failed' ],
	// Waits for a parallel slot and its checks; then sends, or commits bytes already stashed.
	queued: [ 'sending', 'committing', 'needs-choice', 'failed', 'cancelled', 'paused' ],
	// Bytes on their way. The server may then work on them (processing), the checks may find
	// a warning on the way (needs-choice), the user may pause or cancel.
	sending: [ 'processing', 'committing', 'needs-choice', 'paused', 'failed', 'cancelled', 'queued' ],
	// The server assembles chunks (or, `publishing`, publishes): polled. An assembly that turns
	// out lost starts the upload over (sending).
	processing: [ 'sending', 'committing', 'needs-choice', 'done', 'failed', 'cancelled' ],
	paused: [ 'queued', 'cancelled', 'failed' ],
	interrupted: [ 'queued' ],
	// The user chooses: rename or go on (queued again before sending; committing once stashed),
	// or cancel.
	'needs-choice': [ 'queued', 'committing', 'cancelled', 'failed' ],
	committing: [ 'processing', 'done', 'needs-choice', 'failed' ],
	done: [],
	failed: [ 'queued' ],
	cancelled: [ 'queued' ]
};

/** Set by tests: an illegal transition throws instead of being logged. */
export const transitionPolicy = { strict: false };

export class IllegalTransitionError extends Error {
	constructor( id: string, from: StateName, to: StateName ) {
		super( `UploadDialog: ${ id } may not go from "${ from }" to "${ to }"` );
		this.name = 'IllegalTransitionError';
	}
}

export function isAllowed( from: StateName, to: StateName ): boolean {
	return from === to || TRANSITIONS[ from ].indexOf( to ) !== -1;
}

/** Throws (strict) or logs (production) when the change is not in the table. */
export function checkTransition( id: string, from: StateName, to: StateName ): void {
	if ( isAllowed( from, to ) ) {
		return;
	}
	const error = new IllegalTransitionError( id, from, to );
	if ( transitionPolicy.strict ) {
		throw error;
	}
	// eslint-disable-next-line no-console
	console.error( error.message );
}
