/**
 * A run's plan, drawn from its seed: the wiki (its limits, the files it has, deleted ones), the
 * files the user picks (sizes from a byte up, names that collide with the wiki's and with each
 * other, contents that duplicate the wiki's), the link's faults and the hasher's, the queue's
 * settings, and the user's actions over time (pause, resume, cancel, rename, settings, reload).
 */
import { ALL_FAULTS, type FaultProfile } from './transport';
import type { HasherFaults } from './hasher';
import { Prng } from './prng';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface PickedFile {
	name: string;
	size: number;
	/** Same id, same bytes. */
	content: number;
}

export type Action =
	| { kind: 'pause' | 'resume' | 'cancel' | 'retry'; index: number }
	| { kind: 'rename'; index: number; name: string }
	| { kind: 'pauseAll' | 'resumeAll' | 'reload' }
	| { kind: 'parallel'; count: number }
	| { kind: 'chunkSize'; bytes: number }
	| { kind: 'adaptive'; on: boolean };

export interface Scenario {
	seed: number;
	maxUploadSize: number;
	/** Files on the wiki before the run: name and content. */
	existing: PickedFile[];
	deleted: PickedFile[];
	files: PickedFile[];
	faults: FaultProfile;
	hasher: HasherFaults;
	/** Start is clicked this long before the site info answers (0: after it). */
	siteInfoLateMs: number;
	oneRequestUpTo?: number;
	asyncFrom?: number;
	chunkSize: number;
	parallel: number;
	adaptive: boolean;
	actions: Array<{ at: number; action: Action }>;
	/** How the user answers warnings: each choice drawn from this seed. */
	choiceSeed: number;
}

export interface ScenarioLimits {
	maxFiles: number;
	/** Largest file, in bytes (tens of MB for soaking, less for the quick runs). */
	maxSize: number;
}

export const QUICK: ScenarioLimits = { maxFiles: 6, maxSize: MiB };
export const SOAK: ScenarioLimits = { maxFiles: 12, maxSize: 24 * MiB };

function size( prng: Prng, max: number ): number {
	const roll = prng.next();
	if ( roll < 0.3 ) {
		return prng.int( 1, 4 * KiB );
	}
	if ( roll < 0.8 ) {
		return prng.int( 4 * KiB, Math.min( max, 256 * KiB ) );
	}
	return prng.int( Math.min( max, 256 * KiB ), max );
}

export function makeScenario( seed: number, limits: ScenarioLimits = QUICK ): Scenario {
	const prng = new Prng( seed );
	const smallLimit = prng.chance( 0.15 );
	const maxUploadSize = smallLimit ? prng.pick( [ 64 * KiB, 256 * KiB, 2 * MiB ] ) : 100 * MiB;
	const existing: PickedFile[] = [];
	const deleted: PickedFile[] = [];
	let content = 1;
	for ( let i = prng.int( 0, 3 ); i > 0; i-- ) {
		existing.push( { name: `Old-${ i }.png`, size: size( prng, 64 * KiB ), content: content++ } );
	}
	if ( prng.chance( 0.3 ) ) {
		deleted.push( { name: 'Gone-1.png', size: prng.int( 10, 2000 ), content: content++ } );
	}
	const files: PickedFile[] = [];
	const count = prng.int( 1, limits.maxFiles );
	for ( let i = 0; i < count; i++ ) {
		const roll = prng.next();
		let file: PickedFile = { name: `Pic-${ seed }-${ i }.png`, size: size( prng, limits.maxSize ), content: content++ };
		if ( roll < 0.1 && existing.length ) {
			// The same name as a file of the wiki.
			file = { ...file, name: prng.pick( existing ).name };
		} else if ( roll < 0.18 && existing.length ) {
			// The same content as a file of the wiki.
			const twin = prng.pick( existing );
			file = { ...file, size: twin.size, content: twin.content };
		} else if ( roll < 0.24 && files.length ) {
			// The same name as a file picked before.
			file = { ...file, name: prng.pick( files ).name };
		} else if ( roll < 0.3 && files.length ) {
			// The same content as a file picked before.
			const twin = prng.pick( files );
			file = { ...file, size: twin.size, content: twin.content };
		} else if ( roll < 0.34 && deleted.length ) {
			file = { ...file, name: deleted[ 0 ].name };
		}
		files.push( file );
	}
	if ( smallLimit && prng.chance( 0.5 ) ) {
		// A file above the wiki's limit.
		files.push( { name: `Big-${ seed }.png`, size: Math.min( limits.maxSize * 2, maxUploadSize + prng.int( 1, maxUploadSize ) ), content: content++ } );
	}
	const actions: Scenario[ 'actions' ] = [];
	for ( let i = prng.int( 0, 5 ); i > 0; i-- ) {
		const at = prng.int( 0, 20000 );
		const index = prng.int( 0, files.length - 1 );
		const roll = prng.next();
		const action: Action = roll < 0.2 ? { kind: 'pause', index } :
			roll < 0.35 ? { kind: 'resume', index } :
				roll < 0.45 ? { kind: 'cancel', index } :
					roll < 0.55 ? { kind: 'rename', index, name: `Renamed-${ seed }-${ i }.png` } :
						roll < 0.62 ? { kind: 'pauseAll' } :
							roll < 0.7 ? { kind: 'resumeAll' } :
								roll < 0.78 ? { kind: 'parallel', count: prng.int( 1, 5 ) } :
									roll < 0.84 ? { kind: 'chunkSize', bytes: prng.pick( [ 4 * KiB, 16 * KiB, 64 * KiB, MiB ] ) } :
										roll < 0.9 ? { kind: 'adaptive', on: prng.chance( 0.5 ) } :
											roll < 0.95 ? { kind: 'retry', index } :
												{ kind: 'reload' };
		// A reload or a pause matters while files are on their way: early in the run.
		const early = action.kind === 'reload' || action.kind === 'pause' || action.kind === 'pauseAll';
		actions.push( { at: early ? 100 + ( at % 3000 ) : at, action } );
	}
	actions.sort( ( a, b ) => a.at - b.at );
	const faultRate = prng.pick( [ 0, 0.05, 0.15, 0.15, 0.3 ] );
	return {
		seed,
		maxUploadSize,
		existing,
		deleted,
		files,
		// The browser's own resends, as often as one more kind of fault (drawn apart: see FaultProfile).
		faults: { rate: faultRate, kinds: ALL_FAULTS, bytesPerSecond: prng.pick( [ 200 * KiB, MiB, 10 * MiB ] ), resendRate: faultRate / ( ALL_FAULTS.length + 1 ) },
		hasher: {
			slow: prng.chance( 0.2 ) ? 0.3 : 0,
			failing: prng.chance( 0.1 ) ? 0.2 : 0,
			hanging: prng.chance( 0.1 ) ? 0.15 : 0,
			bytesPerSecond: prng.pick( [ 5 * MiB, 50 * MiB ] )
		},
		siteInfoLateMs: prng.chance( 0.2 ) ? prng.int( 100, 5000 ) : 0,
		oneRequestUpTo: prng.chance( 0.6 ) ? prng.pick( [ 8 * KiB, 64 * KiB ] ) : undefined,
		asyncFrom: prng.chance( 0.2 ) ? prng.pick( [ 32 * KiB, 512 * KiB ] ) : undefined,
		chunkSize: prng.pick( [ 16 * KiB, 64 * KiB, 256 * KiB, MiB ] ),
		parallel: prng.int( 1, 4 ),
		adaptive: prng.chance( 0.3 ),
		actions,
		choiceSeed: prng.int( 1, 2 ** 31 )
	};
}
