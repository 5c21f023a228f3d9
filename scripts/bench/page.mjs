// What the benchmark puts into every page it opens (before the page's own scripts run), and how
// it reads the requests back. Nothing here changes what the gadget or mw.Api send: it notes each
// XMLHttpRequest's kind (chunk, whole file, commit, poll, token …) and the page-clock times of
// send() and loadend, keeps the Resource Timing buffer large enough for a 1 GiB upload's 1024
// chunks, and watches the DOM for the dialog's "File:<name>" link.

/**
 * Runs in the page (Playwright addInitScript), so it must be self-contained.
 * window.__bench: { xhrs, clear(), collect(), armUpload( name ), armOpen() }
 */
export function pageInit() {
	if ( window.__bench ) {
		return;
	}
	try {
		// 250 entries by default: a 1 GiB upload in 1 MiB chunks makes more than 1024.
		performance.setResourceTimingBufferSize( 1000000 );
	} catch ( e ) {}
	const xhrs = [];
	const B = { xhrs, state: null, open: null };
	window.__bench = B;

	function fromParams( rec, p ) {
		const action = p.get( 'action' );
		if ( action === 'upload' ) {
			rec.kind = p.has( 'url' ) ? 'probe' : p.has( 'checkstatus' ) ? 'checkstatus' : p.has( 'filekey' ) ? 'commit' : 'upload';
		} else if ( action === 'query' && /tokens/.test( p.get( 'meta' ) || '' ) ) {
			rec.kind = 'token';
		} else {
			rec.kind = action || 'other';
		}
		// The dialog's content check: list=allimages&aisha1=, list=filearchive&fasha1= (the
		// content-check part counts them, to show the check ran, or did not).
		p.forEach( ( v, k ) => {
			if ( /sha1(base36)?$/.test( k ) ) {
				rec.lookup = 'sha1';
			}
		} );
	}

	function classify( rec, body ) {
		if ( typeof FormData !== 'undefined' && body instanceof FormData ) {
			if ( body.has( 'chunk' ) ) {
				const chunk = body.get( 'chunk' );
				rec.kind = 'chunk';
				rec.offset = Number( body.get( 'offset' ) );
				rec.bytes = chunk && chunk.size;
				rec.async = body.has( 'async' );
				return;
			}
			if ( body.has( 'file' ) ) {
				const file = body.get( 'file' );
				rec.kind = body.has( 'stash' ) ? 'file-stash' : 'file';
				rec.bytes = file && file.size;
				return;
			}
			const p = new URLSearchParams();
			body.forEach( ( v, k ) => {
				if ( typeof v === 'string' ) {
					p.append( k, v );
				}
			} );
			fromParams( rec, p );
			return;
		}
		if ( typeof body === 'string' ) {
			fromParams( rec, new URLSearchParams( body ) );
			return;
		}
		fromParams( rec, new URL( rec.url ).searchParams );
	}

	const open = XMLHttpRequest.prototype.open;
	const send = XMLHttpRequest.prototype.send;
	XMLHttpRequest.prototype.open = function ( method, url ) {
		this.__bench = { method: String( method ).toUpperCase(), url: new URL( url, location.href ).href };
		return open.apply( this, arguments );
	};
	XMLHttpRequest.prototype.send = function ( body ) {
		const rec = this.__bench || { method: '?', url: '' };
		try {
			classify( rec, body );
		} catch ( e ) {
			rec.kind = 'unknown';
		}
		rec.sent = performance.now();
		xhrs.push( rec );
		this.addEventListener( 'loadend', () => {
			rec.loadend = performance.now();
			rec.status = this.status;
		} );
		return send.apply( this, arguments );
	};

	B.clear = () => {
		xhrs.length = 0;
		performance.clearResourceTimings();
	};

	B.collect = () => ( {
		xhrs: xhrs.slice(),
		rt: performance.getEntriesByType( 'resource' )
			.filter( ( e ) => e.initiatorType === 'xmlhttprequest' )
			.map( ( e ) => ( { name: e.name, start: e.startTime, requestStart: e.requestStart, responseStart: e.responseStart, end: e.responseEnd } ) ),
		state: B.state
	} );

	/**
	 * Before clicking "Upload 1 file": the click's time (a capture listener on window runs before
	 * any of the page's own), and the time the "File:<name>" link enters the DOM (or a failure
	 * or a warnings panel does).
	 */
	B.armUpload = ( name ) => {
		B.clear();
		const st = B.state = { t0: null, done: null, failed: null, mutations: 0 };
		const onClick = () => {
			if ( st.t0 === null ) {
				st.t0 = performance.now();
			}
			window.removeEventListener( 'click', onClick, true );
		};
		window.addEventListener( 'click', onClick, true );
		const want = `File:${ name }`;
		const observer = new MutationObserver( ( records ) => {
			st.mutations += records.length;
			if ( st.done !== null || st.failed ) {
				return;
			}
			for ( const record of records ) {
				for ( const node of record.addedNodes ) {
					if ( node.nodeType !== 1 ) {
						continue;
					}
					const links = node.tagName === 'A' ? [ node ] : node.querySelectorAll( 'a' );
					for ( const a of links ) {
						if ( a.textContent === want ) {
							st.done = performance.now();
						}
					}
					const bad = node.matches( '[role=alert],[role=region]' ) ? node : node.querySelector( '[role=alert],[role=region]' );
					if ( bad && st.done === null ) {
						st.failed = ( bad.textContent || 'failed' ).slice( 0, 400 );
					}
				}
			}
		} );
		observer.observe( document.body, { childList: true, subtree: true, attributes: true, characterData: true } );
		B.stopObserving = () => observer.disconnect();
	};

	/** Before clicking the portlet link: when the dialog is shown, and when files can be picked. */
	B.armOpen = () => {
		const st = B.open = { t0: null, shown: null, ready: null, painted: null };
		const onClick = () => {
			if ( st.t0 === null ) {
				st.t0 = performance.now();
			}
			window.removeEventListener( 'click', onClick, true );
		};
		window.addEventListener( 'click', onClick, true );
		const check = () => {
			if ( st.shown === null && document.querySelector( 'dialog[open]' ) ) {
				st.shown = performance.now();
			}
			if ( st.ready === null && document.querySelector( 'dialog[open] input[type=file]' ) ) {
				st.ready = performance.now();
				observer.disconnect();
				// The next frame after the change: when the user can see it.
				requestAnimationFrame( () => setTimeout( () => {
					st.painted = performance.now();
				}, 0 ) );
			}
		};
		const observer = new MutationObserver( check );
		observer.observe( document.body, { childList: true, subtree: true, attributes: true } );
	};
}

