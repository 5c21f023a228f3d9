/**
 * `npm run deploy` against the local wiki, with the bot passwords the wiki setup made
 * (createBotPassword.php): the gadget it writes (the loader, the dialog and the dialog's later
 * parts, one line each) is the one the wiki then runs, a second deploy changes nothing, a wiki
 * with the one-page gadget of before is moved to the parts, a dry run writes nothing, an edit made on the wiki stops the next
 * deploy, and bad input stops it with one line before anything is written. Builds of changed sources are
 * made in a copy of the project. Every test leaves the gadget pages as the checkout's build.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileOnWiki, makePdf, uniqueName } from './wiki';
import {
	DIALOG, GADGET, GADGET_PAGES, PARTS, admin, asStored, buildCopy, buildInfo, changeMessage, commitCopy, copyProject, deploy, distFile,
	expect, latestRevisions, removeCopy, type DeployOptions, restoreGadget, revids, setVersion, shipWiki, tempDir, test, uploadThroughDialog
} from './ship';

const copies: string[] = [];

function englishMessage( dir: string, key: string ): string {
	return ( JSON.parse( readFileSync( join( dir, 'src/i18n/en.json' ), 'utf8' ) ) as Record<string, string> )[ key ];
}

test.afterAll( async () => {
	await restoreGadget();
	copies.forEach( removeCopy );
} );

/** One line on stderr, saying what to fix; never the password. */
function expectOneLine( result: { status: number; stdout: string; stderr: string }, pattern: RegExp, password: string ) {
	expect( result.status, result.stdout ).toBe( 1 );
	const lines = result.stderr.trim().split( '\n' );
	expect( lines, result.stderr ).toHaveLength( 1 );
	expect( lines[ 0 ] ).toMatch( /^deploy: / );
	expect( lines[ 0 ] ).toMatch( pattern );
	expect( result.stdout + result.stderr ).not.toContain( password );
}

test( 'a deploy writes the gadget that the wiki then runs, and a second deploy of the same build changes nothing', async ( { openWiki } ) => {
	await restoreGadget();
	const dir = copyProject();
	copies.push( dir );
	const version = `0.0.0-e2e.${ Date.now().toString( 36 ) }`;
	setVersion( dir, version );
	await commitCopy( dir );
	const dist = await buildCopy( dir );
	const { commit } = buildInfo( dist );
	expect( commit, 'the copy is a git repository of one commit' ).toMatch( /^[0-9a-f]{12}$/ );

	const first = await deploy( [ '--dist', dist ], { npm: true } );
	expect( first.stderr, first.stdout ).toBe( '' );
	expect( first.status ).toBe( 0 );
	// The script carries the version in its banner (and its styles inside); the rest stays.
	expect( first.stdout ).toMatch( new RegExp( `updated +MediaWiki:Gadget-${ GADGET }\\.js` ) );
	expect( first.stdout ).toMatch( /unchanged +MediaWiki:Gadgets-definition/ );

	const pages = await latestRevisions( GADGET_PAGES );
	const script = pages.get( `MediaWiki:Gadget-${ GADGET }.js` )!;
	expect( script.text ).toBe( asStored( distFile( `${ GADGET }.js`, dist ) ) );
	// The edit summary names the version and the commit; the bot password edits as its user.
	expect( script.comment ).toBe( `Deploy ${ GADGET } ${ version } (commit ${ commit })` );
	expect( script.user ).toBe( shipWiki().users.admin.name );
	// The definition keeps `default`, which this wiki set on its line (the build's line has none).
	expect( pages.get( 'MediaWiki:Gadgets-definition' )!.text ).toMatch( new RegExp( `^\\* ${ GADGET }\\[ResourceLoader\\|rights=upload\\|dependencies=[^\\]]*\\|default\\]\\|${ GADGET }\\.js\n\\* ${ DIALOG }\\[ResourceLoader\\|hidden\\|dependencies=[^\\]]*\\]\\|${ DIALOG }\\.js$`, 'm' ) );

	// ResourceLoader serves what the deploy wrote: the new version runs and uploads.
	const page = await openWiki();
	expect( await page.evaluate( () => ( window as unknown as { __uploadDialogLoaded?: string } ).__uploadDialogLoaded ) ).toBe( version );
	expect( await page.evaluate( () => mw.loader.getState( 'ext.gadget.UploadDialog' ) ) ).toBe( 'ready' );
	const file = makePdf( uniqueName( 'E2E-Deployed', 'pdf' ), 12_000 );
	await uploadThroughDialog( page, file, 'uploaded by the deployed gadget' );
	await expect( page.getByRole( 'dialog' ).getByText( `UploadDialog ${ version }` ) ).toBeVisible();
	expect( await fileOnWiki( file.name ) ).toMatchObject( { exists: true, sha1: file.sha1, size: file.size } );

	// The same build again: nothing to write.
	const before = await revids( GADGET_PAGES );
	const second = await deploy( [ '--dist', dist ] );
	expect( second.status, second.stderr ).toBe( 0 );
	expect( second.stdout ).toContain( `nothing to deploy: all ${ GADGET_PAGES.length } pages already match the build` );
	expect( await revids( GADGET_PAGES ) ).toEqual( before );
} );

