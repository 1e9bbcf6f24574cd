#!/usr/bin/env bash
# Makes sure the machine has what ./test.sh or ./demo.sh needs besides the .NET SDK, and installs what is missing when
# it can (as root, with apt-get); otherwise it names each missing piece with the command that installs it and fails.
# Both scripts call it first, and so does CI (.ci/run calls ./test.sh and nothing else).
#
#   scripts/prerequisites.sh test    # everything the test suite needs
#   scripts/prerequisites.sh demo    # what the demo needs (a Native AOT publish)
set -euo pipefail
purpose=${1:-test}

missing_packages=()   # Debian package names
missing_what=()       # what each one is for, printed when it cannot be installed here

# require <command> <debian package> <why>: the command must be on PATH (or in /usr/sbin, where Debian puts daemons).
require() {
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ]; then
    missing_packages+=("$2")
    missing_what+=("$1 ($2): $3")
  fi
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "prerequisites: the .NET 10 SDK is not on PATH (https://dot.net/download; global.json names the version)" >&2
  exit 1
fi

# Native AOT on Linux links with the platform toolchain and needs zlib's headers.
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  missing_packages+=(clang)
  missing_what+=("clang or gcc (clang): Native AOT links the binary with the C toolchain")
fi
[ -e /usr/include/zlib.h ] || { missing_packages+=(zlib1g-dev); missing_what+=("zlib.h (zlib1g-dev): Native AOT links against zlib"); }
require objcopy binutils "Native AOT strips the binary's symbols"
require strip binutils "samples/publish.sh prints the stripped size of each binary"

if [ "$purpose" = test ]; then
  require git git "the getting-started test runs the tutorial in a clone of the working tree"
  require ngircd ngircd "the IRC sample's end-to-end tests run against a real IRC server on loopback"
  require chromium chromium "the WebChat sample's browser test drives its page in a headless Chromium"
  require chromedriver chromium-driver "Selenium drives that Chromium through chromedriver"
  if [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
    missing_packages+=(fonts-noto-color-emoji)
    missing_what+=("NotoColorEmoji.ttf (fonts-noto-color-emoji): the agent-phase emoji in the WebChat screenshots render as emoji")
  fi
fi

[ ${#missing_packages[@]} -eq 0 ] && exit 0

# One package can cover two commands (binutils): install each once.
mapfile -t packages < <(printf '%s\n' "${missing_packages[@]}" | sort -u)
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "prerequisites: installing ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  exit 0
fi

echo "prerequisites: missing for ./$purpose.sh:" >&2
printf '  - %s\n' "${missing_what[@]}" >&2
echo "install them with: sudo apt-get install ${packages[*]}   (or your system's equivalent)" >&2
exit 1
