package dev.community.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressBlockTest {

    @Test
    void aBlockContainsItsAddressesOnly() throws Exception {
        AddressBlock block = AddressBlock.parse("192.168.4.0/22");
        assertThat(block.toString()).isEqualTo("192.168.4.0/22");
        assertThat(block.contains(InetAddress.getByName("192.168.7.255"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("192.168.8.0"))).isFalse();
        assertThat(block.contains(InetAddress.getByName("::1"))).isFalse();
    }

    @Test
    void oneAddressIsAFullLengthBlock() throws Exception {
        AddressBlock one = AddressBlock.parse("[::1]");
        assertThat(one.prefixLength()).isEqualTo(128);
        assertThat(one.contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(one.contains(InetAddress.getByName("::2"))).isFalse();
        assertThat(AddressBlock.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9"))).isTrue();
    }

    @Test
    void namesAndNonsenseAreRefusedWithoutALookup() {
        assertThatThrownBy(() -> AddressBlock.parse("localhost")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> AddressBlock.parse("256.1.1.1")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> AddressBlock.parse("10.0.0.0/x")).hasMessageContaining("no valid prefix length");
        assertThat(AddressBlock.literal("example.com")).isEmpty();
        assertThat(AddressBlock.literal("2001:db8::1")).isPresent();
    }
}
