// <nowiki>
// Placeholder for the UploadDialog gadget, installed by scripts/wiki/wiki.sh when dist/ has no build yet.
// Run `npm run build` and `scripts/wiki/wiki.sh install-gadget` to install the real one.
( function () {
	window.UploadDialogPlaceholder = true;
	mw.log.warn( 'UploadDialog: placeholder gadget (no build installed); run npm run build, then scripts/wiki/wiki.sh install-gadget' );
}() );
// </nowiki>
