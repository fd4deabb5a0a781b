package io.raftboot.spring.boot.autoconfigure;

import java.security.KeyStoreException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;

import io.raftboot.api.TlsManagers;
import io.raftboot.api.TlsMaterial;

/**
 * {@code raft.tls.bundle}: the node's TLS material from a Spring Boot SSL bundle. When the bundle
 * is reloaded ({@code reload-on-update: true} and its files change), the new managers replace the
 * old ones here, and the node's next connections use them.
 */
final class SslBundleTlsMaterial implements TlsMaterial {
    private static final Logger log = LoggerFactory.getLogger(SslBundleTlsMaterial.class);

    private final String name;
    private volatile TlsManagers current;

    private SslBundleTlsMaterial(String name, TlsManagers initial) {
        this.name = name;
        this.current = initial;
    }

    /**
     * @throws InvalidRaftPropertiesException naming {@code raft.tls.bundle} when the bundle is unknown
     * @throws IllegalArgumentException       naming {@code raft.tls.bundle} when it lacks a key or trust material
     */
    static SslBundleTlsMaterial of(SslBundles bundles, String name) {
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new InvalidRaftPropertiesException("raft.tls.bundle '" + name + "' names no SSL bundle; define "
                    + "spring.ssl.bundle.pem." + name + ".* or spring.ssl.bundle.jks." + name + ".*", e);
        }
        SslBundleTlsMaterial material = new SslBundleTlsMaterial(name, managers(name, bundle));
        bundles.addBundleUpdateHandler(name, material::reloaded);
        return material;
    }

    @Override
    public TlsManagers current() {
        return current;
    }

    private void reloaded(SslBundle bundle) {
        try {
            current = managers(name, bundle);
            log.info("raft.tls.bundle '{}' reloaded: new connections use the new certificate", name);
        } catch (RuntimeException e) {
            // keep serving with the material we have rather than with none
            log.error("raft.tls.bundle '{}' reload refused, keeping the previous certificate: {}", name,
                    e.getMessage());
        }
    }

    private static TlsManagers managers(String name, SslBundle bundle) {
        if (bundle.getStores().getKeyStore() == null || isEmpty(bundle.getStores().getKeyStore())) {
            throw new IllegalArgumentException("raft.tls.bundle '" + name + "' has no key: a member needs its "
                    + "own certificate and private key (spring.ssl.bundle.*." + name + ".keystore)");
        }
        if (bundle.getStores().getTrustStore() == null || isEmpty(bundle.getStores().getTrustStore())) {
            // Without one the JDK's default trust store would apply, and any publicly signed certificate
            // could join as a peer.
            throw new IllegalArgumentException("raft.tls.bundle '" + name + "' has no trust store: peers verify "
                    + "each other against it (spring.ssl.bundle.*." + name + ".truststore)");
        }
        SslManagerBundle managers = bundle.getManagers();
        SslOptions options = bundle.getOptions();
        return new TlsManagers(managers.getKeyManagerFactory(), managers.getTrustManagerFactory(),
                listOf(options.getEnabledProtocols()), listOf(options.getCiphers()));
    }

    private static List<String> listOf(String[] names) {
        return names == null ? List.of() : List.of(names);
    }

    private static boolean isEmpty(java.security.KeyStore store) {
        try {
            return store.size() == 0;
        } catch (KeyStoreException e) {
            return true;
        }
    }
}
