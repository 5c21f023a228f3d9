/**
 * Issue 20, the photo side, on the real wiki: a JPEG with a GPS position and a date, made at test
 * time with ImageMagick and Debian's exiftool, picked in the dialog. The date is prefilled from
 * its EXIF; the card shows the coordinates before sending; with "remove the location" the file
 * on the wiki has no GPS field in its metadata (read through the API) and the same pixels as the
 * original (ImageMagick's `identify -format '%#'` of the file fetched back); kept, the
 * coordinates are there; and the choice, saved as a user option, holds after a reload.
 * Screenshots of the card go to test-results/screens/photo-*.png.
 */
import type { Locator } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileGroup } from './dialog';
import { apiAsUser, createUser, expect, freshName, gotoWiki, makeFile, openDialog, pickFiles, screenshot, test, doneLink } from './helpers';
import { ROOT, apiAs, wikiInfo, type TestFile } from './wiki';

const LATITUDE = 48.8583;
const LONGITUDE = 2.2945;

/** A 64x48 JPEG with a date taken, a GPS position and an orientation, as a phone writes them. */
function gpsJpeg( name: string, taken: string ): TestFile {
	const file = makeFile( name, Buffer.alloc( 0 ) );
	execFileSync( 'convert', [ '-size', '64x48', 'gradient:orange-navy', '-quality', '90', file.path ], { timeout: 30000 } );
	execFileSync( 'exiftool', [
		// Its name in the metadata: every run's photo is a new file to the wiki (no `duplicate`).
		'-q', '-overwrite_original', '-Make=E2E', '-Model=Photo test', '-Orientation#=1', `-ImageDescription=${ name }`,
		`-DateTimeOriginal=${ taken }`, `-GPSLatitude=${ LATITUDE }`, '-GPSLatitudeRef=N', `-GPSLongitude=${ LONGITUDE }`, '-GPSLongitudeRef=E',
		file.path
	], { timeout: 30000 } );
	return makeFile( name, readFileSync( file.path ) );
}

function pixels( path: string ): string {
	return execFileSync( 'identify', [ '-format', '%#', path ], { timeout: 30000 } ).toString();
}

interface Metadata {
	metadata: unknown;
	commonmetadata: unknown;
	url: string;
}

/** The file's metadata as the wiki extracted it, and where its bytes are. */
async function metadataOnWiki( name: string ): Promise<Metadata> {
	const api = await apiAs( 'admin' );
	const answer = await api.query( { titles: `File:${ name }`, prop: 'imageinfo', iiprop: 'metadata|commonmetadata|url' } );
	const info = answer.query?.pages?.[ 0 ]?.imageinfo?.[ 0 ];
	expect( info, `imageinfo of ${ name }: ${ JSON.stringify( answer ) }` ).toBeTruthy();
	return info as Metadata;
}

/** The uploaded file, fetched back from the wiki to disk. */
async function fetchBack( url: string, name: string ): Promise<string> {
	const absolute = new URL( url, wikiInfo().server ).toString();
	const response = await fetch( absolute, { signal: AbortSignal.timeout( 30000 ) } );
	expect( response.ok, `GET ${ absolute }` ).toBe( true );
	const path = join( ROOT, 'test-results', 'files', `fetched-${ name }` );
	writeFileSync( path, Buffer.from( await response.arrayBuffer() ) );
	return path;
}

function gpsValue( metadata: unknown, key: string ): unknown {
	const entry = ( metadata as Array<{ name: string; value: unknown }> ).find( ( m ) => m.name === key );
	return entry && entry.value;
}

/** A photo made now and picked in a newly opened dialog, its date taken prefilled from its EXIF. */
async function pickPhoto( dialog: Locator, prefix: string, exifDate: string ): Promise<{ file: TestFile; group: Locator }> {
	const file = gpsJpeg( freshName( prefix, 'jpg' ), exifDate );
	await pickFiles( dialog, file );
	const group = fileGroup( dialog, file.name );
	await expect( group.getByLabel( 'Date taken' ) ).toHaveValue( exifDate.replace( /^(\d{4}):(\d{2}):(\d{2}) /, '$1-$2-$3T' ) );
	await expect( group ).toContainText( 'This file records where it was taken: 48.85830, 2.29450' );
	return { file, group };
}

