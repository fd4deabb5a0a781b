# Sourced by the scripts that talk to a member without redis-cli.
# resp <port> <arg>...: sends one RESP command to ${HOST:-127.0.0.1}:<port> (bash /dev/tcp only) and
# prints the reply's first payload line, without the type byte of a simple string or an integer;
# an error reply (e.g. -LOADING) or no reply within 2 s is no answer (status 1).
resp() {
  local port=$1; shift
  local request="*$#"$'\r\n' arg line
  for arg in "$@"; do request+="\$${#arg}"$'\r\n'"$arg"$'\r\n'; done
  { exec 3<>"/dev/tcp/${HOST:-127.0.0.1}/$port"; } 2>/dev/null || return 1
  printf '%s' "$request" >&3
  if ! IFS= read -r -t 2 line <&3; then exec 3>&-; return 1; fi
  line=${line%$'\r'}
  case $line in
    -*) exec 3>&-; return 1 ;;
    \$-1) line="" ;;
    \$*) IFS= read -r -t 2 line <&3; line=${line%$'\r'} ;;
    [+:]*) line=${line:1} ;; # simple string or integer
  esac
  exec 3>&-
  printf '%s\n' "$line"
}
