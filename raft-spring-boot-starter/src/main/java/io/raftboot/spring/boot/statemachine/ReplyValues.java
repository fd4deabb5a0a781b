package io.raftboot.spring.boot.statemachine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.raftboot.api.Status;

/**
 * Turns what a handler returned into the reply shapes the runtime encodes (null, String, byte[],
 * Long/Integer, List, Status), following Redis' conventions: booleans are integers 1/0, floating
 * point numbers are bulk strings in their shortest plain form ({@code 10.5}, {@code 3}), maps are
 * flat arrays of key, value, ... Values of other types are handed to the runtime as they are.
 */
final class ReplyValues {

    private ReplyValues() {
    }

    static Object normalize(Object value) {
        if (value == null || value instanceof String || value instanceof byte[] || value instanceof Long
                || value instanceof Integer || value instanceof Status) {
            return value;
        }
        if (value instanceof Boolean flag) {
            return flag ? 1L : 0L;
        }
        if (value instanceof Double number) {
            return formatDouble(number);
        }
        if (value instanceof Float number) {
            return formatDouble(number.doubleValue());
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger number) {
            return number.bitLength() < Long.SIZE ? (Object) number.longValue() : number.toString();
        }
        if (value instanceof BigDecimal number) {
            return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Optional<?> optional) {
            return normalize(optional.orElse(null));
        }
        if (value instanceof Map<?, ?> map) {
            List<Object> flat = new ArrayList<>(map.size() * 2);
            map.forEach((key, element) -> {
                flat.add(normalize(key));
                flat.add(normalize(element));
            });
            return flat;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            for (Object element : collection) {
                list.add(normalize(element));
            }
            return list;
        }
        if (value instanceof Object[] array) {
            List<Object> list = new ArrayList<>(array.length);
            for (Object element : array) {
                list.add(normalize(element));
            }
            return list;
        }
        return normalizePrimitiveArray(value);
    }

    private static Object normalizePrimitiveArray(Object value) {
        if (value instanceof long[] array) {
            List<Object> list = new ArrayList<>(array.length);
            for (long element : array) {
                list.add(element);
            }
            return list;
        }
        if (value instanceof int[] array) {
            List<Object> list = new ArrayList<>(array.length);
            for (int element : array) {
                list.add((long) element);
            }
            return list;
        }
        if (value instanceof double[] array) {
            List<Object> list = new ArrayList<>(array.length);
            for (double element : array) {
                list.add(formatDouble(element));
            }
            return list;
        }
        if (value instanceof boolean[] array) {
            List<Object> list = new ArrayList<>(array.length);
            for (boolean element : array) {
                list.add(element ? 1L : 0L);
            }
            return list;
        }
        return value;
    }

    /** Redis' spelling: shortest exact decimal, no exponent, {@code inf}/{@code -inf}/{@code nan}. */
    static String formatDouble(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return "0";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
