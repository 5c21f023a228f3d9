#!/usr/bin/env node
/**
 * Soaks the engine in the deterministic simulation (test/sim): many seeded runs, or one seed
 * replayed with its report.
 *
 *   npm run simulate -- --runs 100000 [--seed N] [--soak] [--strict]
 *   npm run simulate -- --seed N          one run, its report printed (also for known defects)
 *
 * --soak: bigger files (up to tens of MB) and more of them. --strict: the known defects
 * (test/sim/known.ts) fail the run too. --trace FILE: every request and state change of the
 * runs, appended to FILE (for one seed: its whole story). It runs
 * test/sim/simulation.test.ts with SIM_* variables.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice( 2 );
function option( name ) {
	const at = args.indexOf( `--${ name }` );
	return at === -1 ? undefined : args[ at + 1 ];
}
const flag = ( name ) => args.includes( `--${ name }` );
const seed = option( 'seed' );
const runs = option( 'runs' ) ?? ( seed !== undefined ? '1' : '2000' );
for ( const [ name, value ] of [ [ 'runs', runs ], [ 'seed', seed ] ] ) {
	if ( value !== undefined && !/^\d+$/.test( value ) ) {
		console.error( `--${ name } takes a whole number, not "${ value }"` );
		process.exit( 2 );
	}
}
const env = {
	...process.env,
	SIM_RUNS: runs,
	SIM_SEED: seed ?? '1',
	SIM_MAX_FAILURES: option( 'max-failures' ) ?? '10',
	...( flag( 'soak' ) ? { SIM_SOAK: '1' } : {} ),
	...( flag( 'strict' ) ? { SIM_STRICT: '1' } : {} ),
	...( option( 'trace' ) ? { SIM_TRACE_FILE: option( 'trace' ) } : {} ),
	// One seed: its report, whatever it shows.
	...( runs === '1' ? { SIM_REPORT: '1' } : {} )
};
const result = spawnSync( 'npx', [ 'vitest', 'run', 'test/sim/simulation.test.ts' ], { env, stdio: 'inherit' } );
process.exit( result.status ?? 1 );
