package io.raftboot.transport;

/** A peer's {@code host:port} (IPv6 hosts in brackets), parsed with a clear error. */
record PeerAddress(String host, int port) {

    static PeerAddress parse(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("peer address must be host:port, got '" + address + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peer address has an invalid port: '" + address + "'");
        }
        if (port < 1 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException("peer address out of range: '" + address + "'");
        }
        return new PeerAddress(host, port);
    }
}
