#!/bin/sh
# The ring and ringback tones the web apps play (packages/react/assets/tones/*.wav), made with sox 14.4. The
# generated files are committed; run this from the repository root only to change them: sh scripts/make-tones.sh
#
# 8 kHz, 8-bit PCM WAV (a phone line's rate and precision; every browser plays PCM WAV; under 50 KB each),
# without dither (-D) so the quiet parts are true silence. Each file is one cycle, looped by the player.
set -eu
out=packages/react/assets/tones
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fmt='-r 8000 -c 1 -b 8 -e unsigned-integer'

# Ringtone: a two-tone trill, 1200 and 1600 Hz taking turns every 25 ms (whole cycles of each, so no clicks),
# in two 0.8 s bursts 0.2 s apart, then 1.2 s quiet: a 3 s cycle.
sox -D -n $fmt "$tmp/hi.wav" synth 0.025 sine 1200 vol 0.6
sox -D -n $fmt "$tmp/lo.wav" synth 0.025 sine 1600 vol 0.6
pairs=''
i=0
while [ $i -lt 16 ]; do
  pairs="$pairs $tmp/hi.wav $tmp/lo.wav"
  i=$((i + 1))
done
# shellcheck disable=SC2086
sox -D $pairs $fmt "$tmp/burst.wav" fade t 0.005 0 0.005
sox -D "$tmp/burst.wav" $fmt "$tmp/burst-gap.wav" pad 0 0.2
sox -D "$tmp/burst.wav" $fmt "$tmp/burst-rest.wav" pad 0 1.2
sox -D "$tmp/burst-gap.wav" "$tmp/burst-rest.wav" $fmt "$out/ringtone.wav"

# Ringback (what the caller hears while the other side rings): the North American tone, 440 Hz + 480 Hz
# together, 2 s on and 4 s off.
sox -D -n $fmt "$out/ringback.wav" synth 2 sine 440 synth 2 sine mix 480 vol 0.5 fade t 0.01 2 0.01 pad 0 4

soxi "$out/ringtone.wav" "$out/ringback.wav"
