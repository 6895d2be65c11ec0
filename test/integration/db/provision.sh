#!/bin/sh
# Installs what the database integration tests need on a fresh Debian machine: MariaDB and
# PostgreSQL server binaries plus pg_stat_statements (postgresql-contrib). Run as root.
# The tests start their own throwaway servers on free ports, so the packaged services are
# kept from starting (policy-rc.d answers 101 during the install) and never left running.
set -eu

need=""
if ! { command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; } ||
	! command -v mariadb-install-db >/dev/null 2>&1; then
	need="$need mariadb-server"
fi
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need="$need postgresql"
ls /usr/lib/postgresql/*/lib/pg_stat_statements.so >/dev/null 2>&1 || need="$need postgresql-contrib"

if [ -z "$need" ]; then
	echo "db provision: mariadb-server, postgresql and postgresql-contrib already installed"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "db provision: missing$need; run as root: apt-get install -y mariadb-server postgresql postgresql-contrib" >&2
	exit 1
fi

policy=/usr/sbin/policy-rc.d
had_policy=0
[ -e "$policy" ] && had_policy=1
if [ "$had_policy" -eq 0 ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
fi
cleanup() { if [ "$had_policy" -eq 0 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -q
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $need
echo "db provision: installed$need"
