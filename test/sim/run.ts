/**
 * One seeded run: the simulated wiki and link, a page with the real UploadQueue on them, the
 * scenario's files and actions, the user's answers whenever the run settles, and the checks at
 * the end. A run that does not settle, or that leaves a job waiting with nothing that can wake
 * it, fails and says what each file's state is and what is pending. Everything is drawn from
 * the seed: `runSeed(seed)` replays a run exactly.
 */
import { vi } from 'vitest';
import type { UploadItem } from '../../src/upload/model';
import { UploadQueue, type Resolution } from '../../src/upload/queue';
import { ResumeStore, type KeyValueStorage } from '../../src/upload/resume';
import { SimFile, contentBytes } from './bytes';
import { EPOCH, installClock, runUntilIdle, simNow, simSleep, uninstallClock } from './clock';
import { SimHasher } from './hasher';
import { checkInvariants, type PickedItem } from './invariants';
import { Prng } from './prng';
import { QUICK, makeScenario, type Action, type Scenario, type ScenarioLimits } from './scenario';
import { SimApi } from './simApi';
import { Trace } from './trace';
import { Transport } from './transport';
import { STASH_MAX_AGE_MS, SimWiki, dbKey } from './wiki';

/** Simulated time a run may take before it counts as one that does not settle. */
export const TIME_BOUND_MS = 6 * 60 * 60 * 1000;
/** Times the user looks at a settled dialog and acts (answers, retries, resumes). */
const USER_ROUNDS = 8;

export interface RunResult {
	seed: number;
	violations: string[];
	/** The violations' kinds, sorted and unique: what defect the run points to. */
	signature: string[];
	simulatedMs: number;
	requests: number;
	report: string;
	/** The wiki's log of uploads published in the run (name, SHA-1, time). */
	published: string[];
}

interface Page {
	queue: UploadQueue;
	hasher: SimHasher;
}

function mapStorage(): KeyValueStorage {
	const data = new Map<string, string>();
	return {
		getItem: ( k ) => data.get( k ) ?? null,
		setItem: ( k, v ) => void data.set( k, v ),
		removeItem: ( k ) => void data.delete( k )
	};
}

export async function runSeed( seed: number, limits?: ScenarioLimits, given?: Scenario ): Promise<RunResult> {
	installClock();
	try {
		const replay = given ? 'the scenario of its test (test/sim/regressions.test.ts)' :
			`npm run simulate -- --seed ${ seed }${ limits && limits !== QUICK ? ' --soak' : '' }`;
		return await drive( given || makeScenario( seed, limits ), replay );
	} finally {
		uninstallClock();
	}
}

