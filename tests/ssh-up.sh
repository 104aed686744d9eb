#!/bin/sh
# Start an sshd on 127.0.0.1:22 that lets root in with a key of its own,
# for the --sshlogin tests of tests/npipe-engines.bats and .ci/run.  Its
# host key, client key, configuration and known_hosts live in DIR
# (default /tmp/ntools-ssh); root's ~/.ssh is left alone.  Prints the
# ssh command (for GNU parallel's PARALLEL_SSH) once `ssh localhost`
# runs a command; an sshd already answering with that key is used as it
# is.  When sshd cannot start, says why on stderr and exits 1.  Needs
# root.
set -u
dir=${1:-/tmp/ntools-ssh}
fail() {
	echo "ssh-up: $*" >&2
	exit 1
}
ssh="ssh -i $dir/id -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes \
-o UserKnownHostsFile=$dir/known_hosts -o StrictHostKeyChecking=accept-new \
-o ConnectTimeout=5"
up() {
	$ssh localhost true </dev/null >/dev/null 2>&1
}
for p in sshd ssh ssh-keygen; do
	command -v "$p" >/dev/null || [ -x "/usr/sbin/$p" ] ||
	    fail "$p is missing (make deps installs openssh-server)"
done
[ "$(id -u)" -eq 0 ] || fail "starting sshd on port 22 needs root"
mkdir -p "$dir" /run/sshd && chmod 700 "$dir" || fail "cannot make $dir"
[ -e "$dir/id" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/id" ||
    fail "ssh-keygen cannot make a client key"
[ -e "$dir/host" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/host" ||
    fail "ssh-keygen cannot make a host key"
cp "$dir/id.pub" "$dir/authorized_keys"
up && { echo "$ssh"; exit 0; }
cat >"$dir/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port 22
HostKey $dir/host
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
CONF
sshd=$(command -v sshd || echo /usr/sbin/sshd)
"$sshd" -f "$dir/sshd_config" -E "$dir/sshd.log" </dev/null >/dev/null 2>&1 3>&- ||
    fail "sshd does not start: $(tail -n 1 "$dir/sshd.log" 2>/dev/null)"
i=0
until up; do
	i=$((i + 1))
	[ "$i" -lt 20 ] ||
	    fail "sshd started but ssh localhost fails: $(tail -n 1 \
"$dir/sshd.log" 2>/dev/null)"
	sleep 0.25
done
echo "$ssh"
