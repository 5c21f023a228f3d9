#!/usr/bin/env node
// Prints one closing line for the whole run (unit + end-to-end): "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
if ( existsSync( 'test-results/unit.json' ) ) {
	const unit = JSON.parse( readFileSync( 'test-results/unit.json', 'utf8' ) );
	passed += unit.numPassedTests;
	failed += unit.numFailedTests;
	skipped += unit.numPendingTests + unit.numTodoTests;
}
if ( existsSync( 'test-results/e2e.json' ) ) {
	const e2e = JSON.parse( readFileSync( 'test-results/e2e.json', 'utf8' ) ).stats;
	passed += e2e.expected + e2e.flaky;
	failed += e2e.unexpected;
	skipped += e2e.skipped;
}
console.log( `${ passed } passed, ${ failed } failed` + ( skipped ? `, ${ skipped } skipped` : '' ) );
