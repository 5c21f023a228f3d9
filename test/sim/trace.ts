/**
 * What happened in a run, kept short: the last requests and state changes, with the simulated
 * time, printed with a failing seed.
 */
import { appendFileSync } from 'node:fs';

export class Trace {
	private readonly lines: Array<{ at: number; line: string }> = [];
	private readonly limit: number;
	private readonly start: number;

	constructor( start: number, limit = 120 ) {
		this.start = start;
		this.limit = limit;
	}

	add( line: string ): void {
		if ( process.env.SIM_TRACE_FILE ) {
			appendFileSync( process.env.SIM_TRACE_FILE, `${ Date.now() } ${ line }\n` );
		}
		this.lines.push( { at: Date.now(), line } );
		if ( this.lines.length > this.limit * 2 ) {
			this.lines.splice( 0, this.lines.length - this.limit );
		}
	}

	tail( count = 60 ): string[] {
		return this.lines.slice( -count ).map( ( { at, line } ) => `${ ( ( at - this.start ) / 1000 ).toFixed( 3 ).padStart( 9 ) }s ${ line }` );
	}
}