async function drive( s: Scenario, replay: string ): Promise<RunResult> {
	const root = new Prng( s.seed ^ 0x5eed );
	const trace = new Trace( EPOCH );
	const jobs = root.fork( 3 );
	const wiki = new SimWiki( {
		maxUploadSize: s.maxUploadSize,
		minUploadChunkSize: 1024,
		userName: 'Uploader',
		jobDelayMs: () => jobs.int( 100, 3000 ),
		now: simNow
	} );
	s.existing.forEach( ( f ) => wiki.seedFile( f.name, contentBytes( f.content, f.size ) ) );
	s.deleted.forEach( ( f ) => wiki.seedDeleted( f.name, contentBytes( f.content, f.size ) ) );
	const transport = new Transport( root.fork( 1 ), s.faults, trace, root.fork( 9 ) );
	const hashPrng = root.fork( 2 );
	const choices = new Prng( s.choiceSeed );
	const storage = mapStorage();
	const files = s.files.map( ( f, i ) => new SimFile( contentBytes( f.content, f.size ), f.name, EPOCH - 1000 * ( i + 1 ) ) );
	const picked = new Map<string, PickedItem>();
	const violations: string[] = [];
	let reloadAsked = false;
	let page: Page;

	const openPage = ( late: number ): Page => {
		const api = new SimApi( wiki, transport );
		api.siteInfoDelayMs = late;
		const hasher = new SimHasher( hashPrng, s.hasher, trace );
		const queue = new UploadQueue( api, {
			resumeStore: new ResumeStore( storage, 'sim' ),
			hasher,
			preflight: { names: api, content: api },
			sleep: simSleep,
			now: simNow,
			oneRequestUpTo: s.oneRequestUpTo,
			asyncFrom: s.asyncFrom
		} );
		const seen = new Map<string, string>();
		queue.store.subscribe( () => {
			for ( const item of queue.getState().items ) {
				const p = picked.get( item.id );
				if ( p ) {
					p.item = item;
					p.names.add( dbKey( item.fields.filename ) );
				}
				const state = item.status.state + ( item.status.state === 'failed' ? ` ${ item.status.failure.code }` : '' );
				if ( seen.get( item.id ) !== state ) {
					seen.set( item.id, state );
					trace.add( `${ item.id } ${ item.fields.filename }: ${ state }` );
				}
			}
		} );
		queue.setParallel( s.parallel );
		queue.setChunkSize( s.chunkSize );
		queue.setAdaptiveChunks( s.adaptive );
		return { queue, hasher };
	};

	/** The dialog asks for the site info; on failure the user clicks "try again" after a while. */
	const loadSite = ( p: Page, then?: () => void ) => {
		p.queue.loadSite().then( then, () => {
			if ( page === p ) {
				setTimeout( () => loadSite( p, then ), 3000 );
			}
		} );
	};

	/** The user picks files (they join the end of the list) and clicks Upload. */
	const addAndStart = ( p: Page, list: SimFile[] ) => {
		const before = p.queue.getState().items.length;
		p.queue.addFiles( list.map( ( f ) => f.asFile() ) );
		p.queue.getState().items.slice( before ).forEach( ( item, i ) => {
			picked.set( item.id, { id: item.id, file: list[ i ], names: new Set( [ dbKey( item.fields.filename ) ] ), item, lost: false, cancelledInCommit: false } );
		} );
		p.queue.start();
	};

	/** The scenario's actions still to come (after `after`, simulated ms since the epoch). */
	const scheduleActions = ( after: number ) => {
		s.actions.forEach( ( { at, action } ) => {
			if ( EPOCH + at > after ) {
				setTimeout( () => act( action ), EPOCH + at - Date.now() );
			}
		} );
	};

	const itemAt = ( index: number ): UploadItem | undefined => page.queue.getState().items[ index ];

	const act = ( action: Action ) => {
		trace.add( `user: ${ JSON.stringify( action ) }` );
		const q = page.queue;
		const item = 'index' in action ? itemAt( action.index ) : undefined;
		switch ( action.kind ) {
			case 'pause': return item && q.pause( item.id );
			case 'resume': return item && q.resume( item.id );
			case 'retry': return item && q.retry( item.id );
			case 'cancel':
				if ( item ) {
					const p = picked.get( item.id );
					if ( p && ( item.status.state === 'committing' || ( item.status.state === 'processing' && item.status.publishing ) ) ) {
						p.cancelledInCommit = true;
					}
					q.cancel( item.id );
				}
				return;
			case 'rename': return item && q.updateFields( item.id, { filename: action.name } );
			case 'pauseAll': return q.pauseAll();
			case 'resumeAll': return q.resumeAll();
			case 'parallel': return q.setParallel( action.count );
			case 'chunkSize': return q.setChunkSize( action.bytes );
			case 'adaptive': return q.setAdaptiveChunks( action.on );
			case 'reload':
				reloadAsked = true;
				return;
		}
	};

	/** A reload: the page's timers and requests are gone; a new page finds the remembered uploads. */
	const reload = () => {
		reloadAsked = false;
		trace.add( 'reload' );
		transport.dropAll();
		// clearAllTimers() also resets the fake clock to its start: keep the time.
		const now = Date.now();
		vi.clearAllTimers();
		vi.setSystemTime( now );
		wiki.rearmJobs();
		picked.forEach( ( p ) => {
			p.lost = true;
		} );
		// Stash keys the old page knew are forgotten with it, except those its resume records keep.
		const remembered = new Set( new ResumeStore( storage, 'sim' ).list().map( ( r ) => r.resume.filekey ) );
		wiki.stash.forEach( ( entry ) => {
			entry.keyDelivered = entry.keyDelivered && remembered.has( entry.filekey );
		} );
		const before = Array.from( picked.values() );
		page = openPage( 0 );
		const reopened = page;
		loadSite( reopened, () => {
			reopened.queue.getState().items.forEach( ( item ) => {
				const p = picked.get( item.id );
				if ( p ) {
					p.lost = false;
					p.item = item;
				}
			} );
			// Files the new page does not know of (not chunked, or not started) are picked again,
			// unless they were done.
			const settled = before.filter( ( p ) => !p.lost || ( p.item && [ 'done', 'cancelled' ].indexOf( p.item.status.state ) !== -1 ) );
			const again = files.filter( ( f ) => !settled.some( ( p ) => p.file === f ) );
			if ( again.length ) {
				addAndStart( reopened, again );
			}
		} );
		scheduleActions( Date.now() );
	};

	/** The user looks at the settled dialog: answers warnings, retries, resumes, picks files again. */
	const answerAll = async (): Promise<boolean> => {
		const q = page.queue;
		let acted = false;
		if ( q.getState().held ) {
			q.resumeAll();
			acted = true;
		}
		for ( const item of q.getState().items ) {
			const st = item.status;
			const p = picked.get( item.id );
			if ( st.state === 'needs-choice' ) {
				const roll = choices.next();
				const resolution: Resolution = roll < 0.45 ? { kind: 'ignore' } :
					roll < 0.8 ? { kind: 'rename', filename: `Chosen-${ s.seed }-${ choices.int( 1, 1e6 ) }.png` } : { kind: 'cancel' };
				trace.add( `user: ${ item.id } ${ resolution.kind }` );
				q.resolve( item.id, resolution );
				if ( q.getState().items.find( ( i ) => i.id === item.id )?.status === st ) {
					// Nothing to ignore there (a refusal): the user cancels.
					q.resolve( item.id, { kind: 'cancel' } );
				}
				acted = true;
			} else if ( st.state === 'failed' && st.failure.transient && choices.chance( 0.7 ) ) {
				q.retry( item.id );
				acted = true;
			} else if ( st.state === 'paused' ) {
				q.resume( item.id );
				acted = true;
			} else if ( st.state === 'interrupted' && !st.mismatch && p ) {
				await q.reattach( item.id, p.file.asFile() );
				acted = true;
			} else if ( st.state === 'ready' ) {
				q.start();
				acted = true;
			}
		}
		return acted;
	};

	page = openPage( s.siteInfoLateMs );
	if ( s.siteInfoLateMs ) {
		// The user clicks Upload before the wiki's limits are known.
		addAndStart( page, files );
		loadSite( page );
	} else {
		loadSite( page, () => addAndStart( page, files ) );
	}
	scheduleActions( EPOCH - 1 );

	const away = root.fork( 5 );
	let deadline = EPOCH + TIME_BOUND_MS;
	let rounds = 0;
	for ( ;; ) {
		const pending = await runUntilIdle( deadline, () => reloadAsked );
		if ( reloadAsked ) {
			reload();
			continue;
		}
		if ( pending ) {
			violations.push( `no-settle: still busy after ${ TIME_BOUND_MS / 3600000 } h of simulated time (${ vi.getTimerCount() } timers)` );
			break;
		}
		const stuck = waiting( page, transport.inFlight.size );
		if ( stuck.length ) {
			violations.push( ...stuck );
			break;
		}
		if ( away.chance( 0.05 ) ) {
			// The user comes back to the dialog after longer than the stash keeps files: the
			// stashed files waiting for a choice, and paused chunks, have expired.
			vi.setSystemTime( Date.now() + STASH_MAX_AGE_MS + 60 * 60 * 1000 );
			deadline = Date.now() + TIME_BOUND_MS;
			trace.add( 'user: away for 7 h' );
		}
		if ( rounds++ >= USER_ROUNDS || !( await answerAll() ) ) {
			break;
		}
	}
	if ( !violations.length ) {
		violations.push( ...checkInvariants( wiki, Array.from( picked.values() ) ) );
	}
	const signature = Array.from( new Set( violations.map( ( v ) => v.slice( 0, v.indexOf( ':' ) ) ) ) ).sort();
	const requests = Object.values( transport.counts ).reduce( ( a, b ) => a + b, 0 );
	const result = {
		seed: s.seed, violations, signature, simulatedMs: Date.now() - EPOCH, requests, report: '',
		published: wiki.log.map( ( e ) => `${ e.filename } ${ e.sha1 } @${ e.at - EPOCH }` )
	};
	result.report = violations.length ? describe( s, result, page, transport, trace, replay ) : '';
	return result;
}

