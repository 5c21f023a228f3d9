#!/usr/bin/env bash
# A real MediaWiki 1.43 for UploadDialog's tests, on this machine, with nothing of the system's config touched.
#
#   scripts/wiki/wiki.sh install          packages: MediaWiki 1.43, PHP, ImageMagick, exiftool, curl, Chromium (root; < 1 s when present)
#   scripts/wiki/wiki.sh create           a fresh wiki in $WIKI_DIR (deletes the old one), gadget installed, server started
#   scripts/wiki/wiki.sh install-gadget   dist/ (or $GADGET_DIST): every part gadget-definition.txt names -> the wiki's
#                                         gadget pages: the loader, the dialog it loads, and the dialog's later parts
#   scripts/wiki/wiki.sh start | stop | status
#   scripts/wiki/wiki.sh up               create if missing or broken, else install-gadget + start (what tests call)
#
# Environment: WIKI_DIR (default <repo>/.wiki), WIKI_PORT (default 8080), GADGET_DIST (default <repo>/dist).
# Tests read $WIKI_DIR/wiki.json: server, apiUrl, indexUrl, users (admin, uploader, noupload, noshared), tag, dir.
#
# Why this shape (facts measured on the project's machine, see the project's local-wiki notes):
# - Debian 12 ships only MediaWiki 1.39; 1.43 LTS is the target. Debian 13's two mediawiki .deb files are
#   architecture-independent PHP whose dependencies Debian 12's PHP 8.2 meets, so they are fetched through a
#   private apt directory (the system's sources stay as they are) and installed with the system's apt.
# - MW_CONFIG_FILE points install.php, maintenance scripts and `php -S` at $WIKI_DIR/LocalSettings.php, so no
#   file under /etc or /var/lib/mediawiki is written; the whole wiki (SQLite db, uploads, caches, logs) is one dir.
# - PHP's built-in server with 4 workers: an upload by URL whose source is the wiki itself deadlocks with 1.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
WIKI_DIR=${WIKI_DIR:-$REPO/.wiki}
WIKI_PORT=${WIKI_PORT:-8080}
GADGET_DIST=${GADGET_DIST:-$REPO/dist}
MW=/usr/share/mediawiki
SERVER="http://127.0.0.1:$WIKI_PORT"
TAG=uploaddialog-test
# Used when <repo>/gadget-definition.txt does not exist yet; the real lines are an input of the project's build.
DEFAULT_GADGET_LINES='* UploadDialog[ResourceLoader|rights=upload|dependencies=mediawiki.util]|UploadDialog.js
* UploadDialog-dialog[ResourceLoader|hidden|dependencies=mediawiki.api,mediawiki.util]|UploadDialog-dialog.js'

# Test users: name, password, and what makes each one special. Passwords are long enough for 1.43's policy
# (10 characters for sysops) and do not contain the user name. They only ever guard a wiki on 127.0.0.1.
ADMIN_USER=Admin;       ADMIN_PASS='AdminPass-12345'
UPLOADER_USER=Uploader; UPLOADER_PASS='UploaderPass-12345'
NOUPLOAD_USER=NoUpload; NOUPLOAD_PASS='NoUploadPass-12345'
NOSHARED_USER=NoShared; NOSHARED_PASS='NoSharedPass-12345'
# Two users for whom the tests switch the gadget off: one installs it in its common.js, one runs the bookmarklet.
INSTALLER_USER=Installer; INSTALLER_PASS='InstallerPass-12345'
BOOKMARKER_USER=Bookmarker; BOOKMARKER_PASS='BookmarkerPass-12345'
# Bot passwords for the deploy tests (scripts/deploy.mjs), made with createBotPassword.php: user, appid, password
# (a login counts as a bot password's only with 32+ characters of [0-9a-w], as Special:BotPasswords makes them),
# grants. "gadget" may write the gadget's pages, "personal" the Installer's own scripts, "nogrants" only ordinary
# pages (a deploy with it must stop before writing anything).
BOT_GADGET=(Admin deploy 'gadgetbotpassword000000000000001' basic,editpage,createeditmovepage,editsiteconfig)
BOT_PERSONAL=(Installer deploy 'personalbotpassword0000000000001' basic,editpage,createeditmovepage,editmycssjs)
BOT_NOGRANTS=(Admin nogrants 'nograntsbotpassword0000000000001' basic,editpage)

