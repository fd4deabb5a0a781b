package io.raftboot.consensus;

/** Minimal strict UTF-8, so that the pure consensus package needs no java.nio charsets. */
final class Utf8 {
    private Utf8() {
    }

    static byte[] encode(String text) {
        byte[] out = new byte[text.length() * 3];
        int pos = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out[pos++] = (byte) cp;
            } else if (cp < 0x800) {
                out[pos++] = (byte) (0xC0 | cp >>> 6);
                out[pos++] = (byte) (0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out[pos++] = (byte) (0xE0 | cp >>> 12);
                out[pos++] = (byte) (0x80 | cp >>> 6 & 0x3F);
                out[pos++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[pos++] = (byte) (0xF0 | cp >>> 18);
                out[pos++] = (byte) (0x80 | cp >>> 12 & 0x3F);
                out[pos++] = (byte) (0x80 | cp >>> 6 & 0x3F);
                out[pos++] = (byte) (0x80 | cp & 0x3F);
            }
        }
        return java.util.Arrays.copyOf(out, pos);
    }

    static String decode(byte[] data, int offset, int length) {
        StringBuilder text = new StringBuilder(length);
        int end = offset + length;
        for (int i = offset; i < end; ) {
            int b = data[i++] & 0xFF;
            int extra;
            int cp;
            if (b < 0x80) {
                text.append((char) b);
                continue;
            } else if (b >= 0xC2 && b < 0xE0) {
                extra = 1;
                cp = b & 0x1F;
            } else if (b >= 0xE0 && b < 0xF0) {
                extra = 2;
                cp = b & 0x0F;
            } else if (b >= 0xF0 && b < 0xF5) {
                extra = 3;
                cp = b & 0x07;
            } else {
                throw new IllegalArgumentException("malformed UTF-8 at byte " + (i - 1));
            }
            if (i + extra > end) {
                throw new IllegalArgumentException("truncated UTF-8 at byte " + (i - 1));
            }
            for (int k = 0; k < extra; k++) {
                int c = data[i++] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    throw new IllegalArgumentException("malformed UTF-8 at byte " + (i - 1));
                }
                cp = cp << 6 | c & 0x3F;
            }
            int min = extra == 1 ? 0x80 : extra == 2 ? 0x800 : 0x10000;
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw new IllegalArgumentException("invalid UTF-8 code point at byte " + (i - extra - 1));
            }
            text.appendCodePoint(cp);
        }
        return text.toString();
    }
}
