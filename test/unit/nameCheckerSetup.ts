/**
 * The name checker over the real API layer (NameChecksApi) and a fake wiki that answers as a
 * real MediaWiki 1.43.12 did (QueryWiki): the setup prechecks.test.ts (the verdicts) and
 * nameChecker.test.ts (when and how names are asked) share.
 */
import { NameChecksApi } from '../../src/api/nameChecks';
import { NameChecker, type NameCheck, type NameCheckerOptions } from '../../src/upload/prechecks';
import { FakeMwQueryApi, QueryWiki, capturedWiki } from './fakeQueryApi';

/** Lets queued microtasks and the fake's promise chains run. */
export async function settled(): Promise<void> {
	for ( let i = 0; i < 20; i++ ) {
		await new Promise<void>( ( resolve ) => setTimeout( resolve, 0 ) );
	}
}

/** A clock of its own: sleep() resolves only when the test moves time on. */
export function manualClock() {
	let now = 0;
	const waiting: Array<{ at: number; wake: () => void }> = [];
	return {
		sleep: ( ms: number ) => new Promise<void>( ( wake ) => {
			waiting.push( { at: now + ms, wake } );
		} ),
		async advance( ms: number ) {
			now += ms;
			waiting.filter( ( w ) => w.at <= now ).forEach( ( w ) => {
				waiting.splice( waiting.indexOf( w ), 1 );
				w.wake();
			} );
			await settled();
		}
	};
}

/** The wiki the upload answers below came from (its state at the time of each answer). */
export function seenWiki(): QueryWiki {
	const wiki = capturedWiki();
	wiki.addFile( 'Pc-P.png', 'Uploader', '78153360e596f6e9602e4facdea4e2307860171b' );
	wiki.addFile( 'Pc Space name.pdf', 'Uploader', '058bc03dac46abefd076256a050bd98da1901737' );
	return wiki;
}

export function setup( options: Partial<NameCheckerOptions> = {}, wiki: QueryWiki = seenWiki() ) {
	const fake = new FakeMwQueryApi();
	fake.answer = ( params ) => wiki.answer( params );
	const api = new NameChecksApi( fake as unknown as mw.Api, { contentLanguage: 'en' } );
	const clock = manualClock();
	const checker = new NameChecker( { api, sleep: clock.sleep, ...options } );
	const heard: Array<{ id: string; check: NameCheck }> = [];
	checker.subscribe( ( id, check ) => heard.push( { id, check } ) );
	return { wiki, fake, api, clock, checker, heard };
}

/** One name, checked at once. */
export async function checkOne( name: string, options: Partial<NameCheckerOptions> = {}, wiki?: QueryWiki ): Promise<NameCheck> {
	const { checker } = setup( options, wiki );
	checker.check( 'f1', name );
	await checker.flush();
	return checker.resultFor( 'f1' ) as NameCheck;
}
