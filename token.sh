#!/usr/bin/env bash
# Prints an access token from the local identity provider, without a browser.
#   ./token.sh hpd-officer-garza            a demo user (password "demo"): authorization code + PKCE via the login form
#   ./token.sh --agency houston-pd          an agency system: client credentials (houston-pd-system / houston-pd-secret)
# Use it as:  curl -H "Authorization: Bearer $(./token.sh hpd-officer-garza)" http://localhost:8081/api/leads
# IDP=http://host:port points it at another instance of the local provider.
set -euo pipefail
idp=${IDP:-http://localhost:9000}

token_from() { sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'; }

if [[ ${1:-} == --agency ]]; then
  agency=${2:?usage: token.sh --agency <agency-id>}
  answer=$(curl -sS -u "$agency-system:$agency-secret" -d grant_type=client_credentials "$idp/oauth2/token")
  token=$(token_from <<<"$answer")
  [[ -n $token ]] || { echo "no token for $agency: $answer" >&2; exit 1; }
  echo "$token"
  exit 0
fi

user=${1:?usage: token.sh <username> [password] | token.sh --agency <agency-id>}
password=${2:-demo}
redirect=http://127.0.0.1/callback
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
urlsafe() { base64 | tr '+/' '-_' | tr -d '=\n'; }
verifier=$(head -c 32 /dev/urandom | urlsafe)
challenge=$(printf %s "$verifier" | openssl dgst -sha256 -binary | urlsafe)
authorize="$idp/oauth2/authorize?response_type=code&client_id=taskforce-cli&scope=openid&redirect_uri=$redirect&code_challenge=$challenge&code_challenge_method=S256"

curl -sS -o /dev/null -c "$jar" -b "$jar" -H 'Accept: text/html' "$authorize"
csrf=$(curl -sS -c "$jar" -b "$jar" "$idp/login" | sed -n 's/.*name="_csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
after_login=$(curl -sS -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" \
  --data-urlencode "username=$user" --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf" "$idp/login")
[[ $after_login != *error* ]] || { echo "the identity provider refused the sign-in of $user" >&2; exit 1; }
callback=$(curl -sS -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" -H 'Accept: text/html' "$authorize")
code=$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<<"$callback")
[[ -n $code ]] || { echo "no authorization code for $user (got: $callback)" >&2; exit 1; }
answer=$(curl -sS -d grant_type=authorization_code -d client_id=taskforce-cli --data-urlencode "code=$code" \
  -d "redirect_uri=$redirect" -d "code_verifier=$verifier" "$idp/oauth2/token")
token=$(token_from <<<"$answer")
[[ -n $token ]] || { echo "no token for $user: $answer" >&2; exit 1; }
echo "$token"
