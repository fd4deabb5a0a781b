package io.raftboot.faults.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeySpaceTest {

    @Test
    void hashFieldsComeTwoToAHashAndNameTheirKeyAndField() {
        KeySpace keys = new KeySpace("p-", 1, 1, 3);
        assertThat(keys.all()).containsExactly("p-reg-0", "p-ctr-0", "p-hsh-0#f0", "p-hsh-0#f1", "p-hsh-1#f0");
        assertThat(keys.all()).filteredOn(keys::isHashField).hasSize(3);
        assertThat(keys.isCounter("p-hsh-1#f0")).isFalse();
        assertThat(KeySpace.hashOf("p-hsh-1#f0")).isEqualTo("p-hsh-1");
        assertThat(KeySpace.fieldOf("p-hsh-1#f0")).isEqualTo("f0");
    }
}