export MW_CONFIG_FILE="$WIKI_DIR/LocalSettings.php"
export DEBIAN_FRONTEND=noninteractive

log() { printf 'wiki: %s\n' "$*" >&2; }
die() { printf 'wiki: error: %s\n' "$*" >&2; exit 1; }

# Run a maintenance script of the wiki in $WIKI_DIR (from MediaWiki's dir, as the scripts expect).
mw_maint() { (cd "$MW" && php "maintenance/$1" "${@:2}"); }

# ---------------------------------------------------------------------------------------------- install

# Version of the installed MediaWiki, from the constant every MediaWiki defines ('' when none).
mw_version() {
  sed -n "s/^define( *'MW_VERSION', *'\([^']*\)'.*/\1/p" "$MW/includes/Defines.php" 2>/dev/null || true
}

# Every Debian package the tests need besides MediaWiki itself. apache2 comes along as a dependency of the
# mediawiki package; it is never started (no init system here; we serve with php -S).
SYSTEM_PACKAGES=(php-cli php-sqlite3 php-intl php-mbstring php-xml php-curl php-gd php-gmp
  imagemagick libimage-exiftool-perl curl chromium fonts-dejavu-core)

have_everything() {
  [[ $(mw_version) == 1.43.* ]] && [[ -x /usr/bin/chromium ]] && command -v php >/dev/null 2>&1 || return 1
  # dpkg-query is a few ms; it catches a machine that has php and chromium but lacks e.g. php-sqlite3.
  local missing
  missing=$(dpkg-query -W -f='${db:Status-Abbrev}\n' "${SYSTEM_PACKAGES[@]}" 2>/dev/null | grep -cv '^ii' || true)
  [[ $missing == 0 ]] && [[ $(dpkg-query -W -f='${binary:Package}\n' "${SYSTEM_PACKAGES[@]}" 2>/dev/null | wc -l) == "${#SYSTEM_PACKAGES[@]}" ]]
}

# Print the URIs of the machine's own Debian archive and security archive (deb822 debian.sources), one per
# line: "main URI" then "security URI". Read at run time so that no host name lives in the project.
debian_archive_uris() {
  local src=/etc/apt/sources.list.d/debian.sources
  [[ -r $src ]] || die "$src not found: cannot tell which Debian archives this machine uses"
  awk '
    function flush() { if (uris != "") { if (suites ~ /-security/) sec = uris; else if (main == "") main = uris }; uris = ""; suites = "" }
    /^[ \t]*$/ { flush(); next }
    /^URIs:/   { uris = $2 }
    /^Suites:/ { suites = $0 }
    END { flush(); print main; print sec }
  ' "$src"
}