/**
 * The requests of one upload, each with its Resource Timing entry, and the phases of the upload:
 * before the first byte, the stash (chunks and, for async assembly, the polls), the commit (and
 * its polls), after the last answer; and the client's gaps between a chunk's response and the
 * next chunk's request.
 *
 * @param {{ xhrs: object[], rt: object[] }} collected  from window.__bench.collect()
 * @param {number} t0  the start (click, or the call), page clock
 * @param {number} t1  the end (link in the DOM, or the promise settled), page clock
 */
export function analyzeRequests( collected, t0, t1 ) {
	const xhrs = collected.xhrs.filter( ( r ) => /\/api\.php/.test( r.url ) && r.sent >= t0 - 1 ).sort( ( a, b ) => a.sent - b.sent );
	const entries = collected.rt.filter( ( e ) => /\/api\.php/.test( e.name ) ).sort( ( a, b ) => a.start - b.start );
	const used = new Set();
	const requests = xhrs.map( ( x ) => {
		// The entry of the same URL whose start is closest to send() (send() starts the fetch).
		let best = -1;
		let bestDistance = Infinity;
		entries.forEach( ( e, i ) => {
			if ( used.has( i ) || e.name !== x.url ) {
				return;
			}
			const distance = Math.abs( e.start - x.sent );
			if ( distance < bestDistance ) {
				best = i;
				bestDistance = distance;
			}
		} );
		if ( best !== -1 && bestDistance < 50 ) {
			used.add( best );
			const e = entries[ best ];
			return { ...x, start: e.start, requestStart: e.requestStart, responseStart: e.responseStart, end: e.end, timed: true };
		}
		// No entry (should not happen): fall back to the XHR's own events.
		return { ...x, start: x.sent, end: x.loadend, timed: false };
	} );

	const counts = {};
	requests.forEach( ( r ) => {
		counts[ r.kind ] = ( counts[ r.kind ] || 0 ) + 1;
	} );
	const isStash = ( r ) => r.kind === 'chunk' || r.kind === 'file-stash' || r.kind === 'file';
	const firstStash = requests.find( isStash );
	const commitAt = requests.findIndex( ( r ) => r.kind === 'commit' );
	const beforeCommit = commitAt === -1 ? requests : requests.slice( 0, commitAt );
	const stashEnd = Math.max( ...beforeCommit.filter( ( r ) => r.start >= ( firstStash ? firstStash.start : t0 ) ).map( ( r ) => r.end ).filter( Number.isFinite ) );
	const lastEnd = Math.max( ...requests.map( ( r ) => r.end ).filter( Number.isFinite ) );
	const chunks = requests.filter( ( r ) => r.kind === 'chunk' );
	const gaps = [];
	const jsGaps = [];
	for ( let i = 1; i < chunks.length; i++ ) {
		gaps.push( chunks[ i ].start - chunks[ i - 1 ].end );
		if ( Number.isFinite( chunks[ i - 1 ].loadend ) ) {
			jsGaps.push( chunks[ i ].sent - chunks[ i - 1 ].loadend );
		}
	}
	const commit = commitAt === -1 ? null : requests[ commitAt ];
	const lastChunk = chunks[ chunks.length - 1 ];
	return {
		counts,
		chunkCount: chunks.length,
		chunkBytes: chunks.map( ( c ) => c.bytes ),
		async: chunks.some( ( c ) => c.async ),
		pre: firstStash ? firstStash.start - t0 : NaN,
		stash: firstStash ? stashEnd - firstStash.start : NaN,
		between: commit ? commit.start - stashEnd : NaN,
		commit: commit ? lastEnd - commit.start : 0,
		post: t1 - lastEnd,
		gaps,
		jsGaps,
		/** A chunk request from its start to its answer's last byte. */
		chunkRoundTrips: chunks.map( ( c ) => c.end - c.start ),
		polls: requests.filter( ( r ) => r.kind === 'checkstatus' ).length,
		/** Async only: from the last chunk's answer (Poll) to the poll that found the file assembled. */
		assemblyWait: lastChunk && lastChunk.end < stashEnd ? stashEnd - lastChunk.end : 0,
		/** Async only: from the commit's answer (Poll) to the poll that found it published. */
		publishWait: commit && lastEnd > commit.end ? lastEnd - commit.end : 0,
		untimed: requests.filter( ( r ) => !r.timed ).length
	};
}
