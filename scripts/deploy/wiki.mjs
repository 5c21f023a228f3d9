// The deploy's side of the wiki's API (mwn): connecting and logging in, the rights and grants a
// deploy needs, and the histories and old texts of pages.
import { stop } from './inputs.mjs';

const HISTORY = 50;

/** Rights a deploy needs, and the bot password grant that carries each one. */
const GRANT_FOR = {
	edit: 'editpage',
	createpage: 'createeditmovepage',
	editinterface: 'editsiteconfig',
	editsitejs: 'editsiteconfig',
	editsitecss: 'editsiteconfig',
	editmyuserjs: 'editmycssjs'
};
const GRANT_LABEL = {
	editpage: 'Edit existing pages',
	createeditmovepage: 'Create, edit, and move pages',
	editsiteconfig: 'Edit sitewide and user CSS/JS',
	editmycssjs: 'Edit your user CSS/JSON/JavaScript'
};

function reachError( api, e ) {
	const status = e.response?.status;
	if ( status ) {
		return `${ api } answered HTTP ${ status }: UPLOAD_DIALOG_API must be the URL of the wiki's api.php (e.g. https://example.org/w/api.php)`;
	}
	if ( e.code === 'invalidjson' || e.code === 'mwn_invalidformat' ) {
		return `${ api } answered, but not as MediaWiki's API: UPLOAD_DIALOG_API must be the URL of the wiki's api.php (e.g. https://example.org/w/api.php)`;
	}
	return `cannot reach ${ api } (${ e.code || e.message }): check UPLOAD_DIALOG_API and your network`;
}

export async function connect( config, build ) {
	// Loaded only now: the checks before need no client, and fail faster without it.
	const { Mwn } = await import( 'mwn' );
	const bot = new Mwn( {
		apiUrl: config.api,
		userAgent: `UploadDialog-deploy/${ build.version } (${ config.userName }; mwn)`,
		silent: true,
		suppressAPIWarnings: true,
		// A wrong URL should fail at once: no retries until the wiki has answered.
		maxRetries: 0,
		defaultParams: { formatversion: 2 }
	} );
	let site;
	try {
		const answer = await bot.query( { meta: 'siteinfo', siprop: 'general|extensions|usergroups' } );
		site = answer.query;
	} catch ( e ) {
		stop( reachError( config.api, e ) );
	}
	if ( !site?.general?.generator?.startsWith( 'MediaWiki' ) ) {
		stop( `${ config.api } answered, but not as MediaWiki's API: UPLOAD_DIALOG_API must be the URL of the wiki's api.php` );
	}
	try {
		await bot.login( { username: config.user, password: config.password } );
	} catch ( e ) {
		const said = String( e.info || e.message ).replace( /^(Failed|Aborted): /, '' ).replace( /\s+/g, ' ' ).trim();
		stop( `login as ${ config.user } failed (the wiki says: ${ said }): check UPLOAD_DIALOG_USER (<user>@<bot name> from Special:BotPasswords) and UPLOAD_DIALOG_PASSWORD` );
	}
	bot.options.maxRetries = 2;
	bot.options.retryPause = 2000;
	bot.options.defaultParams = { ...bot.options.defaultParams, assert: 'user' };
	const me = ( await bot.query( { meta: 'userinfo', uiprop: 'rights|groups' } ) ).query.userinfo;
	return { bot, site, me };
}

/**
 * Fails unless the login may do every edit planned: first the rights the account's groups give
 * (an interface administrator for a gadget), then the grants of the bot password.
 */
export function checkRights( config, site, me, needed, target ) {
	const rights = new Set( me.rights );
	const missing = needed.filter( ( r ) => !rights.has( r ) );
	if ( !missing.length ) {
		return;
	}
	const fromGroups = new Set( site.usergroups.filter( ( g ) => me.groups.includes( g.name ) ).flatMap( ( g ) => g.rights ) );
	const lackingAccount = missing.filter( ( r ) => !fromGroups.has( r ) );
	if ( lackingAccount.length ) {
		stop( target === 'gadget' ?
			`${ me.name } may not edit this wiki's gadgets (the account lacks ${ lackingAccount.join( ', ' ) }; interface administrators have them): ask for the interface-admin group, or install it for yourself with --target user` :
			`${ me.name } may not edit its own user scripts here (the account lacks ${ lackingAccount.join( ', ' ) })` );
	}
	const grants = [ ...new Set( missing.map( ( r ) => GRANT_FOR[ r ] ) ) ]
		// Each grant below also gives `edit`.
		.filter( ( g, _, all ) => g !== 'editpage' || !all.some( ( o ) => o === 'editsiteconfig' || o === 'editmycssjs' || o === 'createeditmovepage' ) );
	stop( `the bot password ${ config.user } lacks grants this deploy needs (${ missing.join( ', ' ) }): add ${ grants.map( ( g ) => `"${ GRANT_LABEL[ g ] }" (${ g })` ).join( ' and ' ) } on Special:BotPasswords/${ config.botName }` );
}

/** The page's recent history, newest first, without texts. */
export async function history( bot, title ) {
	const answer = await bot.query( { titles: title, prop: 'revisions', rvprop: 'ids|timestamp|user|comment|sha1', rvlimit: HISTORY } );
	return answer.query.pages[ 0 ].revisions || [];
}

export async function revisionText( bot, revid ) {
	const answer = await bot.query( { revids: revid, prop: 'revisions', rvprop: 'content', rvslots: 'main' } );
	return answer.query.pages[ 0 ].revisions[ 0 ].slots.main.content;
}

