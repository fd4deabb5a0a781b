package io.raftboot.sample.keyspace;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A Redis list: a circular array of elements, so pushes and pops at both ends are O(1) and LINDEX,
 * LSET and LRANGE reach any element directly. Elements are immutable byte arrays, shared by copies.
 */
public final class ListValue extends CollectionValue {

    private static final int INITIAL_CAPACITY = 8;

    private byte[][] items;
    private int head;
    private int size;

    public ListValue() {
        this.items = new byte[INITIAL_CAPACITY][];
    }

    private ListValue(byte[][] items, int size) {
        this.items = items;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public SimpleReply type() {
        return SimpleReply.LIST;
    }

    @Override
    ListValue copy() {
        byte[][] copied = new byte[Math.max(INITIAL_CAPACITY, size)][];
        for (int i = 0; i < size; i++) {
            copied[i] = get(i);
        }
        return new ListValue(copied, size);
    }

    private int slot(int index) {
        int s = head + index;
        return s >= items.length ? s - items.length : s;
    }

    /** The element at {@code index} in [0, size). */
    public byte[] get(int index) {
        return items[slot(index)];
    }

    public void set(int index, byte[] element) {
        items[slot(index)] = element;
    }

    public void addFirst(byte[] element) {
        growIfFull();
        head = head == 0 ? items.length - 1 : head - 1;
        items[head] = element;
        size++;
    }

    public void addLast(byte[] element) {
        growIfFull();
        items[slot(size)] = element;
        size++;
    }

    public byte[] removeFirst() {
        byte[] element = items[head];
        items[head] = null;
        head = head + 1 == items.length ? 0 : head + 1;
        size--;
        shrinkIfSparse();
        return element;
    }

    public byte[] removeLast() {
        int last = slot(size - 1);
        byte[] element = items[last];
        items[last] = null;
        size--;
        shrinkIfSparse();
        return element;
    }

    /**
     * Removes up to {@code limit} elements matching {@code match}, scanning from the head (or from the
     * tail when {@code fromTail}); returns how many were removed. Rebuilds the array: O(n), as LREM is.
     */
    public int removeMatching(Predicate<byte[]> match, long limit, boolean fromTail) {
        boolean[] drop = new boolean[size];
        int removed = 0;
        for (int n = 0; n < size && removed < limit; n++) {
            int i = fromTail ? size - 1 - n : n;
            if (match.test(get(i))) {
                drop[i] = true;
                removed++;
            }
        }
        if (removed > 0) {
            byte[][] kept = new byte[Math.max(INITIAL_CAPACITY, size - removed)][];
            int k = 0;
            for (int i = 0; i < size; i++) {
                if (!drop[i]) {
                    kept[k++] = get(i);
                }
            }
            items = kept;
            head = 0;
            size = k;
        }
        return removed;
    }

    private void growIfFull() {
        if (size == items.length) {
            resize(items.length * 2);
        }
    }

    /** Gives memory back after many pops, keeping room so push/pop cycles do not resize each time. */
    private void shrinkIfSparse() {
        if (items.length > INITIAL_CAPACITY && size < items.length / 4) {
            resize(Math.max(INITIAL_CAPACITY, items.length / 2));
        }
    }

    private void resize(int capacity) {
        byte[][] resized = new byte[capacity][];
        for (int i = 0; i < size; i++) {
            resized[i] = get(i);
        }
        items = resized;
        head = 0;
    }

    @Override
    public String toString() {
        byte[][] all = new byte[size][];
        for (int i = 0; i < size; i++) {
            all[i] = get(i);
        }
        return Arrays.deepToString(all);
    }
}