cmd_install() {
  if have_everything; then return 0; fi
  [[ $(id -u) == 0 ]] || die "installing packages needs root (apt-get)"
  local debs=()
  if [[ $(mw_version) != 1.43.* ]]; then
    # Debian 13's mediawiki through a private apt directory: its own sources and package lists, the system's
    # dpkg status (so apt knows what is installed) and the system's keys (debian-archive-keyring knows trixie).
    local uris main sec apt_dir=/var/cache/uploaddialog-wiki-apt
    uris=$(debian_archive_uris)
    main=$(sed -n 1p <<<"$uris"); sec=$(sed -n 2p <<<"$uris")
    [[ -n $main && -n $sec ]] || die "could not read the main and security archive URIs from /etc/apt/sources.list.d/debian.sources"
    mkdir -p "$apt_dir/etc/apt/sources.list.d" "$apt_dir/etc/apt/apt.conf.d" "$apt_dir/etc/apt/preferences.d" \
      "$apt_dir/var/lib/apt/lists/partial" "$apt_dir/var/cache/apt/archives/partial" "$apt_dir/debs"
    cat >"$apt_dir/etc/apt/sources.list.d/trixie.sources" <<EOF
Types: deb
URIs: $main
Suites: trixie trixie-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $sec
Suites: trixie-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    local private=(-o "Dir=$apt_dir" -o Dir::State::status=/var/lib/dpkg/status
      -o Dir::Etc::trusted=/etc/apt/trusted.gpg -o Dir::Etc::trustedparts=/etc/apt/trusted.gpg.d)
    log "fetching Debian 13's mediawiki package lists (private apt dir $apt_dir)"
    apt-get "${private[@]}" -qq update
    rm -f "$apt_dir"/debs/*.deb
    # apt downloads as its unprivileged _apt user where it can write; else it warns and downloads as root.
    if id _apt >/dev/null 2>&1; then chown _apt "$apt_dir/debs"; fi
    # No version pinned: the newest 1.43.x of trixie and trixie-security (security updates replace it).
    (cd "$apt_dir/debs" && apt-get "${private[@]}" -qq download mediawiki mediawiki-classes)
    debs=("$apt_dir"/debs/mediawiki-classes_*.deb "$apt_dir"/debs/mediawiki_*.deb)
  fi
  log "installing packages with the system's apt"
  apt-get -qq update
  # `apt-get install ./file.deb` resolves the .debs' dependencies from Debian 12 (dpkg -i would not).
  apt-get install -y -qq --no-install-recommends "${debs[@]}" "${SYSTEM_PACKAGES[@]}" >/dev/null
  [[ $(mw_version) == 1.43.* ]] || die "MediaWiki 1.43 is not installed after apt (found '$(mw_version)')"
  log "installed MediaWiki $(mw_version), $(php -r 'echo "PHP ", PHP_VERSION;'), $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium ?')"
}

# ---------------------------------------------------------------------------------------------- start / stop

# setsid makes each started process the leader of its own group: its pid is the group id we kill.
SERVER_PGID_FILE=$WIKI_DIR/server.pgid
JOBS_PGID_FILE=$WIKI_DIR/jobs.pgid

# Does the wiki's API answer on its port?
answering() {
  curl -fsS --max-time 3 "$SERVER/api.php?action=query&meta=siteinfo&format=json" 2>/dev/null | grep -q '"sitename"'
}

# Does the process group in this pid file have a live member that is ours? Killed processes linger here as
# zombies until the machine's init reaps them (seconds on this machine), and `kill -0` counts zombies: so ask
# ps. A member must name $WIKI_DIR on its command line (the php -S processes name router.php, the job loop
# its pid file), so a stale pid file whose number now belongs to someone else never gets that group killed.
group_alive() {
  [[ -s $1 ]] || return 1
  ps -e -o pgid=,stat=,args= |
    awk -v g="$(cat "$1")" -v d="$WIKI_DIR/" '$1 == g && $2 !~ /^Z/ && index($0, d) { found = 1 } END { exit !found }'
}

# Kill a process group started by us (TERM, then KILL after 3 s); tolerate it being gone already.
kill_group() {
  local f=$1
  if group_alive "$f"; then
    kill -TERM -- "-$(cat "$f")" 2>/dev/null || true
    for _ in $(seq 1 30); do group_alive "$f" || break; sleep 0.1; done
    kill -KILL -- "-$(cat "$f")" 2>/dev/null || true
  fi
  rm -f "$f"
}

cmd_stop() {
  # php -S forks its workers: killing only the master leaves them serving, so the whole group goes.
  [[ -d $WIKI_DIR ]] || return 0
  kill_group "$SERVER_PGID_FILE"
  kill_group "$JOBS_PGID_FILE"
}

cmd_start() {
  [[ -f $WIKI_DIR/LocalSettings.php ]] || die "no wiki in $WIKI_DIR (run: $0 create)"
  if group_alive "$SERVER_PGID_FILE" && answering; then
    group_alive "$JOBS_PGID_FILE" || start_job_runner
    return 0
  fi
  cmd_stop
  if answering; then die "something else answers on $SERVER (another wiki?); stop it or set WIKI_PORT"; fi
  # setsid: own process group (stop kills it whole) and no tie to the caller's terminal or session.
  # The -d flags lift Debian's CLI limits (2M / 8M) that would refuse big uploads; 300 s for slow ones.
  # revalidate_freq=0: PHP's opcache otherwise sees a changed settings file only up to 2 s later, and
  # a test that changes a setting (tests/e2e overlay wikis) would race its own change.
  # Output goes to files only, so a caller that reads our stdout (npm, CI) is not held open by the server.
  # shellcheck disable=SC2016 # $$ and "$@" belong to the inner bash
  PHP_CLI_SERVER_WORKERS=4 setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$SERVER_PGID_FILE" \
    php -d upload_max_filesize=512M -d post_max_size=512M -d max_execution_time=300 -d memory_limit=512M -d opcache.revalidate_freq=0 \
    -S "127.0.0.1:$WIKI_PORT" -t "$MW" "$WIKI_DIR/router.php" \
    </dev/null >>"$WIKI_DIR/logs/server.log" 2>&1 &
  local i
  for i in $(seq 1 200); do
    if answering; then break; fi
    # Give up after 20 s, or at once when the server died (port taken, PHP error); the pid file needs a moment.
    if ((i == 200)) || { ((i > 5)) && ! group_alive "$SERVER_PGID_FILE"; }; then
      tail -n 20 "$WIKI_DIR/logs/server.log" >&2 || true
      cmd_stop
      die "the wiki did not answer on $SERVER within 20 s (server log above)"
    fi
    sleep 0.1
  done
  start_job_runner
}

# Async uploads (AssembleUploadChunks, PublishStashedFile) are excluded from the default queue and api.php
# never runs jobs itself, and a long-running `runJobs.php --wait` did not pick new jobs up: so poll both types.
# Each runJobs.php costs ~0.4 s of CPU, which on a 2-core machine would slow every test; so a round runs only
# when the job queue's SQLite file changed since the last round (queueing a job writes it; the round's own
# writes cause one more, empty round).
start_job_runner() {
  # shellcheck disable=SC2016 # the loop's variables belong to the inner bash
  setsid bash -c 'echo $$ >"$1"; cd "$2"; queue=$3; last=
    while :; do
      now=$(stat -c %.9Y "$queue"* 2>/dev/null || true)
      if [[ $now != "$last" ]]; then
        last=$now
        php maintenance/runJobs.php --quiet --type AssembleUploadChunks
        php maintenance/runJobs.php --quiet --type PublishStashedFile
      fi
      sleep 0.5
    done' _ "$JOBS_PGID_FILE" "$MW" "$WIKI_DIR/data/wiki_jobqueue.sqlite" </dev/null >>"$WIKI_DIR/logs/jobs.log" 2>&1 &
}

cmd_status() {
  if [[ -f $WIKI_DIR/LocalSettings.php ]] && group_alive "$SERVER_PGID_FILE" && answering; then
    echo "wiki: running at $SERVER/ (dir $WIKI_DIR)"
  elif [[ -f $WIKI_DIR/LocalSettings.php ]]; then
    echo "wiki: stopped (dir $WIKI_DIR; run: $0 start)"
  else
    echo "wiki: none in $WIKI_DIR (run: $0 create)"
  fi
  echo "  api:      $SERVER/api.php"
  echo "  Admin     $ADMIN_PASS    (sysop, bureaucrat, interface-admin)"
  echo "  Uploader  $UPLOADER_PASS"
  echo "  NoUpload  $NOUPLOAD_PASS    (group noupload: no upload rights)"
  echo "  NoShared  $NOSHARED_PASS    (group noshared: no reupload-shared)"
  echo "  Installer $INSTALLER_PASS   (tests of the common.js install)"
  echo "  Bookmarker $BOOKMARKER_PASS (tests of the bookmarklet and npm run dev)"
  echo "  bot passwords (npm run deploy): ${BOT_GADGET[0]}@${BOT_GADGET[1]} ${BOT_GADGET[2]}, ${BOT_PERSONAL[0]}@${BOT_PERSONAL[1]} ${BOT_PERSONAL[2]}"
}

# ---------------------------------------------------------------------------------------------- gadget

# create/up install a placeholder when the build is missing so the wiki still comes up; install-gadget refuses.
PLACEHOLDER_JS=$SCRIPT_DIR/placeholder/UploadDialog.js

cmd_install_gadget() {
  # The definition lines of the repo: the loader's first, then its hidden parts (the dialog, the SHA-1 worker's
  # code, the photo reader, one per language). The loader's line gets `default`, so every user of this test wiki
  # who may upload loads it (its `rights=upload` keeps it from the others); the parts' lines stay as they are.
  local lines line loader
  if [[ -f $REPO/gadget-definition.txt ]]; then lines=$(grep '^\*' "$REPO/gadget-definition.txt" || true); fi
  lines=${lines:-$DEFAULT_GADGET_LINES}
  (( $(grep -c '^\*' <<<"$lines") >= 2 )) || die "gadget-definition.txt: expected the loader's line and its parts' lines, got: $lines"
  local -a names=() scripts=()
  while IFS= read -r line; do
    [[ $line =~ ^\*[[:space:]]*([A-Za-z0-9_-]+)\[[^]]*\]\|(.+\.js)$ ]] ||
      die "gadget-definition.txt: expected '* Name[ResourceLoader|…]|Name.js', got: $line"
    names+=("${BASH_REMATCH[1]}") scripts+=("${BASH_REMATCH[2]}")
  done <<<"$lines"

  local missing='' script
  for script in "${scripts[@]}"; do [[ -f $GADGET_DIST/$script ]] || missing+=" $GADGET_DIST/$script"; done
  local placeholder=''
  if [[ -n $missing ]]; then
    if [[ ${1:-} == --placeholder-if-missing ]]; then
      log "missing:$missing (run npm run build first); installing the placeholder gadget for now"
      placeholder=$PLACEHOLDER_JS
    else
      die "missing:$missing: run npm run build first"
    fi
  fi
  [[ -f $WIKI_DIR/LocalSettings.php ]] || die "no wiki in $WIKI_DIR (run: $0 create)"

  loader=$(head -n1 <<<"$lines")
  if ! grep -Eq '\[([^]]*\|)?default(\||\])' <<<"$loader"; then loader=${loader/]/|default]}; fi
  local pages=$WIKI_DIR/gadget-pages
  mkdir -p "$pages"
  printf '%s\n%s\n' "$loader" "$(tail -n +2 <<<"$lines")" >"$pages/definition"

  # The pages and their sources: the definition, and each part's description and script. A page whose current
  # text already equals its source is skipped: the wiki tells each page's sha1 in one API request (when it is
  # running), and each edit.php run costs ~0.5 s.
  local -A source=( [MediaWiki:Gadgets-definition]=$pages/definition )
  local i
  for i in "${!names[@]}"; do
    if (( i == 0 )); then
      printf '%s\n' 'UploadDialog: upload files to this wiki from any page (test wiki build)' >"$pages/${names[i]}-description"
    else
      printf '%s\n' "A part of UploadDialog, loaded by it when first needed (test wiki build)" >"$pages/${names[i]}-description"
    fi
    source[MediaWiki:Gadget-${names[i]}]=$pages/${names[i]}-description
    source[MediaWiki:Gadget-${scripts[i]}]=${placeholder:-$GADGET_DIST/${scripts[i]}}
  done
  local current='' title want
  if answering; then
    current=$(curl -fsS --max-time 5 "$SERVER/api.php?action=query&prop=revisions&rvprop=sha1&format=json&formatversion=2&titles=$(
      IFS='|'; echo "${!source[*]}")" | grep -o '"title":"[^"]*","revisions":\[{"sha1":"[0-9a-f]*"' || true)
  fi
  for title in "${!source[@]}"; do
    # MediaWiki stores page text with \r\n made \n and trailing whitespace cut: hash it the same way.
    want=$(perl -0777 -pe 's/\r\n/\n/g; s/\s+\z//' "${source[$title]}" | sha1sum | cut -d' ' -f1)
    if [[ $current == *"\"title\":\"$title\",\"revisions\":[{\"sha1\":\"$want\""* ]]; then continue; fi
    # edit.php as Admin. Saving a page runs the hooks that drop Gadgets' cached definition and
    # ResourceLoader's cached version of the page; with $wgMainCacheType = CACHE_NONE (what install.php
    # writes here) nothing is cached across requests anyway, so the next page view gets the new gadget.
    # (stderr: a save that changes nothing says "Warning: Your edit was ignored…" and succeeds.)
    mw_maint edit.php --quiet -u "$ADMIN_USER" -s "Install UploadDialog test build" "$title" <"${source[$title]}" 2>"$WIKI_DIR/logs/edit.log" ||
      { cat "$WIKI_DIR/logs/edit.log" >&2; die "edit.php could not save $title"; }
    log "installed $title from ${source[$title]}"
  done
}

# ---------------------------------------------------------------------------------------------- create

write_router() {
  cat >"$WIKI_DIR/router.php" <<'PHP'
<?php
// php -S router: /images/* and /shared/* come from this wiki's dir (the docroot's own images/ is
// Debian's www-data dir); everything else is MediaWiki's docroot as usual.
$path = rawurldecode( parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
foreach ( [ '/images/', '/shared/' ] as $prefix ) {
	if ( strpos( $path, $prefix ) === 0 ) {
		$file = __DIR__ . $path;
		if ( strpos( $path, '..' ) !== false || !is_file( $file ) ) {
			http_response_code( 404 );
			echo "Not found\n";
			return true;
		}
		$types = [ 'png' => 'image/png', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'gif' => 'image/gif',
			'svg' => 'image/svg+xml', 'pdf' => 'application/pdf', 'txt' => 'text/plain', 'webp' => 'image/webp' ];
		$ext = strtolower( pathinfo( $file, PATHINFO_EXTENSION ) );
		header( 'Content-Type: ' . ( $types[$ext] ?? ( mime_content_type( $file ) ?: 'application/octet-stream' ) ) );
		header( 'Content-Length: ' . filesize( $file ) );
		readfile( $file );
		return true;
	}
}
return false;
PHP
}

write_settings() {
  cat >>"$WIKI_DIR/LocalSettings.php" <<'PHP'

# ---- UploadDialog test wiki (appended by scripts/wiki/wiki.sh) ----
$lwDir = __DIR__;
# Debian's PlatformSettings point these at /var/cache/mediawiki and /var/log/mediawiki: keep all in this dir.
$wgCacheDirectory = "$lwDir/cache";
$wgDBerrorLog = "$lwDir/logs/dberror.log";
foreach ( [ 'exception', 'error', 'fatal' ] as $lwGroup ) {
	$wgDebugLogGroups[$lwGroup] = "$lwDir/logs/$lwGroup.log";
}
$wgShowExceptionDetails = true;

# Uploads, as on a wiki that allows them; 200 MiB so big files can be tested (php -S gets 512M limits).
$wgEnableUploads = true;
$wgUploadDirectory = "$lwDir/images";
$wgUploadPath = '/images';
$wgMaxUploadSize = 200 * 1024 * 1024;
$wgFileExtensions = array_merge( $wgFileExtensions, [ 'pdf', 'txt', 'svg' ] );
$wgEnableAsyncUploads = true;
$wgAllowCopyUploads = true;
$wgCopyUploadsFromSpecialUpload = true;
$wgCopyUploadsDomains = [ '127.0.0.1', 'localhost' ];
$wgGroupPermissions['user']['upload_by_url'] = true;
$wgGroupPermissions['user']['applychangetags'] = true;
# Users who may not upload, and users who may not shadow a file of the shared repository.
$wgRevokePermissions['noupload'] = [ 'upload' => true, 'reupload' => true, 'reupload-own' => true, 'upload_by_url' => true ];
$wgRevokePermissions['noshared'] = [ 'reupload-shared' => true ];
# A plain-directory "shared" repository (like Commons for a wiki): files put in $lwDir/shared/<a>/<ab>/Name
# make `fileexists-shared-forbidden` and shared-duplicate warnings reproducible.
$wgForeignFileRepos[] = [
	'class' => FileRepo::class,
	'name' => 'fakeshared',
	'directory' => "$lwDir/shared",
	'url' => '/shared',
	'hashLevels' => 2,
	'descBaseUrl' => "$wgServer/index.php?title=File:",
	'fetchDescription' => false,
];

# Tests upload many files fast and must see jobs run only when the job runner loop runs them.
$wgRateLimits = [];
$wgJobRunRate = 0;

# Watch periods (watchlistexpiry) as Wikimedia wikis have them: the dialog offers them where the API accepts them.
$wgWatchlistExpiry = true;

# User scripts (User:Name/common.js) run only where allowed: tests of the common.js install need them.
$wgAllowUserJs = true;

# All skins the package ships (install.php loaded Vector and made vector-2022 the default), so tests can try ?useskin=vector-2022|vector|monobook|timeless|minerva.
wfLoadSkin( 'MonoBook' );
wfLoadSkin( 'Timeless' );
wfLoadSkin( 'MinervaNeue' );
$wgVectorNightMode['logged_in'] = true;

# The startup module (the list of module versions) is cached by browsers for 5 minutes by default: a browser
# profile that is reused would run the previous gadget build that long after install-gadget. 0 = revalidate.
$wgResourceLoaderMaxage['unversioned'] = 0;

# ResourceLoader's JavaScript check stays on (its default): 1.43 refuses gadgets that are not ES2016, as real
# wikis do, and the tests must see that.
PHP
}

write_wiki_json() {
  cat >"$WIKI_DIR/wiki.json" <<EOF
{
  "server": "$SERVER",
  "apiUrl": "$SERVER/api.php",
  "indexUrl": "$SERVER/index.php",
  "users": {
    "admin": { "name": "$ADMIN_USER", "password": "$ADMIN_PASS" },
    "uploader": { "name": "$UPLOADER_USER", "password": "$UPLOADER_PASS" },
    "noupload": { "name": "$NOUPLOAD_USER", "password": "$NOUPLOAD_PASS" },
    "noshared": { "name": "$NOSHARED_USER", "password": "$NOSHARED_PASS" },
    "installer": { "name": "$INSTALLER_USER", "password": "$INSTALLER_PASS" },
    "bookmarker": { "name": "$BOOKMARKER_USER", "password": "$BOOKMARKER_PASS" }
  },
  "botPasswords": {
    "gadget": { "user": "${BOT_GADGET[0]}@${BOT_GADGET[1]}", "password": "${BOT_GADGET[2]}", "grants": "${BOT_GADGET[3]}" },
    "personal": { "user": "${BOT_PERSONAL[0]}@${BOT_PERSONAL[1]}", "password": "${BOT_PERSONAL[2]}", "grants": "${BOT_PERSONAL[3]}" },
    "nogrants": { "user": "${BOT_NOGRANTS[0]}@${BOT_NOGRANTS[1]}", "password": "${BOT_NOGRANTS[2]}", "grants": "${BOT_NOGRANTS[3]}" }
  },
  "tag": "$TAG",
  "dir": "$WIKI_DIR",
  "sharedDir": "$WIKI_DIR/shared",
  "port": $WIKI_PORT
}
EOF
}

# make_bot_password USER APPID PASSWORD GRANTS
make_bot_password() { mw_maint createBotPassword.php --quiet --appid "$2" --grants "$4" "$1" "$3"; }

cmd_create() {
  cmd_install
  cmd_stop
  # Only ever delete a dir that is ours: empty/missing, or one this script made (it has wiki.json or router.php).
  if [[ -d $WIKI_DIR && -n $(ls -A "$WIKI_DIR") && ! -f $WIKI_DIR/router.php && ! -f $WIKI_DIR/wiki.json ]]; then
    die "$WIKI_DIR exists and was not made by this script; refusing to delete it"
  fi
  rm -rf "$WIKI_DIR"
  mkdir -p "$WIKI_DIR"/{data,images,shared,cache,logs}
  log "installing MediaWiki $(mw_version) into $WIKI_DIR"
  mw_maint install.php --quiet --dbtype sqlite --dbpath "$WIKI_DIR/data" --dbname wiki \
    --server "$SERVER" --scriptpath "" --lang en --pass "$ADMIN_PASS" --confpath "$WIKI_DIR" \
    --skins Vector --extensions Gadgets "UploadDialog Test Wiki" "$ADMIN_USER" >"$WIKI_DIR/logs/install.log" 2>&1 \
    || { tail -n 20 "$WIKI_DIR/logs/install.log" >&2; die "install.php failed (log: $WIKI_DIR/logs/install.log)"; }
  write_settings
  write_router

  # --force makes each call idempotent (existing user: password and groups set again).
  mw_maint createAndPromote.php --quiet --force --sysop --bureaucrat --interface-admin "$ADMIN_USER" "$ADMIN_PASS"
  mw_maint createAndPromote.php --quiet --force "$UPLOADER_USER" "$UPLOADER_PASS"
  mw_maint createAndPromote.php --quiet --force --custom-groups noupload "$NOUPLOAD_USER" "$NOUPLOAD_PASS"
  mw_maint createAndPromote.php --quiet --force --custom-groups noshared "$NOSHARED_USER" "$NOSHARED_PASS"
  mw_maint createAndPromote.php --quiet --force "$INSTALLER_USER" "$INSTALLER_PASS"
  mw_maint createAndPromote.php --quiet --force "$BOOKMARKER_USER" "$BOOKMARKER_PASS"
  # Bot passwords for the deploy tests (the wiki is new, so none exists yet).
  make_bot_password "${BOT_GADGET[@]}"
  make_bot_password "${BOT_PERSONAL[@]}"
  make_bot_password "${BOT_NOGRANTS[@]}"
  # The change tag the gadget's tests apply (plain users have applychangetags).
  mw_maint addChangeTag.php --quiet --tag "$TAG" --reason "UploadDialog tests"

  cmd_install_gadget --placeholder-if-missing
  write_wiki_json
  cmd_start
  log "created $SERVER/ ($WIKI_DIR)"
}

# ---------------------------------------------------------------------------------------------- up

# A wiki this script made for this port, with its database: anything less is rebuilt.
wiki_ok() {
  [[ -f $WIKI_DIR/LocalSettings.php && -f $WIKI_DIR/router.php && -f $WIKI_DIR/data/wiki.sqlite && -f $WIKI_DIR/wiki.json ]] &&
    grep -q "\"server\": \"$SERVER\"" "$WIKI_DIR/wiki.json"
}

cmd_up() {
  cmd_install
  if wiki_ok; then
    # Server first: then install-gadget can ask it which pages are already up to date.
    cmd_start
    cmd_install_gadget --placeholder-if-missing
  else
    cmd_create
  fi
  echo "wiki: $SERVER/  (log in as $UPLOADER_USER / $UPLOADER_PASS; details in $WIKI_DIR/wiki.json)"
}

case ${1:-} in
  install) cmd_install ;;
  create) cmd_create ;;
  install-gadget) cmd_install_gadget ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  up) cmd_up ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
