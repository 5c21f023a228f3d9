// Issue 20: reading photos' metadata must not delay their cards (goal: at most 50 ms per file at
// the median, for 100 photos of 5 MB). 100 JPEGs of 5 MB with EXIF dates and GPS (one made with
// ImageMagick and exiftool, the rest hard links under other names) are picked at once, and the
// page records, per file, when its card appeared and when what was read was shown (its location
// notice: a long list shows folded cards, which keep the date field closed but always show the
// location; watched by a MutationObserver). The control is the same bytes under
// names the dialog does not treat as photos (.dat): no reading at all. Cards' delay = the
// photos' card time minus the control's, per file at the median.
import { execFileSync } from 'node:child_process';
import { linkSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { uniqueStamp } from './setup.mjs';
import { log, openDialog } from './run.mjs';
import { max, median, ms } from './stats.mjs';

const FILES = 100;
const SIZE = 5 * 1024 * 1024;

/** One 5 MB JPEG with a date and a position; padded after its end (JPEG readers stop at EOI). */
function photoFile( dir, stamp ) {
	const path = join( dir, `Bench-photo-${ stamp }-0.jpg` );
	execFileSync( 'convert', [ '-size', '1200x900', 'plasma:fractal', '-quality', '92', path ], { timeout: 120000 } );
	execFileSync( 'exiftool', [ '-q', '-overwrite_original', '-DateTimeOriginal=2024:05:06 07:08:09', '-GPSLatitude=48.8583', '-GPSLatitudeRef=N',
		'-GPSLongitude=2.2945', '-GPSLongitudeRef=E', path ], { timeout: 60000 } );
	if ( statSync( path ).size < SIZE ) {
		truncateSync( path, SIZE );
	}
	return path;
}

function copies( first, dir, stamp, extension ) {
	return Array.from( { length: FILES }, ( _x, i ) => {
		const path = join( dir, `Bench-photo-${ stamp }-${ i }.${ extension }` );
		if ( path !== first ) {
			linkSync( first, path );
		}
		return path;
	} );
}

/** In the page, before the pick: when each card appears and when its date is shown. */
function watchCards() {
	const seen = {};
	const t0 = performance.now();
	const note = () => {
		document.querySelectorAll( 'dialog[open] .uploaddialog-file' ).forEach( ( card ) => {
			const label = card.getAttribute( 'aria-label' );
			const entry = seen[ label ] || ( seen[ label ] = { card: performance.now() - t0, date: null } );
			if ( entry.date === null && card.querySelector( '.uploaddialog-location' ) ) {
				entry.date = performance.now() - t0;
			}
		} );
	};
	new MutationObserver( note ).observe( document.body, { subtree: true, childList: true } );
	window.__photoBench = seen;
}

async function pickAndWatch( bench, paths, photos ) {
	const { page } = await bench.openPage( bench.wiki.server );
	try {
		const { input } = await openDialog( page );
		await page.evaluate( watchCards );
		await input.setInputFiles( paths );
		await page.waitForFunction( ( [ n, withDates ] ) => {
			const all = Object.values( window.__photoBench || {} );
			return all.length >= n && ( !withDates || all.every( ( e ) => e.date !== null ) );
		}, [ paths.length, photos ], { timeout: 240000 } );
		return Object.values( await page.evaluate( () => window.__photoBench ) );
	} finally {
		await page.close();
	}
}

export async function photosPart( bench ) {
	log( `photos: ${ FILES } JPEGs of 5 MB with EXIF dates and GPS, picked at once; control: the same bytes as .dat` );
	const stamp = uniqueStamp();
	const first = photoFile( bench.filesDir, stamp );
	const photos = copies( first, bench.filesDir, stamp, 'jpg' );
	const control = copies( first, bench.filesDir, `${ stamp }c`, 'dat' );
	bench.results.photos = bench.results.photos || [];
	for ( let round = 1; round <= 2; round++ ) {
		const entry = { round, files: FILES };
		try {
			const withPhotos = await pickAndWatch( bench, photos, true );
			const without = await pickAndWatch( bench, control, false );
			Object.assign( entry, {
				ok: true,
				cardMs: median( withPhotos.map( ( e ) => e.card ) ),
				controlCardMs: median( without.map( ( e ) => e.card ) ),
				dateAfterCardMs: median( withPhotos.map( ( e ) => e.date - e.card ) ),
				allDatesMs: max( withPhotos.map( ( e ) => e.date ) )
			} );
			entry.cardDelayMs = entry.cardMs - entry.controlCardMs;
			log( `  round ${ round }: card ${ ms( entry.cardMs ) } (control ${ ms( entry.controlCardMs ) }), facts shown after its card ${ ms( entry.dateAfterCardMs ) }, all ${ FILES } read ${ ms( entry.allDatesMs ) }` );
		} catch ( error ) {
			Object.assign( entry, { ok: false, error: String( error.message ).split( '\n' )[ 0 ] } );
			log( `  round ${ round } failed: ${ entry.error }` );
		}
		bench.results.photos.push( entry );
	}
}

export function photosReport( results ) {
	const runs = ( results.photos || [] ).filter( ( r ) => r.ok );
	const out = [];
	const goals = [];
	if ( !( results.photos || [] ).length ) {
		return { lines: out, goals };
	}
	out.push( `--- photos: ${ FILES } JPEGs of 5 MB picked at once (median per file, over ${ runs.length } round(s)) ---` );
	if ( runs.length ) {
		const delay = median( runs.map( ( r ) => r.cardDelayMs ) );
		out.push( `  card shown ${ ms( median( runs.map( ( r ) => r.cardMs ) ) ) } after the pick (control without photo reading ${ ms( median( runs.map( ( r ) => r.controlCardMs ) ) ) }): delay ${ ms( delay ) }` );
		out.push( `  date and location read and shown ${ ms( median( runs.map( ( r ) => r.dateAfterCardMs ) ) ) } after its card; all ${ FILES } read ${ ms( median( runs.map( ( r ) => r.allDatesMs ) ) ) } after the pick` );
		goals.push( [ `photos: reading EXIF delays a card ≤ 50 ms per file at the median (${ ms( delay ) })`, delay, 50, ms, 'below' ] );
	}
	return { lines: out, goals };
}