/**
 * With no timer left, nothing will ever happen again: every file must show the user a state
 * to act on, no request or hash may still be awaited, and no parallel slot may be held.
 */
function waiting( page: Page, requestsInFlight: number ): string[] {
	const state = page.queue.getState();
	const out: string[] = [];
	const hashes = page.hasher.pending.size;
	state.items.forEach( ( item ) => {
		const st = item.status.state;
		if ( st === 'queued' && state.held ) {
			return;
		}
		if ( [ 'queued', 'sending', 'processing', 'committing' ].indexOf( st ) !== -1 ) {
			const on = hashes ? 'hang-on-hash' : requestsInFlight ? 'hang-on-request' : 'hang-no-wait';
			out.push( `${ on }: ${ item.id } (${ item.fields.filename }) waits in state ${ st } with no timer left (${ requestsInFlight } requests, ${ hashes } hashes pending)` );
		}
	} );
	if ( !out.length && state.running ) {
		out.push( `slot-held: the queue says running with no file under way (${ requestsInFlight } requests, ${ hashes } hashes pending)` );
	}
	return out;
}

function describe( s: Scenario, r: RunResult, page: Page, transport: Transport, trace: Trace, replay: string ): string {
	const lines = [
		`seed ${ s.seed }: ${ r.violations.length } violation(s) after ${ ( r.simulatedMs / 1000 ).toFixed( 1 ) } s simulated, ${ r.requests } requests`,
		...r.violations.map( ( v ) => `  ✗ ${ v }` ),
		`  scenario: ${ s.files.length } files (${ s.files.map( ( f ) => `${ f.name } ${ f.size } B` ).join( ', ' ) }), maxuploadsize ${ s.maxUploadSize }, ` +
			`faults ${ s.faults.rate }, hasher ${ JSON.stringify( s.hasher ) }, site info late ${ s.siteInfoLateMs } ms, parallel ${ s.parallel }, chunk ${ s.chunkSize }`,
		'  items:',
		...page.queue.getState().items.map( ( i ) => `    ${ i.id } ${ i.fields.filename }: ${ JSON.stringify( i.status ).slice( 0, 200 ) }` ),
		`  requests in flight: ${ Array.from( transport.inFlight.values() ).map( ( f ) => `#${ f.id } ${ f.label } [${ f.fault }]` ).join( '; ' ) || 'none' }`,
		`  hashes pending: ${ page.hasher.pending.size }`,
		'  last events:',
		...trace.tail( 50 ).map( ( l ) => `    ${ l }` ),
		`  replay: ${ replay }`
	];
	return lines.join( '\n' );
}
