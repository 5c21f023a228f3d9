// Small statistics and formatting helpers of the benchmark (scripts/bench.mjs). No dependencies.

/** The median of some numbers (the mean of the middle two for an even count); NaN when none. */
export function median( values ) {
	const v = values.filter( Number.isFinite ).sort( ( a, b ) => a - b );
	if ( !v.length ) {
		return NaN;
	}
	const mid = v.length >> 1;
	return v.length % 2 ? v[ mid ] : ( v[ mid - 1 ] + v[ mid ] ) / 2;
}

/** The p-th percentile by nearest rank (p95 of 20 values is the 19th smallest). */
export function percentile( values, p ) {
	const v = values.filter( Number.isFinite ).sort( ( a, b ) => a - b );
	if ( !v.length ) {
		return NaN;
	}
	const rank = Math.min( v.length, Math.max( 1, Math.ceil( ( p / 100 ) * v.length ) ) );
	return v[ rank - 1 ];
}

export function min( values ) {
	const v = values.filter( Number.isFinite );
	return v.length ? Math.min( ...v ) : NaN;
}

export function max( values ) {
	const v = values.filter( Number.isFinite );
	return v.length ? Math.max( ...v ) : NaN;
}

export function sum( values ) {
	return values.filter( Number.isFinite ).reduce( ( a, b ) => a + b, 0 );
}

/** "median (min–max)" of a set, with a unit formatter. */
export function spread( values, format = ms ) {
	const v = values.filter( Number.isFinite );
	if ( !v.length ) {
		return '—';
	}
	if ( v.length === 1 ) {
		return format( v[ 0 ] );
	}
	return `${ format( median( v ) ) } (${ format( min( v ) ) }–${ format( max( v ) ) })`;
}

/** Milliseconds, short: 0.42 ms, 12.3 ms, 845 ms, 12.4 s. */
/** `{ what: ms }` as "what 1.2 s, other 300 ms", largest first, leaving out those below `atLeast` ms. */
export function timesText( times, atLeast ) {
	return Object.entries( times ).sort( ( x, y ) => y[ 1 ] - x[ 1 ] ).filter( ( [ , v ] ) => v >= atLeast ).map( ( [ k, v ] ) => `${ k } ${ ms( v ) }` ).join( ', ' );
}

/** A profile's top functions (trace.mjs topFunctions()) as "fn 12 ms; other 8 ms". */
export function functionsText( top, count ) {
	return top.slice( 0, count ).map( ( f ) => `${ f.fn } ${ ms( f.ms ) }` ).join( '; ' );
}

export function ms( value ) {
	if ( !Number.isFinite( value ) ) {
		return '—';
	}
	const a = Math.abs( value );
	if ( a >= 10000 ) {
		return `${ ( value / 1000 ).toFixed( 1 ) } s`;
	}
	if ( a >= 1000 ) {
		return `${ ( value / 1000 ).toFixed( 2 ) } s`;
	}
	if ( a >= 100 ) {
		return `${ value.toFixed( 0 ) } ms`;
	}
	if ( a >= 10 ) {
		return `${ value.toFixed( 1 ) } ms`;
	}
	return `${ value.toFixed( 2 ) } ms`;
}

export function ratio( value ) {
	return Number.isFinite( value ) ? value.toFixed( 2 ) : '—';
}

/** Bytes as KB / MB (decimal, as the goals are written: "30 KB", "32 MB"). */
export function bytes( value ) {
	if ( !Number.isFinite( value ) ) {
		return '—';
	}
	const a = Math.abs( value );
	if ( a >= 1e6 ) {
		return `${ ( value / 1e6 ).toFixed( 1 ) } MB`;
	}
	if ( a >= 1e3 ) {
		return `${ ( value / 1e3 ).toFixed( 1 ) } KB`;
	}
	return `${ value } B`;
}

/** A plain-text table: rows of cells, the first row a header; numbers-looking cells right-aligned. */
export function table( rows ) {
	const widths = [];
	rows.forEach( ( row ) => row.forEach( ( cell, i ) => {
		widths[ i ] = Math.max( widths[ i ] || 0, String( cell ).length );
	} ) );
	const line = ( row ) => row.map( ( cell, i ) => {
		const text = String( cell );
		return i > 0 && /^[\d.—(–)%×\s]+(ms|s|MB|KB|B|%|×)?[\s\d.—(–)msKB]*$/.test( text ) ? text.padStart( widths[ i ] ) : text.padEnd( widths[ i ] );
	} ).join( '  ' ).trimEnd();
	const out = [ line( rows[ 0 ] ), widths.map( ( w ) => '-'.repeat( w ) ).join( '  ' ) ];
	rows.slice( 1 ).forEach( ( row ) => out.push( line( row ) ) );
	return out.join( '\n' );
}
