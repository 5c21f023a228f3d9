/**
 * The link between the engine and the simulated wiki: each request takes a seeded latency, and
 * may meet a seeded fault. Faults are what a flaky link does: a reset before the server applied
 * the request or after (the answer lost), a stall (no answer until the caller aborts, its idle
 * timeout fires, or mw.Api's own 30 s timeout where mw.Api has one), a 503/502 HTML page, a
 * truncated JSON body, a bad token (mw.Api asks for a new one and sends again: only a delay).
 * And one the page never sees: the browser's own resend. When a keep-alive connection that
 * carried an earlier request closes before any answer, Chromium sends the request again on a
 * new connection and tells the page nothing (shown end to end in reliability.spec.ts): the
 * server applies it twice and the page gets the second answer.
 * Failures are made by src/api/wikiApi.ts's own toError() from what mw.Api would reject with,
 * so the engine meets exactly the errors of production.
 */
import { AbortError, HttpError } from '../../src/api/errors';
import type { ApiUploadAnswer, RequestControl } from '../../src/api/types';
import { toError } from '../../src/api/wikiApi';
import type { Prng } from './prng';
import type { Trace } from './trace';

export type Fault = 'none' | 'resent' | 'reset-before' | 'reset-after' | 'stall-before' | 'stall-after' | 'http-503' | 'http-502' | 'truncated' | 'badtoken-once';

export interface FaultProfile {
	/** Chance that a request meets a fault. */
	rate: number;
	/** Faults to draw from (equal weights). */
	kinds: Fault[];
	/** Bytes per simulated second of the link. */
	bytesPerSecond: number;
	/**
	 * Chance that a request without another fault is applied twice, the page getting only the
	 * second answer (the browser's own resend). Drawn from a stream of its own, so that a
	 * scenario without resends meets exactly the faults it met before they were modelled.
	 */
	resendRate?: number;
}

export const ALL_FAULTS: Fault[] = [ 'reset-before', 'reset-after', 'stall-before', 'stall-after', 'http-503', 'http-502', 'truncated', 'badtoken-once' ];

/** mw.Api's default `timeout` for get() and postWithToken() (mw.Api#upload and the commit send none). */
export const MW_API_TIMEOUT_MS = 30000;

export interface RequestSpec {
	/** What the request is, for the trace ("chunk Foo.png @1048576"). */
	label: string;
	/** Bytes of the body (for the latency and progress). */
	bytes: number;
	/** Whether mw.Api gives the request its 30 s timeout (get, postWithToken without NO_TIMEOUT). */
	transportTimeout: boolean;
	/** The request as the server applies it. */
	apply: () => ApiUploadAnswer;
	control?: RequestControl;
}

export interface InFlight {
	id: number;
	label: string;
	since: number;
	fault: Fault;
	/** Applies the request on the server if it has not been yet (see dropAll()). */
	applyNow(): void;
}

export class Transport {
	readonly inFlight = new Map<number, InFlight>();
	private nextId = 1;
	private readonly prng: Prng;
	private readonly trace: Trace;
	profile: FaultProfile;
	/** Faults met, by kind (for the run's figures). */
	readonly counts: Record<string, number> = {};

	private readonly resends: Prng;

	constructor( prng: Prng, profile: FaultProfile, trace: Trace, resends: Prng ) {
		this.prng = prng;
		this.profile = profile;
		this.trace = trace;
		this.resends = resends;
	}

