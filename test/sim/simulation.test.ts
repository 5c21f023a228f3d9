// @vitest-environment node
/**
 * The deterministic simulation in the normal test run: SIM_RUNS seeded runs (2,000 by default)
 * of the real UploadQueue against the simulated wiki, each checked at the end (run.ts,
 * invariants.ts). `npm run simulate` runs more (SIM_RUNS, SIM_SEED); a failing seed prints its
 * report and replays with `npm run simulate -- --seed N`.
 */
import { appendFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { runSeed, type RunResult } from './run';
import { QUICK, SOAK } from './scenario';
import { KNOWN_DEFECTS } from './known';

const runs = Number( process.env.SIM_RUNS || 2000 );
const first = Number( process.env.SIM_SEED || 1 );
const limits = process.env.SIM_SOAK ? SOAK : QUICK;
/** SIM_STRICT=1: known defects fail the run too (for when they are fixed). */
const strict = !!process.env.SIM_STRICT;

test( `${ runs } seeded runs from seed ${ first }: every invariant holds`, async () => {
	const started = performance.now();
	const failures: RunResult[] = [];
	const known = new Map<string, number[]>();
	let requests = 0;
	let simulated = 0;
	for ( let seed = first; seed < first + runs; seed++ ) {
		const t0 = performance.now();
		const result = await runSeed( seed, limits );
		if ( process.env.SIM_VERBOSE ) {
			appendFileSync( process.env.SIM_VERBOSE, `seed ${ seed }: ${ ( performance.now() - t0 ).toFixed( 0 ) } ms, ${ result.requests } requests, ${ result.signature.join( "+" ) || "ok" }\n` );
		}
		requests += result.requests;
		simulated += result.simulatedMs;
		if ( !result.violations.length ) {
			continue;
		}
		const defect = result.signature.every( ( kind ) => KNOWN_DEFECTS[ kind ] );
		if ( process.env.SIM_REPORT ) {
			console.log( result.report );
		}
		if ( defect && !strict ) {
			const key = result.signature.join( '+' );
			known.set( key, ( known.get( key ) || [] ).concat( seed ) );
		} else {
			failures.push( result );
			if ( failures.length >= Number( process.env.SIM_MAX_FAILURES || 3 ) ) {
				break;
			}
		}
	}
	const seconds = ( performance.now() - started ) / 1000;
	console.log( [
		`simulation: ${ runs } runs from seed ${ first } in ${ seconds.toFixed( 1 ) } s, ${ requests } requests, ${ ( simulated / 3600000 ).toFixed( 1 ) } h simulated`,
		...Array.from( known.entries() ).map( ( [ kind, seeds ] ) =>
			`  known defect ${ kind } (${ kind.split( '+' ).map( ( k ) => KNOWN_DEFECTS[ k ] ).join( '; ' ) }): ${ seeds.length } runs, e.g. seeds ${ seeds.slice( 0, 8 ).join( ', ' ) }` )
	].join( '\n' ) );
	expect( failures.map( ( f ) => f.report ).join( '\n\n' ) ).toBe( '' );
}, 60000 + runs * 2000 );

test.skipIf( runs === 1 )( 'a run is a function of its seed: the same seed, the same run', async () => {
	for ( let seed = first; seed < first + 10; seed++ ) {
		const once = await runSeed( seed, limits );
		const again = await runSeed( seed, limits );
		expect( { ...again, report: '' } ).toEqual( { ...once, report: '' } );
		expect( again.report ).toBe( once.report );
	}
}, 300000 );
