# Sourced by fuzz/run.sh: seed_corpus NAME FIXTURES_DIR CORPUS_DIR copies the fixtures
# that fit harness NAME into its corpus (a harness whose first byte picks a decoder gets
# each fixture once per choice).
seed_corpus() {
    local name="$1" fx="$2" out="$3" f
    prefixed() { # prefixed BYTE FILE...: the files with one selector byte in front
        local byte="$1" g
        shift
        for g in "$@"; do
            { printf "\\x$byte"; cat "$g"; } >"$out/$byte-$(basename "$g")"
        done
    }
    case "$name" in
    sseparser)
        for f in "$fx"/*.sse; do { printf '\x10\x00'; cat "$f"; } >"$out/$(basename "$f")"; done ;;
    stream_events)
        prefixed 01 "$fx"/*.sse
        prefixed 02 "$fx"/*.sse ;;
    wire_messages)
        cp "$fx"/message_*.json "$out/" ;;
    wire_media)
        prefixed 00 "$fx"/images_*.json
        prefixed 01 "$fx"/embedding_*.json
        prefixed 02 "$fx"/rerank_*.json
        printf '\x03AACAPwAAAEAAAEBA' >"$out/03-floats" ;;
    wire_tasks)
        cp "$fx"/task_*.json "$fx"/submit_*.json "$out/" ;;
    wire_misc)
        for f in "$fx"/error_* "$fx"/models.json "$fx"/balance.json; do
            { printf '\x1d'; cat "$f"; } >"$out/$(basename "$f")"
        done ;;
    pngthumb)
        # Real PNGs (RGB, RGBA, grey) behind an edge byte, and built images: every
        # filter type on RGB and RGBA (the harness compresses and wraps them).
        for f in "$fx"/*.png "$(dirname "$fx")/../resources/screenshots"/*.png; do
            [ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 262000 ] && prefixed 40 "$f"
        done
        printf '\xa0\x10\x08\x00\x00abc\x01abc\x02abc\x03abc\x04abc' >"$out/built-rgb"
        printf '\x90\x21\x05\x01\x04\x10\x20\x30\x40\x03\xff\x00\x80\x7f' >"$out/built-rgba" ;;
    ratecard)
        cp "$(dirname "$fx")/../resources/pricing.json" "$out/" ;;
    sandbox_requests)
        printf '\x00multipart/form-data; boundary=XyZ\n--XyZ\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nblue\r\n--XyZ\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ--\r\n' >"$out/multipart"
        printf '\x02{"model":"claude-haiku-4-5","max_tokens":100,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},{"type":"text","text":"draw a picture"}]}],"tools":[{"type":"image_generation","name":"generate_image"}]}' >"$out/messages"
        { printf '\x01'; echo 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVQI12P4z8AAAAMBAQAY3Y2wAAAAAElFTkSuQmCC' | base64 -d; } >"$out/png"
        for f in "$fx"/message_*.json; do { printf '\x02'; cat "$f"; } >"$out/req-$(basename "$f")"; done ;;
    esac
}
