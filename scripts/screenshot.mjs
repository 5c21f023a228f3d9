#!/usr/bin/env node
// Takes docs/screenshot.png (the README's picture) from the real dialog on the local wiki, in
// Debian's Chromium: a file stashed and waiting on an "exists" warning, to be resolved or ignored.
// Look at the result before committing it.
//
//   node scripts/screenshot.mjs          against the wiki of $WIKI_DIR (default .wiki), which must be running
import { chromium } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Mwn } from 'mwn';

const root = resolve( dirname( fileURLToPath( import.meta.url ) ), '..' );
const wiki = JSON.parse( readFileSync( join( process.env.WIKI_DIR || join( root, '.wiki' ), 'wiki.json' ), 'utf8' ) );
const out = join( root, 'docs', 'screenshot.png' );

/** A small PDF MediaWiki accepts, different each time (no duplicate warnings). */
function pdf( dir, name ) {
	const path = join( dir, name );
	writeFileSync( path, Buffer.concat( [ Buffer.from( '%PDF-1.4\n' ), randomBytes( 40000 ), Buffer.from( '\n%%EOF\n' ) ] ) );
	return path;
}

const dir = mkdtempSync( join( tmpdir(), 'uploaddialog-screenshot-' ) );
const stamp = new Date().toISOString().slice( 0, 10 );
const taken = `Annual report ${ stamp }.pdf`;
const admin = await Mwn.init( {
	apiUrl: wiki.apiUrl,
	username: wiki.users.admin.name,
	password: wiki.users.admin.password,
	userAgent: 'UploadDialog-screenshot (local test wiki)',
	silent: true,
	suppressAPIWarnings: true
} );
// The name the file asks for is taken, so the dialog shows its warnings panel (after an earlier
// run the file is there already, and the API's refusal to upload it again does not matter).
await admin.upload( pdf( dir, 'existing.pdf' ), taken, 'The annual report.', { comment: 'screenshot setup' } ).catch( () => {} );

const browser = await chromium.launch( {
	executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
	args: [ '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync' ]
} );
try {
	const page = await browser.newPage( { viewport: { width: 1280, height: 1120 }, deviceScaleFactor: 1 } );
	await page.goto( `${ wiki.indexUrl }?title=Special:UserLogin&returnto=Main_Page` );
	await page.fill( '#wpName1', wiki.users.uploader.name );
	await page.fill( '#wpPassword1', wiki.users.uploader.password );
	await Promise.all( [ page.waitForNavigation(), page.click( '#wpLoginAttempt' ) ] );
	await page.locator( '#t-uploaddialog a' ).click();
	const dialog = page.getByRole( 'dialog', { name: 'Upload files' } );
	const group = ( name ) => dialog.getByRole( 'group', { name: `File ${ name }` } );
	await dialog.locator( 'input[type=file]' ).setInputFiles( [ pdf( dir, 'Annual report.pdf' ) ] );
	const report = group( 'Annual report.pdf' );
	await report.getByRole( 'textbox', { name: 'Name on the wiki' } ).fill( taken );
	await report.getByRole( 'textbox', { name: 'Description page text' } ).fill( '== Summary ==\nThe annual report, as presented to the members.\n[[Category:Reports]]' );
	await report.getByRole( 'textbox', { name: 'Summary' } ).fill( 'Annual report, final version' );
	await dialog.getByRole( 'button', { name: 'Upload 1 file' } ).click();
	const warnings = report.getByRole( 'region', { name: 'Warnings' } );
	await warnings.waitFor();
	// The panel's choices are what the picture is about: scrolled into the dialog's view.
	await warnings.evaluate( ( el ) => el.scrollIntoView( { block: 'end' } ) );
	await page.mouse.move( 0, 0 );
	mkdirSync( dirname( out ), { recursive: true } );
	// The dialog and a margin of the page dimmed behind it.
	const box = await dialog.boundingBox();
	const margin = 40;
	await page.screenshot( { path: out, clip: { x: box.x - margin, y: Math.max( 0, box.y - margin ), width: box.width + 2 * margin, height: box.height + 2 * margin } } );
	console.log( `wrote ${ out }` );
} finally {
	await browser.close();
	rmSync( dir, { recursive: true, force: true } );
}