test( 'a photo with GPS: date from EXIF, location removed byte-exactly, the choice remembered across a reload', async ( { openPage } ) => {
	const user = await createUser( 'E2ePhoto' );
	const page = await openPage( { as: user } );
	let dialog = await openDialog( page );
	const picked = await pickPhoto( dialog, 'E2E-Photo-Removed', '2024:03:15 10:20:30' );
	const first = picked.file;
	let group = picked.group;
	await expect( group.getByLabel( 'Date taken' ) ).toHaveValue( '2024-03-15T10:20:30' );
	await expect( group.getByText( "From the photo's metadata (EXIF)." ) ).toBeVisible();
	await expect( group.getByText( 'The location will be published with the file.' ) ).toBeVisible();
	await screenshot( page, 'photo-card-vector-2022', group );

	const forAll = dialog.getByRole( 'checkbox', { name: 'Remove the location from the file that records one' } );
	await forAll.check();
	await expect( group.getByText( 'The location is removed from the file that will be sent; nothing else in it changes.' ) ).toBeVisible();
	await expect( group.getByRole( 'checkbox', { name: 'Remove the location from the file' } ) ).toBeChecked();
	await screenshot( page, 'photo-card-removed', group );
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();
	await expect( doneLink( group, first.name ) ).toBeVisible( { timeout: 60000 } );

	const landed = await metadataOnWiki( first.name );
	expect( JSON.stringify( landed.metadata ), 'no GPS field in the metadata' ).not.toMatch( /GPS/i );
	expect( JSON.stringify( landed.commonmetadata ), 'no GPS field in the common metadata' ).not.toMatch( /GPS/i );
	expect( gpsValue( landed.metadata, 'DateTimeOriginal' ), 'the rest of EXIF is kept' ).toBe( '2024:03:15 10:20:30' );
	expect( pixels( await fetchBack( landed.url, first.name ) ), 'the pixels are identical' ).toBe( pixels( first.path ) );

	// Saved for the user: the API has it, and a new page load applies it to a new photo.
	const options = await ( await apiAsUser( user ) ).query( { meta: 'userinfo', uiprop: 'options' } );
	expect( options.query.userinfo.options[ 'userjs-uploaddialog-removelocation' ] ).toBe( '1' );
	await gotoWiki( page, wikiInfo().server );
	dialog = await openDialog( page );
	const again = await pickPhoto( dialog, 'E2E-Photo-Remembered', '2023:01:02 03:04:05' );
	const second = again.file;
	group = again.group;
	await expect( dialog.getByRole( 'checkbox', { name: 'Remove the location from the file that records one' } ) ).toBeChecked();
	await expect( group.getByText( 'The location is removed from the file that will be sent; nothing else in it changes.' ) ).toBeVisible();
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();
	await expect( doneLink( group, second.name ) ).toBeVisible( { timeout: 60000 } );
	expect( JSON.stringify( ( await metadataOnWiki( second.name ) ).metadata ) ).not.toMatch( /GPS/i );
} );

test( 'a photo with GPS kept (the default): the coordinates are on the wiki', async ( { openPage } ) => {
	const user = await createUser( 'E2ePhotoKept' );
	const page = await openPage( { as: user } );
	const dialog = await openDialog( page );
	const { file, group } = await pickPhoto( dialog, 'E2E-Photo-Kept', '2022:12:31 23:59:58' );
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();
	await expect( doneLink( group, file.name ) ).toBeVisible( { timeout: 60000 } );
	const landed = await metadataOnWiki( file.name );
	expect( Number( gpsValue( landed.metadata, 'GPSLatitude' ) ) ).toBeCloseTo( LATITUDE, 3 );
	expect( Number( gpsValue( landed.metadata, 'GPSLongitude' ) ) ).toBeCloseTo( LONGITUDE, 3 );
	expect( pixels( await fetchBack( landed.url, file.name ) ) ).toBe( pixels( file.path ) );
} );

for ( const c of [
	{ name: 'vector-2022-night', query: { useskin: 'vector-2022' }, night: true },
	{ name: 'minerva-360', query: { useskin: 'minerva' }, viewport: { width: 360, height: 740 } }
] ) {
	test( `the photo card in ${ c.name }: thumbnail, date and location notice fit`, async ( { openPage } ) => {
		const user = await createUser( 'E2ePhotoSkin' );
		if ( c.night ) {
			await ( await apiAsUser( user ) ).saveOption( 'vector-theme', 'night' );
		}
		const page = await openPage( { as: user, query: c.query, viewport: c.viewport } );
		const dialog = await openDialog( page );
		const { group } = await pickPhoto( dialog, `E2E-Photo-${ c.name }`, '2021:06:07 08:09:10' );
		const thumb = group.locator( '.uploaddialog-thumb img' );
		await expect( thumb ).toBeVisible();
		// Decoded, with the orientation the browser applies by default to an <img>.
		await expect.poll( () => thumb.evaluate( ( img: HTMLImageElement ) => img.naturalWidth ), { timeout: 10000 } ).toBe( 64 );
		expect( await thumb.evaluate( ( img ) => getComputedStyle( img ).imageOrientation ) ).toBe( 'from-image' );
		const notice = group.locator( '.uploaddialog-location' );
		await expect( notice ).toContainText( '48.85830, 2.29450' );
		const box = await notice.boundingBox();
		const viewport = page.viewportSize();
		expect( box && viewport && box.x >= 0 && box.x + box.width <= viewport.width, `the notice fits: ${ JSON.stringify( box ) }` ).toBe( true );
		await screenshot( page, `photo-card-${ c.name }`, group );
	} );
}
