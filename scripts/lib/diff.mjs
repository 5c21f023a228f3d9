// A unified diff of two texts, line by line, for the deploy's dry run and its "edited on the
// wiki" report. Myers' O(ND) algorithm on what remains after the common head and tail are cut
// off: a deploy's diff is usually a few lines in a 4,000-line script, so that part is tiny.

/** The shortest edit script between two arrays of lines, as [ op, line ] with op ' ', '-' or '+'. */
function editScript( a, b ) {
	const n = a.length;
	const m = b.length;
	const max = n + m;
	const offset = max + 1;
	const v = new Int32Array( 2 * max + 3 );
	const trace = [];
	let found = false;
	for ( let d = 0; d <= max && !found; d++ ) {
		trace.push( v.slice() );
		for ( let k = -d; k <= d; k += 2 ) {
			let x = k === -d || ( k !== d && v[ offset + k - 1 ] < v[ offset + k + 1 ] ) ?
				v[ offset + k + 1 ] :
				v[ offset + k - 1 ] + 1;
			let y = x - k;
			while ( x < n && y < m && a[ x ] === b[ y ] ) {
				x++;
				y++;
			}
			v[ offset + k ] = x;
			if ( x >= n && y >= m ) {
				found = true;
				break;
			}
		}
	}
	// Walk back through the saved frontiers to recover the path.
	const ops = [];
	let x = n;
	let y = m;
	for ( let d = trace.length - 1; d >= 0; d-- ) {
		const vd = trace[ d ];
		const k = x - y;
		const prevK = k === -d || ( k !== d && vd[ offset + k - 1 ] < vd[ offset + k + 1 ] ) ? k + 1 : k - 1;
		const prevX = d === 0 ? 0 : vd[ offset + prevK ];
		const prevY = prevX - prevK;
		while ( x > prevX && y > prevY ) {
			ops.push( [ ' ', a[ --x ] ] );
			y--;
		}
		if ( d > 0 ) {
			if ( x === prevX ) {
				ops.push( [ '+', b[ --y ] ] );
			} else {
				ops.push( [ '-', a[ --x ] ] );
			}
		}
	}
	return ops.reverse();
}

function splitLines( text ) {
	if ( text === '' ) {
		return [];
	}
	const lines = text.split( '\n' );
	if ( lines[ lines.length - 1 ] === '' ) {
		lines.pop();
	}
	return lines;
}

/**
 * `--- from` / `+++ to` and hunks with `context` lines around each change, as `diff -u` prints
 * them; '' when the texts have the same lines.
 */
export function unifiedDiff( before, after, { from = 'a', to = 'b', context = 3 } = {} ) {
	const a = splitLines( before );
	const b = splitLines( after );
	let head = 0;
	while ( head < a.length && head < b.length && a[ head ] === b[ head ] ) {
		head++;
	}
	let tail = 0;
	while ( tail < a.length - head && tail < b.length - head && a[ a.length - 1 - tail ] === b[ b.length - 1 - tail ] ) {
		tail++;
	}
	if ( head === a.length && head === b.length ) {
		return '';
	}
	const ops = [
		...a.slice( 0, head ).map( ( line ) => [ ' ', line ] ),
		...editScript( a.slice( head, a.length - tail ), b.slice( head, b.length - tail ) ),
		...a.slice( a.length - tail ).map( ( line ) => [ ' ', line ] )
	];

	// Group the changes into hunks: runs of changes less than 2 * context unchanged lines apart.
	const out = [ `--- ${ from }`, `+++ ${ to }` ];
	let i = 0;
	let lineA = 1;
	let lineB = 1;
	const advance = ( op ) => {
		if ( op !== '+' ) {
			lineA++;
		}
		if ( op !== '-' ) {
			lineB++;
		}
	};
	while ( i < ops.length ) {
		if ( ops[ i ][ 0 ] === ' ' ) {
			advance( ' ' );
			i++;
			continue;
		}
		// A change at i: the hunk starts `context` lines before it.
		let start = i;
		let startA = lineA;
		let startB = lineB;
		while ( start > 0 && i - start < context && ops[ start - 1 ][ 0 ] === ' ' ) {
			start--;
			startA--;
			startB--;
		}
		let end = i;
		for ( ;; ) {
			while ( end < ops.length && ops[ end ][ 0 ] !== ' ' ) {
				end++;
			}
			let same = 0;
			while ( end + same < ops.length && ops[ end + same ][ 0 ] === ' ' ) {
				same++;
			}
			if ( end + same < ops.length && same <= 2 * context ) {
				end += same;
				continue;
			}
			end += Math.min( same, context );
			break;
		}
		const hunk = ops.slice( start, end );
		const countA = hunk.filter( ( [ op ] ) => op !== '+' ).length;
		const countB = hunk.filter( ( [ op ] ) => op !== '-' ).length;
		out.push( `@@ -${ countA ? startA : startA - 1 },${ countA } +${ countB ? startB : startB - 1 },${ countB } @@` );
		for ( const [ op, line ] of hunk ) {
			out.push( op + line );
		}
		for ( let j = i; j < end; j++ ) {
			advance( ops[ j ][ 0 ] );
		}
		i = end;
	}
	return out.join( '\n' ) + '\n';
}