test( 'a wiki with the one-page gadget of before is moved to the parts, and a second deploy writes nothing', async ( { openWiki } ) => {
	await restoreGadget();
	const api = await admin();
	const definition = 'MediaWiki:Gadgets-definition';
	const script = `MediaWiki:Gadget-${ GADGET }.js`;
	// The wiki as an earlier deploy left it: one line, one page that holds the whole dialog, and no
	// dialog gadget (the wiki's own `default` on the line).
	const oldLine = `* ${ GADGET }[ResourceLoader|dependencies=mediawiki.api,mediawiki.util,mediawiki.user,mediawiki.jqueryMsg,mediawiki.Title|default]|${ GADGET }.js`;
	const summary = `Deploy ${ GADGET } 0.0.9 (commit 0123456789ab)`;
	const others = ( await latestRevisions( [ definition ] ) ).get( definition )!.text!.split( '\n' ).filter( ( l ) => !l.includes( `* ${ GADGET }` ) );
	await api.save( definition, [ ...others, oldLine ].join( '\n' ), summary );
	await api.save( script, `// the one-page gadget\n${ distFile( `${ DIALOG }.js` ) }`, summary );
	for ( const title of [ `MediaWiki:Gadget-${ DIALOG }.js`, `MediaWiki:Gadget-${ DIALOG }` ] ) {
		await api.delete( title, 'deploy test: the wiki before the two parts' );
	}

	const dry = await deploy( [ '--dry-run' ] );
	expect( dry.status, dry.stderr ).toBe( 0 );
	expect( dry.stdout ).toMatch( new RegExp( `would create +MediaWiki:Gadget-${ DIALOG }\\.js` ) );
	expect( dry.stdout ).toMatch( /would update +MediaWiki:Gadgets-definition \(the .* lines only\)/ );
	expect( dry.stdout ).toContain( `-${ oldLine }` );

	const moved = await deploy( [] );
	expect( moved.stderr, moved.stdout ).toBe( '' );
	expect( moved.status ).toBe( 0 );
	const pages = await latestRevisions( GADGET_PAGES );
	const lines = pages.get( definition )!.text!.split( '\n' );
	// The old line is replaced (the wiki's `default` kept, `rights=upload` added), the parts'
	// lines follow it in the build's order, and every other line is as it was.
	const at = lines.findIndex( ( l ) => l.startsWith( `* ${ GADGET }[` ) );
	expect( lines[ at ] ).toBe( `* ${ GADGET }[ResourceLoader|rights=upload|dependencies=mediawiki.util|default]|${ GADGET }.js` );
	expect( lines[ at + 1 ] ).toMatch( new RegExp( `^\\* ${ DIALOG }\\[ResourceLoader\\|hidden\\|` ) );
	expect( lines.slice( at, at + PARTS.length ).map( ( l ) => /^\* ([\w-]+)\[/.exec( l )?.[ 1 ] ) ).toEqual( PARTS );
	expect( lines.filter( ( l ) => l.includes( `* ${ GADGET }` ) ) ).toHaveLength( PARTS.length );
	expect( lines.filter( ( l ) => !l.includes( `* ${ GADGET }` ) ) ).toEqual( others );
	// No page a page view loads holds the dialog any more: the gadget's page is the loader.
	expect( pages.get( script )!.text ).toBe( asStored( distFile( `${ GADGET }.js` ) ) );
	expect( pages.get( `MediaWiki:Gadget-${ DIALOG }.js` )!.text ).toBe( asStored( distFile( `${ DIALOG }.js` ) ) );
	const page = await openWiki();
	expect( await page.evaluate( ( dialog ) => mw.loader.getState( dialog ), `ext.gadget.${ DIALOG }` ) ).toBe( 'registered' );

	const before = await revids( GADGET_PAGES );
	const again = await deploy( [] );
	expect( again.status, again.stderr ).toBe( 0 );
	expect( again.stdout ).toContain( `nothing to deploy: all ${ GADGET_PAGES.length } pages already match the build` );
	expect( await revids( GADGET_PAGES ) ).toEqual( before );
} );

test( 'a dry run after a source change prints the diff and leaves the wiki untouched', async () => {
	await restoreGadget();
	// The copy's build as it is goes to the wiki first, so that the source change is all that differs.
	const dir = copyProject();
	copies.push( dir );
	const deployed = await deploy( [ '--dist', await buildCopy( dir ) ] );
	expect( deployed.status, deployed.stderr ).toBe( 0 );
	const link = englishMessage( dir, 'uploaddialog-portlet-link' );
	changeMessage( dir, 'uploaddialog-portlet-link', `${ link } (dry-run change)` );
	const dist = await buildCopy( dir );
	const before = await latestRevisions( GADGET_PAGES );

	const result = await deploy( [ '--dry-run', '--dist', dist ] );
	expect( result.stderr, result.stdout ).toBe( '' );
	expect( result.status ).toBe( 0 );
	// The link's English text is in two parts: the loader shows it, the dialog carries all its
	// English messages; the other parts (the worker's code, the photo reader, German) do not change.
	for ( const script of [ GADGET, DIALOG ] ) {
		expect( result.stdout ).toMatch( new RegExp( `would update +MediaWiki:Gadget-${ script }\\.js \\(\\+1 −1 lines\\):\n--- MediaWiki:Gadget-${ script }\\.js \\(on the wiki: rev \\d+\\)\n\\+\\+\\+ ` ) );
	}
	const removed = result.stdout.split( '\n' ).filter( ( l ) => /^-(?!--)/.test( l ) );
	const added = result.stdout.split( '\n' ).filter( ( l ) => /^\+(?!\+\+)/.test( l ) );
	// The scripts are minified; the diff shows their long lines broken after ; , { } so that the
	// change is one short piece in each: the message's text, and nothing else.
	expect( removed ).toHaveLength( 2 );
	for ( const line of removed ) {
		expect( line.length ).toBeLessThan( 200 );
		expect( line ).toContain( JSON.stringify( link ) );
	}
	expect( added ).toEqual( removed.map( ( line ) => `+${ line.slice( 1 ).replace( JSON.stringify( link ), JSON.stringify( `${ link } (dry-run change)` ) ) }` ) );
	for ( const title of GADGET_PAGES.slice( 2 ) ) {
		expect( result.stdout ).toMatch( new RegExp( `unchanged +${ title.replace( /[.]/g, '\\.' ) }$`, 'm' ) );
	}
	expect( result.stdout ).toContain( `dry run: 2 of ${ GADGET_PAGES.length } pages would change, nothing was written` );

	const after = await latestRevisions( GADGET_PAGES );
	for ( const title of GADGET_PAGES ) {
		expect( after.get( title )!.revid, title ).toBe( before.get( title )!.revid );
	}
	expect( after.get( `MediaWiki:Gadget-${ GADGET }.js` )!.text ).not.toContain( '(dry-run change)' );
} );

test( 'an edit made on the wiki between two deploys stops the second one, which shows the edit', async () => {
	await restoreGadget();
	const dir = copyProject();
	copies.push( dir );
	setVersion( dir, '0.0.0-e2e.edited' );
	const dist = await buildCopy( dir );

	// Someone else tweaks the script on the wiki.
	const js = `MediaWiki:Gadget-${ GADGET }.js`;
	const api = await admin();
	const current = ( await latestRevisions( [ js ] ) ).get( js )!.text!;
	await api.save( js, `${ current }\n// a local tweak`, 'a local tweak' );
	const before = await revids( GADGET_PAGES );

	const result = await deploy( [ '--dist', dist ] );
	expect( result.status, result.stdout ).toBe( 1 );
	expect( result.stderr.trim().split( '\n' ) ).toHaveLength( 1 );
	expect( result.stderr ).toMatch( new RegExp( `^deploy: stopped: MediaWiki:Gadget-${ GADGET }\\.js \\(edited on the wiki since the last deploy, rev ${ before[ js ] } by Admin\\); nothing was written\\.` ) );
	expect( result.stdout ).toMatch( /^\+\/\/ a local tweak$/m );
	expect( result.stdout ).toContain( '(last deploy: rev' );
	// Nothing was written.
	expect( await revids( GADGET_PAGES ) ).toEqual( before );

	// The dry run says the same, and --force overwrites (the afterAll restores the checkout's build).
	const dry = await deploy( [ '--dry-run', '--dist', dist ] );
	expect( dry.status ).toBe( 1 );
	expect( dry.stderr ).toMatch( /^deploy: a deploy would stop: / );
	const forced = await deploy( [ '--force', '--dist', dist ] );
	expect( forced.status, forced.stderr ).toBe( 0 );
	expect( forced.stdout ).toMatch( new RegExp( `overwriting +MediaWiki:Gadget-${ GADGET }\\.js` ) );
	expect( ( await latestRevisions( [ js ] ) ).get( js )!.text ).toBe( asStored( distFile( `${ GADGET }.js`, dist ) ) );
} );

test( 'bad input stops the deploy with one line that says what to fix, and writes nothing', async () => {
	await restoreGadget();
	const wiki = shipWiki();
	// A build that differs from the wiki, so that every case below would have something to write.
	const dir = copyProject();
	copies.push( dir );
	setVersion( dir, '0.0.0-e2e.bad-input' );
	const dist = await buildCopy( dir );
	const watched = [ ...GADGET_PAGES, `User:${ wiki.users.admin.name }/common.js`, `User:${ wiki.users.admin.name }/${ GADGET }.js` ];
	const before = await revids( watched );
	const gadget = wiki.botPasswords.gadget;
	const args = [ '--dist', dist ];

	const weak = wiki.botPasswords.nogrants;
	const wrong = 'wrongbotpassword0000000000000001';
	const noBuild = tempDir( 'uploaddialog-e2e-nobuild-' );
	copies.push( noBuild );
	// Each case: the deploy's arguments and options, the line it must print, the password it must not.
	const cases: Array<[ string[], DeployOptions, RegExp, string ]> = [
		[ [ '--dist', noBuild ], {}, /^deploy: no build in .*: run npm run build first$/, gadget.password ],
		[ args, { env: { UPLOAD_DIALOG_API: 'http://127.0.0.1:9/api.php' } },
			/^deploy: cannot reach http:\/\/127\.0\.0\.1:9\/api\.php \(ECONNREFUSED\): check UPLOAD_DIALOG_API/, gadget.password ],
		// The wiki's index.php (a page, not the API): MediaWiki answers "no such action" with a 404.
		[ args, { env: { UPLOAD_DIALOG_API: wiki.indexUrl } }, /answered HTTP 404: UPLOAD_DIALOG_API must be the URL of the wiki's api\.php/, gadget.password ],
		// Something that answers 200, but not in the API's JSON.
		[ args, { env: { UPLOAD_DIALOG_API: `${ wiki.server }/load.php` } },
			/answered, but not as MediaWiki's API: UPLOAD_DIALOG_API must be the URL of the wiki's api\.php/, gadget.password ],
		[ args, { env: { UPLOAD_DIALOG_PASSWORD: wrong } },
			/^deploy: login as Admin@deploy failed \(the wiki says: Incorrect username or password entered\. Please try again\.\): check UPLOAD_DIALOG_USER .* and UPLOAD_DIALOG_PASSWORD$/, wrong ],
		[ args, { env: { UPLOAD_DIALOG_PASSWORD: 'my main password' } }, /UPLOAD_DIALOG_PASSWORD is not a bot password/, 'my main password' ],
		[ args, { env: { UPLOAD_DIALOG_USER: 'Admin' } }, /UPLOAD_DIALOG_USER must be a bot password's login name, <user>@<bot name>/, gadget.password ],
		// A bot password without the grant to edit the site's scripts and styles …
		[ args, { bot: 'nogrants' },
			/^deploy: the bot password Admin@nogrants lacks grants this deploy needs \(editinterface, editsitejs\): add "Edit sitewide and user CSS\/JS" \(editsiteconfig\) on Special:BotPasswords\/nogrants$/, weak.password ],
		// … and to edit the user's own scripts.
		[ [ ...args, '--target', 'user' ], { bot: 'nogrants' },
			/lacks grants this deploy needs \(.*editmyuserjs\): add .*"Edit your user CSS\/JSON\/JavaScript" \(editmycssjs\)/, weak.password ],
		// An account that is no interface administrator cannot deploy the gadget, whatever its grants.
		[ args, { bot: 'personal' },
			/^deploy: Installer may not edit this wiki's gadgets \(the account lacks editinterface, editsitejs; .*--target user$/, wiki.botPasswords.personal.password ]
	];
	// None of them writes, so they may run at once.
	const results = await Promise.all( cases.map( ( [ caseArgs, options ] ) => deploy( caseArgs, options ) ) );
	results.forEach( ( result, i ) => expectOneLine( result, cases[ i ][ 2 ], cases[ i ][ 3 ] ) );

	expect( await revids( watched ) ).toEqual( before );
} );