	send( spec: RequestSpec ): Promise<ApiUploadAnswer> {
		const id = this.nextId++;
		const drawn: Fault = this.prng.chance( this.profile.rate ) ? this.prng.pick( this.profile.kinds ) : 'none';
		const fault: Fault = drawn === 'none' && this.profile.resendRate && this.resends.chance( this.profile.resendRate ) ? 'resent' : drawn;
		const extra = fault === 'badtoken-once' ? this.latency( 0 ) : 0;
		const total = this.latency( spec.bytes ) + extra;
		// The server applies the request when its body is in, a little before the answer is back.
		const applyAt = Math.max( 1, Math.round( total * 0.8 ) );
		const answerAt = Math.max( applyAt + 1, total );
		const control = spec.control || {};
		this.counts[ fault ] = ( this.counts[ fault ] || 0 ) + 1;
		let appliedYet = false;
		const applyOnce = (): ApiUploadAnswer => {
			appliedYet = true;
			return spec.apply();
		};
		this.inFlight.set( id, { id, label: spec.label, since: Date.now(), fault, applyNow: () => {
			if ( !appliedYet && fault !== 'reset-before' ) {
				applyOnce();
			}
		} } );
		this.trace.add( `→ #${ id } ${ spec.label }${ fault === 'none' ? '' : ` [${ fault }]` }` );
		return new Promise<ApiUploadAnswer>( ( resolve, reject ) => {
			const timers: Array<ReturnType<typeof setTimeout>> = [];
			let idleTimer: ReturnType<typeof setTimeout> | undefined;
			let done = false;
			let applied: ApiUploadAnswer | null = null;
			const end = ( outcome: string, settle: () => void ) => {
				if ( done ) {
					return;
				}
				done = true;
				timers.forEach( ( t ) => clearTimeout( t ) );
				clearTimeout( idleTimer );
				control.signal?.removeEventListener( 'abort', onAbort );
				this.inFlight.delete( id );
				this.trace.add( `← #${ id } ${ outcome }` );
				settle();
			};
			const fail = ( outcome: string, rejection: [ string, unknown ] | Error ) => end( outcome, () =>
				reject( rejection instanceof Error ? rejection : toError( rejection[ 0 ], rejection[ 1 ] ) ) );
			const onAbort = () => fail( applied ? 'aborted (applied)' : 'aborted', new AbortError() );
			// settle()'s idle timeout: restarted by every progress event of the body.
			const arm = () => {
				if ( control.idleTimeoutMs ) {
					clearTimeout( idleTimer );
					idleTimer = setTimeout( () => fail( 'idle timeout', new HttpError( 'timeout', 0, 'no progress' ) ), control.idleTimeoutMs );
				}
			};
			const progress = ( fraction: number ) => {
				if ( !done ) {
					arm();
					control.onProgress?.( fraction );
				}
			};
			const at = ( ms: number, what: () => void ) => timers.push( setTimeout( what, ms ) );
			if ( control.signal?.aborted ) {
				fail( 'aborted before sending', new AbortError() );
				return;
			}
			control.signal?.addEventListener( 'abort', onAbort, { once: true } );
			arm();
			if ( spec.transportTimeout ) {
				at( MW_API_TIMEOUT_MS, () => fail( 'mw.Api timeout', [ 'http', { xhr: { status: 0 }, textStatus: 'timeout' } ] ) );
			}
			if ( fault === 'reset-before' ) {
				at( Math.max( 1, Math.round( applyAt / 2 ) ), () => fail( 'reset', [ 'http', { xhr: { status: 0 }, textStatus: 'error', exception: '' } ] ) );
				return;
			}
			if ( fault === 'stall-before' ) {
				at( Math.max( 1, Math.round( applyAt / 2 ) ), () => progress( 0.5 ) );
				return;
			}
			at( Math.max( 1, Math.round( applyAt / 2 ) ), () => progress( 0.5 ) );
			at( applyAt, () => {
				if ( done ) {
					return;
				}
				applied = applyOnce();
				progress( 1 );
			} );
			at( answerAt, () => {
				const answer = applied as ApiUploadAnswer;
				switch ( fault ) {
					case 'reset-after':
						return fail( 'reset after applying', [ 'http', { xhr: { status: 0 }, textStatus: 'error', exception: '' } ] );
					case 'stall-after':
						// No answer: only an abort, the idle timeout (the body's last progress
						// was its end) or mw.Api's timeout ends it.
						return;
					case 'http-503':
					case 'http-502':
						return fail( fault, [ 'http', { xhr: { status: fault === 'http-503' ? 503 : 502, responseText: '<html>…</html>' }, textStatus: 'error', exception: fault === 'http-503' ? 'Service Unavailable' : 'Bad Gateway' } ] );
					case 'truncated':
						return fail( 'truncated JSON', [ 'http', { xhr: { status: 200 }, textStatus: 'parsererror', exception: 'SyntaxError: Unexpected end of JSON input' } ] );
					case 'resent': {
						// The first answer was lost with its connection; the browser's second
						// request is applied too, and only its answer reaches the page.
						const second = spec.apply();
						this.trace.add( `  #${ id } applied again by the browser's resend; the first answer (${ summary( answer ) }) is lost` );
						return end( summary( second ), () => resolve( second ) );
					}
					default:
						end( summary( answer ), () => resolve( answer ) );
				}
			} );
		} );
	}

	/**
	 * The page is gone (a reload): requests under way reach the server or not (seeded), and
	 * their answers reach no one.
	 */
	dropAll(): void {
		this.inFlight.forEach( ( request ) => {
			if ( this.prng.chance( 0.5 ) ) {
				request.applyNow();
			}
			this.trace.add( `✕ #${ request.id } dropped by the reload` );
		} );
		this.inFlight.clear();
	}

	/** A request's time on the link: a round trip and the body at the link's speed. */
	private latency( bytes: number ): number {
		return this.prng.int( 15, 250 ) + Math.round( ( bytes / this.profile.bytesPerSecond ) * 1000 );
	}
}

function summary( answer: ApiUploadAnswer ): string {
	if ( answer.error ) {
		return `error ${ answer.error.code }${ answer.error.offset !== undefined ? ` offset=${ answer.error.offset }` : '' }`;
	}
	const u = answer.upload;
	if ( !u ) {
		return 'answer';
	}
	return [ u.result, u.stage, u.offset !== undefined ? `offset=${ u.offset }` : '', u.filekey ? `key=${ u.filekey }` : '',
		u.warnings ? `warnings=${ Object.keys( u.warnings ).join( ',' ) }` : '', answer.warnings ? '(api warning)' : '' ].filter( Boolean ).join( ' ' );
}
