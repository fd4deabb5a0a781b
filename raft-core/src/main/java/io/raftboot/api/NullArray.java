package io.raftboot.api;

/**
 * Redis's null array ({@code *-1}): return {@link #INSTANCE} from a handler where Redis answers one
 * rather than a null bulk string (which is what {@code null} becomes), e.g. {@code LPOP key count}
 * on a missing key.
 */
public final class NullArray {
    public static final NullArray INSTANCE = new NullArray();

    private NullArray() {
    }

    @Override
    public String toString() {
        return "(nil array)";
    }
}
