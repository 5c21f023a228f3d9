/**
 * Logs each test user in once through Special:UserLogin, as a person would, and keeps the
 * session for the tests (logging in per test would cost seconds each).
 */
import { chromium, type FullConfig } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { storageStateFile, wikiInfo, type Role } from './wiki';

export default async function globalSetup( config: FullConfig ): Promise<void> {
	const wiki = wikiInfo();
	const launchOptions = config.projects[ 0 ].use.launchOptions;
	const browser = await chromium.launch( launchOptions );
	try {
		for ( const role of Object.keys( wiki.users ) as Role[] ) {
			const user = wiki.users[ role ];
			const context = await browser.newContext();
			const page = await context.newPage();
			await page.goto( `${ wiki.indexUrl }?title=Special:UserLogin` );
			await page.fill( '#wpName1', user.name );
			await page.fill( '#wpPassword1', user.password );
			await Promise.all( [ page.waitForNavigation(), page.click( '#wpLoginAttempt' ) ] );
			const name = await page.evaluate( () => ( window as unknown as { mw: { config: { get( k: string ): unknown } } } ).mw.config.get( 'wgUserName' ) );
			if ( name !== user.name ) {
				throw new Error( `could not log in as ${ user.name } (page says ${ String( name ) })` );
			}
			const file = storageStateFile( role );
			mkdirSync( dirname( file ), { recursive: true } );
			await context.storageState( { path: file } );
			await context.close();
		}
	} finally {
		await browser.close();
	}
}
