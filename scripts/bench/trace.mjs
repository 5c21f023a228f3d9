// `npm run bench -- --trace`: where the page's main thread spends an upload, for the dialog (a)
// next to mw.Api (c). Not part of the timed runs (tracing and profiling slow the page down): one
// extra upload of each, with a Chrome trace (devtools.timeline) and a JS sampling profile.
//
// From the trace: the main thread's self time by kind of work (script, style, layout, paint,
// GC …) over the whole upload, and inside the gaps between a chunk's answer and the next
// chunk's request, how much of each gap the main thread was busy (and with what) and how much it
// sat idle (waiting for a timer or for the network stack). From the profile: the functions with
// the most self time.

const CATEGORIES = [ 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing', 'loading' ];

/** What each trace event name counts as. Anything else on the main thread is "other". */
const KIND = {
	FunctionCall: 'script', EvaluateScript: 'script', 'v8.compile': 'script', 'v8.compileModule': 'script', RunMicrotasks: 'script',
	TimerFire: 'script', FireAnimationFrame: 'script', EventDispatch: 'script', XHRReadyStateChange: 'script', XHRLoad: 'script',
	'V8.Execute': 'script', 'v8.run': 'script', 'v8.callFunction': 'script',
	UpdateLayoutTree: 'style', RecalculateStyles: 'style', ParseAuthorStyleSheet: 'style',
	Layout: 'layout', 'Layout.LayoutTree': 'layout',
	Paint: 'paint', PrePaint: 'paint', Layerize: 'paint', UpdateLayer: 'paint', CompositeLayers: 'paint', 'PaintImage': 'paint', Commit: 'paint',
	MinorGC: 'gc', MajorGC: 'gc', 'V8.GC_SCAVENGER': 'gc', BlinkGC: 'gc', 'BlinkGC.AtomicPhase': 'gc', 'V8.GCScavenger': 'gc', 'V8.GCFinalizeMC': 'gc',
	ParseHTML: 'parse'
};

/** Self time (ms) by kind of work, and busy intervals, of the renderer's main thread. */
function mainThread( events ) {
	// The renderer whose main thread sent the api.php requests.
	const send = events.find( ( e ) => e.name === 'ResourceSendRequest' && /\/api\.php/.test( e.args?.data?.url || '' ) );
	const names = events.filter( ( e ) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' );
	const main = names.find( ( n ) => !send || n.pid === send.pid ) || names[ 0 ];
	if ( !main ) {
		return null;
	}
	const own = events.filter( ( e ) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number' )
		.sort( ( a, b ) => a.ts - b.ts || b.dur - a.dur );
	const tasks = own.filter( ( e ) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask' );
	// Self time: an event's duration less that of the events nested in it.
	const self = new Map();
	const stack = [];
	for ( const e of own ) {
		while ( stack.length && stack[ stack.length - 1 ].end <= e.ts ) {
			stack.pop();
		}
		const parent = stack[ stack.length - 1 ];
		if ( parent ) {
			parent.childTime += Math.min( e.dur, parent.end - e.ts );
		}
		const frame = { e, end: e.ts + e.dur, childTime: 0 };
		stack.push( frame );
		self.set( e, frame );
	}
	return { own, tasks, self };
}

function kindOf( e ) {
	if ( KIND[ e.name ] ) {
		return KIND[ e.name ];
	}
	if ( /GC/.test( e.name ) ) {
		return 'gc';
	}
	if ( e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask' ) {
		return 'task (unattributed)';
	}
	return 'other';
}

/** Self time by kind within [from, to] (µs, trace clock), each event counted by its overlap. */
function byKind( thread, from, to ) {
	const out = {};
	for ( const [ e, frame ] of thread.self ) {
		const overlap = Math.min( frame.end, to ) - Math.max( e.ts, from );
		if ( overlap <= 0 ) {
			continue;
		}
		const selfTime = Math.max( 0, e.dur - frame.childTime ) * ( overlap / e.dur );
		const k = kindOf( e );
		out[ k ] = ( out[ k ] || 0 ) + selfTime / 1000;
	}
	return out;
}

/** Self time (ms) by event name within [from, to] of the events of these kinds: what "other" is. */
function byName( thread, from, to, kinds ) {
	const out = {};
	for ( const [ e, frame ] of thread.self ) {
		const overlap = Math.min( frame.end, to ) - Math.max( e.ts, from );
		if ( overlap <= 0 || !kinds.includes( kindOf( e ) ) ) {
			continue;
		}
		const selfTime = Math.max( 0, e.dur - frame.childTime ) * ( overlap / e.dur );
		out[ e.name ] = ( out[ e.name ] || 0 ) + selfTime / 1000;
	}
	return Object.fromEntries( Object.entries( out ).sort( ( x, y ) => y[ 1 ] - x[ 1 ] ).slice( 0, 12 ) );
}

/** How much of [from, to] the main thread ran a task (µs). */
function busyIn( thread, from, to ) {
	let busy = 0;
	for ( const t of thread.tasks ) {
		const overlap = Math.min( t.ts + t.dur, to ) - Math.max( t.ts, from );
		if ( overlap > 0 ) {
			busy += overlap;
		}
	}
	return busy;
}

/**
 * Summarizes a trace and the page's request log (window.__bench.xhrs, in send order) of one
 * upload: the trace's api.php requests are paired with the log's by order.
 */
export function summarizeTrace( traceJson, xhrs ) {
	const events = ( traceJson.traceEvents || traceJson ).filter( Boolean );
	const thread = mainThread( events );
	if ( !thread ) {
		return null;
	}
	const sends = events.filter( ( e ) => e.name === 'ResourceSendRequest' && /\/api\.php/.test( e.args?.data?.url || '' ) ).sort( ( a, b ) => a.ts - b.ts );
	const finishes = new Map( events.filter( ( e ) => e.name === 'ResourceFinish' ).map( ( e ) => [ e.args?.data?.requestId, e ] ) );
	const logged = xhrs.filter( ( x ) => /\/api\.php/.test( x.url ) ).sort( ( a, b ) => a.sent - b.sent );
	const offset = Math.max( 0, sends.length - logged.length );
	const requests = sends.slice( offset ).map( ( s, i ) => ( { kind: logged[ i ]?.kind, start: s.ts, end: finishes.get( s.args.data.requestId )?.ts } ) );
	const chunks = requests.filter( ( r ) => r.kind === 'chunk' && r.end );
	if ( !requests.length ) {
		return null;
	}
	const from = requests[ 0 ].start;
	const to = Math.max( ...requests.map( ( r ) => r.end || 0 ) );
	const gaps = [];
	for ( let i = 1; i < chunks.length; i++ ) {
		gaps.push( [ chunks[ i - 1 ].end, chunks[ i ].start ] );
	}
	const inGaps = {};
	let gapTime = 0;
	let gapBusy = 0;
	for ( const [ a, b ] of gaps ) {
		if ( b <= a ) {
			continue;
		}
		gapTime += b - a;
		gapBusy += busyIn( thread, a, b );
		Object.entries( byKind( thread, a, b ) ).forEach( ( [ k, v ] ) => {
			inGaps[ k ] = ( inGaps[ k ] || 0 ) + v;
		} );
	}
	const perGap = ( v ) => ( gaps.length ? v / gaps.length : NaN );
	return {
		durationMs: ( to - from ) / 1000,
		chunks: chunks.length,
		whole: byKind( thread, from, to ),
		/** The events behind "other" and "paint", by name (ms). */
		otherByName: byName( thread, from, to, [ 'other', 'paint' ] ),
		gapCount: gaps.length,
		/** Per gap, on average: its length, the main thread's busy part, the rest idle. */
		gapMs: perGap( gapTime / 1000 ),
		gapBusyMs: perGap( gapBusy / 1000 ),
		gapByKindMs: Object.fromEntries( Object.entries( inGaps ).map( ( [ k, v ] ) => [ k, perGap( v ) ] ) ),
		/** The gaps themselves (µs, trace clock = the profiler's clock), for topFunctions. */
		gapWindows: gaps.filter( ( [ a, b ] ) => b > a )
	};
}

/**
 * The functions with the most self time in a CDP Profiler profile; with `windows` (µs, the
 * trace's clock, which is the profiler's), only the samples taken inside them, per window.
 */
export function topFunctions( profile, count = 15, windows = null ) {
	const byId = new Map( profile.nodes.map( ( n ) => [ n.id, n ] ) );
	const self = new Map();
	let at = profile.startTime;
	const sorted = windows ? windows.slice().sort( ( a, b ) => a[ 0 ] - b[ 0 ] ) : null;
	const inside = ( t ) => sorted.some( ( [ a, b ] ) => t >= a && t < b );
	profile.samples.forEach( ( id, i ) => {
		at += profile.timeDeltas[ i ] || 0;
		if ( sorted && !inside( at ) ) {
			return;
		}
		const dt = ( profile.timeDeltas[ i + 1 ] ?? profile.timeDeltas[ i ] ?? 0 ) / 1000 / ( sorted ? sorted.length : 1 );
		self.set( id, ( self.get( id ) || 0 ) + dt );
	} );
	const totals = new Map();
	for ( const [ id, ms ] of self ) {
		const f = byId.get( id ).callFrame;
		if ( [ '(idle)', '(program)', '(root)' ].includes( f.functionName ) ) {
			continue;
		}
		const where = /modules=([^&]+)/.exec( f.url || '' );
		const key = `${ f.functionName || '(anonymous)' } ${ where ? decodeURIComponent( where[ 1 ] ).slice( 0, 40 ) : ( f.url || '' ).split( '/' ).pop().slice( 0, 40 ) }:${ f.lineNumber + 1 }`;
		totals.set( key, ( totals.get( key ) || 0 ) + ms );
	}
	return [ ...totals.entries() ].sort( ( a, b ) => b[ 1 ] - a[ 1 ] ).slice( 0, count ).map( ( [ fn, ms ] ) => ( { fn, ms } ) );
}

/** A sampler for Bench#measure: trace + profile from just before the start to just after the end. */
export function tracer( browser, out ) {
	return async ( cdp, page ) => {
		await cdp.send( 'Profiler.enable' );
		await cdp.send( 'Profiler.setSamplingInterval', { interval: 250 } );
		await browser.startTracing( page, { categories: CATEGORIES } );
		await cdp.send( 'Profiler.start' );
		return async () => {
			const { profile } = await cdp.send( 'Profiler.stop' );
			const buffer = await browser.stopTracing();
			const xhrs = await page.evaluate( () => window.__bench.xhrs.slice() );
			out.trace = summarizeTrace( JSON.parse( buffer.toString( 'utf8' ) ), xhrs );
			out.top = topFunctions( profile );
			out.topInGaps = out.trace && out.trace.gapWindows.length ? topFunctions( profile, 12, out.trace.gapWindows ) : [];
			if ( out.trace ) {
				delete out.trace.gapWindows;
			}
		};
	};
}

export { CATEGORIES };
