#!/usr/bin/env bash
# Print the nginx site for this checkout: deploy/nginx/jjj-site.conf.template with its placeholders filled.
#   LISTEN       where nginx listens            (default 80)
#   SERVER_NAME  the site's host name           (default _ : any)
#   UPSTREAM     where `jjj serve` listens      (default 127.0.0.1:8050)
#   ASSETS_DIR   the dashboard's assets folder  (default this checkout's dashboard/assets)
#   CACHE_DIR    nginx's cache of static files  (default /var/cache/nginx/jjj)
#   URL_PREFIX   where the app is mounted        (default /; e.g. /jjj/, with `JJJ_URL_PREFIX=/jjj/ jjj serve`)
# Example: sudo sh -c 'deploy/nginx/render-site.sh > /etc/nginx/sites-available/jjj'
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
listen=${LISTEN:-80}
server_name=${SERVER_NAME:-_}
upstream=${UPSTREAM:-127.0.0.1:8050}
assets=${ASSETS_DIR:-$root/dashboard/assets}
cache=${CACHE_DIR:-/var/cache/nginx/jjj}
prefix=${URL_PREFIX:-/}
case $prefix in /*/|/) ;; *) echo "render-site.sh: URL_PREFIX '$prefix' must start and end with /, e.g. /jjj/" >&2; exit 2;; esac
for value in "$listen" "$server_name" "$upstream" "$assets" "$cache" "$prefix"; do
  case $value in *[\;\{\}\|\ ]*) echo "render-site.sh: '$value' may not contain ; { } | or spaces" >&2; exit 2;; esac
done
sed -e "s|@LISTEN@|$listen|g" -e "s|@SERVER_NAME@|$server_name|g" -e "s|@UPSTREAM@|$upstream|g" \
    -e "s|@ASSETS_DIR@|$assets|g" -e "s|@CACHE_DIR@|$cache|g" -e "s|@PREFIX@|$prefix|g" "$here/jjj-site.conf.template"
